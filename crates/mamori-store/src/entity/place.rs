use sea_orm::entity::prelude::*;

/// A building, floor or secure area (管理区域).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "places")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub parent_id: Option<Uuid>,
    pub kind: String,
    pub code: String,
    pub name: String,
    pub level: String,
    pub department_id: Option<Uuid>,
    pub manager_staff_id: Option<Uuid>,
    pub controls: String,
    pub hours: String,
    pub weekends: bool,
    pub review_months: i32,
    /// The door log's column names for this area, as JSON (field → header).
    pub log_columns: String,
    pub notes: String,
    pub retired: bool,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

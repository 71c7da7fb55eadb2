use sea_orm::entity::prelude::*;

/// A control the organization applies (実施している管理策).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "applied_controls")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: String,
    pub number_seq: Option<i64>,
    pub name: String,
    pub description: String,
    pub category: String,
    pub status: String,
    pub department_id: Option<Uuid>,
    pub owner_staff_id: Option<Uuid>,
    pub due_on: Option<Date>,
    pub review_on: Option<Date>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

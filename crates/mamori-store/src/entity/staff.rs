use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "staff")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub email: Option<String>,
    pub department_id: Option<Uuid>,
    pub category: String,
    pub part_time: bool,
    pub start_date: Option<Date>,
    pub end_date: Option<Date>,
    pub retired: bool,
    /// Normalized name, kana and number, for loose search (see `mamori_domain::text`).
    pub search_key: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

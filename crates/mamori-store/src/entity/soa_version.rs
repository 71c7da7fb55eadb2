use sea_orm::entity::prelude::*;

/// A version of a Statement of Applicability approved by the committee.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "soa_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub catalog: String,
    pub version: i32,
    pub approved_on: Option<Date>,
    pub approved_by: String,
    pub note: String,
    /// JSON of every row as approved.
    pub body: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

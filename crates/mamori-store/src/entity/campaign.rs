use sea_orm::entity::prelude::*;

/// An assessment campaign (リスクアセスメント).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "campaigns")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    pub kind: String,
    pub fiscal_year: i32,
    pub status: String,
    pub started_on: Option<Date>,
    pub closed_on: Option<Date>,
    /// JSON of the figures frozen when the campaign closed.
    pub snapshot: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

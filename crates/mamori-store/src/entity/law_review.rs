use sea_orm::entity::prelude::*;

/// A review of a law: when, by whom, what it found, and the next one it set.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "law_reviews")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub law_id: Uuid,
    pub reviewed_on: Date,
    pub reviewed_by: String,
    pub finding: String,
    pub next_review: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

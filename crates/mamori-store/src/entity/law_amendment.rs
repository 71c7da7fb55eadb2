use sea_orm::entity::prelude::*;

/// An amendment of a law; until a review closes it, the law owes a review.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "law_amendments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub law_id: Uuid,
    pub promulgated_on: Date,
    pub effective_on: Option<Date>,
    /// The amending law's number.
    pub reference: String,
    pub summary: String,
    /// The review that took it in; `None` while it is open.
    pub review_id: Option<Uuid>,
    pub recorded_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

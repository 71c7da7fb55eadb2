use sea_orm::entity::prelude::*;

/// A department's answer to one item (empty `answer`: not yet answered).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_answers")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub sheet_id: Uuid,
    pub item_id: Uuid,
    pub answer: String,
    pub comment: String,
    /// The evidence records linked, as a JSON array of ids.
    pub evidence: String,
    pub answered_by: String,
    pub answered_at: Option<DateTimeUtc>,
    pub returned: bool,
    pub return_note: String,
    pub risk_id: Option<Uuid>,
    pub finding_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A department's answers to a campaign, as a whole: about itself, or about one
/// information system it runs.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "inspection_sheets")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub inspection_id: Uuid,
    /// The department that answers.
    pub department_id: Uuid,
    /// The information system the sheet is about (empty: the department itself).
    pub asset_id: Option<Uuid>,
    pub state: String,
    pub submitted_by: String,
    pub submitted_at: Option<DateTimeUtc>,
    pub reviewed_by: String,
    pub reviewed_at: Option<DateTimeUtc>,
    pub review_note: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

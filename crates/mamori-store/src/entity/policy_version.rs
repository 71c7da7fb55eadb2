use sea_orm::entity::prelude::*;

/// A version of a policy document.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_versions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub document_id: Uuid,
    pub version: i32,
    /// `draft`, `review` or `approved`.
    pub state: String,
    pub title: String,
    /// Markdown with every heading numbered.
    pub body: String,
    /// SHA-256 of title and body, recorded with acknowledgements.
    pub text_hash: String,
    /// What changed, in the author's words.
    pub note: String,
    pub meeting: String,
    pub decided_on: Option<Date>,
    pub decision_no: String,
    pub effective_on: Option<Date>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

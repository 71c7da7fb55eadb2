use sea_orm::entity::prelude::*;

/// A revision (見直し) of a policy document's next version and what led to it.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_revisions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub document_id: Uuid,
    pub version: i32,
    pub section: String,
    pub trigger: String,
    pub source_id: Uuid,
    /// Where the record is shown: a finding's audit, an amendment's law.
    pub source_parent: Option<Uuid>,
    /// The record's number and name as they stood when the revision was opened.
    pub source_label: String,
    pub reason: String,
    pub opened_by: String,
    pub opened_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

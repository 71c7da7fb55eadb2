use sea_orm::entity::prelude::*;

/// An organization's rules: who approves take-outs per confidentiality level (JSON of
/// `media::takeout::ApproverRules`) and how each level is disposed of (JSON of
/// `media::disposal::DisposalRules`).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "media_settings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub approvers: String,
    pub disposal_rules: String,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

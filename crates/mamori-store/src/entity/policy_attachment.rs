use sea_orm::entity::prelude::*;

/// An original file of a policy version (the signed PDF, the Word file).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "policy_attachments")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub version_id: Uuid,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub body: Vec<u8>,
    pub uploaded_by: String,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

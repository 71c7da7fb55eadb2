use sea_orm::entity::prelude::*;

/// A disposal's erasure certificate or photo. The body is served only as a download.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disposal_files")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub disposal_id: Uuid,
    /// `certificate` or `photo`.
    pub kind: String,
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

use sea_orm::entity::prelude::*;

/// An evidence file of an applied control. The body is served only as a download.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "evidence")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub applied_control_id: Uuid,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub body: Vec<u8>,
    pub description: String,
    pub expires_on: Option<Date>,
    pub uploaded_by: String,
    pub uploaded_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

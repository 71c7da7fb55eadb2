use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "invitations")]
pub struct Model {
    /// SHA-256 of the link's token.
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub org_id: Uuid,
    pub staff_id: Uuid,
    /// Audit label of who issued it.
    pub issued_by: String,
    /// `paper` or `mail`.
    pub channel: String,
    pub created_at: DateTimeUtc,
    pub expires_at: DateTimeUtc,
    pub used_at: Option<DateTimeUtc>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

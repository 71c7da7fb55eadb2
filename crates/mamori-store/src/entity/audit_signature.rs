use sea_orm::entity::prelude::*;

/// A signed chain head: `signature` is Ed25519 over
/// `mamori_domain::audit::head_message(org_id, seq, hash, signed_at)`.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_signatures")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub org_id: Uuid,
    #[sea_orm(primary_key, auto_increment = false)]
    pub seq: i64,
    pub hash: String,
    pub signed_at: String,
    /// Hex of the first 8 bytes of the public key, so rotated keys can be told apart.
    #[sea_orm(primary_key, auto_increment = false)]
    pub key_id: String,
    /// Hex of the 64-byte signature.
    pub signature: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

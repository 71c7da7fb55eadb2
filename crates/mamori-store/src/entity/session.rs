use sea_orm::entity::prelude::*;

/// A signed-in browser. Only the SHA-256 of the cookie value is stored, so a copy of
/// the database does not hand out live sessions.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "sessions")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id_hash: String,
    pub org_id: Uuid,
    pub user_id: Uuid,
    pub csrf_token: String,
    /// Password checked, second factor still due: such a session opens nothing else.
    pub mfa_pending: bool,
    pub created_at: DateTimeUtc,
    pub last_seen_at: DateTimeUtc,
    pub source: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "connection_settings")]
pub struct Model {
    /// `directory`, `oidc` or `mail`.
    #[sea_orm(primary_key, auto_increment = false)]
    pub kind: String,
    /// The organization people sign into (directory, provider) or that saved it (mail).
    pub org_id: Uuid,
    /// JSON of the plain settings.
    pub fields: String,
    /// The secret, sealed with the settings key (hex of nonce and ciphertext).
    pub secret: Option<String>,
    /// Rises with every save of any kind.
    pub revision: i64,
    pub updated_at: DateTimeUtc,
    /// Audit label of who saved it.
    pub updated_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "users")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub staff_id: Uuid,
    pub login: String,
    pub password_hash: String,
    pub locale: String,
    pub date_style: String,
    pub totp_secret: Option<String>,
    /// JSON array of SHA-256 hex of the unused recovery codes.
    pub recovery_codes: Option<String>,
    /// The last TOTP time step accepted, so a code cannot be replayed.
    pub totp_last_step: Option<i64>,
    pub must_change_password: bool,
    pub disabled_at: Option<DateTimeUtc>,
    pub last_login_at: Option<DateTimeUtc>,
    pub password_changed_at: DateTimeUtc,
    /// The person's choices about mail (`NoticePrefs` as JSON).
    pub notify_prefs: String,
    /// `local` or `directory` (see migration 10).
    pub auth_source: String,
    /// `{issuer}#{sub}` of the OpenID provider's person (see migration 11).
    pub external_subject: Option<String>,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "security_events")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub source_id: Uuid,
    /// What identical repeats share (`mamori_domain::event::EventIn::fingerprint`).
    pub fingerprint: String,
    /// When the first of its repeats arrived.
    pub received_at: DateTimeUtc,
    /// When the latest arrived.
    pub last_at: DateTimeUtc,
    /// When the device says it happened.
    pub occurred_at: Option<DateTimeUtc>,
    pub host: String,
    pub app: String,
    /// Syslog number, 0 (emergency) … 7 (debug).
    pub severity: i32,
    pub message: String,
    pub raw: String,
    /// How many times it arrived (1 for a single event).
    pub repeats: i64,
    pub rule_id: Option<Uuid>,
    pub incident_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

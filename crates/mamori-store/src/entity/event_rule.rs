use sea_orm::entity::prelude::*;

#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "event_rules")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub name: String,
    /// Rules are tried in this order; the first that matches takes the event.
    pub position: i32,
    pub enabled: bool,
    pub source_id: Option<Uuid>,
    /// The least severe syslog number taken (0 emergency … 7 debug).
    pub min_severity: i32,
    pub host: String,
    pub pattern: String,
    /// `draft` or `attach`.
    pub action: String,
    /// The drafted incident's category code.
    pub category: String,
    /// The drafted incident's severity code, if the rule sets one.
    pub severity: Option<String>,
    /// The incident `attach` adds events to.
    pub incident_id: Option<Uuid>,
    pub window_minutes: i32,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

//! What pages and the API show of sources, rules and events.

use chrono::{DateTime, Utc};
use mamori_domain::event::EventSeverity;
use serde::Serialize;
use uuid::Uuid;

use super::runtime::SourceCounters;

/// A source of events.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SourceView {
    pub id: Uuid,
    pub name: String,
    /// `webhook` or `syslog`.
    pub kind: String,
    /// Syslog: the sender addresses.
    pub senders: String,
    pub enabled: bool,
    pub last_event_at: Option<DateTime<Utc>>,
    /// Webhook: where it posts (under the server's address).
    pub webhook_path: Option<String>,
    /// What this server received from it since it started.
    pub counters: SourceCounters,
}

/// A new source, or a new secret: the secret is shown this once and never again.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SourceCreated {
    pub source: SourceView,
    /// The webhook's secret (bearer token and HMAC key); none for syslog.
    pub secret: Option<String>,
}

/// A rule.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RuleView {
    pub id: Uuid,
    pub name: String,
    pub position: i32,
    pub enabled: bool,
    pub source_id: Option<Uuid>,
    pub source_name: Option<String>,
    /// Syslog severity code (`err` …): this or more severe.
    pub min_severity: String,
    #[serde(skip)]
    pub min_severity_level: EventSeverity,
    pub host: String,
    pub pattern: String,
    /// `draft` or `attach`.
    pub action: String,
    pub category: String,
    pub severity: Option<String>,
    /// For `attach`: the incident's number.
    pub incident: Option<String>,
    pub window_minutes: i32,
}

/// One event (its repeats folded in).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventView {
    pub id: Uuid,
    pub source_id: Uuid,
    pub source_name: String,
    pub received_at: DateTime<Utc>,
    pub last_at: DateTime<Utc>,
    pub occurred_at: Option<DateTime<Utc>>,
    pub host: String,
    pub app: String,
    /// Syslog severity code (`emerg` … `debug`).
    pub severity: String,
    #[serde(skip)]
    pub severity_level: EventSeverity,
    pub message: String,
    /// What arrived, as it arrived.
    pub raw: String,
    pub repeats: i64,
    pub rule: Option<String>,
    /// The incident a rule took it to, when the reader may see that incident.
    pub incident_id: Option<Uuid>,
    pub incident_number: Option<String>,
}

/// What a batch of events did.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct IngestReceipt {
    /// Events in the batch.
    pub accepted: u64,
    /// Stored as new events.
    pub stored: u64,
    /// Counted as repeats of an event already stored.
    pub folded: u64,
    /// Numbers of incidents drafted.
    pub drafted: Vec<String>,
    /// Events added to incidents already open.
    pub attached: u64,
}

/// How long events are kept.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct EventSettingsView {
    pub retention_days: i32,
    /// Syslog datagrams and connections from addresses no source names, since start.
    pub unknown_senders: u64,
    /// Syslog lines this server dropped because its queue was full, since start.
    pub dropped: u64,
}

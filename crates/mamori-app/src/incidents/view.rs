//! What pages, the API and the audit log show of an incident.

use chrono::{DateTime, Utc};
use mamori_domain::incident::{Category, Severity, State};
use serde::Serialize;
use uuid::Uuid;

/// A new incident's id and number.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentRef {
    pub id: Uuid,
    /// `INC-2026-0007`.
    pub number: String,
}

/// A line of the register.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentRow {
    pub id: Uuid,
    pub number: String,
    pub title: String,
    #[schema(value_type = String)]
    pub category: Category,
    #[schema(value_type = String)]
    pub state: State,
    #[schema(value_type = Option<String>)]
    pub severity: Option<Severity>,
    pub known_at: DateTime<Utc>,
    pub department: Option<String>,
    pub personal_data: bool,
    pub restricted: bool,
    /// Untouched past its first-response target.
    pub overdue: bool,
    pub assignee: Option<String>,
}

/// An asset involved, with the marks that matter to the response.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct AssetMark {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    /// The required C/I/A levels as the organization writes them (`C3 I2 A2`).
    pub classification: String,
    /// The personal-data kind code (`none`, `personal`, `sensitive`, `my_number`).
    pub personal_data: String,
}

/// One entry of the timeline.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct TimelineEntry {
    pub seq: i64,
    pub happened_at: DateTime<Utc>,
    pub recorded_at: DateTime<Utc>,
    pub actor: String,
    /// `report`, `state`, `triage`, `note`, `action`, `correction`.
    pub kind: String,
    pub body: String,
    /// The entry this one corrects.
    pub corrects: Option<i64>,
    /// A later entry corrects this one.
    pub corrected: bool,
}

/// An incident with everything its page shows, and what the reader may do.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct IncidentDetail {
    pub id: Uuid,
    pub number: String,
    pub title: String,
    #[schema(value_type = String)]
    pub category: Category,
    pub description: String,
    pub location: String,
    pub occurred_at: Option<DateTime<Utc>>,
    pub known_at: DateTime<Utc>,
    pub reported_at: DateTime<Utc>,
    pub reporter: Option<String>,
    pub department: Option<String>,
    pub personal_data: bool,
    pub persons: Option<i64>,
    pub restricted: bool,
    #[schema(value_type = String)]
    pub state: State,
    #[schema(value_type = Option<String>)]
    pub severity: Option<Severity>,
    pub assignee: Option<String>,
    pub members: Vec<String>,
    pub first_response_due: DateTime<Utc>,
    pub first_response_at: Option<DateTime<Utc>>,
    pub overdue: bool,
    pub end_reason: String,
    #[schema(value_type = Option<String>)]
    pub cause_category: Option<mamori_domain::incident::CauseCategory>,
    pub root_cause: String,
    pub contributing: String,
    pub lessons: String,
    pub closed_at: Option<DateTime<Utc>>,
    pub closed_by: Option<String>,
    /// When it left containment and recovery.
    pub contained_at: Option<DateTime<Utc>>,
    pub assets: Vec<AssetMark>,
    pub timeline: Vec<TimelineEntry>,
    /// The states the reader may move it to now.
    #[schema(value_type = Vec<String>)]
    pub moves: Vec<State>,
    pub can_handle: bool,
    /// Who does what by when.
    pub tasks: Vec<super::TaskView>,
    /// Security events monitoring rules took to it, latest first (at most 20).
    pub events: Vec<crate::events::EventView>,
    /// How many events it has in all.
    pub events_total: u64,
    /// Recurrence prevention: the risks and applied controls it changed.
    pub prevention: Vec<super::PreventionLink>,
    /// The contractors and external services it happened at.
    pub parties: Vec<super::PartyLink>,
    /// The personal-data breach assessment, once recorded.
    pub breach: Option<super::BreachView>,
    /// The role that signs off a closure.
    pub closer: String,
}

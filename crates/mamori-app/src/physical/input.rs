//! What a form, the API or a door system sends to keep places, their lists and their
//! logs, and the log's filters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// The column names an area's door system writes in its log, one per field; a blank
/// one falls back to the usual names (日時, カード番号, 入退 …).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
#[serde(default)]
pub struct LogColumns {
    /// The time of a swipe (logs with one row per swipe).
    pub time: String,
    /// In or out (logs with one row per swipe).
    pub direction: String,
    /// The time of entry (logs with one row per stay).
    pub entered_at: String,
    /// The time of exit (logs with one row per stay).
    pub exited_at: String,
    pub badge: String,
    pub employee_number: String,
    /// The area's code, for a log of several doors.
    pub area: String,
}

impl LogColumns {
    /// Each field with the header written for it.
    pub fn named(&self) -> [(&'static str, &str); 7] {
        [
            ("time", &self.time),
            ("direction", &self.direction),
            ("entered_at", &self.entered_at),
            ("exited_at", &self.exited_at),
            ("badge", &self.badge),
            ("employee_number", &self.employee_number),
            ("area", &self.area),
        ]
    }
}

/// A building, floor or area added or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct PlaceInput {
    /// `building`, `floor` or `area` (or the label).
    pub kind: String,
    /// Letters, digits and hyphens (`HQ-3F-SR`), unique in the organization.
    pub code: String,
    pub name: String,
    /// The building or floor it is in.
    #[serde(default)]
    pub parent: Option<Uuid>,
    /// An area's level: `system_room`, `archive`, `office`, `storage` or `other`.
    #[serde(default)]
    pub level: String,
    /// The department responsible for it.
    #[serde(default)]
    pub department: Option<Uuid>,
    /// The area manager's employee number.
    #[serde(default)]
    pub manager: String,
    /// Entry controls: `card`, `key`, `biometric`, `escort`, separated by commas.
    #[serde(default)]
    pub controls: String,
    /// Hours it may be entered without a flag (`08:30-18:00`; empty: any hour).
    #[serde(default)]
    pub hours: String,
    /// Whether Saturdays and Sundays are ordinary days for it.
    #[serde(default)]
    pub weekends: bool,
    /// Months between reviews of its authorized list (1 to 24; default 6).
    #[serde(default)]
    pub review_months: Option<i32>,
    #[serde(default)]
    pub log_columns: LogColumns,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub retired: bool,
}

/// Leave to enter an area unescorted, for a person or a role.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct GrantInput {
    /// The person's employee number (staff or contractor staff); or give `role`.
    #[serde(default)]
    pub employee_number: String,
    /// A role whose holders may enter (`system-admin` …); or give `employee_number`.
    #[serde(default)]
    pub role: String,
    pub reason: String,
    /// From (`2026-04-01` or 和暦; default today).
    #[serde(default)]
    pub valid_from: String,
    /// Until; required.
    pub valid_to: String,
}

/// Why a grant is taken away.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct RemoveGrantInput {
    #[serde(default)]
    pub reason: String,
}

/// A review of an area's list opened, with the day it is due.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ReviewInput {
    /// The day by which the manager confirms each name (default: in 14 days).
    #[serde(default)]
    pub due_on: String,
}

/// The grants a manager confirms in the review under way.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ConfirmInput {
    pub grants: Vec<Uuid>,
}

/// An entry badge issued.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct BadgeInput {
    pub number: String,
    /// The holder's employee number; empty for a visitor card.
    #[serde(default)]
    pub employee_number: String,
    /// What the card is ("来訪者カード 3").
    #[serde(default)]
    pub label: String,
}

/// An entry written at the door, or sent by a door system.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct AreaEntryInput {
    /// The area's code (the API's bulk ingest; a form knows its area).
    #[serde(default)]
    pub area: String,
    /// The staff member's employee number; or a badge; or a visitor's name.
    #[serde(default)]
    pub employee_number: String,
    #[serde(default)]
    pub badge: String,
    #[serde(default)]
    pub visitor_name: String,
    #[serde(default)]
    pub company: String,
    #[serde(default)]
    pub purpose: String,
    /// The escort's employee number, or their name as written.
    #[serde(default)]
    pub escort: String,
    /// `2026-11-02 09:30` (Japan time) or RFC 3339.
    pub entered_at: String,
    #[serde(default)]
    pub exited_at: String,
}

/// How a flagged entry was settled: an explanation.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct SettleInput {
    pub explanation: String,
}

/// A month of an area's log signed off.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct SignoffInput {
    /// `2026-11`
    pub month: String,
    #[serde(default)]
    pub note: String,
}

/// Which entries a log shows.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct EntryQuery {
    /// An area's code; empty for every area the reader may see.
    #[serde(default)]
    pub area: Option<String>,
    /// A staff member's employee number.
    #[serde(default)]
    pub person: Option<String>,
    /// A visitor's name or company, or a badge number (part of it).
    #[serde(default)]
    pub visitor: Option<String>,
    /// From this day (inclusive, Japan).
    #[serde(default)]
    pub from: Option<String>,
    /// Until this day (inclusive, Japan).
    #[serde(default)]
    pub until: Option<String>,
    /// `flagged` (all flagged) or `pending` (flagged, not yet settled).
    #[serde(default)]
    pub flags: Option<String>,
}

/// A door system's batch of entries.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct EntryBatch {
    /// Each names its area by code; all are written or none.
    pub entries: Vec<AreaEntryInput>,
}

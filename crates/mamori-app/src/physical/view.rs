//! Places, their authorized lists and their entry logs as they are shown: the views
//! the pages, the dashboard and the API serve.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::physical::grant::Standing;
use mamori_domain::physical::{EntryControl, Level, PlaceKind};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::input::LogColumns;

/// A staff member as a physical-security record names them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Person {
    pub staff_id: Uuid,
    pub employee_number: String,
    pub name: String,
}

/// A building, floor or area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlaceView {
    pub id: Uuid,
    /// `building`, `floor` or `area`.
    #[schema(value_type = String)]
    pub kind: PlaceKind,
    /// The code door systems and the command line use (`HQ-3F-SR`).
    pub code: String,
    pub name: String,
    pub parent_id: Option<Uuid>,
    /// The names from the building down ("本庁舎 / 3階 / サーバ室").
    pub path: String,
    /// How deep in the tree (a building is 0).
    pub depth: usize,
    /// `system_room`, `archive`, `office`, `storage` or `other` (areas only).
    #[schema(value_type = Option<String>)]
    pub level: Option<Level>,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub manager: Option<Person>,
    #[schema(value_type = Vec<String>)]
    pub controls: Vec<EntryControl>,
    /// The hours it may be entered without a flag ("08:30-18:00"; empty: any hour).
    pub hours: String,
    /// Whether Saturdays and Sundays are ordinary days for it.
    pub weekends: bool,
    /// Months between reviews of its authorized list.
    pub review_months: i32,
    pub log_columns: LogColumns,
    pub notes: String,
    pub retired: bool,
    /// Entries flagged and not yet settled.
    pub pending: u64,
    /// Whether its authorized list is due for a review and none is under way.
    pub review_due: bool,
}

/// Leave to enter an area unescorted.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct GrantView {
    pub id: Uuid,
    pub area_id: Uuid,
    /// The person granted, or none for a role.
    pub person: Option<Person>,
    /// The role granted (code), for a grant to a role.
    pub role: Option<String>,
    pub reason: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub granted_on: NaiveDate,
    pub granted_by: String,
    pub confirmed_on: Option<NaiveDate>,
    pub removed_on: Option<NaiveDate>,
    pub removed_reason: String,
    /// `active`, `unconfirmed`, `not_yet`, `expired`, `lapsed` or `removed`.
    #[schema(value_type = String)]
    pub standing: Standing,
}

/// A review of an area's list.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReviewView {
    pub id: Uuid,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub opened_by: String,
    pub closed_by: String,
    /// Closed, or past its due day (what it did not confirm has lapsed).
    pub over: bool,
    /// Grants it still asks about.
    pub unconfirmed: usize,
}

/// One stay in an area.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct EntryView {
    pub id: Uuid,
    pub area_id: Uuid,
    pub area_code: String,
    pub area_name: String,
    /// The staff member who entered, when known.
    pub person: Option<Person>,
    pub badge: String,
    pub visitor_name: String,
    pub company: String,
    pub purpose: String,
    /// Who escorted them (a staff member's name or as written).
    pub escort: String,
    pub entered_at: DateTime<Utc>,
    pub exited_at: Option<DateTime<Utc>>,
    /// `manual`, `import` or `api`.
    pub source: String,
    /// `unauthorized`, `no_exit`, `outside_hours`.
    pub flags: Vec<String>,
    /// Flagged and not yet settled.
    pub pending: bool,
    pub explanation: String,
    pub settled_by: String,
    pub settled_at: Option<DateTime<Utc>>,
    /// The incident opened from it.
    pub incident_id: Option<Uuid>,
}

/// A month of an area's log signed off.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SignoffView {
    /// `2026-11`
    pub month: String,
    pub entries: i32,
    pub flagged: i32,
    pub note: String,
    pub signed_by: String,
    pub signed_at: DateTime<Utc>,
}

/// An entry badge and who holds it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct BadgeView {
    pub id: Uuid,
    pub number: String,
    /// The holder; none for a visitor card.
    pub holder: Option<Person>,
    pub label: String,
}

/// An area's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaDetail {
    pub place: PlaceView,
    /// The places directly under it.
    pub children: Vec<PlaceView>,
    pub grants: Vec<GrantView>,
    /// The latest review of its list.
    pub review: Option<ReviewView>,
    /// Today's entries (for those who may read the log).
    pub today: Vec<EntryView>,
    /// Entries flagged and not yet settled (for those who may read the log).
    pub open_flags: Vec<EntryView>,
    pub signoffs: Vec<SignoffView>,
    /// Whether the reader keeps its list and log.
    pub can_manage: bool,
    /// Whether the reader may read its log.
    pub can_read_log: bool,
}

/// Physical security's figures for the dashboard.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct PhysicalCounts {
    /// Secure areas in use.
    pub areas: usize,
    /// Entries flagged and not yet settled.
    pub pending: u64,
    /// Areas whose authorized list is due for review.
    pub reviews_due: usize,
}

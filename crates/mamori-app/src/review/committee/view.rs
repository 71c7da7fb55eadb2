//! The committee as pages and the API show it.

use chrono::NaiveDate;
use mamori_domain::review::committee::{AgendaKind, MeetingState, Outcome};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::media::Named;

/// A member of the committee: the CISO, the deputy, and those appointed to it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MemberView {
    pub staff_id: Uuid,
    pub name: String,
    pub employee_number: String,
    /// The role's code: `ciso`, `deputy-ciso` or `committee`.
    pub role: String,
    pub term_to: Option<NaiveDate>,
}

/// The record an agenda item brings, as the reader may see it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RecordLink {
    pub id: Uuid,
    /// Its number and name; for a restricted record the reader may not read, empty.
    pub label: String,
    /// Where it is shown (`/policies/{id}`, `/risks/{id}` …).
    pub href: String,
}

/// A numbered decision.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DecisionView {
    pub id: Uuid,
    /// `2026-03`: the fiscal year and its order in the year.
    pub number: String,
    #[schema(value_type = String)]
    pub outcome: Outcome,
    pub text: String,
    pub decided_on: NaiveDate,
    pub effective_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    pub meeting: Named,
    /// The agenda item's title.
    pub subject: String,
    #[schema(value_type = String)]
    pub kind: AgendaKind,
    pub recorded_by: String,
}

/// An item of a meeting's agenda, with its decision once taken.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgendaView {
    pub id: Uuid,
    pub seq: i32,
    #[schema(value_type = String)]
    pub kind: AgendaKind,
    pub title: String,
    pub note: String,
    pub record: Option<RecordLink>,
    pub version: Option<i32>,
    pub decision: Option<DecisionView>,
    /// The outcomes a decision on it may have (codes).
    pub outcomes: Vec<String>,
}

/// A meeting named for links: its year and order as the code, its title as the name.
pub(super) fn meeting_named(id: Uuid, fiscal_year: i32, seq: i32, title: &str) -> Named {
    Named {
        id,
        code: format!("{fiscal_year}-{seq}"),
        name: title.to_owned(),
    }
}

/// A meeting as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingView {
    pub id: Uuid,
    pub fiscal_year: i32,
    /// Its order in the fiscal year.
    pub seq: i32,
    pub title: String,
    pub held_on: NaiveDate,
    pub place: String,
    #[schema(value_type = String)]
    pub state: MeetingState,
    pub attendees: Vec<Named>,
    pub guests: String,
    pub agenda_items: usize,
    pub decisions: usize,
    pub minutes_written: bool,
    /// The later meeting that approved the minutes.
    pub minutes_approved_in: Option<Named>,
    pub minutes_approved_on: Option<NaiveDate>,
}

/// A meeting's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct MeetingDetail {
    pub meeting: MeetingView,
    pub agenda: Vec<AgendaView>,
    /// The minutes as written (Markdown) and rendered safely.
    pub minutes: String,
    pub minutes_html: String,
    /// Earlier meetings held whose minutes wait for approval, which this one (once
    /// held) may approve.
    pub minutes_to_approve: Vec<Named>,
    /// The reader keeps the committee's records (the secretariat).
    pub may_run: bool,
}

/// A record that may be brought before the committee, for the agenda form.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AgendaCandidate {
    #[schema(value_type = String)]
    pub kind: AgendaKind,
    pub record: Uuid,
    pub version: Option<i32>,
    pub label: String,
}

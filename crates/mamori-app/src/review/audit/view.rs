//! Audits as pages, the API and audit entries show them.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::review::audit::{ActionState, AuditKind, AuditState, Grade};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::media::Named;

/// An audit programme with how many audits it holds.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ProgrammeView {
    pub id: Uuid,
    pub name: String,
    pub from_year: i32,
    pub until_year: i32,
    pub aims: String,
    pub audits: usize,
}

/// An auditor of an audit.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditorView {
    pub staff_id: Uuid,
    pub name: String,
    pub employee_number: String,
    pub department: String,
    pub lead: bool,
    /// Recorded when the auditor audits their own department.
    pub own_department_reason: String,
}

/// How an audit's findings stand.
#[derive(Debug, Clone, Copy, Default, Serialize, ToSchema)]
pub struct FindingCounts {
    pub total: usize,
    pub major: usize,
    pub minor: usize,
    pub improvement: usize,
    pub good: usize,
    /// Findings not closed.
    pub open: usize,
    /// Corrective actions not verified, and those of them past their day.
    pub actions_open: usize,
    pub actions_overdue: usize,
}

/// An audit as listed and shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditView {
    pub id: Uuid,
    /// `AUD-2026-01`.
    pub number: String,
    pub programme: Option<Named>,
    pub fiscal_year: i32,
    #[schema(value_type = String)]
    pub kind: AuditKind,
    pub title: String,
    /// The departments named in scope.
    pub departments: Vec<Named>,
    /// The information systems named in scope (code: the asset number). An empty
    /// name: a restricted system the reader may not read.
    pub systems: Vec<Named>,
    pub chapters: Vec<String>,
    pub criteria: String,
    pub planned_from: NaiveDate,
    pub planned_until: NaiveDate,
    #[schema(value_type = String)]
    pub state: AuditState,
    pub external_body: String,
    pub summary: String,
    pub auditors: Vec<AuditorView>,
    pub findings: FindingCounts,
}

/// A corrective action.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ActionView {
    pub id: Uuid,
    pub cause: String,
    pub action: String,
    pub owner: Option<Named>,
    pub due_on: NaiveDate,
    #[schema(value_type = String)]
    pub state: ActionState,
    /// Planned and past its day.
    pub overdue: bool,
    pub done_note: String,
    pub done_on: Option<NaiveDate>,
    pub reported_by: String,
    pub verify_note: String,
    pub verified_on: Option<NaiveDate>,
    pub verified_by: String,
}

/// A finding with the department's answer and its corrective actions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FindingView {
    pub id: Uuid,
    pub audit_id: Uuid,
    /// `AUD-2026-01-03`.
    pub number: String,
    #[schema(value_type = String)]
    pub grade: Grade,
    pub department: Named,
    pub criterion: String,
    pub description: String,
    pub found_on: NaiveDate,
    pub recorded_by: String,
    pub response: String,
    pub responded_by: String,
    pub responded_at: Option<DateTime<Utc>>,
    pub closed_on: Option<NaiveDate>,
    pub closed_by: String,
    pub actions: Vec<ActionView>,
    /// The reader answers it and plans its actions (the department).
    pub may_respond: bool,
}

/// An audit's page: its plan, findings and what the reader may do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AuditDetail {
    pub audit: AuditView,
    pub findings: Vec<FindingView>,
    /// The reader records findings, verifies actions, closes findings.
    pub may_conduct: bool,
    /// The reader changes the plan.
    pub may_plan: bool,
}

//! What planning an audit, recording a finding and following it up take, from a form
//! or the API alike.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An audit programme of several fiscal years (中長期計画).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ProgrammeInput {
    pub name: String,
    /// First and last fiscal year (by the year each starts).
    pub from_year: String,
    pub until_year: String,
    /// What the programme means to cover over its years.
    pub aims: String,
}

/// An auditor of an audit.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AuditorInput {
    /// Employee number (or staff id).
    pub staff: String,
    pub lead: bool,
    /// Why this auditor may audit their own department; empty refuses it.
    pub own_department_reason: String,
}

/// An audit's plan (個別の実施計画), or an outside auditor's audit to record.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AuditInput {
    pub programme: Option<Uuid>,
    /// The fiscal year; empty: the year the audit starts in.
    pub fiscal_year: String,
    /// `internal` or `external`.
    pub kind: String,
    pub title: String,
    /// Department codes (or ids) in scope.
    pub departments: Vec<String>,
    /// Information systems in scope, by asset number; the departments keeping them
    /// are audited with them (an audit names departments, systems or both).
    pub systems: Vec<String>,
    /// Catalog chapters in scope (`MIC-3` …), as the criteria's headings.
    pub chapters: Vec<String>,
    /// What the audit judges against (the standards, a law, a procedure).
    pub criteria: String,
    pub planned_from: String,
    pub planned_until: String,
    /// An external audit: the auditing body.
    pub external_body: String,
    pub auditors: Vec<AuditorInput>,
    /// The report's summary (required to close the audit).
    pub summary: String,
}

/// A finding recorded by the audit's auditors.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct NewFinding {
    /// `major`, `minor`, `improvement`, `good` (or 重大な不備 / 軽微な不備 / 改善提案 /
    /// 良好事例).
    pub grade: String,
    /// The department it is about (code or id), one of the audit's scope.
    pub department: String,
    /// The criterion it is judged against (a control, a policy section).
    pub criterion: String,
    pub description: String,
    /// The day it was found; empty: today.
    pub found_on: String,
}

/// The audited department's answer to a finding.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct FindingResponse {
    pub response: String,
}

/// A corrective action planned by the audited department.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CorrectiveActionInput {
    /// Why it happened.
    pub cause: String,
    /// What will be done.
    pub action: String,
    /// Employee number of who does it; empty for the department as a whole.
    pub owner: String,
    /// Due day (on or after the finding's day).
    pub due_on: String,
}

/// The department's report that an action is done.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ActionReport {
    pub note: String,
}

/// The auditor's follow-up of an action reported done.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ActionVerification {
    /// Verified; otherwise it goes back to the department with the note.
    pub accept: bool,
    pub note: String,
}

//! A violation as its readers see it, and the counts everyone else may see.

use chrono::NaiveDate;
use mamori_domain::violation::{Culpability, Impact, Measure, State};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A measure done, with its day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ToSchema)]
pub struct DoneMeasure {
    #[schema(value_type = String)]
    pub measure: Measure,
    pub done_on: NaiveDate,
    pub note: String,
}

/// One violation record (for its designated readers only).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ViolationView {
    pub id: Uuid,
    /// `VIO-0001`
    pub number: String,
    #[schema(value_type = String)]
    pub state: State,
    pub title: String,
    /// The person as recorded: name (and employee number), or name and company.
    pub person: String,
    pub person_staff_id: Option<Uuid>,
    pub department: String,
    pub rule: String,
    pub what: String,
    pub occurred_on: Option<NaiveDate>,
    pub found_on: NaiveDate,
    pub found_by: String,
    pub evidence: String,
    pub incident_id: Option<Uuid>,
    /// The asset numbers involved.
    pub assets: Vec<String>,
    /// The least impact the assets involved suggest.
    #[schema(value_type = String)]
    pub impact_floor: Impact,
    #[schema(value_type = Option<String>)]
    pub culpability: Option<Culpability>,
    #[schema(value_type = Option<String>)]
    pub impact: Option<Impact>,
    pub assessment: String,
    /// What the guidance recommends for the assessment.
    #[schema(value_type = Vec<String>)]
    pub recommended: Vec<Measure>,
    pub decided_by: String,
    pub meeting: String,
    pub decision_ref: String,
    pub decided_on: Option<NaiveDate>,
    pub decision: String,
    pub explanation: String,
    pub explained_on: Option<NaiveDate>,
    pub measures: Vec<DoneMeasure>,
    pub access_suspended: bool,
    pub closed_on: Option<NaiveDate>,
}

/// How many records have one value (a state, a culpability or an impact).
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ToSchema)]
pub struct CodeCount {
    pub code: String,
    pub count: i64,
}

/// Counts that name nobody: by state, culpability and impact.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ToSchema)]
pub struct ViolationCounts {
    pub total: i64,
    /// By state code.
    pub by_state: Vec<CodeCount>,
    /// By culpability code, assessed records only.
    pub by_culpability: Vec<CodeCount>,
    /// By impact code, assessed records only.
    pub by_impact: Vec<CodeCount>,
}

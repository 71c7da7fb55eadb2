//! Self-inspection as pages, the API and audit entries show it.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::review::inspection::{Answer, Scope, SheetState, Tally};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::media::Named;

/// A campaign as listed, with how far the city has got.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InspectionView {
    pub id: Uuid,
    pub name: String,
    /// The fiscal year (April–March) it covers, by the year it starts.
    pub fiscal_year: i32,
    /// `catalog:<id>` (the catalog its checklist came from) or `own`.
    pub source: String,
    /// `departments` (a sheet per department) or `systems` (a sheet per information
    /// system, answered by the department that keeps it).
    #[schema(value_type = String)]
    pub scope: Scope,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub opened_by: String,
    /// Questions every sheet asks (items of a department's or a system's own applied
    /// controls come on top).
    pub items: usize,
    /// Sheets: departments (or systems) asked.
    pub sheets: usize,
    /// Sheets submitted (including those accepted).
    pub submitted: usize,
    pub accepted: usize,
    /// Every answer in the city, counted.
    pub tally: Tally,
    /// The city's score in percent (実施 1, 一部実施 ½, over what applies).
    pub score: Option<f64>,
}

impl InspectionView {
    pub fn is_open(&self) -> bool {
        self.closed_on.is_none()
    }
}

/// A department's sheet as the campaign lists it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetSummary {
    pub id: Uuid,
    /// The department that answers.
    pub department_id: Uuid,
    pub department: String,
    /// In a campaign by system, the system the sheet is about (its code is the asset
    /// number). An empty name: a restricted system the reader may not read.
    pub system: Option<Named>,
    #[schema(value_type = String)]
    pub state: SheetState,
    pub tally: Tally,
    pub score: Option<f64>,
    /// The same department's (or system's) score in the campaign of the year before.
    pub previous_score: Option<f64>,
    /// `+4.5`, `-2.0`, or empty.
    pub change: String,
    pub submitted_by: String,
    pub submitted_at: Option<DateTime<Utc>>,
    pub reviewed_by: String,
    pub review_note: String,
}

/// The city's answers in one area (a catalog chapter or the organization's heading).
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AreaScore {
    pub area_code: String,
    pub area: String,
    pub tally: Tally,
    pub score: Option<f64>,
    pub previous_score: Option<f64>,
    pub change: String,
}

/// An item many departments answered 未実施.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FrequentGap {
    pub position: i32,
    pub area: String,
    pub question: String,
    pub not_done: u32,
    /// Departments that answered it as applying to them.
    pub applicable: u32,
}

/// A campaign's page: every department's sheet, the city's score by area against the
/// year before, and the items most often not done.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InspectionDetail {
    pub inspection: InspectionView,
    pub sheets: Vec<SheetSummary>,
    pub areas: Vec<AreaScore>,
    pub most_not_done: Vec<FrequentGap>,
    /// The campaign compared with (its code is its fiscal year).
    pub previous: Option<Named>,
    /// The reader opens, closes and reviews campaigns.
    pub may_run: bool,
}

/// An evidence record of an applied control, as an answer links or may link it.
#[derive(Debug, Clone, Serialize, ToSchema, PartialEq, Eq)]
pub struct EvidenceLink {
    pub id: Uuid,
    pub applied_control_id: Uuid,
    /// `AC-0001 name`.
    pub control: String,
    pub file_name: String,
    pub description: String,
    pub stale: bool,
}

/// One item of a sheet with the department's answer.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AnswerView {
    pub id: Uuid,
    pub position: i32,
    pub area_code: String,
    pub area: String,
    pub question: String,
    pub guidance: String,
    /// `catalog:control`, or empty.
    pub control_ref: String,
    /// The department's applied control the item asks about.
    pub applied_control: Option<Named>,
    #[schema(value_type = Option<String>)]
    pub answer: Option<Answer>,
    pub comment: String,
    pub evidence: Vec<EvidenceLink>,
    /// Evidence on record for the controls the item asks about, that may be linked.
    pub candidates: Vec<EvidenceLink>,
    /// The applied controls the item asks about (the item's own, or the department's
    /// or system's controls implementing its catalog control): a new file attached on
    /// the sheet becomes evidence of one of them.
    pub controls: Vec<Named>,
    pub answered_by: String,
    pub answered_at: Option<DateTime<Utc>>,
    /// The reviewer sent it back, with `return_note`.
    pub returned: bool,
    pub return_note: String,
    /// The risk opened from it.
    pub risk: Option<Named>,
    /// The audit finding recorded from it (its code is the finding's number).
    pub finding: Option<Named>,
}

/// A department's sheet: its answers, its scores by area, and what the reader may do.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SheetDetail {
    pub inspection: InspectionView,
    pub sheet: SheetSummary,
    pub answers: Vec<AnswerView>,
    pub areas: Vec<AreaScore>,
    pub may_answer: bool,
    pub may_submit: bool,
    pub may_review: bool,
    /// The reader may open a risk from an item not done.
    pub may_open_risk: bool,
    /// Audits under way over this department that the reader conducts: an item not
    /// done may become a finding of one of them.
    pub audits: Vec<Named>,
}

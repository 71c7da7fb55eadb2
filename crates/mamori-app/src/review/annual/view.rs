//! The annual report as pages, files and the API show it. Every part derives
//! `Deserialize` as well: an issued report is kept as this JSON and shown from it.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::review::annual::{ReportYear, Sections};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A count under a label (a kind, a state, a category), with its share where one
/// is meaningful.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Figure {
    pub code: String,
    pub label_ja: String,
    pub label_en: String,
    pub count: u64,
    pub percent: Option<u32>,
}

impl Figure {
    pub fn label(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.label_en
        } else {
            &self.label_ja
        }
    }
}

/// The register by the as-of day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AssetFigures {
    pub total: u64,
    /// Entered during the year.
    pub registered: u64,
    pub by_kind: Vec<Figure>,
    /// By importance (the class the C/I/A levels give).
    pub by_importance: Vec<Figure>,
    pub by_status: Vec<Figure>,
}

/// One cell of a heat map as the report keeps it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PostureCell {
    pub x: u8,
    pub y: u8,
    pub count: u64,
    pub colour: String,
    /// Above the organization's appetite (tolerance).
    pub above: bool,
}

/// The risk register's heat map (risks as they stand: the current stage) on a day.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Posture {
    pub taken_on: NaiveDate,
    /// The `x` of each column, left to right.
    pub columns: Vec<u8>,
    /// Top row first.
    pub rows: Vec<Vec<PostureCell>>,
    pub x_label_ja: String,
    pub x_label_en: String,
    pub y_label_ja: String,
    pub y_label_en: String,
    /// Risks per level, lowest first.
    pub levels: Vec<Figure>,
    pub total: u64,
    pub above: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct RiskFigures {
    /// Taken at the start of the year (none when Mamori was not running then).
    pub start: Option<Posture>,
    /// As the register stands when the report is made (kept when issued).
    pub end: Posture,
    /// Acceptances decided during the year.
    pub accepted: u64,
    /// Acceptances in force on the as-of day.
    pub acceptances_in_force: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ControlFigures {
    pub total: u64,
    pub by_status: Vec<Figure>,
    pub implemented: u64,
    pub implemented_percent: Option<u32>,
    /// With evidence still valid on the as-of day.
    pub evidenced: u64,
    pub evidenced_percent: Option<u32>,
}

/// Breach reports (個人情報保護委員会への報告) of the year's incidents, and whether
/// each report was filed by its day.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct BreachFigures {
    pub assessed_reportable: u64,
    pub on_time: u64,
    pub late: u64,
    pub pending: u64,
    pub overdue: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct IncidentFigures {
    pub total: u64,
    pub personal_data: u64,
    pub by_category: Vec<Figure>,
    pub by_severity: Vec<Figure>,
    pub breach: BreachFigures,
}

/// Acknowledgement and training coverage (counts only, no names).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PeopleFigures {
    /// The year's acknowledgement campaigns: done of those bound.
    pub acknowledgements: Vec<Coverage>,
    pub training: Vec<Coverage>,
    pub training_percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct Coverage {
    pub label: String,
    pub required: u64,
    pub done: u64,
    pub percent: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct PhysicalFigures {
    pub takeouts: u64,
    pub returned_late: u64,
    /// Out and not back on the as-of day.
    pub not_returned: u64,
    pub area_entries: u64,
    pub visitor_entries: u64,
    /// Entries flagged (no exit, tailgating, out of hours …).
    pub flagged_entries: u64,
    pub disposals: u64,
    pub inventories: u64,
}

/// Exceptions and violations: counts only, never what or who.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct ComplianceFigures {
    pub exceptions_asked: u64,
    pub exceptions_by_state: Vec<Figure>,
    pub exceptions_in_force: u64,
    pub violations_found: u64,
    pub violations_decided: u64,
}

/// The year's self-inspection: sheets and the city's score by area.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct InspectionFigures {
    pub name: String,
    pub sheets: u64,
    pub submitted: u64,
    pub accepted: u64,
    pub score: Option<f64>,
    pub areas: Vec<AreaFigure>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AreaFigure {
    pub area: String,
    pub score: Option<f64>,
    pub previous: Option<f64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AuditFigures {
    pub audits: u64,
    pub by_state: Vec<Figure>,
    pub findings: u64,
    pub by_grade: Vec<Figure>,
    /// Corrective actions (all years') on the as-of day.
    pub actions: u64,
    pub actions_open: u64,
    pub actions_overdue: u64,
    pub actions_verified_in_year: u64,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct CommitteeFigures {
    pub meetings_held: u64,
    pub decisions: u64,
    pub by_outcome: Vec<Figure>,
}

/// A fiscal year's report: every figure counted from the records as of its day.
/// Issued reports are read back from this JSON: a field added later must carry
/// `#[serde(default)]`, or the reports issued before it will no longer open.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, ToSchema)]
pub struct AnnualReport {
    #[schema(value_type = Object)]
    pub year: ReportYear,
    /// 令和7年度.
    pub label_ja: String,
    /// FY2025.
    pub label_en: String,
    pub computed_at: DateTime<Utc>,
    pub issued_on: Option<NaiveDate>,
    pub issued_by: String,
    #[schema(value_type = Object)]
    pub sections: Sections,
    pub assets: AssetFigures,
    pub risks: RiskFigures,
    pub controls: ControlFigures,
    pub incidents: IncidentFigures,
    pub people: PeopleFigures,
    pub physical: PhysicalFigures,
    pub compliance: ComplianceFigures,
    pub inspection: Option<InspectionFigures>,
    pub audits: AuditFigures,
    pub committee: CommitteeFigures,
}

/// A year with a report row, for the list of reports.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportHead {
    pub fiscal_year: i32,
    pub label_ja: String,
    pub issued_on: Option<NaiveDate>,
    pub issued_by: String,
    pub updated_by: String,
}

/// The report page: the report and what the reader may do with it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ReportPage {
    pub report: AnnualReport,
    /// The reader writes the sections and issues the report.
    pub may_write: bool,
    /// Issuing is possible now (the year has ended, not yet issued).
    pub may_issue: bool,
    pub years: Vec<ReportHead>,
}

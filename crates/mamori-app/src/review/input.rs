//! What opening a campaign, answering a sheet and reviewing it take, from a form, the
//! API or the command line alike.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A new self-inspection campaign.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct InspectionInput {
    pub name: String,
    /// The fiscal year by the year it starts (`2026` = 令和8年度); empty: this year's.
    pub fiscal_year: String,
    /// The day answers are due (ISO or 和暦); empty: four weeks on.
    pub due_on: String,
    /// A catalog's id (`mic-guideline`, `basic-policy` …) or `own`.
    pub source: String,
    /// With a catalog: the chapters (top-level entries' ids) to ask about; empty: all.
    pub chapters: Vec<String>,
    /// With `own`: the checklist, a question a line under `## area` headings.
    pub checklist: String,
    /// `departments` (a sheet per department; the default) or `systems` (a sheet per
    /// information system, answered by the department that keeps it).
    pub scope: String,
    /// Department codes (or ids) asked; empty: every section (課) in being. By
    /// system: the departments whose systems are asked, when no system is named.
    pub departments: Vec<String>,
    /// By system: the assets' numbers; empty: every software asset in use that a
    /// department keeps.
    pub systems: Vec<String>,
    /// Also ask each department about its own applied controls (by system: the
    /// controls protecting each system).
    pub applied_controls: bool,
}

/// One item answered.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AnswerLine {
    /// The item's number in the campaign.
    pub item: i32,
    /// `done` / `partial` / `not_done` / `not_applicable`, or 実施 / 一部実施 / 未実施 /
    /// 該当なし, or ○ △ × -; empty leaves it unanswered.
    pub answer: String,
    /// Why, and what comes next (asked for 一部実施 and 未実施 before submitting).
    pub comment: String,
    /// Evidence records (ids) of the controls the item asks about.
    pub evidence: Vec<Uuid>,
}

/// Answers to save on a sheet, all or none.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SheetAnswers {
    pub answers: Vec<AnswerLine>,
}

/// An item sent back to the department.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct ReturnedItem {
    pub item: i32,
    /// What the department should look at again.
    pub note: String,
}

/// The review of a submitted sheet: accept it, or return items.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct SheetReview {
    /// `accept` or `return`.
    pub decision: String,
    pub note: String,
    /// With `return`: the items sent back (at least one).
    pub items: Vec<ReturnedItem>,
}

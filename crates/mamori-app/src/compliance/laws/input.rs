//! What a form or the API sends to keep the laws register, and the register's
//! filters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A law added or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct LawInput {
    pub title: String,
    /// `law`, `cabinet_order`, `ministerial_ordinance`, `ordinance`, `regulation`,
    /// `internal_rule`, `guideline` (or the Japanese label).
    pub kind: String,
    /// 法令番号, e.g. 平成15年法律第57号.
    #[serde(default)]
    pub reference: String,
    /// The owning department (所管) (id).
    #[serde(default)]
    pub owner_department: Option<Uuid>,
    /// Applies to every department; otherwise to `departments`.
    #[serde(default)]
    pub applies_all: bool,
    #[serde(default)]
    pub departments: Vec<Uuid>,
    /// Months between reviews (1–60).
    pub review_months: u32,
    /// The next review (`2027-04-01` or 和暦); empty: a cycle after the last review.
    #[serde(default)]
    pub next_review: String,
    #[serde(default)]
    pub notes: String,
}

/// An obligation added or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ObligationInput {
    /// The article, e.g. 第66条.
    pub article: String,
    /// The duty in plain words.
    pub duty: String,
    /// What meets it: policy sections (`POL-002 §3.2`), applied controls (`AC-0001`)
    /// or catalog controls (`mic-guideline:2.3.1`).
    #[serde(default)]
    pub links: Vec<String>,
}

/// An amendment recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct AmendmentInput {
    /// Day promulgated (`2024-06-26` or 和暦).
    pub promulgated_on: String,
    /// Day it takes effect, if known.
    #[serde(default)]
    pub effective_on: String,
    /// The amending law's number, e.g. 令和6年法律第65号.
    #[serde(default)]
    pub reference: String,
    /// What it changes.
    pub summary: String,
}

/// A review recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct LawReviewInput {
    /// The day of the review (`2026-12-01` or 和暦; not in the future).
    pub reviewed_on: String,
    /// What it found: what must change, or that nothing does.
    pub finding: String,
}

/// The register's filters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct LawQuery {
    /// Free text over number, title and 法令番号 (width and kana folded).
    pub q: Option<String>,
    /// A kind: `law`, `ordinance`, … (or its label).
    pub kind: Option<String>,
    /// Department id: laws it owns or that apply to it (its subtree included).
    pub department: Option<Uuid>,
    /// `current`, `due_soon`, `overdue`, `amended`, `unscheduled`, `repealed`, or
    /// `wants_review` (overdue, amended or unscheduled).
    pub review: Option<String>,
    /// Only laws with obligations nothing meets.
    pub unlinked: Option<bool>,
    /// Include repealed laws (left out unless asked for, or filtered by `review`).
    pub repealed: Option<bool>,
}

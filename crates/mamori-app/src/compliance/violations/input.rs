//! What a form or the API sends to record, assess and decide a violation.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

/// A violation recorded (suspected or confirmed).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ViolationInput {
    pub title: String,
    /// The staff member's employee number; empty for a contractor's person not in the
    /// register, named in `person_name` and `person_company`.
    #[serde(default)]
    pub employee_number: String,
    #[serde(default)]
    pub person_name: String,
    #[serde(default)]
    pub person_company: String,
    /// The rule broken: `POL-002 §3.2`, `AC-0001` or `catalog:control`.
    pub rule: String,
    /// What happened.
    pub what: String,
    /// When it happened, if known.
    #[serde(default)]
    pub occurred_on: String,
    /// When it was found (default: today).
    #[serde(default)]
    pub found_on: String,
    /// Who found it.
    #[serde(default)]
    pub found_by: String,
    #[serde(default)]
    pub evidence: String,
    /// The incident behind it (`INC-2026-0007`), if any.
    #[serde(default)]
    pub incident: String,
    /// Asset numbers involved.
    #[serde(default)]
    pub assets: Vec<String>,
    /// Already established (else: suspected, under investigation).
    #[serde(default)]
    pub confirmed: bool,
}

/// The assessment on the policy's two axes.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct AssessInput {
    /// `none`, `negligence`, `gross_negligence` or `intent` (or 過失・重過失・故意).
    pub culpability: String,
    /// `none`, `minor`, `significant` or `serious`.
    pub impact: String,
    #[serde(default)]
    pub note: String,
}

/// The decision taken (Mamori records it; it never decides a penalty).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DecideInput {
    /// Who decided: the role or the committee.
    pub decided_by: String,
    #[serde(default)]
    pub meeting: String,
    #[serde(default)]
    pub decision_ref: String,
    pub decided_on: String,
    /// What was decided, in words.
    pub decision: String,
}

/// The person's explanation (弁明).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ExplanationInput {
    pub explanation: String,
    pub explained_on: String,
}

/// A measure done.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct MeasureInput {
    /// `caution`, `retraining`, `suspend_access` or `report_to_appointer`.
    pub measure: String,
    #[serde(default)]
    pub done_on: String,
    #[serde(default)]
    pub note: String,
}

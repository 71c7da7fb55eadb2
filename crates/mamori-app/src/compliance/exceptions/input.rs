//! What a form or the API sends to ask for, decide, review and renew an exception,
//! and to set how exceptions are run.

use mamori_domain::{Invalid, Role, exception};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// An exception asked for (or changed before its decision).
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ExceptionInput {
    pub title: String,
    /// The department departing from the rule (id).
    #[serde(default)]
    pub department: Option<Uuid>,
    /// The rule: a policy section (`POL-002 §3.2`), an applied control (`AC-0001`) or
    /// a catalog control (`mic-guideline:2.3.1`).
    pub rule: String,
    /// Why complying is impossible or unreasonable.
    pub reason: String,
    /// The measures that make up for the departure.
    pub compensating: String,
    /// Asset numbers (`A-000123`) of the assets and systems it covers.
    #[serde(default)]
    pub assets: Vec<String>,
    /// First day (`2026-04-01` or 和暦).
    pub valid_from: String,
    /// Last day: required, an exception always ends.
    pub valid_until: String,
    /// Taken at once and reported for approval afterwards (事後報告).
    #[serde(default)]
    pub urgent: bool,
}

/// The decision on an exception.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DecisionInput {
    /// `approve` or `refuse`.
    pub decision: String,
    /// The conditions of an approval, or why it was refused (required to refuse).
    #[serde(default)]
    pub conditions: String,
    /// The decision's number (e.g. the committee's 第12号), if there is one.
    #[serde(default)]
    pub decision_ref: String,
}

/// A review of an exception in effect.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ReviewInput {
    /// What the review found.
    pub note: String,
    /// End the exception now: the rule applies again from today.
    #[serde(default)]
    pub end: bool,
}

/// How exceptions are run.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ExceptionSettingsInput {
    /// `ciso`, `deputy-ciso` or `committee` (or the Japanese label).
    pub approver: String,
    /// Days within which an urgent exception must be reported (1–90).
    pub report_days: u32,
    /// Days before the end on which the department is reminded (0–365 each).
    #[serde(default)]
    pub remind_days: Vec<u32>,
}

impl ExceptionSettingsInput {
    pub(crate) fn parse(&self) -> Result<exception::Settings, Invalid> {
        let mut inv = Invalid::new();
        let approver = inv.check("approver", Role::parse(&self.approver));
        let Some(approver) = approver else {
            return Err(inv);
        };
        Ok(exception::Settings {
            approver,
            report_days: self.report_days,
            remind_days: self.remind_days.clone(),
        })
    }
}

/// The decision as read: `approve` or `refuse`.
pub(super) fn approves(d: &DecisionInput) -> Result<bool, Invalid> {
    match d.decision.trim() {
        "approve" | "承認" => Ok(true),
        "refuse" | "却下" => Ok(false),
        _ => {
            let mut inv = Invalid::new();
            inv.push(mamori_domain::FieldError::new(
                "decision",
                "承認するか却下するかを選んでください。",
                "Choose to approve or to refuse.",
            ));
            Err(inv)
        }
    }
}

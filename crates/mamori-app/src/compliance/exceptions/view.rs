//! An exception as it is shown: the view lists, pages and the API serve, and the
//! dashboard's counts.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::Role;
use mamori_domain::exception::{Standing, State};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// One exception as lists, its page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExceptionView {
    pub id: Uuid,
    /// `EXC-0001`
    pub number: String,
    pub title: String,
    pub department_id: Option<Uuid>,
    /// The department's path; empty for none.
    pub department: String,
    /// The rule departed from, canonical: `POL-002 §3.2`, `AC-0001` or `catalog:control`.
    pub rule: String,
    /// `section`, `catalog` or `applied`.
    pub rule_kind: String,
    pub reason: String,
    pub compensating: String,
    pub valid_from: NaiveDate,
    pub valid_until: NaiveDate,
    pub urgent: bool,
    /// An urgent exception's day to be reported for approval by.
    pub report_due: Option<NaiveDate>,
    /// Urgent, and its report is late.
    pub report_overdue: bool,
    /// As decided: `requested`, `urgent`, `approved`, `refused`, `withdrawn`, `ended`.
    #[schema(value_type = String)]
    pub state: State,
    /// Where it stands today: `pending`, `awaiting_report`, `scheduled`, `active`,
    /// `expired`, `refused`, `withdrawn`, `ended`.
    #[schema(value_type = String)]
    pub standing: Standing,
    /// Days to its last day while it is in effect (0: today is the last).
    pub days_left: Option<i64>,
    /// The conditions of the approval, or why it was refused.
    pub conditions: String,
    pub decision_ref: String,
    /// Who decided (`user:<login>`); empty before the decision.
    pub decided_by: String,
    pub decided_on: Option<NaiveDate>,
    /// The exception this one renews.
    pub renews_id: Option<Uuid>,
    pub requested_by: String,
    pub reviewed_on: Option<NaiveDate>,
    pub review_note: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A record an exception links to (an asset, the exception it renews).
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct Linked {
    pub id: Uuid,
    /// Its number and name.
    pub label: String,
}

/// An exception's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ExceptionDetail {
    pub exception: ExceptionView,
    /// The rule with its name (the section's heading, the control's title).
    pub rule_label: String,
    /// Where the rule is shown: the applied control's or the document's page.
    pub rule_link: Option<String>,
    pub assets: Vec<Linked>,
    pub renews: Option<Linked>,
    /// The exceptions that renew this one.
    pub renewed_by: Vec<Linked>,
    /// The role that decides exceptions here.
    #[schema(value_type = String)]
    pub approver: Role,
    /// The reader may decide it now.
    pub may_decide: bool,
    /// The reader may change or withdraw it (before its decision).
    pub may_change: bool,
    /// The reader may review it, end it early, or ask to renew it.
    pub may_review: bool,
}

/// The dashboard's and register's counts.
#[derive(Debug, Clone, Default, Serialize, PartialEq, Eq, ToSchema)]
pub struct ExceptionCounts {
    /// In effect today.
    pub in_effect: u64,
    /// In effect and ending within 30 days.
    pub expiring: u64,
    /// Waiting for a decision.
    pub pending: u64,
    /// Urgent and not yet approved.
    pub awaiting_report: u64,
    /// Urgent, with the report late.
    pub report_overdue: u64,
}

//! What scheduling a meeting, putting an item on its agenda and recording a decision
//! take, from a form or the API alike.

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

/// A meeting to schedule, or its details to change.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct MeetingInput {
    /// Empty: 「令和8年度 第2回 情報セキュリティ委員会」 from the year and the order.
    pub title: String,
    /// The day (`2026-11-20` or 和暦).
    pub held_on: String,
    pub place: String,
    /// Staff ids or employee numbers of the members attending.
    pub attendees: Vec<String>,
    /// Others present (the secretariat, invited staff), one a line.
    pub guests: String,
}

/// An item for a meeting's agenda.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct AgendaInput {
    /// `policy_version`, `risk_acceptance`, `exception`, `audit_report`, `violation`,
    /// `incident` or `other`.
    pub kind: String,
    /// The record brought: a policy document, risk, exception, audit, violation or
    /// incident id. Empty for `other`.
    pub record: Option<Uuid>,
    /// For a policy document, the version in review.
    pub version: Option<i32>,
    /// Empty: the record's own name.
    pub title: String,
    pub note: String,
}

/// The committee's decision on an agenda item.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CommitteeDecision {
    pub agenda_item: Uuid,
    /// `approved`, `noted`, `rejected` or `deferred` (or their labels).
    pub outcome: String,
    /// What was decided, as the minutes record it.
    pub text: String,
    /// An approved policy version: the day it takes effect.
    pub effective_on: String,
    /// An accepted risk: the day the acceptance ends.
    pub expires_on: String,
}

/// A meeting's minutes (Markdown).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct MinutesInput {
    pub minutes: String,
}

/// Approving an earlier meeting's minutes at this one.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct MinutesApproval {
    /// The earlier meeting whose minutes are approved.
    pub meeting: Uuid,
}

//! The calendar as pages, the API and the feed show it.

use chrono::NaiveDate;
use mamori_domain::review::due::{DueKind, Standing};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::media::Named;

/// A date something is due by.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueItemView {
    #[schema(value_type = String)]
    pub kind: DueKind,
    /// The record (risk, corrective action, sheet …).
    pub id: Uuid,
    pub label: String,
    pub due_on: NaiveDate,
    /// `overdue`, `today` or `upcoming`.
    #[schema(value_type = String)]
    pub standing: Standing,
    pub department: Option<Named>,
    pub owner: Option<Named>,
    /// The page where it is done.
    pub href: String,
}

/// Which calendar, and how far ahead.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema, IntoParams)]
#[serde(default)]
pub struct DueQuery {
    /// `mine` (the default: what the reader owes), `department` or `all` (the CISO's).
    pub scope: Option<String>,
    /// With `department`: its code or id.
    pub department: Option<String>,
    /// Only this kind (`risk_review`, `corrective_action` …).
    pub kind: Option<String>,
    /// The last day shown (`2027-03-31` or 和暦); by default 90 days ahead. What is
    /// overdue shows however late.
    pub until: Option<String>,
}

/// A calendar: its items, overdue first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DueList {
    /// `mine`, `department` or `all`.
    pub scope: String,
    pub department: Option<Named>,
    pub today: NaiveDate,
    pub until: NaiveDate,
    pub items: Vec<DueItemView>,
    pub overdue: usize,
    /// The reader may open the whole organization's calendar.
    pub may_see_all: bool,
}

/// Whether the reader has a calendar feed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct FeedState {
    pub active: bool,
    pub created_at: Option<chrono::DateTime<chrono::Utc>>,
}

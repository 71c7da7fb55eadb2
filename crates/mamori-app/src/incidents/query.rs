//! The register's filters as a page or the API gives them.

use mamori_domain::incident::{Category, Severity, State};
use mamori_store::incidents::IncidentFilter;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::departments::DeptIndex;

/// Filters of the incident register.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct IncidentQuery {
    /// Free text over number, title and description.
    pub q: String,
    /// A state code, or `open` for every open state.
    pub state: String,
    pub severity: String,
    pub category: String,
    /// A department id; its sub-departments are included.
    pub department: Option<Uuid>,
    /// `yes` or `no`.
    pub personal_data: String,
    /// Only those untouched past their first-response target.
    pub overdue: bool,
    /// Only the reader's own reports.
    pub mine: bool,
}

impl IncidentQuery {
    /// The store's filter; unknown codes match nothing rather than everything.
    pub(crate) fn filter(
        &self,
        idx: &DeptIndex,
        now: chrono::DateTime<chrono::Utc>,
        me: Option<Uuid>,
    ) -> IncidentFilter {
        let code_or_nothing = |found: Option<&'static str>, typed: &str| {
            (!typed.trim().is_empty()).then(|| found.unwrap_or("-").to_owned())
        };
        IncidentFilter {
            states: match self.state.trim() {
                "" | "open" | "all" => Vec::new(),
                s => vec![State::parse(s).map(|s| s.code()).unwrap_or("-").to_owned()],
            },
            open_only: self.state.trim() == "open",
            severity: code_or_nothing(
                Severity::parse(&self.severity).ok().map(|s| s.code()),
                &self.severity,
            ),
            category: code_or_nothing(
                Category::parse(&self.category).ok().map(|c| c.code()),
                &self.category,
            ),
            department: self
                .department
                .map(|d| idx.subtree(d).into_iter().collect()),
            personal_data: match self.personal_data.as_str() {
                "yes" => Some(true),
                "no" => Some(false),
                _ => None,
            },
            overdue_at: self.overdue.then_some(now),
            reported_by: if self.mine {
                Some(me.unwrap_or_default())
            } else {
                None
            },
            search: Some(mamori_domain::text::search_key(&self.q)).filter(|k| !k.is_empty()),
        }
    }
}

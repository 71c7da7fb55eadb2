//! The register's filters, as a query string or API parameters carry them, and their
//! translation into the store's filter.

use chrono::NaiveDate;
use mamori_domain::exception::{RuleRef, Standing};
use mamori_store::compliance::exceptions::{ExceptionFilter, StandingFilter};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use crate::departments::DeptIndex;
use crate::{AppError, AppResult, PageRequest};

/// The register's filters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ExceptionQuery {
    /// Free text over number, title and rule (width and kana folded).
    pub q: Option<String>,
    /// Department id (its subtree is included).
    pub department: Option<Uuid>,
    /// `pending`, `awaiting_report`, `scheduled`, `active`, `expired`, `refused`,
    /// `withdrawn`, `ended`, or `in_effect` (active or awaiting report) or
    /// `report_overdue` (urgent, report late).
    pub standing: Option<String>,
    /// A rule, as `POL-002 §3.2`, `AC-0001` or `catalog:control`.
    pub rule: Option<String>,
    /// `section`, `catalog` or `applied`.
    pub rule_kind: Option<String>,
    /// An asset id: exceptions that cover it.
    pub asset: Option<Uuid>,
    /// In effect and ending within this many days (0–3650).
    #[param(minimum = 0, maximum = 3650)]
    pub expiring: Option<i64>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

impl ExceptionQuery {
    pub fn page_request(&self) -> PageRequest {
        PageRequest::new(self.page, self.per_page)
    }

    /// The store's filter. A value that is none of the choices is refused with the
    /// parameter at fault, so a mistyped link never silently shows everything.
    pub(super) fn filter(&self, idx: &DeptIndex, today: NaiveDate) -> AppResult<ExceptionFilter> {
        let mut f = ExceptionFilter::new(today);
        f.departments = self
            .department
            .map(|d| idx.subtree(d).into_iter().collect());
        f.standing = match self
            .standing
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some("in_effect") => Some(StandingFilter::InEffect),
            Some("report_overdue") => Some(StandingFilter::ReportOverdue),
            Some(s) => Some(match Standing::parse(s).map_err(|p| p.at("standing"))? {
                Standing::Pending => StandingFilter::Pending,
                Standing::AwaitingReport => StandingFilter::AwaitingReport,
                Standing::Scheduled => StandingFilter::Scheduled,
                Standing::Active => StandingFilter::Active,
                Standing::Expired => StandingFilter::Expired,
                Standing::Refused => StandingFilter::Refused,
                Standing::Withdrawn => StandingFilter::Withdrawn,
                Standing::Ended => StandingFilter::Ended,
            }),
        };
        if let Some(r) = self.rule.as_deref().filter(|r| !r.trim().is_empty()) {
            let r = RuleRef::parse(r).map_err(|p| p.at("rule"))?;
            f.rules = Some(vec![r.to_string()]);
        }
        if let Some(k) = self.rule_kind.as_deref().filter(|k| !k.is_empty()) {
            crate::error::one_of("rule_kind", k, &["section", "catalog", "applied"])?;
            f.rule_kind = Some(k.to_owned());
        }
        f.asset = self.asset;
        if let Some(n) = self.expiring {
            if !(0..=3650).contains(&n) {
                return Err(AppError::field(
                    "expiring",
                    "日数は 0 から 3650 の間で指定してください。",
                    "expiring must be between 0 and 3650 days.",
                ));
            }
            f.expiring_within = Some(n);
        }
        f.q = match self.q.as_deref() {
            Some(q) => crate::error::search_text(q)?,
            None => None,
        };
        Ok(f)
    }
}

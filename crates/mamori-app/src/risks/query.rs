//! The register's filters, as a query string or API parameters carry them, and their
//! translation into the store's filter.

use chrono::NaiveDate;
use mamori_domain::risk::{RiskMethod, Stage, Standing, Treatment};
use mamori_store::risks::{RiskFilter, RiskSort, StandingFilter};
use serde::{Deserialize, Serialize};
use utoipa::IntoParams;
use uuid::Uuid;

use super::row::stage_cols;
use crate::departments::DeptIndex;
use crate::{AppError, AppResult, PageRequest};

/// The register's filters as a query string or API parameters carry them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct RiskQuery {
    /// Free text over number, title, description and asset group (width and kana folded).
    pub q: Option<String>,
    /// Department id (its subtree is included).
    pub department: Option<Uuid>,
    /// `draft`, `open`, `closed`, `review` or `active`.
    pub standing: Option<String>,
    /// A treatment code or label.
    pub treatment: Option<String>,
    pub threat: Option<Uuid>,
    pub vulnerability: Option<Uuid>,
    pub campaign: Option<Uuid>,
    pub asset: Option<Uuid>,
    pub owner: Option<Uuid>,
    /// `inherent`, `current` or `residual` (default): the stage `level`, `above`, `x` and
    /// `y` read.
    pub stage: Option<String>,
    /// A level code of the method.
    pub level: Option<String>,
    /// Only risks above the tolerance.
    pub above: Option<bool>,
    /// A heat-map cell.
    pub x: Option<u8>,
    pub y: Option<u8>,
    /// `number` (default), `score` or `due`.
    pub sort: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

impl RiskQuery {
    pub fn stage(&self) -> Stage {
        self.stage
            .as_deref()
            .and_then(|s| Stage::parse(s).ok())
            .unwrap_or(Stage::Residual)
    }

    pub fn page_request(&self) -> PageRequest {
        PageRequest::new(self.page, self.per_page)
    }

    /// The store's filter. Unknown codes are refused with the parameter at fault, so
    /// a mistyped link never silently shows everything.
    pub(super) fn filter(
        &self,
        method: &RiskMethod,
        idx: &DeptIndex,
        today: NaiveDate,
    ) -> AppResult<RiskFilter> {
        let mut f = RiskFilter::new(today);
        if let Some(s) = self.stage.as_deref().filter(|s| !s.is_empty()) {
            Stage::parse(s).map_err(|p| p.at("stage"))?;
        }
        crate::error::one_of(
            "sort",
            self.sort.as_deref().unwrap_or(""),
            &["number", "score", "due"],
        )?;
        f.stage = stage_cols(self.stage());
        f.departments = self
            .department
            .map(|d| idx.subtree(d).into_iter().collect());
        f.standing = match self.standing.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some("active") => Some(StandingFilter::Active),
            Some(s) => Some(match Standing::parse(s).map_err(|p| p.at("standing"))? {
                Standing::Draft => StandingFilter::Draft,
                Standing::Open => StandingFilter::Open,
                Standing::Closed => StandingFilter::Closed,
                Standing::Review => StandingFilter::Review,
            }),
        };
        f.treatment = match self.treatment.as_deref().filter(|s| !s.is_empty()) {
            None => None,
            Some(t) => Some(
                Treatment::parse(t)
                    .map_err(|p| p.at("treatment"))?
                    .code()
                    .to_owned(),
            ),
        };
        f.threat = self.threat;
        f.vulnerability = self.vulnerability;
        f.campaign = self.campaign;
        f.asset = self.asset;
        f.owner = self.owner;
        if let Some(code) = self.level.as_deref().filter(|s| !s.is_empty()) {
            let i = method
                .levels
                .iter()
                .position(|l| l.code == code)
                .ok_or_else(|| {
                    AppError::field(
                        "level",
                        format!("リスクレベル「{code}」はこの団体の評価方法にありません。"),
                        format!("The risk level \"{code}\" is not in the organization's method."),
                    )
                })?;
            f.level = i16::try_from(i).ok();
        }
        if self.above == Some(true) {
            f.above = i16::try_from(method.tolerance).ok();
        }
        if let (Some(x), Some(y)) = (self.x, self.y) {
            f.cell = Some((i16::from(x), i16::from(y)));
        }
        f.q = match self.q.as_deref() {
            Some(q) => crate::error::search_text(q)?,
            None => None,
        };
        f.sort = match self.sort.as_deref() {
            Some("score") => RiskSort::Score,
            Some("due") => RiskSort::Due,
            _ => RiskSort::Number,
        };
        Ok(f)
    }
}

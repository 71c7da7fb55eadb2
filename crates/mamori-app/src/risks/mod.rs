//! The risk register (リスク管理台帳): the organization's risk method, its threat and
//! vulnerability catalogs, risks with their three evaluations, treatment and formal
//! acceptance, the heat map, and assessment campaigns.
//!
//! The register is small next to the asset register (thousands of risks, not a
//! hundred thousand), so lists, counts and heat maps are answered by SQL over the
//! stored evaluations. Evaluations are computed once, on write, by the domain's method;
//! a change of method re-evaluates every stored risk in the same transaction.

pub mod campaigns;
mod threats;
mod writes;

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::risk::{
    Acceptance, Evaluation, Factors, HeatMap, RiskLevel, RiskMethod, RiskStatus, Stage, Standing,
    Treatment, standing,
};
use mamori_store::entity::{risk, risk_setting};
use mamori_store::risks::{RiskFilter, RiskSort, StageCols, StandingFilter};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use threats::{CatalogEntryInput, CatalogEntryView};
pub(crate) use writes::date;
pub use writes::{RiskInput, StageInput};

use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult, Page, PageRequest};

/// One evaluation as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct StageView {
    pub factors: Factors,
    pub score: u8,
    pub level: RiskLevel,
    pub above_tolerance: bool,
}

/// One risk as lists, the risk page and the API show it.
#[derive(Debug, Clone, Serialize)]
pub struct RiskView {
    pub id: Uuid,
    pub number: String,
    pub title: String,
    pub description: String,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub asset_group: String,
    pub assets: u64,
    pub threat_id: Option<Uuid>,
    pub threat: String,
    pub vulnerability_id: Option<Uuid>,
    pub vulnerability: String,
    pub inherent: Option<StageView>,
    pub current: Option<StageView>,
    pub residual: Option<StageView>,
    pub treatment: Option<Treatment>,
    pub treatment_note: String,
    pub status: RiskStatus,
    pub standing: Standing,
    pub owner_staff_id: Option<Uuid>,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub campaign_id: Option<Uuid>,
    pub acceptance: Option<Acceptance>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn small(v: Option<i16>) -> Option<u8> {
    v.and_then(|v| u8::try_from(v).ok())
}

/// A stored evaluation, read back as the method understands it.
pub(crate) fn stage_of(
    m: &risk::Model,
    stage: Stage,
    method: &RiskMethod,
) -> Option<(Factors, Evaluation)> {
    let (f1, f2, f3, score, level) = match stage {
        Stage::Inherent => (
            m.inherent_f1,
            m.inherent_f2,
            m.inherent_f3,
            m.inherent_score,
            m.inherent_level,
        ),
        Stage::Current => (
            m.current_f1,
            m.current_f2,
            m.current_f3,
            m.current_score,
            m.current_level,
        ),
        Stage::Residual => (
            m.residual_f1,
            m.residual_f2,
            m.residual_f3,
            m.residual_score,
            m.residual_level,
        ),
    };
    let factors = Factors::from_columns(method.is_ipa(), small(f1)?, small(f2)?, small(f3))?;
    let e = Evaluation {
        score: small(score)?,
        level: usize::try_from(level?).ok()?,
    };
    Some((factors, e))
}

/// The acceptance recorded on a risk, if any.
pub(crate) fn acceptance_of(m: &risk::Model) -> Option<Acceptance> {
    Some(Acceptance {
        by: m.accepted_by.clone(),
        on: m.accepted_on?,
        reason: m.acceptance_reason.clone(),
        expires_on: m.acceptance_expires_on?,
    })
}

/// Names the views need, looked up once per page.
pub(crate) struct Names {
    pub threats: HashMap<Uuid, String>,
    pub vulnerabilities: HashMap<Uuid, String>,
    pub staff: HashMap<Uuid, String>,
    pub assets: HashMap<Uuid, u64>,
}

impl RiskView {
    pub(crate) fn new(
        m: &risk::Model,
        method: &RiskMethod,
        idx: &DeptIndex,
        names: &Names,
        today: NaiveDate,
    ) -> Self {
        let view = |stage| {
            stage_of(m, stage, method).and_then(|(factors, e)| {
                Some(StageView {
                    factors,
                    score: e.score,
                    level: method.level(e.level)?.clone(),
                    above_tolerance: method.above_tolerance(e.level),
                })
            })
        };
        let status = RiskStatus::parse(&m.status).unwrap_or(RiskStatus::Open);
        let acceptance = acceptance_of(m);
        let name = |map: &HashMap<Uuid, String>, id: Option<Uuid>| {
            id.and_then(|id| map.get(&id).cloned()).unwrap_or_default()
        };
        Self {
            id: m.id,
            number: m.number.clone(),
            title: m.title.clone(),
            description: m.description.clone(),
            department_id: m.department_id,
            department: m.department_id.map(|d| idx.path(d)).unwrap_or_default(),
            asset_group: m.asset_group.clone(),
            assets: names.assets.get(&m.id).copied().unwrap_or(0),
            threat_id: m.threat_id,
            threat: name(&names.threats, m.threat_id),
            vulnerability_id: m.vulnerability_id,
            vulnerability: name(&names.vulnerabilities, m.vulnerability_id),
            inherent: view(Stage::Inherent),
            current: view(Stage::Current),
            residual: view(Stage::Residual),
            treatment: m
                .treatment
                .as_deref()
                .and_then(|t| Treatment::parse(t).ok()),
            treatment_note: m.treatment_note.clone(),
            status,
            standing: standing(status, acceptance.as_ref(), m.review_on, today),
            owner_staff_id: m.owner_staff_id,
            owner: name(&names.staff, m.owner_staff_id),
            due_on: m.due_on,
            review_on: m.review_on,
            campaign_id: m.campaign_id,
            acceptance,
            created_at: m.created_at,
            updated_at: m.updated_at,
        }
    }
}

/// The register's filters as a query string or API parameters carry them.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
#[serde(default)]
pub struct RiskQuery {
    pub q: Option<String>,
    pub department: Option<Uuid>,
    /// draft, open, closed, review, active
    pub standing: Option<String>,
    pub treatment: Option<String>,
    pub threat: Option<Uuid>,
    pub vulnerability: Option<Uuid>,
    pub campaign: Option<Uuid>,
    pub asset: Option<Uuid>,
    pub owner: Option<Uuid>,
    /// inherent, current or residual (the default): what `level`, `above`, `x`, `y` look at.
    pub stage: Option<String>,
    /// A level code of the method.
    pub level: Option<String>,
    /// Only risks above the tolerance.
    pub above: Option<bool>,
    /// A heat-map cell.
    pub x: Option<u8>,
    pub y: Option<u8>,
    /// number (default), score or due.
    pub sort: Option<String>,
    pub page: Option<u64>,
    pub per_page: Option<u64>,
}

fn stage_cols(s: Stage) -> StageCols {
    match s {
        Stage::Inherent => StageCols::Inherent,
        Stage::Current => StageCols::Current,
        Stage::Residual => StageCols::Residual,
    }
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
    fn filter(
        &self,
        method: &RiskMethod,
        idx: &DeptIndex,
        today: NaiveDate,
    ) -> AppResult<RiskFilter> {
        let mut f = RiskFilter::new(today);
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
        f.q = self.q.clone();
        f.sort = match self.sort.as_deref() {
            Some("score") => RiskSort::Score,
            Some("due") => RiskSort::Due,
            _ => RiskSort::Number,
        };
        Ok(f)
    }
}

/// What a risk is linked to: its assets and the applied controls treating it, each
/// as (id, "number name"). Restricted assets show their number only.
#[derive(Debug, Clone, Default, Serialize)]
pub struct RiskLinks {
    pub assets: Vec<(Uuid, String)>,
    pub controls: Vec<(Uuid, String)>,
}

/// The register's figures for the dashboard.
#[derive(Debug, Clone, Copy, Serialize, Default, PartialEq, Eq)]
pub struct RiskCounts {
    /// Drafts, open risks and risks due for review.
    pub active: u64,
    /// Of those, residual risk above the tolerance.
    pub above_tolerance: u64,
    /// Closed risks whose acceptance expired or whose review date passed.
    pub review: u64,
    pub drafts: u64,
}

/// A heat map with the method's levels for its legend.
#[derive(Debug, Clone, Serialize)]
pub struct HeatMapView {
    pub stage: Stage,
    pub map: HeatMap,
    pub levels: Vec<RiskLevel>,
    pub tolerance: usize,
}

impl App {
    /// The organization's risk method, for those who may see the risk register.
    pub async fn risk_method(&self, actor: &Actor) -> AppResult<RiskMethod> {
        self.authorize(actor, Capability::ViewRisks).await?;
        self.method_of(actor.org_id).await
    }

    /// The organization's risk method (the IPA preset until it chooses another).
    pub(crate) async fn method_of(&self, org_id: Uuid) -> AppResult<RiskMethod> {
        let row = mamori_store::risks::settings(self.store.conn(), org_id).await?;
        Ok(row
            .and_then(|r| serde_json::from_str(&r.body).ok())
            .unwrap_or_else(RiskMethod::ipa_preset))
    }

    /// Replaces the risk method. Every stored evaluation is worked out again under the
    /// new method, in the same transaction; switching between the IPA method and a
    /// matrix is refused once risks are evaluated, since their factors do not carry over.
    pub async fn save_risk_method(&self, actor: &Actor, method: RiskMethod) -> AppResult<()> {
        self.authorize(actor, Capability::ManageRiskMethod).await?;
        method.validate()?;
        let before = self.method_of(actor.org_id).await?;
        let tx = self.store.begin_write().await?;
        let all =
            mamori_store::risks::all(&*tx, actor.org_id, &RiskFilter::new(self.today())).await?;
        let evaluated = all.iter().any(|m| m.inherent_score.is_some());
        if evaluated && before.is_ipa() != method.is_ipa() {
            return Err(AppError::field(
                "method",
                "評価済みのリスクがあるため、IPA方式とマトリクス方式の切り替えはできません。レベルやしきい値の変更はできます。",
                "Risks are already evaluated, so the method cannot switch between IPA and matrix. Levels and thresholds can still change.",
            ));
        }
        if let (
            mamori_domain::risk::Method::Matrix { cells: old },
            mamori_domain::risk::Method::Matrix { cells: new },
        ) = (&before.method, &method.method)
            && evaluated
            && old.len() != new.len()
        {
            return Err(AppError::field(
                "cells",
                "評価済みのリスクがあるため、マトリクスの大きさは変えられません。",
                "Risks are already evaluated, so the size of the matrix cannot change.",
            ));
        }
        for mut m in all {
            let old = m.clone();
            for stage in [Stage::Inherent, Stage::Current, Stage::Residual] {
                let factors = stage_of(&m, stage, &before).map(|(f, _)| f);
                writes::set_stage(&mut m, stage, &method, factors).map_err(AppError::from)?;
            }
            if m != old {
                mamori_store::risks::update(&*tx, m).await?;
            }
        }
        mamori_store::risks::save_settings(
            &*tx,
            risk_setting::Model {
                org_id: actor.org_id,
                body: serde_json::to_string(&method)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                updated_at: self.now(),
            },
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "risk_method.update",
            ("risk_method", actor.org_id),
            Some(&before),
            Some(&method),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn risk_names(&self, org_id: Uuid, rows: &[risk::Model]) -> AppResult<Names> {
        let conn = self.store.conn();
        let distinct = |ids: Vec<Uuid>| {
            let mut ids = ids;
            ids.sort();
            ids.dedup();
            ids
        };
        let threat_ids = distinct(rows.iter().filter_map(|r| r.threat_id).collect());
        let threats = mamori_store::risks::threat_names(conn, org_id, &threat_ids)
            .await?
            .into_iter()
            .collect();
        let vuln_ids = distinct(rows.iter().filter_map(|r| r.vulnerability_id).collect());
        let vulnerabilities = mamori_store::risks::vulnerability_names(conn, org_id, &vuln_ids)
            .await?
            .into_iter()
            .collect();
        let mut owners: Vec<Uuid> = rows.iter().filter_map(|r| r.owner_staff_id).collect();
        owners.sort();
        owners.dedup();
        let staff = mamori_store::staff::by_ids(conn, org_id, &owners)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let assets = mamori_store::risks::asset_counts(conn, org_id, &ids).await?;
        Ok(Names {
            threats,
            vulnerabilities,
            staff,
            assets,
        })
    }

    /// A page of the risk register.
    pub async fn list_risks(&self, actor: &Actor, q: &RiskQuery) -> AppResult<Page<RiskView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let f = q.filter(&method, &idx, today)?;
        let page = mamori_store::risks::list(self.store.conn(), actor.org_id, &f, q.page_request())
            .await?;
        let names = self.risk_names(actor.org_id, &page.items).await?;
        Ok(page.map(|m| RiskView::new(&m, &method, &idx, &names, today)))
    }

    /// Every risk matching the filter (exports).
    pub async fn all_risks(&self, actor: &Actor, q: &RiskQuery) -> AppResult<Vec<RiskView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let f = q.filter(&method, &idx, today)?;
        let rows = mamori_store::risks::all(self.store.conn(), actor.org_id, &f).await?;
        let names = self.risk_names(actor.org_id, &rows).await?;
        Ok(rows
            .iter()
            .map(|m| RiskView::new(m, &method, &idx, &names, today))
            .collect())
    }

    /// Dashboard figures, each the total of the list its tile links to.
    pub async fn risk_counts(&self, actor: &Actor) -> AppResult<RiskCounts> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let conn = self.store.conn();
        let mut counts = [0u64; 4];
        for (slot, (standing, above)) in [
            ("active", false),
            ("active", true),
            ("review", false),
            ("draft", false),
        ]
        .into_iter()
        .enumerate()
        {
            let q = RiskQuery {
                standing: Some(standing.into()),
                above: above.then_some(true),
                ..RiskQuery::default()
            };
            let f = q.filter(&method, &idx, today)?;
            counts[slot] = mamori_store::risks::count(conn, actor.org_id, &f).await?;
        }
        let [active, above_tolerance, review, drafts] = counts;
        Ok(RiskCounts {
            active,
            above_tolerance,
            review,
            drafts,
        })
    }

    /// One risk.
    pub async fn risk(&self, actor: &Actor, id: Uuid) -> AppResult<RiskView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let m = mamori_store::risks::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let names = self
            .risk_names(actor.org_id, std::slice::from_ref(&m))
            .await?;
        Ok(RiskView::new(&m, &method, &idx, &names, self.today()))
    }

    /// A risk and its links as its edit form shows them; only for those who may
    /// assess risks of its department.
    pub async fn risk_for_edit(&self, actor: &Actor, id: Uuid) -> AppResult<(RiskView, RiskLinks)> {
        let r = self.risk(actor, id).await?;
        let cap = Capability::EditRisk {
            department: r.department_id,
        };
        self.authorize(actor, cap).await?;
        let links = self.risk_links(actor, id).await?;
        Ok((r, links))
    }

    pub async fn risk_links(&self, actor: &Actor, id: Uuid) -> AppResult<RiskLinks> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let conn = self.store.conn();
        let asset_ids = mamori_store::risks::asset_ids(conn, actor.org_id, id).await?;
        let mut assets: Vec<(Uuid, String)> =
            mamori_store::assets::by_ids(conn, actor.org_id, &asset_ids)
                .await?
                .into_iter()
                .map(|a| {
                    let name = if a.restricted {
                        "（要配慮）".to_owned()
                    } else {
                        a.name
                    };
                    (a.id, format!("{} {name}", a.number))
                })
                .collect();
        assets.sort_by(|a, b| a.1.cmp(&b.1));
        let control_ids = mamori_store::risks::control_ids(conn, actor.org_id, id).await?;
        let controls = mamori_store::controls::applied_by_ids(conn, actor.org_id, &control_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, format!("{} {}", c.number, c.name)))
            .collect();
        Ok(RiskLinks { assets, controls })
    }

    /// The heat map of the risks matching `q` (its `x`/`y` ignored) at `stage`.
    pub async fn risk_heatmap(
        &self,
        actor: &Actor,
        q: &RiskQuery,
        stage: Stage,
    ) -> AppResult<HeatMapView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let mut q = q.clone();
        q.x = None;
        q.y = None;
        q.stage = Some(stage.code().to_owned());
        let f = q.filter(&method, &idx, self.today())?;
        let counts = mamori_store::risks::cell_counts(self.store.conn(), actor.org_id, &f)
            .await?
            .into_iter()
            .filter_map(|((x, y), n)| Some(((u8::try_from(x).ok()?, u8::try_from(y).ok()?), n)))
            .collect();
        Ok(HeatMapView {
            stage,
            map: HeatMap::build(&method, &counts),
            levels: method.levels.clone(),
            tolerance: method.tolerance,
        })
    }

    /// Risks of the filter per level of `stage` (dashboard tiles, campaign snapshots),
    /// keyed by level code; `""` counts the risks not yet evaluated at that stage.
    pub(crate) async fn risk_level_counts(
        &self,
        org_id: Uuid,
        q: &RiskQuery,
        stage: Stage,
    ) -> AppResult<Vec<(String, u64)>> {
        let method = self.method_of(org_id).await?;
        let idx = self.dept_tree(org_id).await?;
        let mut q = q.clone();
        q.stage = Some(stage.code().to_owned());
        let f = q.filter(&method, &idx, self.today())?;
        let counts = mamori_store::risks::level_counts(self.store.conn(), org_id, &f).await?;
        let mut out: Vec<(String, u64)> = method
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let n = i16::try_from(i)
                    .ok()
                    .and_then(|i| counts.get(&Some(i)).copied())
                    .unwrap_or(0);
                (l.code.clone(), n)
            })
            .collect();
        out.push((String::new(), counts.get(&None).copied().unwrap_or(0)));
        Ok(out)
    }
}

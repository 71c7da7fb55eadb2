//! A risk as it is shown: the view lists, pages and the API serve, the figures of the
//! dashboard and the heat map, and what the audit log keeps of it.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::risk::{
    Acceptance, Factors, HeatMap, RiskLevel, RiskMethod, RiskStatus, Stage, Standing, Treatment,
    standing,
};
use mamori_store::entity::risk;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::row::{acceptance_of, stage_of};
use crate::AppResult;
use crate::departments::DeptIndex;
use crate::error::stored;

/// One evaluation as shown.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct StageView {
    /// `{"Ipa": {importance, likelihood, vulnerability}}` or `{"Matrix": {likelihood, impact}}`.
    #[schema(value_type = Object)]
    pub factors: Factors,
    /// IPA: 1–27; matrix: likelihood × impact.
    pub score: u8,
    pub level: RiskLevel,
    pub above_tolerance: bool,
}

/// One risk as lists, the risk page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RiskView {
    pub id: Uuid,
    /// `R-0001`
    pub number: String,
    pub title: String,
    pub description: String,
    pub department_id: Option<Uuid>,
    /// The department's path; empty for none.
    pub department: String,
    pub asset_group: String,
    /// How many assets are linked.
    pub assets: u64,
    pub threat_id: Option<Uuid>,
    /// The threat's name; empty for none.
    pub threat: String,
    pub vulnerability_id: Option<Uuid>,
    /// The vulnerability's name; empty for none.
    pub vulnerability: String,
    pub inherent: Option<StageView>,
    pub current: Option<StageView>,
    pub residual: Option<StageView>,
    /// `reduce`, `accept`, `transfer`, `avoid`.
    #[schema(value_type = Option<String>)]
    pub treatment: Option<Treatment>,
    pub treatment_note: String,
    /// As stored: `draft`, `open`, `closed`.
    #[schema(value_type = String)]
    pub status: RiskStatus,
    /// Today: `draft`, `open`, `closed`, or `review` (acceptance expired or review date
    /// passed).
    #[schema(value_type = String)]
    pub standing: Standing,
    pub owner_staff_id: Option<Uuid>,
    /// The responsible staff member's name; empty for none.
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub campaign_id: Option<Uuid>,
    pub acceptance: Option<Acceptance>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
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
    ) -> AppResult<Self> {
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
        let status = stored("risk status", &m.status, RiskStatus::from_code(&m.status))?;
        let acceptance = acceptance_of(m);
        let name = |map: &HashMap<Uuid, String>, id: Option<Uuid>| {
            id.and_then(|id| map.get(&id).cloned()).unwrap_or_default()
        };
        Ok(Self {
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
        })
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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct HeatMapView {
    /// `inherent`, `current` or `residual`.
    #[schema(value_type = String)]
    pub stage: Stage,
    pub map: HeatMap,
    /// Lowest first; a cell's `level` indexes them.
    pub levels: Vec<RiskLevel>,
    /// Index into `levels` of the highest level accepted without treatment.
    pub tolerance: usize,
}

/// What the audit log keeps of a risk: everything a reviewer compares.
#[derive(Debug, Clone, Serialize)]
pub(super) struct Snapshot {
    number: String,
    title: String,
    description: String,
    department_id: Option<Uuid>,
    asset_group: String,
    assets: Vec<Uuid>,
    threat_id: Option<Uuid>,
    vulnerability_id: Option<Uuid>,
    inherent: Option<Factors>,
    current: Option<Factors>,
    residual: Option<Factors>,
    residual_level: Option<i16>,
    treatment: Option<String>,
    treatment_note: String,
    status: String,
    owner_staff_id: Option<Uuid>,
    due_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    controls: Vec<Uuid>,
    acceptance: Option<Acceptance>,
}

pub(super) fn snapshot(
    m: &risk::Model,
    method: &RiskMethod,
    assets: &[Uuid],
    controls: &[Uuid],
) -> Snapshot {
    let f = |s| stage_of(m, s, method).map(|(f, _)| f);
    Snapshot {
        number: m.number.clone(),
        title: m.title.clone(),
        description: m.description.clone(),
        department_id: m.department_id,
        asset_group: m.asset_group.clone(),
        assets: assets.to_vec(),
        threat_id: m.threat_id,
        vulnerability_id: m.vulnerability_id,
        inherent: f(Stage::Inherent),
        current: f(Stage::Current),
        residual: f(Stage::Residual),
        residual_level: m.residual_level,
        treatment: m.treatment.clone(),
        treatment_note: m.treatment_note.clone(),
        status: m.status.clone(),
        owner_staff_id: m.owner_staff_id,
        due_on: m.due_on,
        review_on: m.review_on,
        controls: controls.to_vec(),
        acceptance: acceptance_of(m),
    }
}

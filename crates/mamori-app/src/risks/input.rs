//! A risk as a form or the API sends it: the raw input, its checks against the
//! organization's data (departments, assets, catalogs, staff, controls), and what a
//! checked input writes into a row.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::risk::{Factors, RiskMethod, Stage, Treatment};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::risk;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::row::set_stage;
use crate::departments::{DeptIndex, optional_date};
use crate::{App, AppResult};

/// One evaluation as entered: the IPA factors (importance, likelihood and
/// vulnerability, 1–3), or likelihood and impact for a matrix. All empty means "not
/// evaluated yet".
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
#[serde(default)]
pub struct StageInput {
    pub importance: Option<u8>,
    pub likelihood: Option<u8>,
    pub vulnerability: Option<u8>,
    pub impact: Option<u8>,
}

impl StageInput {
    fn is_empty(&self) -> bool {
        *self == Self::default()
    }

    pub fn of(f: Factors) -> Self {
        match f {
            Factors::Ipa {
                importance,
                likelihood,
                vulnerability,
            } => Self {
                importance: Some(importance),
                likelihood: Some(likelihood),
                vulnerability: Some(vulnerability),
                impact: None,
            },
            Factors::Matrix { likelihood, impact } => Self {
                likelihood: Some(likelihood),
                impact: Some(impact),
                ..Self::default()
            },
        }
    }

    /// The factors, or the fields missing (named `stage.field`).
    fn factors(&self, stage: Stage, method: &RiskMethod) -> Result<Option<Factors>, Invalid> {
        if self.is_empty() {
            return Ok(None);
        }
        let mut inv = Invalid::new();
        let mut need = |name: &str, v: Option<u8>| {
            v.unwrap_or_else(|| {
                inv.push(FieldError::new(
                    format!("{}.{name}", stage.code()),
                    format!("{}の評価に必要な値が入力されていません。", stage.label_ja()),
                    format!(
                        "A value the {} evaluation needs is missing.",
                        stage.label_en().to_lowercase()
                    ),
                ));
                0
            })
        };
        let f = if method.is_ipa() {
            Factors::Ipa {
                importance: need("importance", self.importance),
                likelihood: need("likelihood", self.likelihood),
                vulnerability: need("vulnerability", self.vulnerability),
            }
        } else {
            Factors::Matrix {
                likelihood: need("likelihood", self.likelihood),
                impact: need("impact", self.impact),
            }
        };
        inv.into_result()?;
        Ok(Some(f))
    }
}

/// A risk as a form or the API sends it. References are by number or code as people
/// write them (asset `A-000123`, threat `T-MISSEND`, employee number, control `AC-0001`).
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct RiskInput {
    pub title: String,
    pub description: String,
    /// Department id, code or path; empty for none.
    pub department: String,
    /// Asset numbers.
    pub assets: Vec<String>,
    /// A group of assets in words ("LGWAN 接続系の全端末").
    pub asset_group: String,
    /// Threat code (`T-MISSEND`), id or name.
    pub threat: String,
    /// Vulnerability code, id or name; empty for none.
    pub vulnerability: String,
    pub inherent: StageInput,
    pub current: StageInput,
    pub residual: StageInput,
    /// 低減/受容/移転/回避 or reduce/accept/transfer/avoid.
    pub treatment: String,
    pub treatment_note: String,
    /// Employee number, name or id of the responsible staff member.
    pub owner: String,
    /// A date (ISO or 和暦), or empty.
    pub due_on: String,
    /// A date (ISO or 和暦), or empty.
    pub review_on: String,
    /// Applied controls (numbers) that treat the risk.
    pub controls: Vec<String>,
}

/// An input resolved against the organization's data.
pub(super) struct Resolved {
    pub(super) department_id: Option<Uuid>,
    pub(super) assets: Vec<Uuid>,
    threat_id: Option<Uuid>,
    vulnerability_id: Option<Uuid>,
    stages: [Option<Factors>; 3],
    treatment: Option<Treatment>,
    owner: Option<Uuid>,
    due_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    pub(super) controls: Vec<Uuid>,
}

impl App {
    pub(super) async fn resolve_risk(
        &self,
        org_id: Uuid,
        input: &RiskInput,
        idx: &DeptIndex,
        method: &RiskMethod,
    ) -> AppResult<Resolved> {
        let conn = self.store.conn();
        let mut inv = Invalid::new();
        if input.title.trim().is_empty() {
            inv.push(FieldError::new(
                "title",
                "リスクの名称を入力してください。",
                "Enter a title for the risk.",
            ));
        } else if input.title.chars().count() > 200 {
            inv.push(FieldError::new(
                "title",
                "名称は200文字以内にしてください。",
                "Keep the title within 200 characters.",
            ));
        }
        let department_id = match input.department.trim() {
            "" => None,
            d => idx
                .resolve(d)
                .map(|d| d.id)
                .map_err(|p| inv.push(p.at("department")))
                .ok(),
        };
        let refs: Vec<String> = input
            .assets
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        let found = mamori_store::assets::by_numbers(conn, org_id, &refs).await?;
        let by_number: HashMap<&str, Uuid> =
            found.iter().map(|a| (a.number.as_str(), a.id)).collect();
        let mut assets = Vec::new();
        for r in &refs {
            match by_number.get(r.as_str()) {
                Some(id) => assets.push(*id),
                None => inv.push(FieldError::new(
                    "assets",
                    format!("情報資産「{r}」が見つかりません。"),
                    format!("No asset numbered \"{r}\"."),
                )),
            }
        }
        assets.sort();
        assets.dedup();
        let threats = mamori_store::risks::threats(conn, org_id).await?;
        let threat_id = match input.threat.trim() {
            "" => {
                inv.push(FieldError::new(
                    "threat",
                    "脅威を選んでください。",
                    "Choose a threat.",
                ));
                None
            }
            t => {
                let hit = threats
                    .iter()
                    .find(|x| x.code == t || x.id.to_string() == t || x.name_ja == t);
                if hit.is_none() {
                    inv.push(FieldError::new(
                        "threat",
                        format!("脅威「{t}」は脅威カタログにありません。"),
                        format!("\"{t}\" is not in the threat catalog."),
                    ));
                }
                hit.map(|x| x.id)
            }
        };
        let vulns = mamori_store::risks::vulnerabilities(conn, org_id).await?;
        let vulnerability_id = match input.vulnerability.trim() {
            "" => None,
            v => {
                let hit = vulns
                    .iter()
                    .find(|x| x.code == v || x.id.to_string() == v || x.name_ja == v);
                if hit.is_none() {
                    inv.push(FieldError::new(
                        "vulnerability",
                        format!("脆弱性「{v}」は脆弱性カタログにありません。"),
                        format!("\"{v}\" is not in the vulnerability catalog."),
                    ));
                }
                hit.map(|x| x.id)
            }
        };
        let mut stages = [None; 3];
        for (i, (stage, s)) in [
            (Stage::Inherent, &input.inherent),
            (Stage::Current, &input.current),
            (Stage::Residual, &input.residual),
        ]
        .into_iter()
        .enumerate()
        {
            match s.factors(stage, method) {
                Ok(Some(f)) => match method.evaluate(f) {
                    Ok(_) => stages[i] = Some(f),
                    Err(mut e) => {
                        e.field = format!("{}.{}", stage.code(), e.field);
                        inv.push(e);
                    }
                },
                Ok(None) => {}
                Err(e) => e.0.into_iter().for_each(|x| inv.push(x)),
            }
        }
        let treatment = match input.treatment.trim() {
            "" => None,
            t => Treatment::parse(t)
                .map_err(|p| inv.push(p.at("treatment")))
                .ok(),
        };
        let owner = self
            .resolve_staff(org_id, &input.owner, "owner", &mut inv)
            .await?;
        let due_on = optional_date(&mut inv, "due_on", &input.due_on);
        let review_on = optional_date(&mut inv, "review_on", &input.review_on);
        let mut controls = Vec::new();
        let wanted: Vec<&str> = input
            .controls
            .iter()
            .map(|c| c.trim())
            .filter(|c| !c.is_empty())
            .collect();
        if !wanted.is_empty() {
            let all = mamori_store::controls::applied(conn, org_id, &Default::default()).await?;
            for w in wanted {
                match all.iter().find(|c| c.number == w || c.id.to_string() == w) {
                    Some(c) => controls.push(c.id),
                    None => inv.push(FieldError::new(
                        "controls",
                        format!("管理策「{w}」が見つかりません。"),
                        format!("No applied control \"{w}\"."),
                    )),
                }
            }
        }
        controls.sort();
        controls.dedup();
        inv.into_result()?;
        Ok(Resolved {
            department_id,
            assets,
            threat_id,
            vulnerability_id,
            stages,
            treatment,
            owner,
            due_on,
            review_on,
            controls,
        })
    }
}

/// Writes a checked input into a row (new or stored).
pub(super) fn apply(
    m: &mut risk::Model,
    input: &RiskInput,
    r: &Resolved,
    method: &RiskMethod,
) -> Result<(), FieldError> {
    m.title = input.title.trim().to_owned();
    m.description = input.description.trim().to_owned();
    m.department_id = r.department_id;
    m.asset_group = input.asset_group.trim().to_owned();
    m.threat_id = r.threat_id;
    m.vulnerability_id = r.vulnerability_id;
    for (stage, f) in [Stage::Inherent, Stage::Current, Stage::Residual]
        .into_iter()
        .zip(r.stages)
    {
        set_stage(m, stage, method, f)?;
    }
    m.treatment = r.treatment.map(|t| t.code().to_owned());
    m.treatment_note = input.treatment_note.trim().to_owned();
    m.owner_staff_id = r.owner;
    m.due_on = r.due_on;
    m.review_on = r.review_on;
    Ok(())
}

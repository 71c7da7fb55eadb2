//! Assessing and treating risks: create, edit, accept, close and reopen. Each write is
//! authorized for the risk's department, checked by the domain's rules, and audited
//! with the fields it changed.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::risk::{
    Acceptance, Evaluation, Factors, RiskMethod, RiskStatus, Stage, Treatment, close_check,
};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{risk, risk_asset, risk_control};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{RiskView, acceptance_of, stage_of};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult};

/// One evaluation as entered: the IPA factors, or likelihood and impact for a matrix.
/// All empty means "not evaluated yet".
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq)]
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
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct RiskInput {
    pub title: String,
    pub description: String,
    /// Department id, code or path; empty for none.
    pub department: String,
    pub assets: Vec<String>,
    /// A group of assets in words ("LGWAN 接続系の全端末").
    pub asset_group: String,
    pub threat: String,
    pub vulnerability: String,
    pub inherent: StageInput,
    pub current: StageInput,
    pub residual: StageInput,
    pub treatment: String,
    pub treatment_note: String,
    /// Employee number, name or id of the responsible staff member.
    pub owner: String,
    pub due_on: String,
    pub review_on: String,
    /// Applied controls (numbers) that treat the risk.
    pub controls: Vec<String>,
}

/// Writes one stage's evaluation into the row (or clears it).
pub(crate) fn set_stage(
    m: &mut risk::Model,
    stage: Stage,
    method: &RiskMethod,
    factors: Option<Factors>,
) -> Result<Option<Evaluation>, FieldError> {
    let e = factors
        .map(|f| method.evaluate(f))
        .transpose()
        .map_err(|mut e| {
            e.field = format!("{}.{}", stage.code(), e.field);
            e
        })?;
    let cols = match (factors, e) {
        (Some(f), Some(e)) => {
            let (f1, f2, f3) = f.to_columns();
            let (x, y) = method.cell(f);
            [
                Some(i16::from(f1)),
                Some(i16::from(f2)),
                f3.map(i16::from),
                Some(i16::from(e.score)),
                i16::try_from(e.level).ok(),
                Some(i16::from(x)),
                Some(i16::from(y)),
            ]
        }
        _ => [None; 7],
    };
    let [f1, f2, f3, score, level, x, y] = cols;
    match stage {
        Stage::Inherent => {
            (m.inherent_f1, m.inherent_f2, m.inherent_f3) = (f1, f2, f3);
            (
                m.inherent_score,
                m.inherent_level,
                m.inherent_x,
                m.inherent_y,
            ) = (score, level, x, y);
        }
        Stage::Current => {
            (m.current_f1, m.current_f2, m.current_f3) = (f1, f2, f3);
            (m.current_score, m.current_level, m.current_x, m.current_y) = (score, level, x, y);
        }
        Stage::Residual => {
            (m.residual_f1, m.residual_f2, m.residual_f3) = (f1, f2, f3);
            (
                m.residual_score,
                m.residual_level,
                m.residual_x,
                m.residual_y,
            ) = (score, level, x, y);
        }
    }
    Ok(e)
}

/// What the audit log keeps of a risk: everything a reviewer compares.
#[derive(Debug, Clone, Serialize)]
struct Snapshot {
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

fn snapshot(m: &risk::Model, method: &RiskMethod, assets: &[Uuid], controls: &[Uuid]) -> Snapshot {
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

/// Risk numbers: `R-0001`, per organization.
pub(crate) fn risk_number(seq: i64) -> String {
    format!("R-{seq:04}")
}

/// An input resolved against the organization's data.
struct Resolved {
    department_id: Option<Uuid>,
    assets: Vec<Uuid>,
    threat_id: Option<Uuid>,
    vulnerability_id: Option<Uuid>,
    stages: [Option<Factors>; 3],
    treatment: Option<Treatment>,
    owner: Option<Uuid>,
    due_on: Option<NaiveDate>,
    review_on: Option<NaiveDate>,
    controls: Vec<Uuid>,
}

/// An optional date as typed (西暦 or 和暦); a bad one is pushed to `inv` under `field`.
pub(crate) fn date(field: &str, s: &str, inv: &mut Invalid) -> Option<NaiveDate> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    mamori_domain::wareki::parse_date(s)
        .map_err(|p| inv.push(p.at(field)))
        .ok()
}

impl App {
    async fn resolve_risk(
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
        let due_on = date("due_on", &input.due_on, &mut inv);
        let review_on = date("review_on", &input.review_on, &mut inv);
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

    /// Records a new risk (open: assessed by whoever entered it).
    pub async fn create_risk(&self, actor: &Actor, input: &RiskInput) -> AppResult<RiskView> {
        self.authorize(actor, Capability::CreateRisks).await?;
        self.seed_threat_catalog_once(actor.org_id).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let r = self
            .resolve_risk(actor.org_id, input, &idx, &method)
            .await?;
        self.authorize(
            actor,
            Capability::EditRisk {
                department: r.department_id,
            },
        )
        .await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let seq = mamori_store::risks::max_seq(&*tx, actor.org_id).await? + 1;
        let now = self.now();
        let mut m = blank(self.new_id(), actor.org_id, seq, now);
        apply(&mut m, input, &r, &method)?;
        m.status = RiskStatus::Open.code().into();
        mamori_store::risks::insert_many(&*tx, vec![m.clone()]).await?;
        self.write_links(&*tx, actor.org_id, m.id, &r).await?;
        let after = snapshot(&m, &method, &r.assets, &r.controls);
        self.audit_change(
            &*tx,
            actor,
            "risk.create",
            ("risk", m.id),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        self.risk(actor, m.id).await
    }

    async fn write_links<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        risk_id: Uuid,
        r: &Resolved,
    ) -> AppResult<()> {
        let assets = r
            .assets
            .iter()
            .map(|a| risk_asset::Model {
                id: self.new_id(),
                org_id,
                risk_id,
                asset_id: *a,
            })
            .collect();
        mamori_store::risks::set_assets(conn, assets, org_id, risk_id).await?;
        let controls = r
            .controls
            .iter()
            .map(|c| risk_control::Model {
                id: self.new_id(),
                org_id,
                risk_id,
                applied_control_id: *c,
            })
            .collect();
        mamori_store::risks::set_controls(conn, controls, org_id, risk_id).await?;
        Ok(())
    }

    /// Edits a risk. A draft becomes open once someone saves its assessment. Raising
    /// the residual level voids an acceptance (it accepted less); a closed risk that no
    /// longer meets the closing rule is reopened.
    pub async fn update_risk(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &RiskInput,
    ) -> AppResult<RiskView> {
        // Refuse before reading what was sent: who may edit depends on the stored risk.
        let current = mamori_store::risks::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditRisk {
                department: current.department_id,
            },
        )
        .await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let r = self
            .resolve_risk(actor.org_id, input, &idx, &method)
            .await?;
        let tx = self.store.begin_write().await?;
        let old = mamori_store::risks::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        for d in [old.department_id, r.department_id] {
            let cap = Capability::EditRisk { department: d };
            if !actor.can(cap) {
                drop(tx);
                return Err(self.deny(actor, cap).await);
            }
        }
        let old_assets = mamori_store::risks::asset_ids(&*tx, actor.org_id, id).await?;
        let old_controls = mamori_store::risks::control_ids(&*tx, actor.org_id, id).await?;
        let mut m = old.clone();
        apply(&mut m, input, &r, &method)?;
        if m.status == RiskStatus::Draft.code() {
            m.status = RiskStatus::Open.code().into();
        }
        if m.residual_level.unwrap_or(i16::MAX) > old.residual_level.unwrap_or(i16::MAX)
            || m.residual_level.is_none()
        {
            clear_acceptance(&mut m);
        }
        if m.status == RiskStatus::Closed.code() && closable(&m, &method, self.today()).is_err() {
            m.status = RiskStatus::Open.code().into();
        }
        m.updated_at = self.now();
        mamori_store::risks::update(&*tx, m.clone()).await?;
        self.write_links(&*tx, actor.org_id, id, &r).await?;
        let before = snapshot(&old, &method, &old_assets, &old_controls);
        let after = snapshot(&m, &method, &r.assets, &r.controls);
        self.audit_change(
            &*tx,
            actor,
            "risk.update",
            ("risk", id),
            Some(&before),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }

    /// Formally accepts a risk's residual level, by the organization's designated
    /// acceptor, with a reason and an expiry.
    pub async fn accept_risk(
        &self,
        actor: &Actor,
        id: Uuid,
        reason: &str,
        expires_on: &str,
    ) -> AppResult<RiskView> {
        let method = self.method_of(actor.org_id).await?;
        self.authorize(
            actor,
            Capability::AcceptRisk {
                acceptor: method.acceptor,
            },
        )
        .await?;
        let mut inv = Invalid::new();
        let expires = date("acceptance_expires_on", expires_on, &mut inv);
        inv.into_result()?;
        let acceptance = Acceptance::new(actor.label.clone(), self.today(), reason, expires)?;
        let tx = self.store.begin_write().await?;
        let old = mamori_store::risks::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        if old.residual_level.is_none() {
            return Err(AppError::field(
                "residual",
                "受容する前に残留リスクを評価してください。",
                "Evaluate the residual risk before accepting it.",
            ));
        }
        let mut m = old.clone();
        m.accepted_by = acceptance.by.clone();
        m.accepted_on = Some(acceptance.on);
        m.acceptance_reason = acceptance.reason.clone();
        m.acceptance_expires_on = Some(acceptance.expires_on);
        m.updated_at = self.now();
        mamori_store::risks::update(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "risk.accept",
            ("risk", id),
            acceptance_of(&old).as_ref(),
            Some(&acceptance),
        )
        .await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }

    /// Closes a risk: refused, with the reason, unless the domain's closing rule holds.
    pub async fn close_risk(&self, actor: &Actor, id: Uuid) -> AppResult<RiskView> {
        self.set_risk_status(actor, id, RiskStatus::Closed).await
    }

    /// Reopens a closed risk (for a new assessment).
    pub async fn reopen_risk(&self, actor: &Actor, id: Uuid) -> AppResult<RiskView> {
        self.set_risk_status(actor, id, RiskStatus::Open).await
    }

    async fn set_risk_status(
        &self,
        actor: &Actor,
        id: Uuid,
        status: RiskStatus,
    ) -> AppResult<RiskView> {
        let method = self.method_of(actor.org_id).await?;
        let tx = self.store.begin_write().await?;
        let old = mamori_store::risks::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cap = Capability::EditRisk {
            department: old.department_id,
        };
        if !actor.can(cap) {
            drop(tx);
            return Err(self.deny(actor, cap).await);
        }
        if status == RiskStatus::Closed {
            closable(&old, &method, self.today())?;
        }
        let mut m = old.clone();
        m.status = status.code().into();
        m.updated_at = self.now();
        mamori_store::risks::update(&*tx, m).await?;
        let action = if status == RiskStatus::Closed {
            "risk.close"
        } else {
            "risk.reopen"
        };
        self.audit(
            &*tx,
            actor,
            action,
            "risk",
            &id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "status".into(),
                before: Some(serde_json::json!(old.status)),
                after: Some(serde_json::json!(status.code())),
            }],
        )
        .await?;
        tx.commit().await?;
        self.risk(actor, id).await
    }
}

fn closable(m: &risk::Model, method: &RiskMethod, today: NaiveDate) -> Result<(), Invalid> {
    let residual = stage_of(m, Stage::Residual, method).map(|(_, e)| e);
    let treatment = m
        .treatment
        .as_deref()
        .and_then(|t| Treatment::parse(t).ok());
    close_check(
        method,
        residual,
        treatment,
        acceptance_of(m).as_ref(),
        today,
    )
}

fn clear_acceptance(m: &mut risk::Model) {
    m.accepted_by.clear();
    m.accepted_on = None;
    m.acceptance_reason.clear();
    m.acceptance_expires_on = None;
}

pub(crate) fn blank(
    id: Uuid,
    org_id: Uuid,
    seq: i64,
    now: chrono::DateTime<chrono::Utc>,
) -> risk::Model {
    risk::Model {
        id,
        org_id,
        number: risk_number(seq),
        number_seq: Some(seq),
        title: String::new(),
        description: String::new(),
        department_id: None,
        asset_group: String::new(),
        threat_id: None,
        vulnerability_id: None,
        inherent_f1: None,
        inherent_f2: None,
        inherent_f3: None,
        inherent_score: None,
        inherent_level: None,
        inherent_x: None,
        inherent_y: None,
        current_f1: None,
        current_f2: None,
        current_f3: None,
        current_score: None,
        current_level: None,
        current_x: None,
        current_y: None,
        residual_f1: None,
        residual_f2: None,
        residual_f3: None,
        residual_score: None,
        residual_level: None,
        residual_x: None,
        residual_y: None,
        treatment: None,
        treatment_note: String::new(),
        status: RiskStatus::Draft.code().into(),
        owner_staff_id: None,
        due_on: None,
        review_on: None,
        campaign_id: None,
        accepted_by: String::new(),
        accepted_on: None,
        acceptance_reason: String::new(),
        acceptance_expires_on: None,
        created_at: now,
        updated_at: now,
    }
}

fn apply(
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

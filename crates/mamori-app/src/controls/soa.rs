//! The Statement of Applicability (適用宣言書) per catalog, and the risk treatment plan.
//!
//! The SoA lists every control of a catalog that stands alone (the leaves of its tree):
//! whether it applies, why, how far it is implemented, and the evidence. Applicability
//! and its justification are edited per control; implementation and evidence come from
//! the applied controls that reference it, so the SoA can never disagree with them.
//! The committee approves versions; each approved version is frozen as it stood.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::catalog::Catalog;
use mamori_domain::control::{ImplementationStatus, aggregate_status};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{soa_entry, soa_version};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// One control of the SoA.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
pub struct SoaRow {
    pub control: String,
    pub title_ja: String,
    pub title_en: String,
    /// The chain of parents, for grouping (`GV > GV.OC`).
    pub section: String,
    /// Null until someone decides.
    pub applicable: Option<bool>,
    pub justification: String,
    /// Worked out from the applied controls; null when no applied control covers it.
    #[schema(value_type = Option<String>)]
    pub status: Option<ImplementationStatus>,
    /// `AC-0001 name` of each applied control that implements it.
    pub applied: Vec<String>,
    pub evidence: usize,
    pub stale_evidence: usize,
}

/// An approved version of the SoA.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
pub struct SoaVersionView {
    pub version: i32,
    pub approved_on: Option<NaiveDate>,
    pub approved_by: String,
    pub note: String,
}

/// A catalog's Statement of Applicability as it stands, with its counts and approved
/// versions.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SoaView {
    pub catalog: String,
    pub name_ja: String,
    pub name_en: String,
    pub rows: Vec<SoaRow>,
    pub applicable: usize,
    pub not_applicable: usize,
    pub undecided: usize,
    pub implemented: usize,
    pub versions: Vec<SoaVersionView>,
}

/// The SoA as a document to print: the current draft or an approved version, with
/// the organization and catalog it belongs to.
#[derive(Debug, Clone, Serialize)]
pub struct SoaDocument {
    pub org_name: String,
    pub catalog: String,
    pub name_ja: String,
    pub name_en: String,
    /// None: the SoA as it stands today (a draft unless just approved).
    pub version: Option<SoaVersionView>,
    /// The newest approved version, if any.
    pub latest: Option<i32>,
    pub rows: Vec<SoaRow>,
}

/// The columns of the SoA export, in order (ja / en).
pub const SOA_HEADERS: [&str; 9] = [
    "管理策 / Control",
    "名称 / Title",
    "区分 / Section",
    "適用 / Applicable",
    "理由 / Justification",
    "実施状況 / Status",
    "実施している管理策 / Applied controls",
    "証跡 / Evidence",
    "期限切れの証跡 / Stale evidence",
];

/// The columns of the risk treatment plan export.
pub const PLAN_HEADERS: [&str; 11] = [
    "リスク番号 / Risk",
    "リスク / Title",
    "所属 / Department",
    "残留リスク / Residual",
    "対応 / Treatment",
    "管理策番号 / Control",
    "管理策 / Applied control",
    "実施状況 / Status",
    "担当所属 / Owner department",
    "担当者 / Owner",
    "期限 / Due",
];

fn section_of(c: &Catalog, id: &str) -> String {
    let mut chain = Vec::new();
    let mut cur = c.control(id).map(|x| x.parent.clone()).unwrap_or_default();
    while !cur.is_empty() && chain.len() < 16 {
        chain.push(cur.clone());
        cur = c
            .control(&cur)
            .map(|x| x.parent.clone())
            .unwrap_or_default();
    }
    chain.reverse();
    chain.join(" > ")
}

impl SoaRow {
    /// The row as exported (Japanese labels; English follows in the headers).
    pub fn cells(&self) -> Vec<String> {
        vec![
            self.control.clone(),
            self.title_ja.clone(),
            self.section.clone(),
            match self.applicable {
                Some(true) => "適用".into(),
                Some(false) => "適用除外".into(),
                None => "未決定".into(),
            },
            self.justification.clone(),
            self.status
                .map_or("未対応".to_owned(), |s| s.label_ja().to_owned()),
            self.applied.join("\n"),
            self.evidence.to_string(),
            self.stale_evidence.to_string(),
        ]
    }
}

impl App {
    /// The SoA of a catalog as it stands today.
    pub async fn soa(&self, actor: &Actor, catalog: &str) -> AppResult<SoaView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let conn = self.store.conn();
        let org_id = actor.org_id;
        let c = self.catalog(org_id, catalog).await?;
        let entries: HashMap<String, soa_entry::Model> =
            mamori_store::controls::soa_entries(conn, org_id, catalog)
                .await?
                .into_iter()
                .map(|e| (e.control.clone(), e))
                .collect();
        let refs = mamori_store::controls::refs_of_catalog(conn, org_id, catalog).await?;
        let mut ids: Vec<Uuid> = refs.iter().map(|(_, id)| *id).collect();
        ids.sort();
        ids.dedup();
        let applied: HashMap<Uuid, _> = mamori_store::controls::applied_by_ids(conn, org_id, &ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let today = self.today();
        let mut evidence: HashMap<Uuid, (usize, usize)> = HashMap::new();
        for e in mamori_store::controls::evidence_of(conn, org_id, &ids).await? {
            let slot = evidence.entry(e.applied_control_id).or_default();
            slot.0 += 1;
            if mamori_domain::control::evidence_stale(e.expires_on, today) {
                slot.1 += 1;
            }
        }
        let mut by_control: HashMap<&str, Vec<Uuid>> = HashMap::new();
        for (ctl, id) in &refs {
            by_control.entry(ctl.as_str()).or_default().push(*id);
        }
        let leaves: std::collections::HashSet<&str> = c.leaves().map(|l| l.id.as_str()).collect();
        let mut rows = Vec::new();
        for ctl in c
            .ordered()
            .into_iter()
            .filter(|x| leaves.contains(x.id.as_str()))
        {
            let e = entries.get(&ctl.id);
            let mine: Vec<_> = by_control
                .get(ctl.id.as_str())
                .map(|v| v.iter().filter_map(|id| applied.get(id)).collect())
                .unwrap_or_default();
            let statuses: Vec<ImplementationStatus> = mine
                .iter()
                .filter_map(|a| ImplementationStatus::parse(&a.status).ok())
                .collect();
            let (ev, stale) = mine.iter().fold((0, 0), |acc, a| {
                let (n, s) = evidence.get(&a.id).copied().unwrap_or_default();
                (acc.0 + n, acc.1 + s)
            });
            rows.push(SoaRow {
                control: ctl.id.clone(),
                title_ja: ctl.title_ja.clone(),
                title_en: ctl.title_en.clone(),
                section: section_of(&c, &ctl.id),
                applicable: e.map(|e| e.applicable),
                justification: e.map(|e| e.justification.clone()).unwrap_or_default(),
                status: aggregate_status(&statuses),
                applied: mine
                    .iter()
                    .map(|a| format!("{} {}", a.number, a.name))
                    .collect(),
                evidence: ev,
                stale_evidence: stale,
            });
        }
        let versions = mamori_store::controls::soa_versions(conn, org_id, catalog)
            .await?
            .into_iter()
            .map(|v| SoaVersionView {
                version: v.version,
                approved_on: v.approved_on,
                approved_by: v.approved_by,
                note: v.note,
            })
            .collect();
        Ok(SoaView {
            catalog: c.meta.id.clone(),
            name_ja: c.meta.name_ja.clone(),
            name_en: c.meta.name_en.clone(),
            applicable: rows.iter().filter(|r| r.applicable == Some(true)).count(),
            not_applicable: rows.iter().filter(|r| r.applicable == Some(false)).count(),
            undecided: rows.iter().filter(|r| r.applicable.is_none()).count(),
            implemented: rows
                .iter()
                .filter(|r| r.status == Some(ImplementationStatus::Implemented))
                .count(),
            rows,
            versions,
        })
    }

    /// Decides whether one control applies. Excluding a control needs a reason.
    pub async fn set_soa_entry(
        &self,
        actor: &Actor,
        catalog: &str,
        control: &str,
        applicable: bool,
        justification: &str,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageCatalogs).await?;
        let c = self.catalog(actor.org_id, catalog).await?;
        if c.control(control).is_none() {
            return Err(AppError::NotFound);
        }
        let justification = justification.trim();
        if !applicable && justification.is_empty() {
            return Err(AppError::field(
                "justification",
                "適用除外とする理由を入力してください。",
                "Give the reason the control does not apply.",
            ));
        }
        let tx = self.store.begin_write().await?;
        let old = mamori_store::controls::soa_entries(&*tx, actor.org_id, catalog)
            .await?
            .into_iter()
            .find(|e| e.control == control);
        mamori_store::controls::save_soa_entry(
            &*tx,
            soa_entry::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                catalog: catalog.into(),
                control: control.into(),
                applicable,
                justification: justification.into(),
                updated_at: self.now(),
            },
        )
        .await?;
        self.audit(&*tx, actor, "soa.update", "soa", &format!("{catalog}:{control}"), mamori_domain::audit::diff(
            old.map(|o| serde_json::json!({"applicable": o.applicable, "justification": o.justification})).as_ref(),
            Some(&serde_json::json!({"applicable": applicable, "justification": justification})),
        ))
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Freezes the SoA as the committee approved it, as the next version.
    pub async fn approve_soa(
        &self,
        actor: &Actor,
        catalog: &str,
        approved_on: &str,
        approved_by: &str,
        note: &str,
    ) -> AppResult<i32> {
        self.authorize(actor, Capability::ApproveSoa).await?;
        let mut inv = Invalid::new();
        let on = mamori_domain::wareki::parse_date(approved_on)
            .map_err(|p| inv.push(p.at("approved_on")))
            .ok();
        if approved_by.trim().is_empty() {
            inv.push(FieldError::new(
                "approved_by",
                "承認した会議体を入力してください（例: 情報セキュリティ委員会）。",
                "Name the body that approved it (e.g. the security committee).",
            ));
        }
        inv.into_result()?;
        let view = self.soa(actor, catalog).await?;
        if view.undecided > 0 {
            return Err(AppError::field(
                "soa",
                format!(
                    "適用・適用除外が決まっていない管理策が{}件あります。すべて決めてから承認してください。",
                    view.undecided
                ),
                format!(
                    "{} controls are not yet decided; decide them all before approval.",
                    view.undecided
                ),
            ));
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let version = mamori_store::controls::soa_versions(&*tx, actor.org_id, catalog)
            .await?
            .first()
            .map_or(1, |v| v.version + 1);
        let body =
            serde_json::to_string(&view.rows).map_err(|e| AppError::Internal(e.to_string()))?;
        mamori_store::controls::insert_soa_version(
            &*tx,
            soa_version::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                catalog: catalog.into(),
                version,
                approved_on: on,
                approved_by: approved_by.trim().into(),
                note: note.trim().into(),
                body: body.clone(),
                created_at: self.now(),
            },
        )
        .await?;
        self.audit(&*tx, actor, "soa.approve", "soa", catalog, vec![mamori_domain::audit::Change {
            field: "version".into(),
            before: None,
            after: Some(serde_json::json!({"version": version, "approved_on": on, "approved_by": approved_by.trim(), "rows": view.rows.len(), "sha256": mamori_domain::evidence::sha256_hex(body.as_bytes())})),
        }])
        .await?;
        tx.commit().await?;
        Ok(version)
    }

    /// An approved version as it was frozen.
    pub async fn soa_version(
        &self,
        actor: &Actor,
        catalog: &str,
        version: i32,
    ) -> AppResult<(SoaVersionView, Vec<SoaRow>)> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let v = mamori_store::controls::soa_versions(self.store.conn(), actor.org_id, catalog)
            .await?
            .into_iter()
            .find(|v| v.version == version)
            .ok_or(AppError::NotFound)?;
        let rows = serde_json::from_str(&v.body).map_err(|e| AppError::Internal(e.to_string()))?;
        Ok((
            SoaVersionView {
                version: v.version,
                approved_on: v.approved_on,
                approved_by: v.approved_by,
                note: v.note,
            },
            rows,
        ))
    }

    /// The SoA as a printable document: today's (`version` None) or an approved one.
    pub async fn soa_document(
        &self,
        actor: &Actor,
        catalog: &str,
        version: Option<i32>,
    ) -> AppResult<SoaDocument> {
        let view = self.soa(actor, catalog).await?;
        let org = mamori_store::orgs::get(self.store.conn(), actor.org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let latest = view.versions.iter().map(|v| v.version).max();
        let (version, rows) = match version {
            Some(n) => {
                let (v, rows) = self.soa_version(actor, catalog, n).await?;
                (Some(v), rows)
            }
            None => (None, view.rows),
        };
        Ok(SoaDocument {
            org_name: org.name,
            catalog: view.catalog,
            name_ja: view.name_ja,
            name_en: view.name_en,
            version,
            latest,
            rows,
        })
    }

    /// The risk treatment plan: every risk under treatment with its planned controls,
    /// one row per (risk, control); a risk with none yet gets one row saying so.
    pub async fn treatment_plan(&self, actor: &Actor) -> AppResult<Vec<Vec<String>>> {
        let q = crate::risks::RiskQuery {
            standing: Some("active".into()),
            ..Default::default()
        };
        let risks = self.all_risks(actor, &q).await?;
        let links = mamori_store::risks::all_control_links(self.store.conn(), actor.org_id).await?;
        let mut by_risk: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (r, c) in links {
            by_risk.entry(r).or_default().push(c);
        }
        let controls = self
            .applied_controls(actor, &super::ControlQuery::default())
            .await?;
        let controls: HashMap<Uuid, &super::AppliedControlView> =
            controls.iter().map(|c| (c.id, c)).collect();
        let mut out = Vec::new();
        for r in risks.iter().filter(|r| {
            r.treatment.is_some() || r.residual.as_ref().is_some_and(|s| s.above_tolerance)
        }) {
            let head = vec![
                r.number.clone(),
                r.title.clone(),
                r.department.clone(),
                r.residual.as_ref().map_or(String::new(), |s| {
                    format!("{} ({})", s.level.label_ja, s.score)
                }),
                r.treatment
                    .map_or(String::new(), |t| t.label_ja().to_owned()),
            ];
            let mine: Vec<&&super::AppliedControlView> = by_risk
                .get(&r.id)
                .map(|v| v.iter().filter_map(|c| controls.get(c)).collect())
                .unwrap_or_default();
            if mine.is_empty() {
                let mut row = head.clone();
                row.extend([
                    "".into(),
                    "（管理策未設定）".into(),
                    String::new(),
                    String::new(),
                    r.owner.clone(),
                    r.due_on.map(|d| d.to_string()).unwrap_or_default(),
                ]);
                out.push(row);
            }
            for c in mine {
                let mut row = head.clone();
                row.extend([
                    c.number.clone(),
                    c.name.clone(),
                    c.status.label_ja().to_owned(),
                    c.department.clone(),
                    c.owner.clone(),
                    c.due_on
                        .or(r.due_on)
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                ]);
                out.push(row);
            }
        }
        Ok(out)
    }
}

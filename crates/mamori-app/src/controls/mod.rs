//! Control catalogs and the controls the organization applies (§8 of the basic
//! policy: human, physical, technical and operational measures).
//!
//! Catalogs are data: the built-in ones ship inside the binary (from `catalogs/`), and
//! an organization may import its own in the same TOML format, or a licensed version
//! of a built-in one (ISO/IEC 27001 titles), which then shadows the built-in for it.
//! Applied controls are what the city actually does, linked to catalog controls, risks
//! and assets, with evidence files (see [`evidence`]) and the Statement of
//! Applicability built from them (see [`soa`]).

pub mod evidence;
pub mod soa;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use mamori_domain::catalog::{Catalog, ControlCategory, builtin_catalog, builtin_catalogs};
use mamori_domain::control::{ImplementationStatus, evidence_stale, review_due};
use mamori_domain::{FieldError, Invalid};
use mamori_store::controls::ControlFilter;
use mamori_store::entity::{
    applied_control, applied_control_asset, applied_control_ref, catalog, risk_control,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

pub use evidence::EvidenceView;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A catalog as listed.
#[derive(Debug, Clone, Serialize)]
pub struct CatalogSummary {
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub version: String,
    pub source_ja: String,
    pub source_en: String,
    pub note_ja: String,
    pub note_en: String,
    pub builtin: bool,
    /// The organization imported its own version of a built-in catalog.
    pub imported: bool,
    pub controls: usize,
    pub levels: BTreeMap<String, usize>,
}

fn summary(c: &Catalog, builtin: bool, imported: bool) -> CatalogSummary {
    CatalogSummary {
        id: c.meta.id.clone(),
        name_ja: c.meta.name_ja.clone(),
        name_en: c.meta.name_en.clone(),
        version: c.meta.version.clone(),
        source_ja: c.meta.source_ja.clone(),
        source_en: c.meta.source_en.clone(),
        note_ja: c.meta.note_ja.clone(),
        note_en: c.meta.note_en.clone(),
        builtin,
        imported,
        controls: c.controls.len(),
        levels: c.count_by_level(),
    }
}

/// What importing a catalog did (or would do, on a dry run).
#[derive(Debug, Clone, Serialize)]
pub struct CatalogImport {
    pub id: String,
    pub controls: usize,
    pub replaced: bool,
    pub shadows_builtin: bool,
    /// References to catalog controls that do not exist (`control → ref`).
    pub unresolved: Vec<(String, String)>,
    pub committed: bool,
}

/// An applied control as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct AppliedControlInput {
    pub name: String,
    pub description: String,
    pub category: String,
    pub status: String,
    /// Department id, code or path.
    pub department: String,
    /// Employee number, name or id.
    pub owner: String,
    pub due_on: String,
    pub review_on: String,
    /// Catalog controls it implements, as `catalog:control` (`nist-csf-2.0:PR.AA-01`).
    pub implements: Vec<String>,
    /// Asset numbers it protects.
    pub assets: Vec<String>,
    /// Risk numbers it treats.
    pub risks: Vec<String>,
}

/// A catalog control an applied control implements, with its title when known.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ControlRef {
    pub catalog: String,
    pub control: String,
    pub title_ja: String,
    pub title_en: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct AppliedControlView {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub description: String,
    pub category: ControlCategory,
    pub status: ImplementationStatus,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub owner_staff_id: Option<Uuid>,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    pub review_due: bool,
    pub implements: Vec<ControlRef>,
    pub risks: Vec<(Uuid, String)>,
    pub assets: Vec<(Uuid, String)>,
    pub evidence: Vec<EvidenceView>,
    /// Some evidence has passed its expiry, or there is none for an implemented control.
    pub evidence_stale: bool,
}

/// A catalog with, for each of its controls, the applied controls implementing it
/// (`(id, "AC-0001 name")`).
#[derive(Debug, Clone, Serialize)]
pub struct CatalogView {
    pub catalog: Catalog,
    pub builtin: bool,
    pub applied: HashMap<String, Vec<(Uuid, String)>>,
}

/// Filters of the applied controls list.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(default)]
pub struct ControlQuery {
    pub q: Option<String>,
    pub status: Option<String>,
    pub department: Option<Uuid>,
    /// `catalog:control`
    pub implements: Option<String>,
}

fn split_ref(r: &str) -> Option<(String, String)> {
    let (c, id) = r.trim().split_once(':')?;
    (!c.trim().is_empty() && !id.trim().is_empty())
        .then(|| (c.trim().to_owned(), id.trim().to_owned()))
}

/// Applied control numbers: `AC-0001`, per organization.
fn control_number(seq: i64) -> String {
    format!("AC-{seq:04}")
}

impl App {
    /// The catalog `code` as this organization uses it: its own import, else the built-in.
    pub(crate) async fn catalog(&self, org_id: Uuid, code: &str) -> AppResult<Catalog> {
        if let Some(m) =
            mamori_store::controls::catalog_by_code(self.store.conn(), org_id, code).await?
            && let Ok(c) = Catalog::parse_toml(&m.body)
        {
            return Ok(c);
        }
        builtin_catalog(code).cloned().ok_or(AppError::NotFound)
    }

    /// Every catalog the organization can use: the built-in ones (or its own version of
    /// them) and the ones it imported.
    pub async fn catalogs(&self, actor: &Actor) -> AppResult<Vec<CatalogSummary>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let own: Vec<(catalog::Model, Catalog)> =
            mamori_store::controls::catalogs(self.store.conn(), actor.org_id)
                .await?
                .into_iter()
                .filter_map(|m| Catalog::parse_toml(&m.body).ok().map(|c| (m, c)))
                .collect();
        let mut out: Vec<CatalogSummary> = builtin_catalogs()
            .iter()
            .map(|b| match own.iter().find(|(_, c)| c.meta.id == b.meta.id) {
                Some((_, c)) => summary(c, true, true),
                None => summary(b, true, false),
            })
            .collect();
        out.extend(
            own.iter()
                .filter(|(_, c)| builtin_catalog(&c.meta.id).is_none())
                .map(|(_, c)| summary(c, false, true)),
        );
        Ok(out)
    }

    /// A catalog's controls in document order (the API's `/catalogs/{id}/controls`).
    pub async fn catalog_controls(&self, actor: &Actor, code: &str) -> AppResult<Catalog> {
        self.authorize(actor, Capability::ViewRisks).await?;
        self.catalog(actor.org_id, code).await
    }

    /// A catalog's page: its controls and the applied controls that implement each.
    pub async fn catalog_view(&self, actor: &Actor, code: &str) -> AppResult<CatalogView> {
        let catalog = self.catalog_controls(actor, code).await?;
        let mut applied: HashMap<String, Vec<(Uuid, String)>> = HashMap::new();
        for c in self
            .applied_controls(actor, &ControlQuery::default())
            .await?
        {
            for r in c.implements.iter().filter(|r| r.catalog == catalog.meta.id) {
                applied
                    .entry(r.control.clone())
                    .or_default()
                    .push((c.id, format!("{} {}", c.number, c.name)));
            }
        }
        Ok(CatalogView {
            builtin: builtin_catalog(&catalog.meta.id).is_some(),
            catalog,
            applied,
        })
    }

    /// Imports a catalog in Mamori's TOML format. A dry run checks it and reports what
    /// would change, writing nothing.
    pub async fn import_catalog(
        &self,
        actor: &Actor,
        text: &str,
        dry_run: bool,
    ) -> AppResult<CatalogImport> {
        self.authorize(actor, Capability::ManageCatalogs).await?;
        let c = Catalog::parse_toml(text)?;
        let mut known: Vec<Catalog> = Vec::new();
        for b in builtin_catalogs() {
            if b.meta.id != c.meta.id {
                known.push(self.catalog(actor.org_id, &b.meta.id).await?);
            }
        }
        let refs: Vec<&Catalog> = known.iter().collect();
        let unresolved = c
            .unresolved_refs(&refs)
            .into_iter()
            .map(|(a, b)| (a.to_owned(), b.to_owned()))
            .collect();
        let existing =
            mamori_store::controls::catalog_by_code(self.store.conn(), actor.org_id, &c.meta.id)
                .await?;
        let mut report = CatalogImport {
            id: c.meta.id.clone(),
            controls: c.controls.len(),
            replaced: existing.is_some(),
            shadows_builtin: builtin_catalog(&c.meta.id).is_some(),
            unresolved,
            committed: false,
        };
        if dry_run {
            return Ok(report);
        }
        let now = self.now();
        let tx = self.store.begin_write().await?;
        mamori_store::controls::save_catalog(
            &*tx,
            catalog::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                code: c.meta.id.clone(),
                body: c.to_toml(),
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        self.audit(&*tx, actor, "catalog.import", "catalog", &c.meta.id, vec![mamori_domain::audit::Change {
            field: "catalog".into(),
            before: existing.map(|e| serde_json::json!({"updated_at": e.updated_at})),
            after: Some(serde_json::json!({"id": c.meta.id, "version": c.meta.version, "controls": c.controls.len(), "sha256": mamori_domain::evidence::sha256_hex(text.as_bytes())})),
        }])
        .await?;
        tx.commit().await?;
        report.committed = true;
        Ok(report)
    }

    /// A catalog in the import format (the organization's version when it has one).
    pub async fn export_catalog(&self, actor: &Actor, code: &str) -> AppResult<String> {
        self.authorize(actor, Capability::ViewRisks).await?;
        Ok(self.catalog(actor.org_id, code).await?.to_toml())
    }

    /// Titles of catalog controls, for showing references.
    async fn ref_titles(
        &self,
        org_id: Uuid,
        refs: &[(String, String)],
    ) -> AppResult<Vec<ControlRef>> {
        let mut cache: HashMap<String, Option<Catalog>> = HashMap::new();
        let mut out = Vec::new();
        for (cat, ctl) in refs {
            if !cache.contains_key(cat) {
                cache.insert(cat.clone(), self.catalog(org_id, cat).await.ok());
            }
            let c = cache
                .get(cat)
                .and_then(|c| c.as_ref())
                .and_then(|c| c.control(ctl));
            out.push(ControlRef {
                catalog: cat.clone(),
                control: ctl.clone(),
                title_ja: c.map(|c| c.title_ja.clone()).unwrap_or_default(),
                title_en: c.map(|c| c.title_en.clone()).unwrap_or_default(),
            });
        }
        Ok(out)
    }

    /// The applied controls matching `q`, by number.
    pub async fn applied_controls(
        &self,
        actor: &Actor,
        q: &ControlQuery,
    ) -> AppResult<Vec<AppliedControlView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let mut f = ControlFilter {
            q: q.q.clone(),
            departments: q.department.map(|d| idx.subtree(d).into_iter().collect()),
            implements: q.implements.as_deref().and_then(split_ref),
            ..ControlFilter::default()
        };
        if let Some(s) = q.status.as_deref().filter(|s| !s.is_empty()) {
            f.status = Some(
                ImplementationStatus::parse(s)
                    .map_err(|p| p.at("status"))?
                    .code()
                    .to_owned(),
            );
        }
        let rows = mamori_store::controls::applied(self.store.conn(), actor.org_id, &f).await?;
        self.control_views(actor.org_id, rows, false).await
    }

    pub async fn applied_control(&self, actor: &Actor, id: Uuid) -> AppResult<AppliedControlView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let m = mamori_store::controls::get_applied(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.control_views(actor.org_id, vec![m], true)
            .await?
            .pop()
            .ok_or(AppError::NotFound)
    }

    async fn control_views(
        &self,
        org_id: Uuid,
        rows: Vec<applied_control::Model>,
        links: bool,
    ) -> AppResult<Vec<AppliedControlView>> {
        let conn = self.store.conn();
        let idx = self.dept_tree(org_id).await?;
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let mut refs = mamori_store::controls::refs(conn, org_id, &ids).await?;
        let mut evidence: HashMap<Uuid, Vec<EvidenceView>> = HashMap::new();
        let today = self.today();
        for e in mamori_store::controls::evidence_of(conn, org_id, &ids).await? {
            evidence
                .entry(e.applied_control_id)
                .or_default()
                .push(EvidenceView::new(e, today));
        }
        let mut owners: Vec<Uuid> = rows.iter().filter_map(|r| r.owner_staff_id).collect();
        owners.sort();
        owners.dedup();
        let staff: HashMap<Uuid, String> = mamori_store::staff::by_ids(conn, org_id, &owners)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let mut out = Vec::with_capacity(rows.len());
        for r in rows {
            let status =
                ImplementationStatus::parse(&r.status).unwrap_or(ImplementationStatus::NotStarted);
            let evidence = evidence.remove(&r.id).unwrap_or_default();
            let stale = evidence.iter().any(|e| e.stale)
                || (status == ImplementationStatus::Implemented && evidence.is_empty());
            let implements = self
                .ref_titles(org_id, &refs.remove(&r.id).unwrap_or_default())
                .await?;
            let (risks, assets) = if links {
                let risk_ids = mamori_store::controls::risk_ids(conn, org_id, r.id).await?;
                let risks = mamori_store::risks::by_ids(conn, org_id, &risk_ids)
                    .await?
                    .into_iter()
                    .map(|x| (x.id, format!("{} {}", x.number, x.title)))
                    .collect();
                let asset_ids = mamori_store::controls::asset_ids(conn, org_id, r.id).await?;
                let assets = mamori_store::assets::by_ids(conn, org_id, &asset_ids)
                    .await?
                    .into_iter()
                    .map(|a| {
                        (
                            a.id,
                            format!(
                                "{} {}",
                                a.number,
                                if a.restricted {
                                    "（要配慮）".to_owned()
                                } else {
                                    a.name
                                }
                            ),
                        )
                    })
                    .collect();
                (risks, assets)
            } else {
                (Vec::new(), Vec::new())
            };
            out.push(AppliedControlView {
                id: r.id,
                number: r.number,
                name: r.name,
                description: r.description,
                category: ControlCategory::parse(&r.category)
                    .unwrap_or(ControlCategory::Organizational),
                status,
                department_id: r.department_id,
                department: r.department_id.map(|d| idx.path(d)).unwrap_or_default(),
                owner_staff_id: r.owner_staff_id,
                owner: r
                    .owner_staff_id
                    .and_then(|o| staff.get(&o).cloned())
                    .unwrap_or_default(),
                due_on: r.due_on,
                review_on: r.review_on,
                review_due: review_due(r.review_on, today),
                implements,
                risks,
                assets,
                evidence_stale: stale,
                evidence,
            });
        }
        Ok(out)
    }

    /// An applied control as its edit form shows it; only for those who may edit it.
    pub async fn applied_control_input(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<AppliedControlInput> {
        let v = self.applied_control(actor, id).await?;
        self.authorize(
            actor,
            Capability::EditControl {
                department: v.department_id,
            },
        )
        .await?;
        Ok(AppliedControlInput {
            name: v.name,
            description: v.description,
            category: v.category.code().into(),
            status: v.status.code().into(),
            department: v.department_id.map(|d| d.to_string()).unwrap_or_default(),
            owner: v.owner_staff_id.map(|o| o.to_string()).unwrap_or_default(),
            due_on: v.due_on.map(|d| d.to_string()).unwrap_or_default(),
            review_on: v.review_on.map(|d| d.to_string()).unwrap_or_default(),
            implements: v
                .implements
                .iter()
                .map(|r| format!("{}:{}", r.catalog, r.control))
                .collect(),
            assets: v
                .assets
                .iter()
                .map(|(_, n)| n.split(' ').next().unwrap_or("").to_owned())
                .collect(),
            risks: v
                .risks
                .iter()
                .map(|(_, n)| n.split(' ').next().unwrap_or("").to_owned())
                .collect(),
        })
    }

    /// Records a new applied control (`id` None) or edits one, with its links.
    pub async fn save_applied_control(
        &self,
        actor: &Actor,
        id: Option<Uuid>,
        input: &AppliedControlInput,
    ) -> AppResult<AppliedControlView> {
        let conn = self.store.conn();
        let idx = self.dept_tree(actor.org_id).await?;
        let mut inv = Invalid::new();
        if input.name.trim().is_empty() {
            inv.push(FieldError::new(
                "name",
                "管理策の名称を入力してください。",
                "Enter the control's name.",
            ));
        }
        let category = ControlCategory::parse(&input.category)
            .map_err(|p| inv.push(p.at("category")))
            .ok();
        let status = match input.status.trim() {
            "" => Some(ImplementationStatus::NotStarted),
            s => ImplementationStatus::parse(s)
                .map_err(|p| inv.push(p.at("status")))
                .ok(),
        };
        let department_id = match input.department.trim() {
            "" => None,
            d => idx
                .resolve(d)
                .map(|d| d.id)
                .map_err(|p| inv.push(p.at("department")))
                .ok(),
        };
        let owner = self
            .resolve_staff(actor.org_id, &input.owner, "owner", &mut inv)
            .await?;
        let due_on = crate::risks::date("due_on", &input.due_on, &mut inv);
        let review_on = crate::risks::date("review_on", &input.review_on, &mut inv);
        let mut refs = Vec::new();
        let mut catalogs: HashMap<String, Option<Catalog>> = HashMap::new();
        for r in input.implements.iter().filter(|r| !r.trim().is_empty()) {
            let Some((cat, ctl)) = split_ref(r) else {
                inv.push(FieldError::new("implements", format!("「{r}」は「カタログ:管理策」の形で指定してください（例: nist-csf-2.0:PR.AA-01）。"), format!("Write \"{r}\" as catalog:control (e.g. nist-csf-2.0:PR.AA-01).")));
                continue;
            };
            if !catalogs.contains_key(&cat) {
                catalogs.insert(cat.clone(), self.catalog(actor.org_id, &cat).await.ok());
            }
            match catalogs.get(&cat).and_then(|c| c.as_ref()) {
                None => inv.push(FieldError::new(
                    "implements",
                    format!("カタログ「{cat}」がありません。"),
                    format!("No catalog \"{cat}\"."),
                )),
                Some(c) if c.control(&ctl).is_none() => inv.push(FieldError::new(
                    "implements",
                    format!("カタログ「{cat}」に管理策「{ctl}」がありません。"),
                    format!("The catalog \"{cat}\" has no control \"{ctl}\"."),
                )),
                Some(_) => refs.push((cat, ctl)),
            }
        }
        refs.sort();
        refs.dedup();
        let numbers: Vec<String> = input
            .assets
            .iter()
            .map(|a| a.trim().to_owned())
            .filter(|a| !a.is_empty())
            .collect();
        let found = mamori_store::assets::by_numbers(conn, actor.org_id, &numbers).await?;
        for n in &numbers {
            if !found.iter().any(|a| &a.number == n) {
                inv.push(FieldError::new(
                    "assets",
                    format!("情報資産「{n}」が見つかりません。"),
                    format!("No asset numbered \"{n}\"."),
                ));
            }
        }
        let mut assets: Vec<Uuid> = found.iter().map(|a| a.id).collect();
        assets.sort();
        assets.dedup();
        let mut risks = Vec::new();
        for n in input
            .risks
            .iter()
            .map(|r| r.trim())
            .filter(|r| !r.is_empty())
        {
            match mamori_store::risks::by_number(conn, actor.org_id, n).await? {
                Some(r) => risks.push(r.id),
                None => inv.push(FieldError::new(
                    "risks",
                    format!("リスク「{n}」が見つかりません。"),
                    format!("No risk numbered \"{n}\"."),
                )),
            }
        }
        risks.sort();
        risks.dedup();
        inv.into_result()?;
        let (Some(category), Some(status)) = (category, status) else {
            return Err(AppError::Internal("checked above".into()));
        };
        let tx = self.store.begin_write().await?;
        let before = match id {
            Some(id) => Some(
                mamori_store::controls::get_applied(&*tx, actor.org_id, id)
                    .await?
                    .ok_or(AppError::NotFound)?,
            ),
            None => None,
        };
        for d in before
            .iter()
            .map(|b| b.department_id)
            .chain([department_id])
        {
            let cap = Capability::EditControl { department: d };
            if !actor.can(cap) {
                drop(tx);
                return Err(self.deny(actor, cap).await);
            }
        }
        let now = self.now();
        let (cid, number, seq, created_at) = match &before {
            Some(b) => (b.id, b.number.clone(), b.number_seq, b.created_at),
            None => {
                mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
                let seq = mamori_store::controls::max_applied_seq(&*tx, actor.org_id).await? + 1;
                (self.new_id(), control_number(seq), Some(seq), now)
            }
        };
        let m = applied_control::Model {
            id: cid,
            org_id: actor.org_id,
            number,
            number_seq: seq,
            name: input.name.trim().to_owned(),
            description: input.description.trim().to_owned(),
            category: category.code().into(),
            status: status.code().into(),
            department_id,
            owner_staff_id: owner,
            due_on,
            review_on,
            created_at,
            updated_at: now,
        };
        let old_links = match &before {
            Some(b) => Some((
                mamori_store::controls::refs(&*tx, actor.org_id, &[b.id])
                    .await?
                    .remove(&b.id)
                    .unwrap_or_default(),
                mamori_store::controls::asset_ids(&*tx, actor.org_id, b.id).await?,
                mamori_store::controls::risk_ids(&*tx, actor.org_id, b.id).await?,
            )),
            None => None,
        };
        match &before {
            Some(_) => {
                mamori_store::controls::update_applied(&*tx, m.clone()).await?;
            }
            None => mamori_store::controls::insert_applied(&*tx, vec![m.clone()]).await?,
        }
        let org_id = actor.org_id;
        mamori_store::controls::set_links(
            &*tx,
            org_id,
            cid,
            refs.iter()
                .map(|(c, k)| applied_control_ref::Model {
                    id: self.new_id(),
                    org_id,
                    applied_control_id: cid,
                    catalog: c.clone(),
                    control: k.clone(),
                })
                .collect(),
            assets
                .iter()
                .map(|a| applied_control_asset::Model {
                    id: self.new_id(),
                    org_id,
                    applied_control_id: cid,
                    asset_id: *a,
                })
                .collect(),
            risks
                .iter()
                .map(|r| risk_control::Model {
                    id: self.new_id(),
                    org_id,
                    risk_id: *r,
                    applied_control_id: cid,
                })
                .collect(),
        )
        .await?;
        let snap = |m: &applied_control::Model,
                    implements: &[(String, String)],
                    assets: &[Uuid],
                    risks: &[Uuid]| {
            serde_json::json!({
                "number": m.number, "name": m.name, "description": m.description,
                "category": m.category, "status": m.status, "department_id": m.department_id,
                "owner_staff_id": m.owner_staff_id, "due_on": m.due_on, "review_on": m.review_on,
                "implements": implements.iter().map(|(c, k)| format!("{c}:{k}")).collect::<Vec<_>>(),
                "assets": assets, "risks": risks,
            })
        };
        let b = match (&before, &old_links) {
            (Some(m), Some((r, a, k))) => Some(snap(m, r, a, k)),
            _ => None,
        };
        let a = snap(&m, &refs, &assets, &risks);
        let action = if before.is_some() {
            "applied_control.update"
        } else {
            "applied_control.create"
        };
        self.audit_change(
            &*tx,
            actor,
            action,
            ("applied_control", cid),
            b.as_ref(),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        self.applied_control(actor, cid).await
    }
}

/// Whether evidence expired by `today` (re-exported for views).
pub fn stale(expires_on: Option<NaiveDate>, today: NaiveDate) -> bool {
    evidence_stale(expires_on, today)
}

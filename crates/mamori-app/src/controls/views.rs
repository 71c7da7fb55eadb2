//! Catalogs and applied controls as they are shown: the summaries and pages of
//! catalogs, and applied controls with their references, links and evidence.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use mamori_domain::catalog::{Catalog, ControlCategory};
use mamori_domain::control::{ImplementationStatus, review_due};
use mamori_store::entity::applied_control;
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use super::evidence::EvidenceView;
use crate::{App, AppResult};

/// A control catalog as listed.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogSummary {
    /// `nist-csf-2.0`, `iso27001-2022`, `mic-guideline`, `basic-policy`, or an imported
    /// one's.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub version: String,
    pub source_ja: String,
    pub source_en: String,
    /// E.g. why a catalog carries no titles (ISO/IEC 27001).
    pub note_ja: String,
    pub note_en: String,
    pub builtin: bool,
    /// The organization imported its own version (of a built-in one, or a new catalog).
    pub imported: bool,
    /// How many entries it has.
    pub controls: usize,
    /// Entries per level (`function` → 6, `category` → 22, `subcategory` → 106).
    pub levels: BTreeMap<String, usize>,
}

pub(super) fn summary(c: &Catalog, builtin: bool, imported: bool) -> CatalogSummary {
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
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CatalogImport {
    pub id: String,
    pub controls: usize,
    /// An imported version existed and is replaced.
    pub replaced: bool,
    /// The id is a built-in catalog's, which this import replaces for the organization.
    pub shadows_builtin: bool,
    /// `[control, ref]` pairs whose ref names no known control.
    pub unresolved: Vec<(String, String)>,
    /// False on a dry run.
    pub committed: bool,
}

/// A catalog with, for each of its controls, the applied controls implementing it
/// (`(id, "AC-0001 name")`).
#[derive(Debug, Clone, Serialize)]
pub struct CatalogView {
    pub catalog: Catalog,
    pub builtin: bool,
    pub applied: HashMap<String, Vec<(Uuid, String)>>,
}

/// A catalog control an applied control implements, with its title when known.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct ControlRef {
    pub catalog: String,
    pub control: String,
    pub title_ja: String,
    pub title_en: String,
}

/// An applied control as lists, its page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AppliedControlView {
    pub id: Uuid,
    /// `AC-0001`.
    pub number: String,
    pub name: String,
    pub description: String,
    /// `organizational`, `human`, `physical`, `technical`, `operational`.
    #[schema(value_type = String)]
    pub category: ControlCategory,
    /// `not_started`, `in_progress`, `implemented`, `partial`, `not_applicable`.
    #[schema(value_type = String)]
    pub status: ImplementationStatus,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub owner_staff_id: Option<Uuid>,
    pub owner: String,
    pub due_on: Option<NaiveDate>,
    pub review_on: Option<NaiveDate>,
    /// The review date has passed.
    pub review_due: bool,
    pub implements: Vec<ControlRef>,
    /// `[id, "R-… title"]` (only on the single control).
    pub risks: Vec<(Uuid, String)>,
    /// `[id, "A-… name"]` (only on the single control).
    pub assets: Vec<(Uuid, String)>,
    pub evidence: Vec<EvidenceView>,
    /// Some evidence has passed its expiry, or there is none for an implemented control.
    pub evidence_stale: bool,
}

impl App {
    /// Titles of catalog controls, for showing references.
    pub(super) async fn ref_titles(
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

    /// Applied controls as shown; `links` adds the risks and assets of each (its page).
    pub(super) async fn control_views(
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
            let status = crate::error::stored(
                "control status",
                &r.status,
                ImplementationStatus::from_code(&r.status),
            )?;
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
                category: crate::error::stored(
                    "control category",
                    &r.category,
                    ControlCategory::from_code(&r.category),
                )?,
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
}

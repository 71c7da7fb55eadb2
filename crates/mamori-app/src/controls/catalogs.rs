//! Control catalogs: the built-in ones shipped inside the binary, and the ones an
//! organization imports in the same TOML format (its own, or a licensed version of a
//! built-in one, which then shadows the built-in for it).

use std::collections::HashMap;

use mamori_domain::catalog::{Catalog, builtin_catalog, builtin_catalogs};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::catalog;
use uuid::Uuid;

use super::applied::{ControlQuery, split_ref};
use super::views::{CatalogImport, CatalogSummary, CatalogView, summary};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

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

    /// Checks `catalog:control` references (blank lines skipped), each problem reported
    /// under `field`; the good ones come back sorted, once each.
    pub(crate) async fn check_catalog_refs(
        &self,
        org_id: Uuid,
        field: &str,
        given: &[String],
        inv: &mut Invalid,
    ) -> Vec<(String, String)> {
        let mut refs = Vec::new();
        let mut catalogs: HashMap<String, Option<Catalog>> = HashMap::new();
        for r in given.iter().filter(|r| !r.trim().is_empty()) {
            let Some((cat, ctl)) = split_ref(r) else {
                inv.push(FieldError::new(field, format!("「{r}」は「カタログ:管理策」の形で指定してください（例: nist-csf-2.0:PR.AA-01）。"), format!("Write \"{r}\" as catalog:control (e.g. nist-csf-2.0:PR.AA-01).")));
                continue;
            };
            if !catalogs.contains_key(&cat) {
                catalogs.insert(cat.clone(), self.catalog(org_id, &cat).await.ok());
            }
            match catalogs.get(&cat).and_then(|c| c.as_ref()) {
                None => inv.push(FieldError::new(
                    field,
                    format!("カタログ「{cat}」がありません。"),
                    format!("No catalog \"{cat}\"."),
                )),
                Some(c) if c.control(&ctl).is_none() => inv.push(FieldError::new(
                    field,
                    format!("カタログ「{cat}」に管理策「{ctl}」がありません。"),
                    format!("The catalog \"{cat}\" has no control \"{ctl}\"."),
                )),
                Some(_) => refs.push((cat, ctl)),
            }
        }
        refs.sort();
        refs.dedup();
        refs
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
}

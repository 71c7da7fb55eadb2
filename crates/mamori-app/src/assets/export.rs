//! The register in the importer's columns, for the CLI's export and the download.
//!
//! A 100,000-asset ledger is never held whole: [`App::export_assets`] decides who may
//! export what, finds the matching assets in list order from the in-memory register,
//! and records the export in the audit log; the rows are then read and turned into
//! cells a page at a time ([`AssetExport::next_page`]), which the caller writes (a
//! file) or sends (a download) before asking for the next. An asset changed while an
//! export runs appears as it is when its page is read.

use std::collections::HashMap;

use mamori_domain::protection::RelationKind;
use mamori_store::entity::asset;
use uuid::Uuid;

use super::AssetQuery;
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::import::assets::{export_row, format_relations};
use crate::{App, AppResult};

/// Assets read per page.
const PAGE: usize = 1_000;

/// An export under way: the matching assets, and how far they have been read.
pub struct AssetExport {
    app: App,
    org_id: Uuid,
    idx: DeptIndex,
    ids: Vec<Uuid>,
    next: usize,
}

impl App {
    /// Starts an export of every asset matching a query (audited now, with how many
    /// rows and how many of them restricted), so that exporting and importing again
    /// changes nothing.
    pub async fn export_assets(&self, actor: &Actor, q: &AssetQuery) -> AppResult<AssetExport> {
        self.authorize(actor, Capability::ExportAssets).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let filter = self.asset_filter(actor, q, &idx, &schemes)?;
        let (ids, restricted) = {
            let register = self.register(actor.org_id).await?;
            let rank = super::index::department_order(filter.sort, &idx);
            let (mut ids, mut restricted) = (Vec::new(), 0usize);
            register.read().scan(&filter, &rank, |_, e| {
                ids.push(e.id);
                restricted += usize::from(e.restricted);
            });
            (ids, restricted)
        };
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "asset.export",
            "asset",
            "*",
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(
                    serde_json::json!({"rows": ids.len(), "restricted": restricted, "query": q}),
                ),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(AssetExport {
            app: self.clone(),
            org_id: actor.org_id,
            idx,
            ids,
            next: 0,
        })
    }
}

impl AssetExport {
    /// How many assets the export holds.
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    /// The next page of rows in list order, `None` once every asset has been read.
    pub async fn next_page(&mut self) -> AppResult<Option<Vec<Vec<String>>>> {
        let Some(page) = self
            .ids
            .get(self.next..(self.next + PAGE).min(self.ids.len()))
        else {
            return Ok(None);
        };
        if page.is_empty() {
            return Ok(None);
        }
        self.next += page.len();
        let (app, org_id) = (&self.app, self.org_id);
        let conn = app.store.conn();
        let mut by_id: HashMap<Uuid, asset::Model> =
            mamori_store::assets::by_ids(conn, org_id, page)
                .await?
                .into_iter()
                .map(|m| (m.id, m))
                .collect();
        // An asset deleted since the export began is left out.
        let models: Vec<asset::Model> = page.iter().filter_map(|id| by_id.remove(id)).collect();
        let owners = app
            .owner_numbers(org_id, &models.iter().collect::<Vec<_>>())
            .await?;
        let relations = mamori_store::assets::outgoing_relations(conn, org_id, page).await?;
        let targets: Vec<Uuid> = relations.iter().map(|r| r.to_id).collect();
        let number_of = mamori_store::assets::numbers_of(conn, org_id, &targets).await?;
        let mut outgoing: HashMap<Uuid, Vec<(RelationKind, String)>> = HashMap::new();
        for r in relations {
            if let (Ok(kind), Some(n)) = (RelationKind::parse(&r.kind), number_of.get(&r.to_id)) {
                outgoing
                    .entry(r.from_id)
                    .or_default()
                    .push((kind, n.clone()));
            }
        }
        Ok(Some(
            models
                .iter()
                .map(|m| {
                    let owner = owners.get(&m.id).map_or("", String::as_str);
                    let input = super::input_of(m, &self.idx, owner);
                    let rels = outgoing.get(&m.id).map_or(&[][..], Vec::as_slice);
                    export_row(
                        &input,
                        u8::try_from(m.importance).unwrap_or(1),
                        &format_relations(rels),
                    )
                })
                .collect(),
        ))
    }

    /// Every row not read yet (the printable register, which shows them at once).
    pub async fn rest(mut self) -> AppResult<Vec<Vec<String>>> {
        let mut rows = Vec::with_capacity(self.ids.len() - self.next);
        while let Some(page) = self.next_page().await? {
            rows.extend(page);
        }
        Ok(rows)
    }
}

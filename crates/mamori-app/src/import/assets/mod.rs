//! Importing the asset ledger (情報資産台帳) from the Excel or CSV a city keeps today,
//! including the ledger sheet of IPA's risk-analysis workbook.
//!
//! Rows become `AssetInput` and go through the same validation as the form. Personal
//! data arrives either as one column naming the kind or as three mark columns (○ under
//! 個人情報 / 要配慮個人情報 / 特定個人情報); a stated 重要度 is compared with the derived
//! one and a difference is a warning. The optional 依存先 column carries relations
//! ("保存先:A-000123; 設置場所:F-01"), replacing the row's outgoing relations.
//!
//! The steps, in this folder: the file's classification scheme ([`scheme`]), the rows
//! ([`rows`]) with their writes ([`write`]) running beside them on a commit, then the
//! relations ([`relations`]) once every row is known, required protection, and the
//! commit. Nothing is committed if any row is wrong.

mod columns;
mod relations;
mod rows;
mod scheme;
mod write;

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use mamori_domain::audit::diff;
use mamori_store::assets::Ranks;
use uuid::Uuid;

use columns::COLUMNS;
pub use columns::{export_headers, export_row, format_relations};
use rows::{PlannedRows, RowContext};

use super::{ImportIssue, ImportOptions, ImportPlan, Mapped};
use crate::assets::Schemes;
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult};

/// Pages planned ahead of the writer: enough to keep it busy, few enough that a
/// refused import has written (and rolls back) little.
const PAGES_AHEAD: usize = 2;

/// The file read and checked, and what its rows are planned against.
struct Prepared<'a> {
    file: Mapped<'a>,
    schemes: Schemes,
    idx: DeptIndex,
}

impl App {
    /// Plans an asset import (and commits it when `commit` and there is no problem).
    pub async fn import_assets(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        self.authorize(actor, Capability::ImportAssets).await?;
        self.check_import_size(bytes)?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let staff = self.staff_lookup(actor.org_id).await?;
        let owners = staff_numbers(&staff);
        let mut plan = ImportPlan::default();
        if !commit {
            let conn = self.store.conn();
            let idx = self.dept_tree(actor.org_id).await?;
            let Some(p) = self
                .prepare(conn, actor, bytes, opts, schemes, idx, &mut plan, false)
                .await?
            else {
                return Ok(plan);
            };
            let cx = self.row_context(conn, actor, &p, &staff, &owners).await?;
            let rows = self.plan_rows(conn, &cx, &mut plan, None).await?;
            if plan.is_ok() {
                self.check_relations(conn, actor, &p.file, &mut plan, &rows.stated, &rows.planned)
                    .await?;
            }
            return Ok(plan);
        }

        let tx = self.store.begin_write().await?;
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        let Some(p) = self
            .prepare(&*tx, actor, bytes, opts, schemes, idx, &mut plan, true)
            .await?
        else {
            return Ok(plan); // rolled back with the transaction
        };
        let cx = self.row_context(&*tx, actor, &p, &staff, &owners).await?;
        let has_assets = cx.has_assets;
        // The writer runs as a task of its own, so that on a multi-threaded runtime it
        // builds entries and binds values on one core while the planner validates on
        // the other; both use the one transaction, statement by statement.
        let tx = Arc::new(tx);
        let (pages, received) = tokio::sync::mpsc::channel(PAGES_AHEAD);
        let writer = tokio::spawn({
            let (app, actor, tx) = (self.clone(), actor.clone(), tx.clone());
            async move { app.write_batches(&**tx, &actor, received).await }
        });
        let rows = self.plan_rows(&**tx, &cx, &mut plan, Some(&pages)).await;
        drop(pages); // the writer finishes what it was sent, then stops
        let written = writer
            .await
            .map_err(|e| AppError::Internal(format!("import writer: {e}")))?;
        written?;
        let tx = Arc::into_inner(tx)
            .ok_or_else(|| AppError::Internal("import transaction still shared".into()))?;
        let PlannedRows { planned, stated } = rows?;
        if !plan.is_ok() {
            return Ok(plan);
        }
        let resolved = self
            .check_relations(&*tx, actor, &p.file, &mut plan, &stated, &planned)
            .await?;
        if !plan.is_ok() {
            return Ok(plan);
        }
        let created: HashSet<Uuid> = planned.values().filter(|a| a.new).map(|a| a.id).collect();
        // Into an organization that held no asset, every rank and edge is known here.
        let fresh: Option<HashMap<Uuid, Ranks>> = (!has_assets).then(|| {
            planned
                .values()
                .map(|a| {
                    (
                        a.id,
                        Ranks {
                            own: a.own,
                            required: a.own,
                        },
                    )
                })
                .collect()
        });
        drop(planned);
        let mut entries = Vec::new();
        let relations_changed = self
            .replace_relations(&*tx, actor, &resolved, &created, &mut entries)
            .await?;
        let summary = serde_json::json!({
            "created": plan.creates, "updated": plan.updates, "unchanged": plan.unchanged,
            "departments_created": plan.new_departments.len(),
            "relations_changed": relations_changed,
        });
        entries.push(self.entry(
            actor,
            "asset.import",
            "asset",
            &Uuid::nil().to_string(),
            &diff(None, Some(&summary)),
        ));
        mamori_store::audit::append_many(&*tx, actor.org_id, entries).await?;
        // The register may have grown from nothing: plan the updates that follow (and
        // every query after the import) on statistics of what is there now.
        tx.analyze().await?;
        match fresh {
            Some(ranks) => {
                let edges: Vec<(Uuid, Uuid)> = resolved
                    .iter()
                    .flat_map(|(from, rels)| rels.iter().map(|(_, to)| (*from, *to)))
                    .collect();
                self.required_of_all(&*tx, actor.org_id, &ranks, &edges)
                    .await?
            }
            None => self.recompute_all_required(&*tx, actor.org_id).await?,
        }
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    /// Reads the file, checks its columns, settles the scheme its levels are read in
    /// and the departments it names (written first on a commit: the rows refer to
    /// them). `None` when the file is refused; the reasons are in `plan`.
    #[allow(clippy::too_many_arguments)]
    async fn prepare<'b, C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        bytes: &'b [u8],
        opts: &ImportOptions,
        schemes: Schemes,
        mut idx: DeptIndex,
        plan: &mut ImportPlan,
        commit: bool,
    ) -> AppResult<Option<Prepared<'b>>> {
        let required = [("name", "情報資産名称", "asset name")];
        let Some(file) = Mapped::read(bytes, opts, COLUMNS, &required, plan) else {
            return Ok(None);
        };
        for (dim, field) in [("機密性", "c"), ("完全性", "i"), ("可用性", "a")] {
            if !file.has(field) {
                plan.errors.push(ImportIssue {
                    row: file.table.header_row,
                    column: String::new(),
                    value: String::new(),
                    ja: format!("必須の列「{dim}」がありません。見出し行を確認してください。"),
                    en: format!(
                        "The required column \"{field}\" is missing; check the header row."
                    ),
                });
            }
        }
        if !file.has("number") {
            plan.warnings.push(ImportIssue {
                row: file.table.header_row,
                column: String::new(),
                value: String::new(),
                ja: "管理番号の列がないため、すべての行を新しい資産として登録し番号を付けます。もう一度取り込むと重複します。".into(),
                en: "There is no asset number column, so every row becomes a new asset with a generated number; importing the file again would duplicate them.".into(),
            });
        }
        if !plan.errors.is_empty() {
            return Ok(None);
        }
        let Some(schemes) = self
            .schemes_for_file(conn, actor, &file, opts, schemes, plan, commit)
            .await?
        else {
            return Ok(None);
        };
        if opts.create_departments {
            let created =
                file.missing_departments(self, actor.org_id, "department", &mut idx, plan);
            if commit && !created.is_empty() {
                let mut entries = Vec::new();
                self.write_new_departments(conn, actor, &created, &mut entries)
                    .await?;
                mamori_store::audit::append_many(conn, actor.org_id, entries).await?;
            }
        }
        Ok(Some(Prepared { file, schemes, idx }))
    }

    async fn row_context<'a, C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &'a Actor,
        p: &'a Prepared<'_>,
        staff: &'a HashMap<String, Uuid>,
        owners: &'a HashMap<Uuid, String>,
    ) -> AppResult<RowContext<'a>> {
        Ok(RowContext {
            actor,
            file: &p.file,
            schemes: &p.schemes,
            idx: &p.idx,
            staff,
            owners,
            has_assets: mamori_store::assets::count(conn, actor.org_id).await? > 0,
        })
    }
}

/// Employee numbers by staff id (the inverse of the staff lookup).
fn staff_numbers(staff: &HashMap<String, Uuid>) -> HashMap<Uuid, String> {
    // The lookup holds numbers and unique names; numbers are the keys without kanji
    // or kana, and a staff member's number is found first by sorting.
    let mut out = HashMap::new();
    let mut keys: Vec<(&String, &Uuid)> = staff.iter().collect();
    keys.sort();
    for (k, id) in keys {
        if k.chars().all(|c| c.is_ascii_graphic()) {
            out.entry(*id).or_insert_with(|| k.clone());
        }
    }
    out
}

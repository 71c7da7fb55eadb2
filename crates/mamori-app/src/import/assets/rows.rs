//! Planning the rows of an asset ledger: each row is validated as the form validates
//! it, compared with the stored asset of its number, and turned into what the writer
//! stores. Rows go a page at a time: a re-import reads only the page's stored assets
//! (a whole register's models are never held at once), and on a commit each page is
//! handed to the writer while the next one is planned.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use mamori_domain::asset::{AssetKind, AssetNumber, PersonalDataKind, parse_mark};
use mamori_domain::audit::{created, diff};
use mamori_domain::text::fold_width;
use mamori_store::audit::NewEntry;
use mamori_store::entity::asset;
use tokio::sync::mpsc::Sender;
use uuid::Uuid;

use super::columns::{COLUMNS, input_slot, parse_relations};
use crate::assets::{AssetInput, Lookup, Schemes, input_of, validate};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::import::{ImportPlan, Mapped, PlannedRow, RowAction};
use crate::tabular::Row;
use crate::{App, AppResult};

/// Rows planned (and handed to the writer) at a time.
const PAGE_ROWS: usize = 1_000;

/// Rows planned between two chances for the writer to issue its next statement.
const YIELD_EVERY: usize = 200;

/// What the planner hands the writer: one page's new and changed assets with their
/// audit entries, built here so that the writer only writes.
#[derive(Debug, Default)]
pub(super) struct Batch {
    pub inserts: Vec<asset::Model>,
    pub updates: Vec<asset::Model>,
    pub entries: Vec<NewEntry>,
}

impl Batch {
    fn is_empty(&self) -> bool {
        self.inserts.is_empty() && self.updates.is_empty()
    }
}

/// A planned row's asset, by its number.
#[derive(Debug, Clone, Copy)]
pub(super) struct PlannedAsset {
    pub id: Uuid,
    pub kind: AssetKind,
    /// Spreadsheet row that planned it (to name duplicates).
    pub row: usize,
    /// The import creates it (nothing of it is stored yet).
    pub new: bool,
    /// Its own C/I/A ranks after the import.
    pub own: [i16; 3],
}

/// A row that states its outgoing relations (read again from its cell when they are
/// checked, once every row is known).
pub(super) struct StatedRelations {
    /// The row's position among the file's data rows.
    pub pos: usize,
    pub id: Uuid,
    pub kind: AssetKind,
}

/// What planning the rows leaves for the relations and the commit.
#[derive(Default)]
pub(super) struct PlannedRows {
    pub planned: HashMap<String, PlannedAsset>,
    pub stated: Vec<StatedRelations>,
}

/// Everything a row is planned against.
pub(super) struct RowContext<'a> {
    pub actor: &'a Actor,
    pub file: &'a Mapped<'a>,
    pub schemes: &'a Schemes,
    pub idx: &'a DeptIndex,
    pub staff: &'a HashMap<String, Uuid>,
    pub owners: &'a HashMap<Uuid, String>,
    /// Whether the organization holds any asset (a first import reads none back).
    pub has_assets: bool,
}

/// The planner's running state.
struct Planner<'a> {
    cx: &'a RowContext<'a>,
    now: DateTime<Utc>,
    /// Sequences of the generated-form numbers the file states (`A-000123` → 123),
    /// which generated numbers must avoid; read when the first row without a number
    /// needs one (a ledger that numbers every row never reads them).
    stated_seqs: Option<HashSet<u64>>,
    next_seq: i64,
    /// Whether the rows are written (a commit) or only checked (a preview).
    writing: bool,
    out: PlannedRows,
}

impl App {
    /// Plans every row; with a `sink`, hands each page's writes to it as long as no row
    /// is wrong (once one is, nothing more is sent and the caller rolls back).
    pub(super) async fn plan_rows<C: mamori_store::Conn>(
        &self,
        conn: &C,
        cx: &RowContext<'_>,
        plan: &mut ImportPlan,
        sink: Option<&Sender<Batch>>,
    ) -> AppResult<PlannedRows> {
        let org_id = cx.actor.org_id;
        // Generated numbers start above every stored one, so only the file's own
        // numbers can be in their way.
        let next_seq = mamori_store::assets::max_seq(conn, org_id).await? + 1;
        let mut planner = Planner {
            cx,
            now: self.now(),
            stated_seqs: None,
            next_seq,
            writing: sink.is_some(),
            out: PlannedRows::default(),
        };
        let mut rows = cx.file.table.rows();
        for first in (0..).step_by(PAGE_ROWS) {
            let page: Vec<Row> = rows.by_ref().take(PAGE_ROWS).collect();
            if page.is_empty() {
                break;
            }
            let existing = if cx.has_assets {
                let numbers: Vec<String> = page
                    .iter()
                    .filter_map(|r| AssetNumber::parse(cx.file.cell(r, "number")).ok())
                    .map(|n| n.as_str().to_owned())
                    .collect();
                mamori_store::assets::by_numbers(conn, org_id, &numbers)
                    .await?
                    .into_iter()
                    .map(|a| (a.number.clone(), a))
                    .collect()
            } else {
                HashMap::new()
            };
            let mut batch = Batch::default();
            for (i, row) in page.iter().enumerate() {
                planner.plan_row(self, (first + i, row), &existing, plan, &mut batch);
                if sink.is_some() && i % YIELD_EVERY == YIELD_EVERY - 1 {
                    tokio::task::yield_now().await;
                }
            }
            if let Some(sink) = sink
                && plan.is_ok()
                && !batch.is_empty()
                && sink.send(batch).await.is_err()
            {
                // The writer stopped on an error, which the caller reports.
                break;
            }
        }
        Ok(planner.out)
    }
}

impl Planner<'_> {
    /// Plans one row into `plan` and, when it writes something, into `batch`.
    fn plan_row(
        &mut self,
        app: &App,
        (pos, row): (usize, &Row),
        existing: &HashMap<String, asset::Model>,
        plan: &mut ImportPlan,
        batch: &mut Batch,
    ) {
        let cx = self.cx;
        let file = cx.file;
        let personal = match personal_kind(file, row) {
            Ok(p) => p,
            Err((field, p)) => {
                plan.errors.push(file.issue(row, &field, p.ja, p.en));
                return;
            }
        };
        let mut input = AssetInput {
            personal_data: personal,
            ..AssetInput::default()
        };
        for (field, _) in COLUMNS {
            if let Some(slot) = input_slot(&mut input, field) {
                *slot = file.cell(row, field).to_owned();
            }
        }
        let before = AssetNumber::parse(&input.number)
            .ok()
            .and_then(|n| existing.get(n.as_str()));
        let scheme = before
            .and_then(|b| cx.schemes.get(b.scheme_id))
            .unwrap_or(cx.schemes.active());
        let lookup = Lookup {
            scheme,
            departments: cx.idx,
            staff: cx.staff,
        };
        let v = match validate(&input, &lookup) {
            Ok(v) => v,
            Err(inv) => {
                for e in inv.0 {
                    plan.errors.push(file.issue(row, &e.field, e.ja, e.en));
                }
                return;
            }
        };
        if file.has("importance") {
            let stated = fold_width(file.cell(row, "importance").trim());
            if !stated.is_empty() && stated != v.importance.to_string() {
                plan.warnings.push(file.issue(
                    row,
                    "importance",
                    format!(
                        "重要度は機密性・完全性・可用性から{}と判定されます（ファイルの値は使いません）。",
                        v.importance
                    ),
                    format!(
                        "Importance derives as {} from C/I/A (the file's value is not used).",
                        v.importance
                    ),
                ));
            }
        }
        let relations = if file.has("relations") {
            match parse_relations(file.cell(row, "relations")) {
                Ok(r) => Some(r),
                Err(p) => {
                    plan.errors.push(file.issue(row, "relations", p.ja, p.en));
                    return;
                }
            }
        } else {
            None
        };
        let number = match &v.number {
            Some(n) => n.as_str().to_owned(),
            None => self.generated_number(),
        };
        if let Some(first) = self.out.planned.get(&number) {
            plan.errors.push(file.issue(
                row,
                "number",
                format!("管理番号「{number}」が{}行目と重複しています。", first.row),
                format!("Asset number \"{number}\" repeats row {}.", first.row),
            ));
            return;
        }
        let technical = !v.kind.is_data();
        let may = |d: Option<Uuid>| {
            cx.actor.can(Capability::EditAsset {
                department: d,
                technical,
            })
        };
        if !may(v.department_id) || before.is_some_and(|b| !may(b.department_id)) {
            plan.errors.push(file.issue(
                row,
                "department",
                "この所属の資産を編集する権限がありません。".into(),
                "You may not edit assets of this department.".into(),
            ));
            return;
        }
        let own: [i16; 3];
        let (action, id, name) = match before {
            None => {
                let active = cx.schemes.active_id();
                let base =
                    crate::assets::blank_asset(app.new_id(), cx.actor.org_id, active, self.now);
                let mut m = crate::assets::apply_input(base, &v, active, self.now);
                crate::assets::set_number(&mut m, number.clone());
                own = [m.c_rank, m.i_rank, m.a_rank];
                let (id, name) = (m.id, m.name.clone());
                if self.writing && plan.is_ok() {
                    // The entry lists the fields the row fills and the relations it
                    // states: one entry per new asset, none per edge.
                    let mut snap = serde_json::to_value(input_of(&m, cx.idx, self.owner(&m)))
                        .unwrap_or_default();
                    if let (Some(obj), Some(r)) = (snap.as_object_mut(), &relations) {
                        let text = super::format_relations(r);
                        obj.insert("relations".into(), serde_json::Value::String(text));
                    }
                    let entry = app.entry(
                        cx.actor,
                        "asset.create",
                        "asset",
                        &id.to_string(),
                        &created(snap),
                    );
                    batch.entries.push(entry);
                    batch.inserts.push(m);
                }
                (RowAction::Create, id, name)
            }
            Some(before) => {
                let after =
                    crate::assets::apply_input(before.clone(), &v, before.scheme_id, self.now);
                let snapshot = |m: &asset::Model| {
                    serde_json::to_value(input_of(m, cx.idx, self.owner(m))).ok()
                };
                let changes = diff(snapshot(before).as_ref(), snapshot(&after).as_ref());
                let (id, name) = (after.id, after.name.clone());
                own = [after.c_rank, after.i_rank, after.a_rank];
                if changes.is_empty() {
                    (RowAction::Unchanged, id, name)
                } else {
                    if self.writing && plan.is_ok() {
                        let entry =
                            app.entry(cx.actor, "asset.update", "asset", &id.to_string(), &changes);
                        batch.entries.push(entry);
                        batch.updates.push(after);
                    }
                    (RowAction::Update { changes }, id, name)
                }
            }
        };
        if relations.is_some() {
            self.out.stated.push(StatedRelations {
                pos,
                id,
                kind: v.kind,
            });
        }
        let new = matches!(action, RowAction::Create);
        self.out.planned.insert(
            number.clone(),
            PlannedAsset {
                id,
                kind: v.kind,
                row: row.number,
                new,
                own,
            },
        );
        plan.record(PlannedRow {
            row: row.number,
            key: number,
            name,
            action,
        });
    }

    /// The employee number of an asset's responsible staff member, as its snapshot
    /// names them.
    fn owner(&self, m: &asset::Model) -> &str {
        m.owner_staff_id
            .and_then(|s| self.cx.owners.get(&s))
            .map_or("", String::as_str)
    }

    /// The next generated number no row of the file states. Stored numbers are below
    /// `next_seq` already.
    fn generated_number(&mut self) -> String {
        let file = self.cx.file;
        let stated = self.stated_seqs.get_or_insert_with(|| {
            file.table
                .rows()
                .filter_map(|r| AssetNumber::parse(file.cell(&r, "number")).ok())
                .filter_map(|n| n.sequence())
                .collect()
        });
        loop {
            let seq = u64::try_from(self.next_seq).unwrap_or(1);
            self.next_seq += 1;
            if stated.insert(seq) {
                return AssetNumber::generated(seq).as_str().to_owned();
            }
        }
    }
}

/// The personal-data kind of a row, from the kind column or the three mark columns.
fn personal_kind(file: &Mapped, row: &Row) -> Result<String, (String, mamori_domain::Problem)> {
    if file.has("personal_data") {
        return Ok(file.cell(row, "personal_data").to_owned());
    }
    let mut marked = [false; 3];
    for (slot, field) in ["personal_mark", "sensitive_mark", "my_number_mark"]
        .iter()
        .enumerate()
    {
        let raw = file.cell(row, field);
        marked[slot] = match parse_mark(raw) {
            Ok(b) => b,
            // Some ledgers write the kind itself under 個人情報.
            Err(p) => match PersonalDataKind::parse(raw) {
                Ok(kind) => return Ok(kind.code().to_owned()),
                Err(_) => return Err(((*field).to_owned(), p)),
            },
        };
    }
    Ok(
        PersonalDataKind::from_marks(marked[0], marked[1], marked[2])
            .code()
            .to_owned(),
    )
}

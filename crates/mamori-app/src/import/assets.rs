//! Importing the asset ledger (情報資産台帳) from the Excel or CSV a city keeps today,
//! including the ledger sheet of IPA's risk-analysis workbook.
//!
//! Rows become [`AssetInput`] and go through the same validation as the form. Personal
//! data arrives either as one column naming the kind or as three mark columns (○ under
//! 個人情報 / 要配慮個人情報 / 特定個人情報); a stated 重要度 is compared with the derived
//! one and a difference is a warning. The optional 依存先 column carries relations
//! ("保存先:A-000123; 設置場所:F-01"), replacing the row's outgoing relations.

use std::collections::{HashMap, HashSet};

use mamori_domain::asset::{AssetKind, AssetNumber, PersonalDataKind, parse_mark};
use mamori_domain::audit::diff;
use mamori_domain::protection::RelationKind;
use mamori_domain::text::fold_width;
use mamori_store::entity::{asset, asset_relation};
use uuid::Uuid;

use super::asset_columns::{COLUMNS, input_slot, parse_relations};
pub use super::asset_columns::{export_headers, export_row, format_relations};
use super::{ImportOptions, ImportPlan, Mapped, PlannedRow, RowAction};
use crate::assets::{AssetInput, Lookup, input_of, validate};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::{App, AppResult};

/// Rows a commit buffers before writing them, so that importing a whole register
/// holds a bounded part of it in memory (the transaction still spans the import).
const FLUSH_ROWS: usize = 2_000;

/// What an asset import writes.
#[derive(Debug, Default)]
struct Writes {
    /// New assets not yet written, each with its row's relations as stated.
    inserts: Vec<(asset::Model, Option<String>)>,
    updates: Vec<(asset::Model, asset::Model)>,
    /// Assets this import created (their entries already record their relations).
    created: HashSet<Uuid>,
    /// Rows whose outgoing relations the file states: asset id → (kind, number).
    relations: Vec<(Uuid, Vec<(RelationKind, Uuid)>)>,
}

/// The personal-data kind of a row, from the kind column or the three mark columns.
fn personal_kind(
    file: &Mapped,
    row: &crate::tabular::Row,
) -> Result<String, (String, mamori_domain::Problem)> {
    if file.has("personal_data") {
        return Ok(file.cell(row, "personal_data"));
    }
    let mut marked = [false; 3];
    for (slot, field) in ["personal_mark", "sensitive_mark", "my_number_mark"]
        .iter()
        .enumerate()
    {
        let raw = file.cell(row, field);
        marked[slot] = match parse_mark(&raw) {
            Ok(b) => b,
            // Some ledgers write the kind itself under 個人情報.
            Err(p) => match PersonalDataKind::parse(&raw) {
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
        if !commit {
            let idx = self.dept_tree(actor.org_id).await?;
            let (plan, _) = self
                .plan_assets(
                    actor,
                    bytes,
                    opts,
                    idx,
                    schemes,
                    &staff,
                    self.store.conn(),
                    false,
                )
                .await?;
            return Ok(plan);
        }
        let tx = self.store.begin_write().await?.for_bulk().await?;
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        let (mut plan, mut writes) = self
            .plan_assets(actor, bytes, opts, idx, schemes, &staff, &*tx, true)
            .await?;
        if !plan.is_ok() {
            // Rows already flushed are rolled back with the transaction.
            return Ok(plan);
        }
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        let owners = staff_numbers(&staff);
        self.flush_assets(&*tx, actor, &idx, &owners, &mut writes)
            .await?;
        let mut entries = Vec::new();
        let relations_changed = self
            .replace_relations(
                &*tx,
                actor,
                &writes.relations,
                &writes.created,
                &mut entries,
            )
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
        self.recompute_all_required(&*tx, actor.org_id).await?;
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    /// Writes the buffered rows of a commit with their audit entries. An asset's entry
    /// also records the relations its row states, so a fresh register costs one entry
    /// per asset rather than one per edge as well.
    async fn flush_assets<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        idx: &DeptIndex,
        owners: &HashMap<Uuid, String>,
        writes: &mut Writes,
    ) -> AppResult<()> {
        let owner = |m: &asset::Model| {
            m.owner_staff_id
                .and_then(|s| owners.get(&s))
                .cloned()
                .unwrap_or_default()
        };
        let mut entries = Vec::with_capacity(writes.inserts.len() + writes.updates.len());
        let mut inserts = Vec::with_capacity(writes.inserts.len());
        for (m, relations) in writes.inserts.drain(..) {
            let mut snap = serde_json::to_value(input_of(&m, idx, &owner(&m)))
                .unwrap_or(serde_json::Value::Null);
            if let (Some(obj), Some(r)) = (snap.as_object_mut(), relations) {
                obj.insert("relations".into(), serde_json::Value::String(r));
            }
            entries.push(self.change_entry(
                actor,
                "asset.create",
                ("asset", m.id),
                None,
                Some(&snap),
            ));
            writes.created.insert(m.id);
            inserts.push(m);
        }
        mamori_store::assets::insert_many(conn, inserts).await?;
        for (before, after) in writes.updates.drain(..) {
            entries.push(self.change_entry(
                actor,
                "asset.update",
                ("asset", after.id),
                Some(&input_of(&before, idx, &owner(&before))),
                Some(&input_of(&after, idx, &owner(&after))),
            ));
            mamori_store::assets::update(conn, after).await?;
        }
        mamori_store::audit::append_many(conn, actor.org_id, entries).await?;
        Ok(())
    }

    /// Replaces the outgoing relations of the given assets with the stated ones.
    /// Returns how many relations were added or removed.
    async fn replace_relations<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        stated: &[(Uuid, Vec<(RelationKind, Uuid)>)],
        recorded: &HashSet<Uuid>,
        entries: &mut Vec<mamori_store::audit::NewEntry>,
    ) -> AppResult<usize> {
        if stated.is_empty() {
            return Ok(0);
        }
        let ids: Vec<Uuid> = stated.iter().map(|(id, _)| *id).collect();
        let existing = mamori_store::assets::outgoing_relations(conn, actor.org_id, &ids).await?;
        let mut current: HashMap<Uuid, Vec<asset_relation::Model>> = HashMap::new();
        for r in existing {
            current.entry(r.from_id).or_default().push(r);
        }
        let mut add = Vec::new();
        let mut remove = Vec::new();
        for (from, rels) in stated {
            let want: HashSet<(Uuid, String)> = rels
                .iter()
                .map(|(k, to)| (*to, k.code().to_owned()))
                .collect();
            let have = current.remove(from).unwrap_or_default();
            let have_set: HashSet<(Uuid, String)> =
                have.iter().map(|r| (r.to_id, r.kind.clone())).collect();
            for r in have {
                if !want.contains(&(r.to_id, r.kind.clone())) {
                    remove.push(r);
                }
            }
            for (to, kind) in want {
                if !have_set.contains(&(to, kind.clone())) {
                    add.push(asset_relation::Model {
                        id: self.new_id(),
                        org_id: actor.org_id,
                        from_id: *from,
                        to_id: to,
                        kind,
                        note: String::new(),
                        created_at: self.now(),
                    });
                }
            }
        }
        let n = add.len() + remove.len();
        for r in &remove {
            mamori_store::assets::delete_relation(conn, actor.org_id, r.id).await?;
            entries.push(self.entry(
                actor,
                "asset.unrelate",
                "asset",
                &r.from_id.to_string(),
                &diff(Some(&serde_json::json!({ r.kind.clone(): r.to_id })), None),
            ));
        }
        // A new asset's entry already lists the relations its row states.
        for r in add.iter().filter(|r| !recorded.contains(&r.from_id)) {
            entries.push(self.entry(
                actor,
                "asset.relate",
                "asset",
                &r.from_id.to_string(),
                &diff(None, Some(&serde_json::json!({ r.kind.clone(): r.to_id }))),
            ));
        }
        mamori_store::assets::insert_relations(conn, add).await?;
        Ok(n)
    }

    #[allow(clippy::too_many_arguments)]
    async fn plan_assets<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        mut idx: DeptIndex,
        schemes: crate::assets::Schemes,
        staff: &HashMap<String, Uuid>,
        conn: &C,
        commit: bool,
    ) -> AppResult<(ImportPlan, Writes)> {
        let mut plan = ImportPlan::default();
        let mut writes = Writes::default();
        let required = [("name", "情報資産名称", "asset name")];
        let Some(file) = Mapped::read(bytes, opts, COLUMNS, &required, &mut plan) else {
            return Ok((plan, writes));
        };
        for (dim, field) in [("機密性", "c"), ("完全性", "i"), ("可用性", "a")] {
            if !file.has(field) {
                plan.errors.push(super::ImportIssue {
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
            plan.warnings.push(super::ImportIssue {
                row: file.table.header_row,
                column: String::new(),
                value: String::new(),
                ja: "管理番号の列がないため、すべての行を新しい資産として登録し番号を付けます。もう一度取り込むと重複します。".into(),
                en: "There is no asset number column, so every row becomes a new asset with a generated number; importing the file again would duplicate them.".into(),
            });
        }
        if !plan.errors.is_empty() {
            return Ok((plan, writes));
        }
        let Some(schemes) = self
            .schemes_for_file(conn, actor, &file, opts, schemes, &mut plan, commit)
            .await?
        else {
            return Ok((plan, writes));
        };
        if opts.create_departments {
            let created =
                file.missing_departments(self, actor.org_id, "department", &mut idx, &mut plan);
            if commit && !created.is_empty() {
                // Written first: the rows flushed below refer to them.
                let mut entries = Vec::new();
                self.write_new_departments(conn, actor, &created, &mut entries)
                    .await?;
                mamori_store::audit::append_many(conn, actor.org_id, entries).await?;
            }
        }
        let numbers: Vec<String> = file
            .table
            .rows
            .iter()
            .filter_map(|r| AssetNumber::parse(&file.cell(r, "number")).ok())
            .map(|n| n.as_str().to_owned())
            .collect();
        let existing: HashMap<String, asset::Model> =
            mamori_store::assets::by_numbers(conn, actor.org_id, &numbers)
                .await?
                .into_iter()
                .map(|a| (a.number.clone(), a))
                .collect();
        let owners = staff_numbers(staff);
        let owner_of = |m: &asset::Model| {
            m.owner_staff_id
                .and_then(|s| owners.get(&s))
                .cloned()
                .unwrap_or_default()
        };
        let now = self.now();
        let mut next_seq = mamori_store::assets::max_seq(conn, actor.org_id).await? + 1;
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut file_numbers: HashSet<String> = numbers.iter().cloned().collect();
        let mut stated_relations: Vec<StatedRelations> = Vec::new();
        let mut planned: HashMap<String, (Uuid, AssetKind)> = HashMap::new();
        for row in &file.table.rows {
            let personal = match personal_kind(&file, row) {
                Ok(p) => p,
                Err((field, p)) => {
                    plan.errors.push(file.issue(row, &field, p.ja, p.en));
                    continue;
                }
            };
            let mut input = AssetInput {
                personal_data: personal,
                ..AssetInput::default()
            };
            for (field, _) in COLUMNS {
                if let Some(slot) = input_slot(&mut input, field) {
                    *slot = file.cell(row, field);
                }
            }
            let number_stored = AssetNumber::parse(&input.number).ok();
            let before = number_stored
                .as_ref()
                .and_then(|n| existing.get(n.as_str()));
            let scheme = before
                .and_then(|b| schemes.get(b.scheme_id))
                .unwrap_or(schemes.active());
            let lookup = Lookup {
                scheme,
                departments: &idx,
                staff,
            };
            let v = match validate(&input, &lookup) {
                Ok(v) => v,
                Err(inv) => {
                    for e in inv.0 {
                        plan.errors.push(file.issue(row, &e.field, e.ja, e.en));
                    }
                    continue;
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
                match parse_relations(&file.cell(row, "relations")) {
                    Ok(r) => Some(r),
                    Err(p) => {
                        plan.errors.push(file.issue(row, "relations", p.ja, p.en));
                        continue;
                    }
                }
            } else {
                None
            };
            let number = match &v.number {
                Some(n) => n.as_str().to_owned(),
                None => loop {
                    let n = AssetNumber::generated(u64::try_from(next_seq).unwrap_or(1));
                    next_seq += 1;
                    if !file_numbers.contains(n.as_str()) && !existing.contains_key(n.as_str()) {
                        file_numbers.insert(n.as_str().to_owned());
                        break n.as_str().to_owned();
                    }
                },
            };
            if let Some(first) = seen.insert(number.clone(), row.number) {
                plan.errors.push(file.issue(
                    row,
                    "number",
                    format!("管理番号「{number}」が{first}行目と重複しています。"),
                    format!("Asset number \"{number}\" repeats row {first}."),
                ));
                continue;
            }
            let technical = !v.kind.is_data();
            let may = |d: Option<Uuid>| {
                actor.can(Capability::EditAsset {
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
                continue;
            }
            let (action, id, name) = match before {
                None => {
                    let base = crate::assets::blank_asset(
                        self.new_id(),
                        actor.org_id,
                        schemes.active_id(),
                        now,
                    );
                    let mut m = crate::assets::apply_input(base, &v, schemes.active_id(), now);
                    m.number = number.clone();
                    m.number_seq = crate::assets::seq_of(&number);
                    m.search_key = crate::assets::search_key_of(&m);
                    let (id, name) = (m.id, m.name.clone());
                    if commit {
                        writes
                            .inserts
                            .push((m, relations.as_deref().map(format_relations)));
                    }
                    (RowAction::Create, id, name)
                }
                Some(before) => {
                    let after =
                        crate::assets::apply_input(before.clone(), &v, before.scheme_id, now);
                    let b = serde_json::to_value(input_of(before, &idx, &owner_of(before))).ok();
                    let a = serde_json::to_value(input_of(&after, &idx, &owner_of(&after))).ok();
                    let changes = diff(b.as_ref(), a.as_ref());
                    let (id, name) = (after.id, after.name.clone());
                    if changes.is_empty() {
                        (RowAction::Unchanged, id, name)
                    } else {
                        if commit {
                            writes.updates.push((before.clone(), after));
                        }
                        (RowAction::Update { changes }, id, name)
                    }
                }
            };
            if let Some(relations) = relations {
                stated_relations.push(StatedRelations {
                    row: row.number,
                    id,
                    kind: v.kind,
                    relations,
                });
            }
            planned.insert(number.clone(), (id, v.kind));
            plan.count(&action);
            plan.rows.push(PlannedRow {
                row: row.number,
                key: number,
                name,
                action,
            });
            if writes.inserts.len() + writes.updates.len() >= FLUSH_ROWS {
                if plan.is_ok() {
                    self.flush_assets(conn, actor, &idx, &owners, &mut writes)
                        .await?;
                } else {
                    // Nothing will be written; keep checking rows without holding them.
                    writes.inserts.clear();
                    writes.updates.clear();
                }
            }
        }
        if !stated_relations.is_empty() && plan.is_ok() {
            writes.relations = self
                .check_relations(conn, actor, &file, &mut plan, stated_relations, &planned)
                .await?;
        }
        Ok((plan, writes))
    }

    /// Checks stated relations: targets exist (in the file or the register), kinds fit,
    /// and the resulting graph has no cycle.
    async fn check_relations<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        file: &Mapped,
        plan: &mut ImportPlan,
        stated: Vec<StatedRelations>,
        planned: &HashMap<String, (Uuid, AssetKind)>,
    ) -> AppResult<Vec<(Uuid, Vec<(RelationKind, Uuid)>)>> {
        let outside: Vec<String> = stated
            .iter()
            .flat_map(|s| s.relations.iter().map(|(_, n)| n.clone()))
            .filter(|n| !planned.contains_key(n))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let mut target: HashMap<String, (Uuid, AssetKind)> = planned.clone();
        for a in mamori_store::assets::by_numbers(conn, actor.org_id, &outside).await? {
            let kind = AssetKind::parse(&a.kind).unwrap_or(AssetKind::DataElectronic);
            target.insert(a.number, (a.id, kind));
        }
        // The graph after the import: stored edges of rows that do not restate theirs,
        // then each stated edge, checked for a cycle as it is added.
        let restating: HashSet<Uuid> = stated.iter().map(|s| s.id).collect();
        let mut up: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (from, to) in mamori_store::assets::all_edges(conn, actor.org_id).await? {
            if !restating.contains(&from) {
                up.entry(from).or_default().push(to);
            }
        }
        let row_of: HashMap<usize, &crate::tabular::Row> =
            file.table.rows.iter().map(|r| (r.number, r)).collect();
        let mut out = Vec::new();
        for s in stated {
            let Some(row) = row_of.get(&s.row) else {
                continue;
            };
            let mut resolved = Vec::with_capacity(s.relations.len());
            for (kind, number) in &s.relations {
                let Some((to, to_kind)) = target.get(number) else {
                    plan.errors.push(file.issue(
                        row,
                        "relations",
                        format!("関連先の管理番号「{number}」の資産が見つかりません。"),
                        format!("No asset numbered \"{number}\" to relate to."),
                    ));
                    continue;
                };
                if let Err(p) = kind.check(s.kind, *to_kind) {
                    plan.errors.push(file.issue(row, "relations", p.ja, p.en));
                    continue;
                }
                if *to == s.id || reaches(&up, *to, s.id) {
                    plan.errors.push(file.issue(
                        row,
                        "relations",
                        format!("「{number}」との関連で依存関係が循環します。"),
                        format!("The relation to \"{number}\" makes the dependencies circular."),
                    ));
                    continue;
                }
                up.entry(s.id).or_default().push(*to);
                resolved.push((*kind, *to));
            }
            out.push((s.id, resolved));
        }
        Ok(out)
    }
}

/// A row's outgoing relations as the file states them.
struct StatedRelations {
    row: usize,
    id: Uuid,
    kind: AssetKind,
    relations: Vec<(RelationKind, String)>,
}

/// Whether `target` is reachable from `start` following dependent → supporting edges.
/// Supporting chains are short (data, system, hardware, facility), so this stays cheap.
fn reaches(up: &HashMap<Uuid, Vec<Uuid>>, start: Uuid, target: Uuid) -> bool {
    let mut stack = vec![start];
    let mut seen = HashSet::new();
    while let Some(n) = stack.pop() {
        if n == target {
            return true;
        }
        if seen.insert(n) {
            stack.extend(up.get(&n).into_iter().flatten().copied());
        }
    }
    false
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

//! Importing personnel lists from the HR system (CSV or .xlsx), all or nothing.
//!
//! The same planner serves the preview and the commit: it reads the file, matches
//! headers by name (Japanese or English, with the aliases HR exports use), validates
//! every row with the same rules as the staff form, and compares each row with what is
//! stored (by employee number). A commit re-plans inside the write transaction and
//! writes only when there is not a single problem, so a refused import changes nothing.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use mamori_domain::audit::{Change, diff, encode_changes};
use mamori_domain::department::{DepartmentKind, split_path};
use mamori_domain::staff::parse_bool_flag;
use mamori_store::audit::NewEntry;
use mamori_store::entity::{department, staff};
use serde::Serialize;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::staff::{StaffInput, apply, blank, snapshot, validate};
use crate::tabular::{self, ReadOptions};
use crate::{App, AppError, AppResult};

/// Fields an import column can fill, with the header names recognized for each.
const COLUMNS: &[(&str, &[&str])] = &[
    (
        "employee_number",
        &[
            "職員番号",
            "職員コード",
            "職員no",
            "職員ｎｏ",
            "社員番号",
            "個人番号コード",
            "employee_number",
            "employeenumber",
            "employeeno",
            "staffnumber",
            "staff_no",
        ],
    ),
    (
        "name",
        &["氏名", "名前", "職員名", "氏名漢字", "name", "fullname"],
    ),
    (
        "kana",
        &[
            "フリガナ",
            "ふりがな",
            "氏名カナ",
            "カナ",
            "カナ氏名",
            "氏名フリガナ",
            "kana",
            "furigana",
        ],
    ),
    (
        "department",
        &[
            "所属",
            "所属課",
            "部署",
            "所属名",
            "課名",
            "所属コード",
            "所属部署",
            "department",
            "dept",
            "departmentcode",
        ],
    ),
    (
        "category",
        &[
            "区分",
            "任用区分",
            "職員区分",
            "雇用区分",
            "職種区分",
            "category",
        ],
    ),
    (
        "email",
        &[
            "メール",
            "メールアドレス",
            "eメール",
            "電子メール",
            "email",
            "mail",
            "emailaddress",
        ],
    ),
    (
        "part_time",
        &["非常勤", "勤務形態", "常勤非常勤", "parttime"],
    ),
    (
        "start_date",
        &[
            "開始日",
            "採用日",
            "任用開始日",
            "着任日",
            "startdate",
            "start",
        ],
    ),
    (
        "end_date",
        &["終了日", "退職日", "任用終了日", "enddate", "end"],
    ),
    ("retired", &["退職", "退職済", "retired"]),
];

/// Header text folded for matching: width, case, spaces and punctuation ignored.
fn header_key(h: &str) -> String {
    mamori_domain::text::fold_width(h)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !"_-・()（）[]【】/／.:：".contains(*c))
        .collect()
}

fn field_for(header: &str) -> Option<&'static str> {
    let key = header_key(header);
    COLUMNS
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|a| header_key(a) == key))
        .map(|(f, _)| *f)
}

/// The headers an export writes (and an import reads back).
pub const EXPORT_HEADERS: [&str; 10] = [
    "職員番号",
    "氏名",
    "フリガナ",
    "所属",
    "区分",
    "非常勤",
    "メールアドレス",
    "開始日",
    "終了日",
    "退職",
];

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ImportOptions {
    #[serde(default)]
    pub create_departments: bool,
    #[serde(default)]
    pub sheet: Option<String>,
}

/// One problem, located in the file.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct ImportIssue {
    /// Row number as a spreadsheet shows it (0 for problems with the file as a whole).
    pub row: usize,
    /// Column header as written in the file (empty for whole-row or file problems).
    pub column: String,
    pub value: String,
    pub ja: String,
    pub en: String,
}

#[derive(Debug, Clone, Serialize, PartialEq)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum RowAction {
    Create,
    Update { changes: Vec<Change> },
    Unchanged,
}

#[derive(Debug, Clone, Serialize)]
pub struct PlannedRow {
    pub row: usize,
    pub employee_number: String,
    pub name: String,
    #[serde(flatten)]
    pub action: RowAction,
}

/// What an import would do (preview) or did (commit).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportPlan {
    pub format: String,
    pub header_row: usize,
    /// Each header of the file with the field it fills, if any.
    pub columns: Vec<(String, Option<String>)>,
    /// Headers that fill no field; listed so nothing is silently dropped.
    pub unknown_columns: Vec<String>,
    pub rows: Vec<PlannedRow>,
    pub errors: Vec<ImportIssue>,
    /// Paths of departments the import creates (with `create_departments`).
    pub new_departments: Vec<String>,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub committed: bool,
    #[serde(skip)]
    writes: Writes,
}

#[derive(Debug, Clone, Default)]
struct Writes {
    departments: Vec<department::Model>,
    inserts: Vec<staff::Model>,
    updates: Vec<(staff::Model, staff::Model)>,
}

impl ImportPlan {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }
}

fn file_issue(p: mamori_domain::Problem) -> ImportIssue {
    ImportIssue {
        row: 0,
        column: String::new(),
        value: String::new(),
        ja: p.ja,
        en: p.en,
    }
}

impl App {
    /// Plans an import (and commits it when `commit` and there is no problem).
    pub async fn import_staff(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        self.authorize(actor, Capability::ImportStaff).await?;
        if bytes.len() > self.config.max_import_bytes {
            return Err(AppError::field(
                "file",
                format!(
                    "ファイルが大きすぎます（上限 {} MiB）。",
                    self.config.max_import_bytes >> 20
                ),
                format!(
                    "The file is too large (limit {} MiB).",
                    self.config.max_import_bytes >> 20
                ),
            ));
        }
        if !commit {
            let idx = self.dept_index(actor.org_id).await?;
            return self.plan(actor, bytes, opts, idx, self.store.conn()).await;
        }
        let tx = self.store.begin_write().await?;
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        let mut plan = self.plan(actor, bytes, opts, idx, &*tx).await?;
        if !plan.is_ok() {
            return Ok(plan);
        }
        let writes = std::mem::take(&mut plan.writes);
        let now = self.now();
        let mut entries = Vec::new();
        let entry = |action: &str, object_type: &str, id: Uuid, changes: Vec<Change>| NewEntry {
            entry_id: self.new_id(),
            at: now,
            actor: actor.label.clone(),
            source: actor.source.clone(),
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id: id.to_string(),
            changes: encode_changes(&changes),
        };
        for d in &writes.departments {
            mamori_store::departments::insert(&*tx, d.clone()).await?;
            let snap = serde_json::json!({"code": d.code, "name": d.name, "kind": d.kind});
            entries.push(entry(
                "department.create",
                "department",
                d.id,
                diff(None, Some(&snap)),
            ));
        }
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        let mut moves = Vec::new();
        for s in &writes.inserts {
            moves.push(mamori_store::staff::new_move(
                self.new_id(),
                actor.org_id,
                s.id,
                s.department_id,
                s.start_date,
                now,
            ));
            let after = serde_json::to_value(snapshot(s, &idx)).ok();
            entries.push(entry(
                "staff.create",
                "staff",
                s.id,
                diff(None, after.as_ref()),
            ));
        }
        mamori_store::staff::insert_many(&*tx, writes.inserts.clone()).await?;
        for (before, after) in &writes.updates {
            mamori_store::staff::update(&*tx, after.clone()).await?;
            if before.department_id != after.department_id {
                moves.push(mamori_store::staff::new_move(
                    self.new_id(),
                    actor.org_id,
                    after.id,
                    after.department_id,
                    Some(self.today()),
                    now,
                ));
            }
            let b = serde_json::to_value(snapshot(before, &idx)).ok();
            let a = serde_json::to_value(snapshot(after, &idx)).ok();
            entries.push(entry(
                "staff.update",
                "staff",
                after.id,
                diff(b.as_ref(), a.as_ref()),
            ));
        }
        mamori_store::staff::record_moves(&*tx, moves).await?;
        let summary = serde_json::json!({
            "created": plan.creates, "updated": plan.updates, "unchanged": plan.unchanged,
            "departments_created": writes.departments.len(),
        });
        entries.push(entry(
            "staff.import",
            "staff",
            Uuid::nil(),
            diff(None, Some(&summary)),
        ));
        mamori_store::audit::append_many(&*tx, actor.org_id, entries).await?;
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    async fn plan<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        mut idx: DeptIndex,
        conn: &C,
    ) -> AppResult<ImportPlan> {
        let mut plan = ImportPlan::default();
        let read = ReadOptions {
            sheet: opts.sheet.as_deref(),
            max_rows: 200_000,
            max_header_scan: 30,
        };
        let table = match tabular::read_table(bytes, &read, &|h| field_for(h).is_some()) {
            Ok(t) => t,
            Err(e) => {
                plan.errors.push(file_issue(e.problem()));
                return Ok(plan);
            }
        };
        plan.format = describe(&table);
        plan.header_row = table.header_row;
        let mut col_of: HashMap<&'static str, usize> = HashMap::new();
        for (i, h) in table.headers.iter().enumerate() {
            let f = field_for(h);
            plan.columns.push((h.clone(), f.map(str::to_owned)));
            match f {
                Some(f) if !col_of.contains_key(f) => {
                    col_of.insert(f, i);
                }
                Some(_) => plan.errors.push(ImportIssue {
                    row: table.header_row,
                    column: h.clone(),
                    value: String::new(),
                    ja: format!(
                        "列「{h}」は他の列と同じ項目を指しています。どちらか一方にしてください。"
                    ),
                    en: format!(
                        "Column \"{h}\" fills the same field as another column; keep only one."
                    ),
                }),
                None if !h.is_empty() => plan.unknown_columns.push(h.clone()),
                None => {}
            }
        }
        for required in ["employee_number", "name"] {
            if !col_of.contains_key(required) {
                let (ja, en) = if required == "name" {
                    ("氏名", "name")
                } else {
                    ("職員番号", "employee number")
                };
                plan.errors.push(ImportIssue {
                    row: table.header_row,
                    column: String::new(),
                    value: String::new(),
                    ja: format!("必須の列「{ja}」がありません。見出し行を確認してください。"),
                    en: format!("The required column \"{en}\" is missing; check the header row."),
                });
            }
        }
        if !plan.errors.is_empty() {
            return Ok(plan);
        }
        let header_of = |field: &str| {
            col_of
                .get(field)
                .map(|i| table.headers[*i].clone())
                .unwrap_or_else(|| field.to_owned())
        };
        let cell = |row: &tabular::Row, field: &str| {
            col_of
                .get(field)
                .and_then(|i| row.cells.get(*i))
                .cloned()
                .unwrap_or_default()
        };

        // Departments the file names but the organization lacks.
        if opts.create_departments && col_of.contains_key("department") {
            let mut next_code = 1usize;
            for row in &table.rows {
                let reference = cell(row, "department");
                if reference.trim().is_empty() || idx.resolve(&reference).is_ok() {
                    continue;
                }
                let mut parent: Option<Uuid> = None;
                for (depth, part) in split_path(&reference).iter().enumerate() {
                    let parts = split_path(&reference)[..=depth].to_vec();
                    if let Some(existing) = idx.by_path(&parts) {
                        parent = Some(existing.id);
                        continue;
                    }
                    let Ok(name) = mamori_domain::department::DepartmentName::parse(part) else {
                        break;
                    };
                    let code = loop {
                        let c = format!("NEW{next_code:04}");
                        next_code += 1;
                        if idx.by_code(&c).is_none() {
                            break c;
                        }
                    };
                    let now = self.now();
                    let d = department::Model {
                        id: self.new_id(),
                        org_id: actor.org_id,
                        code,
                        name: name.as_str().to_owned(),
                        kind: DepartmentKind::infer_from_name(name.as_str())
                            .code()
                            .to_owned(),
                        parent_id: parent,
                        valid_from: None,
                        valid_to: None,
                        sort_order: 0,
                        created_at: now,
                        updated_at: now,
                    };
                    parent = Some(d.id);
                    plan.writes.departments.push(d.clone());
                    let mut all = idx.all.clone();
                    all.push(d);
                    idx = DeptIndex::new(all);
                }
                if let Some(p) = parent {
                    plan.new_departments.push(idx.path(p));
                }
            }
            plan.new_departments.dedup();
        }

        let numbers: Vec<String> = table
            .rows
            .iter()
            .filter_map(|r| {
                mamori_domain::staff::EmployeeNumber::parse(&cell(r, "employee_number")).ok()
            })
            .map(|n| n.as_str().to_owned())
            .collect();
        let existing: HashMap<String, staff::Model> =
            mamori_store::staff::by_numbers(conn, actor.org_id, &numbers)
                .await?
                .into_iter()
                .map(|s| (s.employee_number.clone(), s))
                .collect();
        let now: DateTime<Utc> = self.now();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut scope_denied: HashSet<usize> = HashSet::new();
        for row in &table.rows {
            let input = StaffInput {
                employee_number: cell(row, "employee_number"),
                name: cell(row, "name"),
                kana: cell(row, "kana"),
                email: cell(row, "email"),
                department: cell(row, "department"),
                category: cell(row, "category"),
                part_time: cell(row, "part_time"),
                start_date: cell(row, "start_date"),
                end_date: cell(row, "end_date"),
            };
            let retired = if col_of.contains_key("retired") {
                match parse_bool_flag(&cell(row, "retired")) {
                    Ok(b) => Some(b),
                    Err(p) => {
                        plan.errors.push(ImportIssue {
                            row: row.number,
                            column: header_of("retired"),
                            value: cell(row, "retired"),
                            ja: p.ja,
                            en: p.en,
                        });
                        None
                    }
                }
            } else {
                None
            };
            let v = match validate(&input, &idx) {
                Ok(v) => v,
                Err(inv) => {
                    for e in inv.0 {
                        plan.errors.push(ImportIssue {
                            row: row.number,
                            column: header_of(&e.field),
                            value: cell(row, &e.field),
                            ja: e.ja,
                            en: e.en,
                        });
                    }
                    continue;
                }
            };
            if let Some(first) = seen.insert(v.employee_number.clone(), row.number) {
                plan.errors.push(ImportIssue {
                    row: row.number,
                    column: header_of("employee_number"),
                    value: v.employee_number.clone(),
                    ja: format!(
                        "職員番号「{}」が{}行目と重複しています。",
                        v.employee_number, first
                    ),
                    en: format!(
                        "Employee number \"{}\" repeats row {}.",
                        v.employee_number, first
                    ),
                });
                continue;
            }
            if !actor.can(Capability::EditStaff {
                department: v.department_id,
            }) && scope_denied.insert(row.number)
            {
                plan.errors.push(ImportIssue {
                    row: row.number,
                    column: header_of("department"),
                    value: input.department.clone(),
                    ja: "この所属の職員を編集する権限がありません。".into(),
                    en: "You may not edit staff of this department.".into(),
                });
                continue;
            }
            let (action, name) = match existing.get(&v.employee_number) {
                None => {
                    let mut m = apply(blank(self.new_id(), actor.org_id, now), &v, now);
                    m.retired = retired.unwrap_or(false);
                    let name = m.name.clone();
                    plan.writes.inserts.push(m);
                    (RowAction::Create, name)
                }
                Some(before) => {
                    let mut after = apply(before.clone(), &v, now);
                    if let Some(r) = retired {
                        after.retired = r;
                    }
                    let b = serde_json::to_value(snapshot(before, &idx)).ok();
                    let a = serde_json::to_value(snapshot(&after, &idx)).ok();
                    let changes = diff(b.as_ref(), a.as_ref());
                    let name = after.name.clone();
                    if changes.is_empty() {
                        (RowAction::Unchanged, name)
                    } else {
                        plan.writes.updates.push((before.clone(), after));
                        (RowAction::Update { changes }, name)
                    }
                }
            };
            match action {
                RowAction::Create => plan.creates += 1,
                RowAction::Update { .. } => plan.updates += 1,
                RowAction::Unchanged => plan.unchanged += 1,
            }
            plan.rows.push(PlannedRow {
                row: row.number,
                employee_number: v.employee_number,
                name,
                action,
            });
        }
        if table.rows.is_empty() {
            plan.errors.push(file_issue(mamori_domain::Problem::new(
                "見出し行の下にデータ行がありません。",
                "There are no data rows below the header row.",
            )));
        }
        Ok(plan)
    }
}

/// How the file was read, for the preview ("CSV (Shift_JIS)", "Excel: 職員一覧").
fn describe(t: &tabular::Table) -> String {
    match (t.format, t.encoding, &t.sheet) {
        (tabular::Format::Xlsx, _, Some(sheet)) => format!("Excel (.xlsx): {sheet}"),
        (tabular::Format::Xlsx, _, None) => "Excel (.xlsx)".into(),
        (tabular::Format::Csv, Some(tabular::Encoding::ShiftJis), _) => "CSV (Shift_JIS)".into(),
        (tabular::Format::Csv, Some(tabular::Encoding::Utf8Bom), _) => "CSV (UTF-8 BOM)".into(),
        (tabular::Format::Csv, _, _) => "CSV (UTF-8)".into(),
    }
}

/// One export row in the order of [`EXPORT_HEADERS`].
pub fn export_row(s: &crate::staff::StaffView) -> Vec<String> {
    let flag = |b: bool| if b { "○".to_owned() } else { String::new() };
    let date = |d: Option<chrono::NaiveDate>| {
        d.map(|d| d.format("%Y-%m-%d").to_string())
            .unwrap_or_default()
    };
    vec![
        s.employee_number.clone(),
        s.name.clone(),
        s.kana.clone(),
        s.department_path.clone().unwrap_or_default(),
        s.category.label_ja().to_owned(),
        flag(s.part_time),
        s.email.clone().unwrap_or_default(),
        date(s.start_date),
        date(s.end_date),
        flag(s.retired),
    ]
}

/// An uploaded file waiting between its preview and its commit.
pub struct StagedImport {
    pub id: Uuid,
    pub filename: String,
    pub bytes: Vec<u8>,
    pub options: ImportOptions,
}

/// Uploads older than this are discarded.
const STAGED_FOR: chrono::Duration = chrono::Duration::hours(2);

impl App {
    /// Keeps an upload so that the preview's "commit" button can finish it, on any app server.
    pub async fn stage_import(
        &self,
        actor: &Actor,
        filename: &str,
        bytes: Vec<u8>,
        options: &ImportOptions,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ImportStaff).await?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let id = self.new_id();
        let now = self.now();
        let tx = self.store.begin_write().await?;
        mamori_store::pending_imports::purge_older_than(&*tx, now - STAGED_FOR).await?;
        mamori_store::pending_imports::insert(
            &*tx,
            mamori_store::entity::pending_import::Model {
                id,
                org_id: actor.org_id,
                user_id,
                kind: "staff".into(),
                filename: filename.to_owned(),
                content: bytes,
                options: serde_json::to_string(options).unwrap_or_else(|_| "{}".into()),
                created_at: now,
            },
        )
        .await?;
        self.audit(
            &*tx,
            actor,
            "staff.import_upload",
            "pending_import",
            &id.to_string(),
            vec![Change {
                field: "filename".into(),
                before: None,
                after: Some(serde_json::json!(filename)),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn staged_import(&self, actor: &Actor, id: Uuid) -> AppResult<StagedImport> {
        self.authorize(actor, Capability::ImportStaff).await?;
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let m = mamori_store::pending_imports::get(self.store.conn(), actor.org_id, user_id, id)
            .await?
            .filter(|m| self.now() - m.created_at < STAGED_FOR)
            .ok_or(AppError::NotFound)?;
        Ok(StagedImport {
            id: m.id,
            filename: m.filename,
            bytes: m.content,
            options: serde_json::from_str(&m.options).unwrap_or_default(),
        })
    }

    /// Commits a staged upload and removes it once it is written.
    pub async fn commit_staged_import(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<(StagedImport, ImportPlan)> {
        let staged = self.staged_import(actor, id).await?;
        let plan = self
            .import_staff(actor, &staged.bytes, &staged.options, true)
            .await?;
        if plan.committed {
            let tx = self.store.begin_write().await?;
            mamori_store::pending_imports::delete(&*tx, actor.org_id, id).await?;
            tx.commit().await?;
        }
        Ok((staged, plan))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_match_aliases_in_either_language_and_width() {
        assert_eq!(field_for("職員コード"), Some("employee_number"));
        assert_eq!(field_for("ﾌﾘｶﾞﾅ"), Some("kana"));
        assert_eq!(field_for("氏名カナ"), Some("kana"));
        assert_eq!(field_for("所属課"), Some("department"));
        assert_eq!(field_for("任用区分"), Some("category"));
        assert_eq!(field_for("E-Mail"), Some("email"));
        assert_eq!(field_for("Employee Number"), Some("employee_number"));
        assert_eq!(field_for("ｅｍａｉｌ"), Some("email"));
        assert_eq!(field_for("備考"), None);
    }

    #[test]
    fn export_headers_are_all_importable() {
        for h in EXPORT_HEADERS {
            assert!(field_for(h).is_some(), "{h}");
        }
    }
}

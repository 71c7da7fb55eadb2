//! Importing registers from the files cities keep them in (CSV or .xlsx), all or
//! nothing.
//!
//! Every importer follows one shape: read the table, match headers by name (Japanese
//! or English, with the aliases real ledgers use), validate every row with the same
//! rules as the form, and compare each row with what is stored. The same planner
//! serves the preview and the commit; a commit re-plans inside the write transaction
//! and writes only when there is not a single problem, so a refused import changes
//! nothing. This module holds what the importers share: the plan and its issues,
//! header matching, creating missing departments, and keeping an upload between its
//! preview and its commit.

pub mod assets;
pub mod attendance;
pub mod entries;
pub mod media;
pub mod phishing;
pub mod staff;
mod staged;

pub use staged::StagedImport;

use std::collections::HashMap;

use mamori_domain::Problem;
use mamori_domain::audit::{Change, diff};
use mamori_domain::department::{DepartmentKind, split_path};
use mamori_store::audit::NewEntry;
use mamori_store::entity::department;
use serde::Serialize;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::tabular::{self, ReadOptions};
use crate::{App, AppError, AppResult};

/// Which register a file is imported into.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportKind {
    Staff,
    Assets,
    /// Completions of training sessions (an attendance sheet).
    Attendance,
    /// A drill vendor's report of what each recipient did.
    Phishing,
    /// A door system's log of an area (入退室記録).
    Entries,
    /// The equipment and media register (機器・媒体台帳).
    Media,
}

impl ImportKind {
    pub fn code(self) -> &'static str {
        match self {
            ImportKind::Staff => "staff",
            ImportKind::Assets => "assets",
            ImportKind::Attendance => "attendance",
            ImportKind::Phishing => "phishing",
            ImportKind::Entries => "entries",
            ImportKind::Media => "media",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        match s {
            "staff" => Some(ImportKind::Staff),
            "assets" => Some(ImportKind::Assets),
            "attendance" => Some(ImportKind::Attendance),
            "phishing" => Some(ImportKind::Phishing),
            "entries" => Some(ImportKind::Entries),
            "media" => Some(ImportKind::Media),
            _ => None,
        }
    }

    pub fn capability(self) -> Capability {
        match self {
            ImportKind::Staff => Capability::ImportStaff,
            ImportKind::Assets => Capability::ImportAssets,
            ImportKind::Attendance | ImportKind::Phishing => Capability::ManageTraining,
            // Who may import into the area is decided per area (its manager, or the
            // system administrators); staging needs only sight of the areas.
            ImportKind::Entries => Capability::ViewAreas,
            // Each row is checked against the departments the importer keeps.
            ImportKind::Media => Capability::ViewMedia,
        }
    }
}

#[derive(Debug, Clone, Default, Serialize, serde::Deserialize)]
pub struct ImportOptions {
    #[serde(default)]
    pub create_departments: bool,
    #[serde(default)]
    pub sheet: Option<String>,
    /// The classification scheme an asset ledger is written in, when the user says so;
    /// otherwise it is recognised from the levels the file writes.
    #[serde(default)]
    pub scheme: Option<mamori_domain::classification::Preset>,
    /// What the rows belong to when the file does not say: the session of an
    /// attendance sheet without a session column, the drill of a vendor's report.
    #[serde(default)]
    pub target: Option<Uuid>,
}

/// One problem (or warning), located in the file.
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

impl ImportIssue {
    /// An issue with the file as a whole (row 0, no column).
    pub(crate) fn of_file(p: Problem) -> Self {
        Self {
            row: 0,
            column: String::new(),
            value: String::new(),
            ja: p.ja,
            en: p.en,
        }
    }
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
    /// The row's identifying number (employee number, asset number).
    pub key: String,
    pub name: String,
    #[serde(flatten)]
    pub action: RowAction,
}

/// The most planned rows a plan lists (see [`ImportPlan::record`]).
pub const LISTED_ROWS: usize = 1_000;

/// What an import would do (preview) or did (commit).
#[derive(Debug, Clone, Serialize, Default)]
pub struct ImportPlan {
    pub format: String,
    pub header_row: usize,
    /// Each header of the file with the field it fills, if any.
    pub columns: Vec<(String, Option<String>)>,
    /// Headers that fill no field; listed so nothing is silently dropped.
    pub unknown_columns: Vec<String>,
    /// The rows that create or change something, in file order, up to [`LISTED_ROWS`].
    pub rows: Vec<PlannedRow>,
    /// Rows that create or change something beyond those listed.
    pub rows_not_listed: usize,
    pub errors: Vec<ImportIssue>,
    /// Findings that do not stop the import (e.g. a stated 重要度 that differs from
    /// the derived one).
    pub warnings: Vec<ImportIssue>,
    /// What the import changes beyond its rows, said before it is committed (the
    /// organization's classification scheme adopted from the file).
    pub notices: Vec<ImportIssue>,
    /// The preset an asset import makes the organization's scheme, if it does.
    pub adopted_scheme: Option<mamori_domain::classification::Preset>,
    /// Paths of departments the import creates (with `create_departments`).
    pub new_departments: Vec<String>,
    pub creates: usize,
    pub updates: usize,
    pub unchanged: usize,
    pub committed: bool,
}

impl ImportPlan {
    pub fn is_ok(&self) -> bool {
        self.errors.is_empty()
    }

    pub(crate) fn file_issue(&mut self, p: Problem) {
        self.errors.push(ImportIssue::of_file(p));
    }

    /// Counts a planned row and keeps it for the preview while fewer than
    /// [`LISTED_ROWS`] are kept: a preview lists what a person can read, and a whole
    /// register's rows need not stay in memory until the commit.
    pub(crate) fn record(&mut self, row: PlannedRow) {
        match row.action {
            RowAction::Create => self.creates += 1,
            RowAction::Update { .. } => self.updates += 1,
            RowAction::Unchanged => self.unchanged += 1,
        }
        if matches!(row.action, RowAction::Unchanged) {
            return;
        }
        if self.rows.len() < LISTED_ROWS {
            self.rows.push(row);
        } else {
            self.rows_not_listed += 1;
        }
    }
}

/// Fields a column can fill, each with the header names recognized for it.
pub(crate) type ColumnAliases = [(&'static str, &'static [&'static str])];

/// Header text folded for matching: width, case, spaces and punctuation ignored.
fn header_key(h: &str) -> String {
    mamori_domain::text::fold_width(h)
        .to_lowercase()
        .chars()
        .filter(|c| !c.is_whitespace() && !"_-・()（）[]【】/／.:：".contains(*c))
        .collect()
}

pub(crate) fn field_for(columns: &ColumnAliases, header: &str) -> Option<&'static str> {
    let key = header_key(header);
    columns
        .iter()
        .find(|(_, aliases)| aliases.iter().any(|a| header_key(a) == key))
        .map(|(f, _)| *f)
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

/// Ledgers often group columns under a merged heading with the real names one row
/// below (IPA's workbook: 個人情報の種類 over 個人情報 / 要配慮個人情報 / 特定個人情報, 評価値
/// over 機密性 / 完全性 / 可用性). When the row after the header names at least two
/// fields, its names replace the group headings above them and the row is not data.
fn merge_two_row_header<'a>(
    mut table: tabular::Table<'a>,
    resolve: &dyn Fn(&str) -> Option<&'static str>,
) -> tabular::Table<'a> {
    let Some(first) = table.row(0) else {
        return table;
    };
    if first.number != table.header_row + 1 {
        return table;
    }
    let below: Vec<Option<&'static str>> = first.cells.iter().map(resolve).collect();
    let named_below = below.iter().filter(|f| f.is_some()).count();
    // A data row never consists of column names; two or more is a sub-header.
    if named_below < 2 {
        return table;
    }
    let Some(sub) = table.take_first() else {
        return table;
    };
    for (i, cell) in sub.cells.iter().enumerate() {
        if below[i].is_some()
            && let Some(h) = table.headers.get_mut(i)
        {
            *h = cell.to_owned();
        }
    }
    table.header_row = sub.number;
    table
}

/// A file's table with its headers matched to fields.
pub(crate) struct Mapped<'a> {
    pub table: tabular::Table<'a>,
    col_of: HashMap<&'static str, usize>,
}

impl<'a> Mapped<'a> {
    /// Reads the file and matches its headers, recording every problem in `plan`.
    /// `None` when the file cannot be read or a required column is missing.
    pub fn read(
        bytes: &'a [u8],
        opts: &ImportOptions,
        columns: &'static ColumnAliases,
        required: &[(&str, &str, &str)],
        plan: &mut ImportPlan,
    ) -> Option<Self> {
        Self::read_with(
            bytes,
            opts,
            200_000,
            &|h| field_for(columns, h),
            required,
            plan,
        )
    }

    /// [`Mapped::read`] with the headers matched by `resolve` (an organization's own
    /// column names before the usual ones) and up to `max_rows` data rows.
    pub fn read_with(
        bytes: &'a [u8],
        opts: &ImportOptions,
        max_rows: usize,
        resolve: &dyn Fn(&str) -> Option<&'static str>,
        required: &[(&str, &str, &str)],
        plan: &mut ImportPlan,
    ) -> Option<Self> {
        let read = ReadOptions {
            sheet: opts.sheet.as_deref(),
            max_rows,
            max_header_scan: 30,
        };
        let table = match tabular::read_table(bytes, &read, &|h| resolve(h).is_some()) {
            Ok(t) => t,
            Err(e) => {
                plan.file_issue(e.problem());
                return None;
            }
        };
        let table = merge_two_row_header(table, resolve);
        plan.format = describe(&table);
        plan.header_row = table.header_row;
        let mut col_of: HashMap<&'static str, usize> = HashMap::new();
        for (i, h) in table.headers.iter().enumerate() {
            let f = resolve(h);
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
        for (field, ja, en) in required {
            if !col_of.contains_key(field) {
                plan.errors.push(ImportIssue {
                    row: table.header_row,
                    column: String::new(),
                    value: String::new(),
                    ja: format!("必須の列「{ja}」がありません。見出し行を確認してください。"),
                    en: format!("The required column \"{en}\" is missing; check the header row."),
                });
            }
        }
        if table.is_empty() {
            plan.file_issue(Problem::new(
                "見出し行の下にデータ行がありません。",
                "There are no data rows below the header row.",
            ));
        }
        if !plan.errors.is_empty() {
            return None;
        }
        Some(Self { table, col_of })
    }

    pub fn has(&self, field: &str) -> bool {
        self.col_of.contains_key(field)
    }

    /// The header a field was read from, as the file wrote it.
    pub fn header(&self, field: &str) -> String {
        self.col_of
            .get(field)
            .map(|i| self.table.headers[*i].clone())
            .unwrap_or_else(|| field.to_owned())
    }

    /// The cell of `field` in `row` ("" when the file has no such column).
    pub fn cell<'r>(&self, row: &'r tabular::Row, field: &str) -> &'r str {
        self.col_of
            .get(field)
            .and_then(|i| row.cells.get(*i))
            .unwrap_or_default()
    }

    /// An issue about one cell, with the header and value the user will recognize.
    pub fn issue(&self, row: &tabular::Row, field: &str, ja: String, en: String) -> ImportIssue {
        ImportIssue {
            row: row.number,
            column: self.header(field),
            value: self.cell(row, field).to_owned(),
            ja,
            en,
        }
    }

    /// Departments the file names but the organization lacks, created along their
    /// path ("総務部/総務課"); `idx` is extended with them.
    pub fn missing_departments(
        &self,
        app: &App,
        org_id: Uuid,
        field: &str,
        idx: &mut DeptIndex,
        plan: &mut ImportPlan,
    ) -> Vec<department::Model> {
        let mut created = Vec::new();
        if !self.has(field) {
            return created;
        }
        let mut next_code = 1usize;
        for row in self.table.rows() {
            let reference = self.cell(&row, field).to_owned();
            if reference.trim().is_empty() || idx.resolve(&reference).is_ok() {
                continue;
            }
            let parts = split_path(&reference);
            let mut parent: Option<Uuid> = None;
            for depth in 0..parts.len() {
                if let Some(existing) = idx.by_path(&parts[..=depth]) {
                    parent = Some(existing.id);
                    continue;
                }
                let Ok(name) = mamori_domain::department::DepartmentName::parse(&parts[depth])
                else {
                    break;
                };
                let code = loop {
                    let c = format!("NEW{next_code:04}");
                    next_code += 1;
                    if idx.by_code(&c).is_none() {
                        break c;
                    }
                };
                let now = app.now();
                let d = department::Model {
                    id: app.new_id(),
                    org_id,
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
                created.push(d.clone());
                let mut all = idx.all.clone();
                all.push(d);
                *idx = DeptIndex::new(all);
            }
            if let Some(p) = parent {
                plan.new_departments.push(idx.path(p));
            }
        }
        plan.new_departments.dedup();
        created
    }
}

impl App {
    /// Refuses files above the configured upload limit.
    pub(crate) fn check_import_size(&self, bytes: &[u8]) -> AppResult<()> {
        if bytes.len() > self.config.max_import_bytes {
            let mib = self.config.max_import_bytes >> 20;
            return Err(AppError::field(
                "file",
                format!("ファイルが大きすぎます（上限 {mib} MiB）。"),
                format!("The file is too large (limit {mib} MiB)."),
            ));
        }
        Ok(())
    }

    /// Writes departments an import creates, with their audit entries.
    pub(crate) async fn write_new_departments<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        departments: &[department::Model],
        entries: &mut Vec<NewEntry>,
    ) -> AppResult<()> {
        for d in departments {
            mamori_store::departments::insert(conn, d.clone()).await?;
            let snap = serde_json::json!({"code": d.code, "name": d.name, "kind": d.kind});
            entries.push(self.entry(
                actor,
                "department.create",
                "department",
                &d.id.to_string(),
                &diff(None, Some(&snap)),
            ));
        }
        Ok(())
    }
}

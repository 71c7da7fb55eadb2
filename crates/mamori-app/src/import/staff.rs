//! Importing personnel lists from the HR system.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Utc};
use mamori_domain::audit::diff;
use mamori_domain::staff::parse_bool_flag;
use mamori_store::entity::{department, staff};

use super::{ColumnAliases, ImportOptions, ImportPlan, Mapped, PlannedRow, RowAction};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::staff::{StaffInput, apply, blank, snapshot, validate};
use crate::{App, AppResult};

/// The headers an employee number is found under, in every file that names staff
/// (the register, attendance sheets, drill reports).
pub(crate) const EMPLOYEE_NUMBER: &[&str] = &[
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
];

/// Fields an import column can fill, with the header names recognized for each.
const COLUMNS: &ColumnAliases = &[
    ("employee_number", EMPLOYEE_NUMBER),
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

/// What a staff import writes.
#[derive(Debug, Default)]
struct Writes {
    departments: Vec<department::Model>,
    inserts: Vec<staff::Model>,
    updates: Vec<(staff::Model, staff::Model)>,
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
        self.check_import_size(bytes)?;
        if !commit {
            let idx = self.dept_tree(actor.org_id).await?;
            let (plan, _) = self
                .plan_staff(actor, bytes, opts, idx, self.store.conn())
                .await?;
            return Ok(plan);
        }
        let tx = self.store.begin_write().await?;
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        let (mut plan, writes) = self.plan_staff(actor, bytes, opts, idx, &*tx).await?;
        if !plan.is_ok() {
            return Ok(plan);
        }
        let mut entries = Vec::new();
        self.write_new_departments(&*tx, actor, &writes.departments, &mut entries)
            .await?;
        let idx = DeptIndex::new(mamori_store::departments::all(&*tx, actor.org_id).await?);
        self.write_staff_batch(
            &*tx,
            actor,
            writes.inserts,
            &writes.updates,
            &idx,
            &mut entries,
        )
        .await?;
        let summary = serde_json::json!({
            "created": plan.creates, "updated": plan.updates, "unchanged": plan.unchanged,
            "departments_created": writes.departments.len(),
        });
        self.commit_staff_batch(tx, actor, "staff.import", &summary, entries)
            .await?;
        plan.committed = true;
        Ok(plan)
    }

    async fn plan_staff<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        mut idx: DeptIndex,
        conn: &C,
    ) -> AppResult<(ImportPlan, Writes)> {
        let mut plan = ImportPlan::default();
        let mut writes = Writes::default();
        let required = [
            ("employee_number", "職員番号", "employee number"),
            ("name", "氏名", "name"),
        ];
        let Some(file) = Mapped::read(bytes, opts, COLUMNS, &required, &mut plan) else {
            return Ok((plan, writes));
        };
        if opts.create_departments {
            writes.departments =
                file.missing_departments(self, actor.org_id, "department", &mut idx, &mut plan);
        }
        let numbers: Vec<String> = file
            .table
            .rows()
            .filter_map(|r| {
                mamori_domain::staff::EmployeeNumber::parse(file.cell(&r, "employee_number")).ok()
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
        for row in file.table.rows() {
            let row = &row;
            let input = StaffInput {
                employee_number: file.cell(row, "employee_number").to_owned(),
                name: file.cell(row, "name").to_owned(),
                kana: file.cell(row, "kana").to_owned(),
                email: file.cell(row, "email").to_owned(),
                department: file.cell(row, "department").to_owned(),
                category: file.cell(row, "category").to_owned(),
                part_time: file.cell(row, "part_time").to_owned(),
                start_date: file.cell(row, "start_date").to_owned(),
                end_date: file.cell(row, "end_date").to_owned(),
            };
            let retired = if file.has("retired") {
                match parse_bool_flag(file.cell(row, "retired")) {
                    Ok(b) => Some(b),
                    Err(p) => {
                        plan.errors.push(file.issue(row, "retired", p.ja, p.en));
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
                        plan.errors.push(file.issue(row, &e.field, e.ja, e.en));
                    }
                    continue;
                }
            };
            if let Some(first) = seen.insert(v.employee_number.clone(), row.number) {
                plan.errors.push(file.issue(
                    row,
                    "employee_number",
                    format!(
                        "職員番号「{}」が{}行目と重複しています。",
                        v.employee_number, first
                    ),
                    format!(
                        "Employee number \"{}\" repeats row {}.",
                        v.employee_number, first
                    ),
                ));
                continue;
            }
            if !actor.can(Capability::EditStaff {
                department: v.department_id,
            }) && scope_denied.insert(row.number)
            {
                plan.errors.push(file.issue(
                    row,
                    "department",
                    "この所属の職員を編集する権限がありません。".into(),
                    "You may not edit staff of this department.".into(),
                ));
                continue;
            }
            let (action, name) = match existing.get(&v.employee_number) {
                None => {
                    let mut m = apply(blank(self.new_id(), actor.org_id, now), &v, now);
                    m.retired = retired.unwrap_or(false);
                    let name = m.name.clone();
                    writes.inserts.push(m);
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
                        writes.updates.push((before.clone(), after));
                        (RowAction::Update { changes }, name)
                    }
                }
            };
            plan.record(PlannedRow {
                row: row.number,
                key: v.employee_number,
                name,
                action,
            });
        }
        Ok((plan, writes))
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::field_for;

    #[test]
    fn headers_match_aliases_in_either_language_and_width() {
        assert_eq!(field_for(COLUMNS, "職員コード"), Some("employee_number"));
        assert_eq!(field_for(COLUMNS, "ﾌﾘｶﾞﾅ"), Some("kana"));
        assert_eq!(field_for(COLUMNS, "氏名カナ"), Some("kana"));
        assert_eq!(field_for(COLUMNS, "所属課"), Some("department"));
        assert_eq!(field_for(COLUMNS, "任用区分"), Some("category"));
        assert_eq!(field_for(COLUMNS, "E-Mail"), Some("email"));
        assert_eq!(
            field_for(COLUMNS, "Employee Number"),
            Some("employee_number")
        );
        assert_eq!(field_for(COLUMNS, "ｅｍａｉｌ"), Some("email"));
        assert_eq!(field_for(COLUMNS, "備考"), None);
    }

    #[test]
    fn export_headers_are_all_importable() {
        for h in EXPORT_HEADERS {
            assert!(field_for(COLUMNS, h).is_some(), "{h}");
        }
    }
}

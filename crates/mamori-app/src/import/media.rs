//! Importing the equipment and media register from the ledger a city keeps in Excel
//! (USB メモリ管理台帳, 機器台帳), read with the staff import's reader (CSV in UTF-8 or
//! Shift_JIS, or .xlsx) and its header matching. The register's own export reads back
//! unchanged.
//!
//! Each row is checked as the form checks it (`checked_item`): a number written twice,
//! an unknown kind, department, holder, place or asset, a yes/no that is neither, or a
//! department the importer does not keep refuses the whole file, named by row and
//! column. A number already in the register updates that item; nothing else is touched.

use std::collections::HashMap;

use mamori_domain::audit::diff;
use mamori_domain::staff::parse_bool_flag;
use mamori_store::entity::item;

use super::{ColumnAliases, ImportOptions, ImportPlan, Mapped, PlannedRow, RowAction};
use crate::authz::{Actor, Capability};
use crate::media::ItemInput;
use crate::{App, AppError, AppResult};

const COLUMNS: &ColumnAliases = &[
    (
        "number",
        &["管理番号", "媒体番号", "機器番号", "番号", "number", "no"],
    ),
    (
        "kind",
        &["種類", "種別", "媒体の種類", "機器の種類", "kind", "type"],
    ),
    ("name", &["名称", "品名", "機器名", "媒体名", "name"]),
    ("asset", &["資産番号", "情報資産番号", "asset"]),
    (
        "serial",
        &[
            "製造番号",
            "シリアル番号",
            "シリアル",
            "serial",
            "serialnumber",
        ],
    ),
    ("asset_tag", &["備品番号", "備品管理番号", "assettag"]),
    ("capacity", &["容量", "capacity"]),
    (
        "encrypted",
        &["暗号化", "暗号化機能", "暗号化の有無", "encrypted"],
    ),
    (
        "max_level",
        &[
            "持出可能な機密性",
            "機密性の上限",
            "取扱可能な機密性",
            "highestconfidentiality",
        ],
    ),
    (
        "department",
        &["所管課", "所属", "管理課", "担当課", "department"],
    ),
    ("holder", &["使用者", "貸与先", "管理者", "holder"]),
    ("area", &["保管場所", "設置場所", "場所", "keptin", "area"]),
    (
        "rack",
        &["ラック・棚", "ラック", "棚", "キャビネット", "rack"],
    ),
    ("status", &["状態", "status"]),
    ("notes", &["備考", "notes"]),
];

/// Items to write: new ones, and changed ones with what they were.
type Writes = Vec<(Option<item::Model>, item::Model)>;

/// The employee number in a holder cell: the register's export writes
/// 「氏名（職員番号）」, a ledger the number alone.
fn holder_number(cell: &str) -> String {
    let c = mamori_domain::text::fold_width(cell.trim());
    match (c.rfind('('), c.ends_with(')')) {
        (Some(i), true) => c[i + 1..c.len() - 1].trim().to_owned(),
        _ => c,
    }
}

impl App {
    /// Plans a register import (and commits it when `commit` and there is no
    /// problem).
    pub async fn import_media(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        self.authorize(actor, Capability::ViewMedia).await?;
        self.check_import_size(bytes)?;
        let (mut plan, writes) = self.plan_media(actor, bytes, opts).await?;
        if !commit || !plan.is_ok() {
            return Ok(plan);
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        for (before, after) in writes {
            let after_audit = crate::media::audited_item(&after);
            match before {
                None => {
                    mamori_store::media::insert(&*tx, vec![after.clone()]).await?;
                    self.audit_change(
                        &*tx,
                        actor,
                        "item.import",
                        ("item", after.id),
                        None,
                        Some(&after_audit),
                    )
                    .await?;
                }
                Some(b) => {
                    mamori_store::media::update(&*tx, after.clone()).await?;
                    self.audit_change(
                        &*tx,
                        actor,
                        "item.import",
                        ("item", after.id),
                        Some(&crate::media::audited_item(&b)),
                        Some(&after_audit),
                    )
                    .await?;
                }
            }
        }
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    async fn plan_media(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
    ) -> AppResult<(ImportPlan, Writes)> {
        let mut plan = ImportPlan::default();
        let required = [("number", "管理番号", "number"), ("kind", "種類", "kind")];
        let Some(file) = Mapped::read(bytes, opts, COLUMNS, &required, &mut plan) else {
            return Ok((plan, Vec::new()));
        };
        let idx = self.dept_tree(actor.org_id).await?;
        let conn = self.store.conn();
        let mut seen: HashMap<String, usize> = HashMap::new();
        let mut writes = Vec::new();
        for row in file.table.rows() {
            let row = &row;
            let cell = |f: &str| file.cell(row, f).to_owned();
            let department = match file.cell(row, "department").trim() {
                "" => None,
                d => match idx.resolve(d) {
                    Ok(d) => Some(d.id),
                    Err(p) => {
                        plan.errors.push(file.issue(row, "department", p.ja, p.en));
                        continue;
                    }
                },
            };
            let encrypted = match parse_bool_flag(file.cell(row, "encrypted")) {
                Ok(b) => b,
                Err(p) => {
                    plan.errors.push(file.issue(row, "encrypted", p.ja, p.en));
                    continue;
                }
            };
            let area = cell("area");
            let input = ItemInput {
                number: cell("number"),
                kind: cell("kind"),
                name: cell("name"),
                asset: cell("asset"),
                serial: cell("serial"),
                asset_tag: cell("asset_tag"),
                capacity: cell("capacity"),
                encrypted,
                max_level: cell("max_level"),
                department,
                holder: holder_number(&cell("holder")),
                // The export writes 「コード 名称」; the code comes first.
                area: area.split_whitespace().next().unwrap_or("").to_owned(),
                rack: cell("rack"),
                status: cell("status"),
                notes: cell("notes"),
            };
            let number = mamori_domain::media::parse_number(&input.number).unwrap_or_default();
            if let Some(first) = seen.insert(number.clone(), row.number)
                && !number.is_empty()
            {
                plan.errors.push(file.issue(
                    row,
                    "number",
                    format!("管理番号「{number}」が{first}行目と重複しています。"),
                    format!("The number \"{number}\" repeats row {first}."),
                ));
                continue;
            }
            let before = mamori_store::media::by_number(conn, actor.org_id, &number).await?;
            // A new item needs the right over its department; a changed one over the
            // department it leaves too.
            let mut departments = vec![department];
            departments.extend(before.as_ref().map(|b| b.department_id));
            if departments
                .iter()
                .any(|d| !actor.can(Capability::KeepMedia { department: *d }))
            {
                plan.errors.push(file.issue(
                    row,
                    "department",
                    "この所管課の機器・媒体を登録・変更する権限がありません。".into(),
                    "You may not record or change this department's devices and media.".into(),
                ));
                continue;
            }
            let after = match self.checked_item(actor, &input, before.as_ref()).await {
                Ok(m) => m,
                Err(AppError::Invalid(inv)) => {
                    for e in inv.0 {
                        let field = if file.has(&e.field) {
                            e.field.as_str()
                        } else {
                            "number"
                        };
                        plan.errors.push(file.issue(row, field, e.ja, e.en));
                    }
                    continue;
                }
                Err(e) => return Err(e),
            };
            let after_audit = crate::media::audited_item(&after);
            let action = match &before {
                None => RowAction::Create,
                Some(b) => {
                    let changes = diff(Some(&crate::media::audited_item(b)), Some(&after_audit));
                    if changes.is_empty() {
                        RowAction::Unchanged
                    } else {
                        RowAction::Update { changes }
                    }
                }
            };
            plan.record(PlannedRow {
                row: row.number,
                key: after.number.clone(),
                name: after.name.clone(),
                action: action.clone(),
            });
            if action != RowAction::Unchanged {
                writes.push((before, after));
            }
        }
        Ok((plan, writes))
    }
}

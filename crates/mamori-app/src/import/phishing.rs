//! Importing a drill vendor's report: one row per recipient, named by employee number
//! or mail address, with whether they opened the mail, clicked its link and reported
//! it. The report replaces the drill's earlier results (vendors send a final report
//! after a preliminary one). Anyone not on the register refuses the whole report.

use std::collections::HashMap;

use mamori_domain::training::phishing::{Outcome, flag};
use mamori_store::entity::phishing_result;
use uuid::Uuid;

use super::{ColumnAliases, ImportOptions, ImportPlan, Mapped, PlannedRow, RowAction};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

const COLUMNS: &ColumnAliases = &[
    ("employee_number", super::staff::EMPLOYEE_NUMBER),
    (
        "email",
        &[
            "メールアドレス",
            "宛先",
            "送信先",
            "メール",
            "email",
            "mail",
            "recipient",
            "emailaddress",
        ],
    ),
    ("name", &["氏名", "名前", "受信者", "name"]),
    (
        "opened",
        &["開封", "開封日時", "開封有無", "opened", "open", "openedat"],
    ),
    (
        "clicked",
        &[
            "クリック",
            "クリック日時",
            "url クリック",
            "リンククリック",
            "clicked",
            "click",
            "clickedat",
        ],
    ),
    (
        "reported",
        &[
            "報告",
            "報告日時",
            "通報",
            "申告",
            "reported",
            "report",
            "reportedat",
        ],
    ),
];

impl App {
    /// Plans a drill report's import (and commits it when `commit` and there is no
    /// problem); `opts.target` is the drill.
    pub async fn import_phishing(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        self.authorize(actor, Capability::ManageTraining).await?;
        self.check_import_size(bytes)?;
        let drill_id = opts.target.ok_or_else(|| {
            AppError::field(
                "target",
                "結果を取り込む訓練を選んでください。",
                "Choose the drill the results belong to.",
            )
        })?;
        if !commit {
            return Ok(self
                .plan_phishing(actor, bytes, opts, drill_id, self.store.conn())
                .await?
                .0);
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let (mut plan, rows) = self
            .plan_phishing(actor, bytes, opts, drill_id, &*tx)
            .await?;
        if !plan.is_ok() {
            return Ok(plan);
        }
        let summary = serde_json::json!({
            "recipients": rows.len(),
            "opened": rows.iter().filter(|r| r.opened).count(),
            "clicked": rows.iter().filter(|r| r.clicked).count(),
            "reported": rows.iter().filter(|r| r.reported).count(),
        });
        mamori_store::training::phishing::replace_results(&*tx, actor.org_id, drill_id, rows)
            .await?;
        self.audit_change(
            &*tx,
            actor,
            "training.drill_results",
            ("phishing_drill", drill_id),
            None,
            Some(&summary),
        )
        .await?;
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    async fn plan_phishing<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        drill_id: Uuid,
        conn: &C,
    ) -> AppResult<(ImportPlan, Vec<phishing_result::Model>)> {
        let org = actor.org_id;
        mamori_store::training::phishing::get_drill(conn, org, drill_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut plan = ImportPlan::default();
        let Some(file) = Mapped::read(bytes, opts, COLUMNS, &[], &mut plan) else {
            return Ok((plan, Vec::new()));
        };
        if !file.has("employee_number") && !file.has("email") {
            plan.file_issue(mamori_domain::Problem::new(
                "受信者を特定する列（職員番号またはメールアドレス）がありません。",
                "There is no column naming the recipient (employee number or mail address).",
            ));
            return Ok((plan, Vec::new()));
        }
        let staff =
            mamori_store::staff::all(conn, org, &mamori_store::staff::StaffFilter::default())
                .await?;
        let by_number: HashMap<&str, &mamori_store::entity::staff::Model> = staff
            .iter()
            .map(|s| (s.employee_number.as_str(), s))
            .collect();
        let by_email: HashMap<String, &mamori_store::entity::staff::Model> = staff
            .iter()
            .filter_map(|s| Some((s.email.as_deref()?.to_lowercase(), s)))
            .collect();
        let before: HashMap<Uuid, Outcome> =
            mamori_store::training::phishing::results(conn, org, Some(drill_id))
                .await?
                .into_iter()
                .map(|r| (r.staff_id, Outcome::new(r.opened, r.clicked, r.reported)))
                .collect();
        let mut seen: HashMap<Uuid, usize> = HashMap::new();
        let mut rows = Vec::new();
        for row in file.table.rows() {
            let row = &row;
            let number = mamori_domain::text::clean(file.cell(row, "employee_number"));
            let email = file.cell(row, "email").trim().to_lowercase();
            let (field, person) = if !number.is_empty() {
                ("employee_number", by_number.get(number.as_str()).copied())
            } else {
                ("email", by_email.get(&email).copied())
            };
            let Some(person) = person else {
                let shown = if number.is_empty() {
                    email.clone()
                } else {
                    number.clone()
                };
                plan.errors.push(file.issue(
                    row,
                    field,
                    format!("「{shown}」の職員が台帳にいません。"),
                    format!("\"{shown}\" is not on the staff register."),
                ));
                continue;
            };
            let mut flags = [false; 3];
            let mut bad = false;
            for (i, f) in ["opened", "clicked", "reported"].into_iter().enumerate() {
                match flag(file.cell(row, f)) {
                    Ok(b) => flags[i] = b,
                    Err(p) => {
                        plan.errors.push(file.issue(row, f, p.ja, p.en));
                        bad = true;
                    }
                }
            }
            if bad {
                continue;
            }
            if let Some(first) = seen.insert(person.id, row.number) {
                plan.errors.push(file.issue(
                    row,
                    field,
                    format!("{} さんが{first}行目と重複しています。", person.name),
                    format!("{} repeats row {first}.", person.name),
                ));
                continue;
            }
            let o = Outcome::new(flags[0], flags[1], flags[2]);
            let action = match before.get(&person.id) {
                None => RowAction::Create,
                Some(b) if *b == o => RowAction::Unchanged,
                Some(_) => RowAction::Update {
                    changes: Vec::new(),
                },
            };
            plan.record(PlannedRow {
                row: row.number,
                key: person.employee_number.clone(),
                name: person.name.clone(),
                action,
            });
            rows.push(phishing_result::Model {
                id: self.new_id(),
                org_id: org,
                drill_id,
                staff_id: person.id,
                opened: o.opened,
                clicked: o.clicked,
                reported: o.reported,
            });
        }
        Ok((plan, rows))
    }
}

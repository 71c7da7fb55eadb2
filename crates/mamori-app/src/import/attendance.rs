//! Importing attendance sheets: who completed which session, read with the staff
//! import's reader (CSV in UTF-8 or Shift_JIS, or .xlsx) and its header matching.
//!
//! A row names the session (S-0003; or the session is chosen when the sheet has no
//! such column), the employee number and, if it differs from the session's day, the
//! day completed. An unknown employee number or session, a day outside the session,
//! or a person twice in one session refuses the whole sheet; someone already recorded
//! is left as they are.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use mamori_domain::training::{CompletionSource, parse_session_code, session_code};
use mamori_store::entity::training_session;
use uuid::Uuid;

use super::{ColumnAliases, ImportOptions, ImportPlan, Mapped, PlannedRow, RowAction};
use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

const COLUMNS: &ColumnAliases = &[
    (
        "session",
        &[
            "研修回",
            "研修回番号",
            "セッション",
            "回",
            "開催回",
            "session",
            "sessioncode",
        ],
    ),
    ("employee_number", super::staff::EMPLOYEE_NUMBER),
    ("name", &["氏名", "名前", "職員名", "name"]),
    (
        "completed_on",
        &[
            "受講日",
            "修了日",
            "受講完了日",
            "出席日",
            "completedon",
            "date",
        ],
    ),
];

/// Completions to write, by session.
type Writes = Vec<(training_session::Model, Vec<Uuid>, NaiveDate)>;

impl App {
    /// Plans an attendance import (and commits it when `commit` and there is no
    /// problem).
    pub async fn import_attendance(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        self.authorize(actor, Capability::ManageTraining).await?;
        self.check_import_size(bytes)?;
        if !commit {
            return Ok(self
                .plan_attendance(actor, bytes, opts, self.store.conn())
                .await?
                .0);
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let (mut plan, writes) = self.plan_attendance(actor, bytes, opts, &*tx).await?;
        if !plan.is_ok() {
            return Ok(plan);
        }
        for (session, staff, day) in &writes {
            self.write_completions(&*tx, actor, session, staff, *day, CompletionSource::Import)
                .await?;
        }
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    async fn plan_attendance<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        conn: &C,
    ) -> AppResult<(ImportPlan, Writes)> {
        let mut plan = ImportPlan::default();
        let mut required = vec![("employee_number", "職員番号", "employee number")];
        if opts.target.is_none() {
            required.push(("session", "研修回", "session"));
        }
        let Some(file) = Mapped::read(bytes, opts, COLUMNS, &required, &mut plan) else {
            return Ok((plan, Vec::new()));
        };
        let org = actor.org_id;
        let fixed = match opts.target {
            Some(id) => Some(
                mamori_store::training::get_session(conn, org, id)
                    .await?
                    .ok_or(crate::AppError::NotFound)?,
            ),
            None => None,
        };
        let numbers: Vec<i32> = file
            .table
            .rows()
            .filter_map(|r| parse_session_code(file.cell(&r, "session")))
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        let sessions: HashMap<i32, training_session::Model> =
            mamori_store::training::sessions_by_number(conn, org, &numbers)
                .await?
                .into_iter()
                .map(|s| (s.number, s))
                .collect();
        let people: HashMap<String, mamori_store::policies::Person> =
            mamori_store::policies::people(conn, org)
                .await?
                .into_iter()
                .map(|p| (p.employee_number.clone(), p))
                .collect();
        let mut done: HashMap<Uuid, HashSet<Uuid>> = HashMap::new();
        let today = self.today();
        let mut seen: HashMap<(Uuid, Uuid), usize> = HashMap::new();
        let mut writes: HashMap<(Uuid, NaiveDate), (training_session::Model, Vec<Uuid>)> =
            HashMap::new();
        for row in file.table.rows() {
            let row = &row;
            let session = if file.has("session") && !file.cell(row, "session").trim().is_empty() {
                let raw = file.cell(row, "session");
                match parse_session_code(raw).and_then(|n| sessions.get(&n)) {
                    Some(s) => s.clone(),
                    None => {
                        plan.errors.push(file.issue(
                            row,
                            "session",
                            format!(
                                "研修回「{}」はありません（S-0001 の形で指定してください）。",
                                raw.trim()
                            ),
                            format!(
                                "There is no session \"{}\" (write it as S-0001).",
                                raw.trim()
                            ),
                        ));
                        continue;
                    }
                }
            } else if let Some(s) = &fixed {
                s.clone()
            } else {
                plan.errors.push(file.issue(
                    row,
                    "session",
                    "研修回が空欄です。".into(),
                    "The session is empty.".into(),
                ));
                continue;
            };
            let number = mamori_domain::text::clean(file.cell(row, "employee_number"));
            let Some(person) = people.get(&number) else {
                plan.errors.push(file.issue(
                    row,
                    "employee_number",
                    format!("職員番号「{number}」の職員はいません。"),
                    format!("No staff member has the employee number \"{number}\"."),
                ));
                continue;
            };
            let name = file.cell(row, "name").trim();
            if !name.is_empty()
                && name.replace([' ', '　'], "") != person.name.replace([' ', '　'], "")
            {
                plan.warnings.push(file.issue(
                    row,
                    "name",
                    format!("職員番号「{number}」は台帳では「{}」です。", person.name),
                    format!(
                        "Employee number \"{number}\" is \"{}\" on the register.",
                        person.name
                    ),
                ));
            }
            let raw_day = file.cell(row, "completed_on").trim();
            let day = if raw_day.is_empty() {
                session.held_on
            } else {
                match mamori_domain::wareki::parse_date(raw_day) {
                    Ok(d) => d,
                    Err(p) => {
                        plan.errors
                            .push(file.issue(row, "completed_on", p.ja, p.en));
                        continue;
                    }
                }
            };
            if day < session.held_on || day > today {
                plan.errors.push(file.issue(
                    row,
                    "completed_on",
                    format!(
                        "受講日は研修回 {} の実施日（{}）から今日までの日付にしてください。",
                        session_code(session.number),
                        session.held_on
                    ),
                    format!(
                        "The day completed is between session {}'s day ({}) and today.",
                        session_code(session.number),
                        session.held_on
                    ),
                ));
                continue;
            }
            if let Some(first) = seen.insert((session.id, person.id), row.number) {
                plan.errors.push(file.issue(
                    row,
                    "employee_number",
                    format!("職員番号「{number}」は同じ研修回で{first}行目と重複しています。"),
                    format!(
                        "Employee number \"{number}\" repeats row {first} for the same session."
                    ),
                ));
                continue;
            }
            if let std::collections::hash_map::Entry::Vacant(slot) = done.entry(session.id) {
                let ids = mamori_store::training::attendance::of_session(conn, org, session.id)
                    .await?
                    .into_iter()
                    .map(|a| a.staff_id)
                    .collect();
                slot.insert(ids);
            }
            let action = if done
                .get(&session.id)
                .is_some_and(|d| d.contains(&person.id))
            {
                RowAction::Unchanged
            } else {
                writes
                    .entry((session.id, day))
                    .or_insert_with(|| (session.clone(), Vec::new()))
                    .1
                    .push(person.id);
                RowAction::Create
            };
            plan.record(PlannedRow {
                row: row.number,
                key: number,
                name: format!("{}（{}）", person.name, session_code(session.number)),
                action,
            });
        }
        let mut out: Writes = writes
            .into_iter()
            .map(|((_, day), (s, staff))| (s, staff, day))
            .collect();
        out.sort_by_key(|(s, _, d)| (s.number, *d));
        Ok((plan, out))
    }
}

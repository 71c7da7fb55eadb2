//! Importing a door system's log (入退室記録) into an area's entry log, read with the
//! other imports' reader (CSV in UTF-8 or Shift_JIS, or .xlsx) and header matching,
//! with the column names saved on the area tried first.
//!
//! A log has one row per stay (入室日時 and 退室日時) or one row per swipe (日時 and
//! 入/出), paired by badge in file order. Each row is checked as an entry typed at the
//! door would be: an unknown badge, employee number or area, a time that cannot be
//! read, an exit before its entry or a log running back in time refuses the whole file.
//! Entries already in the log are left as they are; new ones are flagged as they are
//! written. A commit writes while it reads and rolls back at the first refusal, so a
//! year of swipes never sits in memory at once.

use std::collections::{HashMap, HashSet};

use mamori_domain::physical::PlaceKind;
use mamori_domain::physical::doorlog::{Direction, Pairer};
use mamori_domain::{Invalid, Problem};
use mamori_store::entity::{area_entry, place};
use uuid::Uuid;

use super::{ColumnAliases, ImportIssue, ImportOptions, ImportPlan, Mapped, field_for, header_key};
use crate::authz::{Actor, Capability};
use crate::physical::{AreaEntryInput, EntrySink, LogColumns, Who};
use crate::{App, AppResult};

/// The most rows one log may have: a year of a busy door.
const MAX_ROWS: usize = 2_000_000;

/// Entries written by one import from which the planner's statistics are refreshed.
const ANALYZE_AFTER: usize = 10_000;

const COLUMNS: &ColumnAliases = &[
    (
        "time",
        &[
            "日時",
            "時刻",
            "通過日時",
            "認証日時",
            "発生日時",
            "time",
            "datetime",
            "timestamp",
        ],
    ),
    (
        "direction",
        &[
            "入退",
            "入退区分",
            "入退室",
            "区分",
            "方向",
            "inout",
            "direction",
        ],
    ),
    (
        "entered_at",
        &[
            "入室日時",
            "入室時刻",
            "入室",
            "enteredat",
            "entrytime",
            "timein",
        ],
    ),
    (
        "exited_at",
        &[
            "退室日時",
            "退室時刻",
            "退室",
            "exitedat",
            "exittime",
            "timeout",
        ],
    ),
    (
        "badge",
        &[
            "カード番号",
            "カードID",
            "ICカード番号",
            "入館証番号",
            "badge",
            "card",
            "cardnumber",
            "cardno",
        ],
    ),
    ("employee_number", super::staff::EMPLOYEE_NUMBER),
    (
        "area",
        &[
            "区域",
            "区域コード",
            "エリア",
            "扉",
            "ドア",
            "area",
            "areacode",
            "door",
        ],
    ),
    (
        "visitor_name",
        &["来訪者", "来訪者氏名", "来訪者名", "visitor", "visitorname"],
    ),
    ("company", &["会社名", "所属会社", "company"]),
    ("escort", &["同行者", "付添者", "escort"]),
    ("purpose", &["目的", "用件", "purpose"]),
];

/// The areas rows name, each checked once: the area, or why it cannot be used.
struct Areas<'a> {
    actor: &'a Actor,
    all: Vec<place::Model>,
    checked: HashMap<String, Result<place::Model, Problem>>,
}

impl Areas<'_> {
    fn get(&mut self, code: &str) -> Result<place::Model, Problem> {
        let code = mamori_domain::physical::parse_code(code).unwrap_or_default();
        if let Some(r) = self.checked.get(&code) {
            return r.clone();
        }
        let found = self
            .all
            .iter()
            .find(|p| p.code == code && p.kind == PlaceKind::Area.code());
        let r = match found {
            None => Err(Problem::new(
                format!("区域コード「{code}」はありません。"),
                format!("There is no area with the code \"{code}\"."),
            )),
            Some(p)
                if !self.actor.can(Capability::ManageArea {
                    manager: App::manages(self.actor, p),
                }) =>
            {
                Err(Problem::new(
                    format!("区域「{code}」の記録を取り込む権限がありません。"),
                    format!("You may not import entries of area \"{code}\"."),
                ))
            }
            Some(p) => Ok(p.clone()),
        };
        self.checked.insert(code, r.clone());
        r
    }
}

impl App {
    /// Plans a door-log import (and commits it when `commit` and there is no
    /// problem). `opts.target` is the area, unless the log names it on every row.
    pub async fn import_entries(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        commit: bool,
    ) -> AppResult<ImportPlan> {
        self.check_import_size(bytes)?;
        let target = match opts.target {
            Some(id) => Some(self.managed_area(actor, id).await?),
            None => None,
        };
        if !commit {
            let mut sink = EntrySink::new("import").dry();
            let mut plan = self
                .plan_entries(
                    actor,
                    bytes,
                    opts,
                    target.as_ref(),
                    self.store.conn(),
                    &mut sink,
                )
                .await?;
            if plan.is_ok() {
                let conn = self.store.conn();
                sink.flush(self, conn).await?;
                let new_rows = std::mem::take(&mut sink.new_rows);
                let report = sink.finish(self, conn, actor).await?;
                tally(&mut plan, &report, &new_rows);
            }
            return Ok(plan);
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let mut sink = EntrySink::new("import");
        let mut plan = self
            .plan_entries(actor, bytes, opts, target.as_ref(), &*tx, &mut sink)
            .await?;
        if !plan.is_ok() {
            // Dropping the transaction rolls back what was written while reading.
            return Ok(plan);
        }
        sink.flush(self, &*tx).await?;
        let new_rows = std::mem::take(&mut sink.new_rows);
        let report = sink.finish(self, &*tx, actor).await?;
        tally(&mut plan, &report, &new_rows);
        // A large log changes what the planner should expect of the log's indexes (a
        // month of a busy door, or the first import of a year): plan the pages that
        // follow on statistics of what is there now.
        if report.created >= ANALYZE_AFTER {
            tx.analyze().await?;
        }
        tx.commit().await?;
        plan.committed = true;
        Ok(plan)
    }

    async fn plan_entries<C: mamori_store::Conn>(
        &self,
        actor: &Actor,
        bytes: &[u8],
        opts: &ImportOptions,
        target: Option<&place::Model>,
        conn: &C,
        sink: &mut EntrySink,
    ) -> AppResult<ImportPlan> {
        let mut plan = ImportPlan::default();
        let own: LogColumns = target
            .map(|t| serde_json::from_str(&t.log_columns).unwrap_or_default())
            .unwrap_or_default();
        let named: Vec<(&'static str, String)> = own
            .named()
            .into_iter()
            .filter(|(_, h)| !h.trim().is_empty())
            .map(|(f, h)| (f, header_key(h)))
            .collect();
        let resolve = |h: &str| {
            let key = header_key(h);
            named
                .iter()
                .find(|(_, k)| *k == key)
                .map(|(f, _)| *f)
                .or_else(|| field_for(COLUMNS, h))
        };
        let Some(file) = Mapped::read_with(bytes, opts, MAX_ROWS, &resolve, &[], &mut plan) else {
            return Ok(plan);
        };
        let swipes = file.has("time") && file.has("direction");
        if !swipes && !file.has("entered_at") {
            plan.file_issue(Problem::new(
                "「入室日時」の列か、「日時」と「入退」の列が必要です。見出し行を確認してください。",
                "The log needs an entry-time column, or a time and a direction column; check the header row.",
            ));
        }
        if !(file.has("badge") || file.has("employee_number") || file.has("visitor_name")) {
            plan.file_issue(Problem::new(
                "「カード番号」「職員番号」「来訪者」のいずれかの列が必要です。",
                "The log needs a badge, employee number or visitor column.",
            ));
        }
        if target.is_none() && !file.has("area") {
            plan.file_issue(Problem::new(
                "取り込む区域を選ぶか、区域コードの列を含めてください。",
                "Choose the area, or include an area-code column.",
            ));
        }
        if !plan.is_ok() {
            return Ok(plan);
        }
        let who = Who::load(self, actor.org_id).await?;
        let mut areas = Areas {
            actor,
            all: mamori_store::physical::places(conn, actor.org_id).await?,
            checked: HashMap::new(),
        };
        let mut pairer: Pairer<(Uuid, String)> = Pairer::default();
        let mut waiting: HashMap<usize, (place::Model, area_entry::Model)> = HashMap::new();
        for row in file.table.rows() {
            let area = match file.cell(&row, "area").trim() {
                "" => match target {
                    Some(t) => t.clone(),
                    None => {
                        plan.errors.push(file.issue(
                            &row,
                            "area",
                            "区域コードが空欄です。".into(),
                            "The area code is empty.".into(),
                        ));
                        continue;
                    }
                },
                code => match areas.get(code) {
                    Ok(a) => a,
                    Err(p) => {
                        plan.errors.push(file.issue(&row, "area", p.ja, p.en));
                        continue;
                    }
                },
            };
            let time_field = if swipes { "time" } else { "entered_at" };
            let input = AreaEntryInput {
                area: String::new(),
                employee_number: file.cell(&row, "employee_number").to_owned(),
                badge: file.cell(&row, "badge").to_owned(),
                visitor_name: file.cell(&row, "visitor_name").to_owned(),
                company: file.cell(&row, "company").to_owned(),
                purpose: file.cell(&row, "purpose").to_owned(),
                escort: file.cell(&row, "escort").to_owned(),
                entered_at: file.cell(&row, time_field).to_owned(),
                exited_at: if swipes {
                    String::new()
                } else {
                    file.cell(&row, "exited_at").to_owned()
                },
            };
            let direction = if swipes {
                match Direction::parse(file.cell(&row, "direction")) {
                    Ok(d) => Some(d),
                    Err(p) => {
                        plan.errors.push(file.issue(&row, "direction", p.ja, p.en));
                        None
                    }
                }
            } else {
                None
            };
            let mut inv = Invalid::new();
            let names_person = direction != Some(Direction::Out);
            let checked = self.checked_entry(&area, &input, &who, "import", &mut inv, names_person);
            for e in inv.0 {
                let field = match e.field.as_str() {
                    "entered_at" => time_field,
                    "exited_at" => "exited_at",
                    "person" | "badge" if file.has("badge") => "badge",
                    "person" | "employee_number" if file.has("employee_number") => {
                        "employee_number"
                    }
                    _ => "visitor_name",
                };
                plan.errors.push(file.issue(&row, field, e.ja, e.en));
            }
            let Some(entry) = checked else {
                continue;
            };
            match direction {
                None if swipes => {}
                None => {
                    self.take(&mut plan, sink, conn, &area, entry, row.number)
                        .await?
                }
                Some(d) => {
                    let who_key = if entry.badge.is_empty() {
                        entry.staff_id.map(|s| s.to_string()).unwrap_or_default()
                    } else {
                        entry.badge.clone()
                    };
                    let at = entry.entered_at;
                    if d == Direction::In {
                        waiting.insert(row.number, (area.clone(), entry));
                    }
                    match pairer.push((area.id, who_key), row.number, d, at) {
                        Ok(done) => {
                            for stay in done {
                                if let Some((a, mut e)) = waiting.remove(&stay.row) {
                                    e.exited_at = stay.exited_at;
                                    self.take(&mut plan, sink, conn, &a, e, row.number).await?;
                                }
                            }
                        }
                        Err(p) => {
                            waiting.remove(&row.number);
                            plan.errors.push(file.issue(&row, "time", p.ja, p.en));
                        }
                    }
                }
            }
        }
        for stay in pairer.finish() {
            if let Some((a, e)) = waiting.remove(&stay.row)
                && let Some(row) = file.table.rows().find(|r| r.number == stay.row)
            {
                self.take(&mut plan, sink, conn, &a, e, row.number).await?;
            }
        }
        if plan.errors.len() > 1_000 {
            plan.errors.truncate(1_000);
        }
        Ok(plan)
    }

    /// Takes one stay: written (or counted, in a preview) unless the file has already
    /// been refused.
    async fn take<C: mamori_store::Conn>(
        &self,
        plan: &mut ImportPlan,
        sink: &mut EntrySink,
        conn: &C,
        area: &place::Model,
        entry: area_entry::Model,
        row: usize,
    ) -> AppResult<()> {
        if !plan.is_ok() {
            return Ok(());
        }
        // Listed now, kept after the sink has told which were new (see `tally`).
        if plan.rows.len() < super::LISTED_ROWS {
            let who = if entry.badge.is_empty() {
                entry.visitor_name.clone()
            } else {
                entry.badge.clone()
            };
            let at = mamori_domain::japan_time::local(entry.entered_at);
            plan.rows.push(super::PlannedRow {
                row,
                key: who,
                name: format!("{} {}", area.code, at.format("%Y-%m-%d %H:%M")),
                action: super::RowAction::Create,
            });
        } else {
            plan.rows_not_listed += 1;
        }
        sink.push(self, conn, area, entry, row).await
    }
}

/// The plan's counts from what the sink wrote (or would write); the listed rows are
/// those whose entries were new.
fn tally(plan: &mut ImportPlan, report: &crate::physical::IngestReport, new_rows: &HashSet<usize>) {
    plan.rows.retain(|r| new_rows.contains(&r.row));
    plan.creates = report.created;
    plan.unchanged = report.unchanged;
    plan.rows_not_listed = report.created.saturating_sub(plan.rows.len());
    if report.flagged > 0 {
        plan.notices.push(ImportIssue::of_file(Problem::new(
            format!(
                "{} 件の入室に確認が必要なフラグが付きます。",
                report.flagged
            ),
            format!(
                "{} entries will be flagged for the area manager.",
                report.flagged
            ),
        )));
    }
}

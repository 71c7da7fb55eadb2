//! The daily reminders of what is due, for the kinds no module's own job reminds of:
//! each date on the days its rule names, to those who owe it; the day after it passed
//! (and weekly after), to them again, the first time also to the officer above.

use chrono::Duration;
use mamori_domain::Role;
use mamori_domain::notify::Notice;
use mamori_domain::review::due::{self as rules, Owes, Reminder};
use mamori_store::review::due::{DueRow, Window};
use uuid::Uuid;

use crate::{App, AppResult};

/// The furthest lead time of any rule: the window read ahead.
const LOOK_AHEAD_DAYS: i64 = 60;

impl App {
    /// Who owes a date: the person it names, else the people its rule names.
    async fn owers(&self, org: Uuid, r: &DueRow) -> AppResult<Vec<Uuid>> {
        let department = || {
            self.holders_today(
                org,
                &[Role::DeptOfficer, Role::SectionManager],
                r.department_id,
            )
        };
        // A restricted incident's date names it: no wider than the CSIRT.
        if r.restricted && r.staff_id.is_none() {
            return self.holders_today(org, &[Role::Csirt], None).await;
        }
        Ok(match rules::rule(r.kind).owes {
            Owes::Person => match r.staff_id {
                Some(s) => vec![s],
                None if r.department_id.is_some() => department().await?,
                None => Vec::new(),
            },
            Owes::Department if r.department_id.is_some() => department().await?,
            Owes::Department | Owes::Top => {
                self.holders_today(org, &[Role::Ciso, Role::DeputyCiso], None)
                    .await?
            }
            Owes::Csirt => self.holders_today(org, &[Role::Csirt], None).await?,
            Owes::Admins => self.holders_today(org, &[Role::SystemAdmin], None).await?,
        })
    }

    /// The officer above those who owe a late date: the department's officer for a
    /// person's, the deputy CISO for a department's or anyone else's.
    async fn above(&self, org: Uuid, r: &DueRow) -> AppResult<Vec<Uuid>> {
        let personal = rules::rule(r.kind).owes == Owes::Person && r.staff_id.is_some();
        if personal && r.department_id.is_some() && !r.restricted {
            return self
                .holders_today(org, &[Role::DeptOfficer], r.department_id)
                .await;
        }
        self.holders_today(org, &[Role::DeputyCiso], None).await
    }

    /// Sends today's reminders of every organization; returns what it did, for the
    /// jobs page.
    pub(crate) async fn remind_due(&self) -> AppResult<String> {
        let today = self.today();
        let window = Window {
            from: today - Duration::days(30),
            until: today + Duration::days(LOOK_AHEAD_DAYS),
        };
        let (mut dates, mut told) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let rows =
                mamori_store::review::due::due_rows(self.store.conn(), org.id, window).await?;
            let mut notices: Vec<(Vec<Uuid>, Notice)> = Vec::new();
            for r in rows.iter().filter(|r| rules::rule(r.kind).job.is_none()) {
                let Some(reminder) = rules::reminder_on(r.kind, r.due_on, today) else {
                    continue;
                };
                let days = match reminder {
                    Reminder::Ahead(d) => d,
                    Reminder::Late(d) => -d,
                };
                let notice = |escalated| Notice::DueReminder {
                    due_kind: r.kind.code().into(),
                    label: r.label.clone(),
                    due: r.due_on.to_string(),
                    days,
                    escalated,
                };
                let owers = self.owers(org.id, r).await?;
                if reminder.escalates(r.kind) {
                    let above: Vec<Uuid> = self
                        .above(org.id, r)
                        .await?
                        .into_iter()
                        .filter(|s| !owers.contains(s))
                        .collect();
                    notices.push((above, notice(true)));
                }
                notices.push((owers, notice(false)));
                dates += 1;
            }
            if notices.is_empty() {
                continue;
            }
            let tx = self.store.begin_write().await?;
            for (to, n) in &notices {
                told += self.notify(&*tx, org.id, to, n).await?;
            }
            tx.commit().await?;
        }
        Ok(format!("{dates} dates, {told} reminders"))
    }
}

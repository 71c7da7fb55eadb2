//! The daily job `contracts.reminders`: the officers of a contract's department are
//! told 60, 30 and 7 days before it ends, and the day after, so the renewal (or the
//! return and deletion of the data) is not missed. Worked out from the dates alone.
//! One audit entry per organization reminded.

use chrono::Duration;
use mamori_domain::Role;
use mamori_domain::contractor;
use mamori_domain::notify::Notice;
use mamori_domain::period::{Reminder, reminder};

use crate::authz::Actor;
use crate::{App, AppResult};

/// Days before its end on which a contract's department is reminded.
const REMIND_DAYS: [u32; 3] = [60, 30, 7];

impl App {
    /// Sends the reminders due today; returns a line for the job's record.
    pub(crate) async fn remind_contracts(&self) -> AppResult<String> {
        let today = self.today();
        let mut days: Vec<_> = REMIND_DAYS
            .iter()
            .map(|d| today + Duration::days(i64::from(*d)))
            .collect();
        days.push(today - Duration::days(1));
        let (mut orgs, mut sent) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let conn = self.store.conn();
            let due = mamori_store::compliance::contractors::ending_on(conn, org.id, &days).await?;
            if due.is_empty() {
                continue;
            }
            let mut notices = Vec::new();
            for m in &due {
                let Some(r) = reminder(m.ends_on, today, &REMIND_DAYS) else {
                    continue;
                };
                let (days_left, ended) = match r {
                    Reminder::Ending { days_left } => (days_left, false),
                    Reminder::Lapsed => (0, true),
                };
                let to = self
                    .holders_today(
                        org.id,
                        &[Role::DeptOfficer, Role::SectionManager],
                        m.department_id,
                    )
                    .await?;
                notices.push((
                    to,
                    Notice::ContractEnding {
                        number: contractor::contract_code(m.number),
                        subject: m.subject.clone(),
                        until: m.ends_on.to_string(),
                        days_left,
                        ended,
                        personal_data: m.personal_data,
                    },
                ));
            }
            let tx = self.store.begin_write().await?;
            let mut told = 0;
            for (to, n) in &notices {
                told += self.notify(&*tx, org.id, to, n).await?;
            }
            self.audit_change(
                &*tx,
                &Actor::system(org.id),
                "contract.remind",
                ("org", org.id),
                None,
                Some(&serde_json::json!({ "contracts": due.len(), "notices": told, "on": today })),
            )
            .await?;
            tx.commit().await?;
            orgs += 1;
            sent += told;
        }
        Ok(format!("{orgs} organization(s): {sent} notice(s)"))
    }
}

//! The daily job `laws.reviews`: the department that owns a law (or the top officers,
//! for a law no department owns) is told a month before its next review, on the day,
//! and the day after, when it is overdue. Worked out from the dates alone, so the job
//! keeps no state. One audit entry per organization reminded.

use chrono::Duration;
use mamori_domain::law::{self, REMIND_DAYS};
use mamori_domain::notify::Notice;
use mamori_domain::period::{Reminder, reminder};

use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// Sends the reminders due today; returns a line for the job's record.
    pub(crate) async fn remind_law_reviews(&self) -> AppResult<String> {
        let today = self.today();
        let mut days: Vec<_> = REMIND_DAYS
            .iter()
            .map(|d| today + Duration::days(i64::from(*d)))
            .collect();
        days.push(today - Duration::days(1));
        let (mut orgs, mut sent) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let due =
                mamori_store::compliance::laws::review_on(self.store.conn(), org.id, &days).await?;
            if due.is_empty() {
                continue;
            }
            let mut notices = Vec::new();
            for m in &due {
                let Some(next) = m.next_review else { continue };
                let Some(r) = reminder(next, today, &REMIND_DAYS) else {
                    continue;
                };
                let (days_left, overdue) = match r {
                    Reminder::Ending { days_left } => (days_left, false),
                    Reminder::Lapsed => (0, true),
                };
                notices.push((
                    self.law_audience(m).await?,
                    Notice::LawReview {
                        number: law::code(m.number),
                        title: m.title.clone(),
                        due: next.to_string(),
                        days_left,
                        overdue,
                        amendment: None,
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
                "law.remind",
                ("org", org.id),
                None,
                Some(&serde_json::json!({ "laws": due.len(), "notices": told, "on": today })),
            )
            .await?;
            tx.commit().await?;
            orgs += 1;
            sent += told;
        }
        Ok(format!("{orgs} organization(s): {sent} notice(s)"))
    }
}

//! The daily job `exceptions.reminders`: the department (who asked, and its officers)
//! is told on the organization's reminder days before an exception ends and the day
//! after, when the rule applies again; the approvers hear of an urgent exception the
//! day after its report was due. Worked out from the dates alone, so the job keeps no
//! state. One audit entry per organization reminded.

use chrono::Duration;
use mamori_domain::exception::{self, Reminder, reminder};
use mamori_domain::notify::Notice;
use uuid::Uuid;

use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// Sends the reminders due today; returns a line for the job's record.
    pub(crate) async fn remind_exceptions(&self) -> AppResult<String> {
        let today = self.today();
        let (mut orgs, mut sent) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let settings = self.compliance_settings_of(org.id).await?.exceptions;
            let mut days: Vec<_> = settings
                .remind_days
                .iter()
                .map(|d| today + Duration::days(i64::from(*d)))
                .collect();
            days.push(today - Duration::days(1));
            let conn = self.store.conn();
            let ending =
                mamori_store::compliance::exceptions::ending_on(conn, org.id, &days).await?;
            let late = mamori_store::compliance::exceptions::report_due_on(
                conn,
                org.id,
                today - Duration::days(1),
            )
            .await?;
            if ending.is_empty() && late.is_empty() {
                continue;
            }
            let mut notices: Vec<(Vec<Uuid>, Notice)> = Vec::new();
            for m in &ending {
                let Some(r) = reminder(m.valid_until, today, &settings) else {
                    continue;
                };
                let (days_left, lapsed) = match r {
                    Reminder::Ending { days_left } => (days_left, false),
                    Reminder::Lapsed => (0, true),
                };
                notices.push((
                    self.exception_audience(m).await?,
                    Notice::ExceptionExpiry {
                        number: exception::code(m.number),
                        title: m.title.clone(),
                        until: m.valid_until.to_string(),
                        days_left,
                        lapsed,
                    },
                ));
            }
            let approvers = self
                .holders_today(org.id, &[settings.approver], None)
                .await?;
            for m in &late {
                notices.push((
                    approvers.clone(),
                    Notice::ExceptionRequested {
                        number: exception::code(m.number),
                        title: m.title.clone(),
                        department: self.department_name(org.id, m.department_id).await?,
                        urgent: true,
                        late: true,
                    },
                ));
            }
            let tx = self.store.begin_write().await?;
            let mut told = 0;
            for (to, n) in &notices {
                told += self.notify(&*tx, org.id, to, n).await?;
            }
            let detail = serde_json::json!({
                "ending": ending.len(),
                "reports_late": late.len(),
                "notices": told,
                "on": today,
            });
            self.audit_change(
                &*tx,
                &Actor::system(org.id),
                "exception.remind",
                ("org", org.id),
                None,
                Some(&detail),
            )
            .await?;
            tx.commit().await?;
            orgs += 1;
            sent += told;
        }
        Ok(format!("{orgs} organization(s): {sent} notice(s)"))
    }
}

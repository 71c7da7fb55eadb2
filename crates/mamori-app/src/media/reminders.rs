//! The daily job `takeouts.overdue`: a take-out out past its return date reminds the
//! one who took it on each day of `takeout::REMIND_AFTER` late it has not been reminded yet,
//! and from the last of them tells the department's officers once. The days are kept
//! on the take-out, so a job run twice in a day tells nobody twice. One audit entry
//! per organization reminded.

use mamori_domain::Role;
use mamori_domain::media::takeout::{days_overdue, escalates, reminder_due};
use mamori_domain::notify::Notice;
use mamori_store::entity::takeout;
use mamori_store::media::takeouts::TakeoutFilter;

use super::row::takeout_number;
use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// Sends the reminders due today; returns a line for the job's record.
    pub(crate) async fn remind_overdue_takeouts(&self) -> AppResult<String> {
        let today = self.today();
        let (mut orgs, mut sent) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let conn = self.store.conn();
            let late = mamori_store::media::takeouts::all(
                conn,
                org.id,
                &TakeoutFilter {
                    out: true,
                    due_before: Some(today),
                    ..TakeoutFilter::default()
                },
            )
            .await?;
            let mut work = Vec::new();
            for t in late {
                let Some(days) = days_overdue(t.due_on, today) else {
                    continue;
                };
                let remind = reminder_due(t.due_on, today, t.reminded_on);
                let escalate = escalates(days) && t.escalated_on.is_none();
                if remind || escalate {
                    work.push((t, days, remind, escalate));
                }
            }
            if work.is_empty() {
                continue;
            }
            let tx = self.store.begin_write().await?;
            let mut told = 0;
            for (t, days, remind, escalate) in &work {
                let holder = match t.requester_staff_id {
                    Some(s) => mamori_store::staff::get(&*tx, org.id, s)
                        .await?
                        .map(|s| s.name)
                        .unwrap_or_default(),
                    None => t.requested_by.clone(),
                };
                let notice = |escalated| Notice::TakeoutOverdue {
                    number: takeout_number(t.number),
                    what: t.what.clone(),
                    holder: holder.clone(),
                    due: t.due_on.to_string(),
                    days: *days,
                    escalated,
                };
                if *remind {
                    let to: Vec<_> = t.requester_staff_id.into_iter().collect();
                    told += self.notify(&*tx, org.id, &to, &notice(false)).await?;
                }
                if *escalate {
                    let officers = self
                        .holders_today(org.id, &[Role::DeptOfficer], t.department_id)
                        .await?;
                    told += self.notify(&*tx, org.id, &officers, &notice(true)).await?;
                }
                let after = takeout::Model {
                    reminded_on: if *remind { Some(today) } else { t.reminded_on },
                    escalated_on: if *escalate {
                        Some(today)
                    } else {
                        t.escalated_on
                    },
                    ..t.clone()
                };
                mamori_store::media::takeouts::update(&*tx, after).await?;
            }
            self.audit_change(
                &*tx,
                &Actor::system(org.id),
                "takeout.remind",
                ("org", org.id),
                None,
                Some(&serde_json::json!({
                    "late": work.len(),
                    "escalated": work.iter().filter(|w| w.3).count(),
                    "notices": told,
                    "on": today,
                })),
            )
            .await?;
            tx.commit().await?;
            orgs += 1;
            sent += told;
        }
        Ok(format!("{orgs} organization(s): {sent} notice(s)"))
    }
}

//! The daily job `training.reminders`: each person bound by a course is told 14, 7
//! and 1 days before their own due date, the day after it passes, and weekly after
//! that (`training::reminder_day`). One audit entry per organization reminded.

use std::collections::BTreeMap;

use mamori_domain::notify::Notice;
use mamori_domain::training::{Standing, reminder_day};
use uuid::Uuid;

use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// Sends the reminders due today; returns a line for the job's record.
    pub(crate) async fn remind_training(&self) -> AppResult<String> {
        let today = self.today();
        let (mut orgs, mut sent) = (0, 0);
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            let l = self.load_training(org.id, None).await?;
            // Who is told what: one notice per course and due date.
            let mut due: BTreeMap<(String, String, bool), Vec<Uuid>> = BTreeMap::new();
            for c in l.courses.iter().filter(|c| !c.retired) {
                for t in l.trainees(c) {
                    if !reminder_day(t.standing, today) {
                        continue;
                    }
                    let (by, overdue) = match t.standing {
                        Standing::Due { by } => (by, false),
                        Standing::Overdue { by } => (by, true),
                        Standing::Done { .. } => continue,
                    };
                    due.entry((c.title.clone(), by.to_string(), overdue))
                        .or_default()
                        .push(t.person.id);
                }
            }
            if due.is_empty() {
                continue;
            }
            let tx = self.store.begin_write().await?;
            let mut told = 0;
            for ((title, by, overdue), people) in &due {
                let notice = Notice::TrainingDue {
                    title: title.clone(),
                    due: by.clone(),
                    overdue: *overdue,
                };
                told += self.notify(&*tx, org.id, people, &notice).await?;
            }
            let detail = serde_json::json!({ "reminded": told, "on": today });
            self.audit_change(
                &*tx,
                &Actor::system(org.id),
                "training.remind",
                ("org", org.id),
                None,
                Some(&detail),
            )
            .await?;
            tx.commit().await?;
            orgs += 1;
            sent += told;
        }
        Ok(format!("{orgs} organization(s): {sent} reminder(s)"))
    }
}

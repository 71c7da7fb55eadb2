//! The daily job `policy.acknowledgements`: at each open campaign's interval, those
//! who have not acknowledged are reminded, and each department officer hears how many
//! of their people are past their date. One audit entry per campaign reminded.

use std::collections::BTreeMap;

use mamori_domain::Role;
use mamori_domain::notify::Notice;
use mamori_domain::policy::Status;
use mamori_domain::policy::ack::reminder_due;
use mamori_store::entity::ack_campaign;
use uuid::Uuid;

use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// Sends the reminders due today; returns a line for the job's record.
    pub(crate) async fn remind_acknowledgements(&self) -> AppResult<String> {
        let today = self.today();
        let due: Vec<ack_campaign::Model> =
            mamori_store::policies::open_campaigns_everywhere(self.store.conn())
                .await?
                .into_iter()
                .filter(|c| reminder_due(c.last_reminded_on, c.remind_every_days, today))
                .collect();
        let (mut campaigns, mut people, mut officers) = (0, 0, 0);
        for c in due {
            let l = self.load_campaign(c.org_id, c.id).await?;
            let view = l.view(Default::default(), today);
            if view.version_status == Status::Superseded {
                continue;
            }
            let bound = l.bound(today);
            let pending: Vec<Uuid> = bound
                .iter()
                .filter(|b| b.ack.is_none())
                .map(|b| b.person.id)
                .collect();
            // Late people by department, told to that department's officers.
            let mut late: BTreeMap<Uuid, u32> = BTreeMap::new();
            for b in bound.iter().filter(|b| b.overdue) {
                if let Some(d) = b.person.department_id {
                    *late.entry(d).or_default() += 1;
                }
            }
            let holders = mamori_store::roles::all(self.store.conn(), c.org_id, None).await?;
            let tx = self.store.begin_write().await?;
            // Closed (or reminded by another server) since it was read: leave it.
            mamori_store::audit::lock_org_writes(&*tx, c.org_id).await?;
            let Some(fresh) = mamori_store::policies::get_campaign(&*tx, c.org_id, c.id).await?
            else {
                continue;
            };
            if fresh.closed_at.is_some()
                || !reminder_due(fresh.last_reminded_on, fresh.remind_every_days, today)
            {
                continue;
            }
            let notice = Notice::AckRequested {
                title: view.title.clone(),
                version: c.version,
                due: c.due_on.map(|d| d.to_string()).unwrap_or_default(),
            };
            people += self.notify(&*tx, c.org_id, &pending, &notice).await?;
            for (dept, count) in &late {
                let chain: Vec<Uuid> = l.depts.chain(*dept).iter().map(|d| d.id).collect();
                let to: Vec<Uuid> = holders
                    .iter()
                    .filter(|r| Role::from_code(&r.role) == Some(Role::DeptOfficer))
                    .filter(|r| mamori_domain::role::is_active_on(r.term_from, r.term_to, today))
                    .filter(|r| r.department_id.is_some_and(|d| chain.contains(&d)))
                    .map(|r| r.staff_id)
                    .collect();
                let notice = Notice::AckOverdue {
                    title: view.title.clone(),
                    version: c.version,
                    department: l.depts.path(*dept),
                    count: *count,
                };
                officers += self.notify(&*tx, c.org_id, &to, &notice).await?;
            }
            let after = ack_campaign::Model {
                last_reminded_on: Some(today),
                ..fresh
            };
            mamori_store::policies::update_campaign(&*tx, after).await?;
            let detail = serde_json::json!({
                "version": c.version,
                "reminded": pending.len(),
                "late_departments": late.len(),
            });
            self.audit_change(
                &*tx,
                &Actor::system(c.org_id),
                "policy_ack.remind",
                ("policy_document", c.document_id),
                None,
                Some(&detail),
            )
            .await?;
            tx.commit().await?;
            campaigns += 1;
        }
        Ok(format!(
            "{campaigns} campaign(s): {people} reminder(s), {officers} notice(s) to officers"
        ))
    }
}

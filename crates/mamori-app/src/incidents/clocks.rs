//! The clocks that run on their own: an incident nobody acted on by its first-response
//! target is escalated once to the top officers (and the CSIRT unless an insider is
//! involved); a breach report coming due is reminded on the organization's days
//! before it, and every day once overdue.

use mamori_domain::incident::breach::days_left;
use mamori_domain::notify::Notice;
use mamori_domain::{Role, japan_time};
use mamori_store::entity::incident;
use uuid::Uuid;

use super::breach::next_report;
use super::row::{category, entry};
use crate::authz::Actor;
use crate::{App, AppResult};

impl App {
    /// The scheduler's escalation job.
    pub(crate) async fn escalate_untouched_incidents(&self) -> AppResult<String> {
        let now = self.now();
        let late = mamori_store::incidents::untouched_past_due(self.store.conn(), now).await?;
        let n = late.len();
        for mut m in late {
            let to = self.responsible(&m).await?;
            let notice = Notice::IncidentEscalated {
                number: m.number.clone(),
                title: m.title.clone(),
                restricted: m.restricted,
            };
            m.escalated_at = Some(now);
            let tx = self.store.begin_write().await?;
            mamori_store::incidents::update(&*tx, m.clone()).await?;
            let body = "初動の目標時刻を過ぎたため、統括情報セキュリティ責任者・CISO に通知した"
                .to_owned();
            let e = entry(
                &m,
                self.new_id(),
                (now, now),
                "system",
                ("escalation", body),
                None,
            );
            mamori_store::incidents::append(&*tx, e).await?;
            self.notify(&*tx, m.org_id, &to, &notice).await?;
            let system = Actor::system(m.org_id);
            self.audit(
                &*tx,
                &system,
                "incident.escalated",
                "incident",
                &m.id.to_string(),
                vec![],
            )
            .await?;
            tx.commit().await?;
        }
        Ok(format!("{n} escalated"))
    }

    /// The scheduler's daily reminder of breach reports coming due.
    pub(crate) async fn remind_breach_deadlines(&self) -> AppResult<String> {
        let now = self.now();
        let conn = self.store.conn();
        let mut sent = 0;
        for d in mamori_store::incidents::due_reports(conn, None).await? {
            let Some((due, final_report)) = next_report(&d) else {
                continue;
            };
            let b = &d.breach;
            let Some(m) = mamori_store::incidents::get(conn, b.org_id, b.incident_id).await? else {
                continue;
            };
            let settings = self.incident_settings(b.org_id).await?;
            let left = days_left(due, now);
            let remind = left < 0
                || settings.reminder_days.iter().any(|d| i64::from(*d) == left)
                || (!final_report && left <= 1);
            if !remind {
                continue;
            }
            let to = self.responsible(&m).await?;
            let notice = Notice::BreachDeadline {
                number: m.number.clone(),
                final_report,
                due: format!(
                    "{} ({})",
                    mamori_domain::wareki::format_wareki(due),
                    mamori_domain::wareki::format_western(due)
                ),
                days_left: left,
            };
            let tx = self.store.begin_write().await?;
            self.notify(&*tx, m.org_id, &to, &notice).await?;
            tx.commit().await?;
            sent += 1;
        }
        Ok(format!("{sent} reminded ({})", japan_time::date(now)))
    }

    /// Who answers for an incident's clocks: its assignee and members, the CSIRT
    /// unless an insider is involved or someone is assigned, and the CISO and deputy,
    /// who answer for the body's reports and for incidents left waiting.
    async fn responsible(&self, m: &incident::Model) -> AppResult<Vec<Uuid>> {
        let today = self.today();
        let insider = category(m).is_insider();
        let mut to: Vec<Uuid> =
            mamori_store::incidents::members_of(self.store.conn(), m.org_id, m.id).await?;
        to.extend(m.assignee_staff_id);
        let roles = mamori_store::roles::all(self.store.conn(), m.org_id, None).await?;
        let holders = |wanted: &[Role]| -> Vec<Uuid> {
            roles
                .iter()
                .filter(|r| mamori_domain::role::is_active_on(r.term_from, r.term_to, today))
                .filter(|r| Role::from_code(&r.role).is_some_and(|role| wanted.contains(&role)))
                .map(|r| r.staff_id)
                .collect()
        };
        if !insider && m.assignee_staff_id.is_none() {
            to.extend(holders(&[Role::Csirt]));
        }
        to.extend(holders(&[Role::Ciso, Role::DeputyCiso]));
        to.sort();
        to.dedup();
        Ok(to)
    }
}

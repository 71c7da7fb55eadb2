//! Incidents (§8 operations, §9 personal information): any staff member reports one in
//! a minute; the CSIRT triages it, takes it through its states with an append-only
//! timeline and closes it with the designated role's sign-off.
//!
//! Who sees what: everyone sees their own reports; CSIRT members see every incident
//! except insider cases; department officers their departments' (insider cases
//! aside); the CISO, the deputy and auditors all. An incident involving personal data
//! or an insider is restricted: outside that circle it is "not found" (404), and every
//! read of it is an audit entry.

mod breach;
mod clocks;
mod export;
mod input;
mod notice;
mod parties;
mod prevention;
mod query;
mod reads;
mod report;
mod row;
mod stats;
mod tasks;
mod view;
mod workflow;
mod writes;

pub use breach::{BreachInput, BreachView, Submission, SubmissionInput};
pub use export::{EXPORT_HEADERS, EXPORT_NAME, export_row};
pub use input::{AnalysisInput, EntryInput, MoveInput, ReportInput, TriageInput};
pub use notice::NoticeInput;
pub use parties::{PartyInput, PartyLink};
pub use prevention::{LinkedIncidents, PreventionInput, PreventionLink};
pub use query::IncidentQuery;
pub use reads::{BreachClock, IncidentSummary};
pub use report::{PpcReport, REPORT_ITEMS, ReportView};
pub(crate) use row::entry;
pub use stats::{ContainRow, Count, IncidentStats, may_see_statistics};
pub use tasks::{IncidentSettingsInput, TaskInput, TaskView};
pub use view::{AssetMark, IncidentDetail, IncidentRef, IncidentRow, TimelineEntry};
pub(crate) use writes::Filing;

use mamori_domain::Role;
use mamori_store::entity::incident;
use mamori_store::incidents::Reach;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The organization's incident settings (defaults until it sets its own).
#[derive(Debug, Clone)]
pub struct IncidentSettings {
    /// Who signs off a closure.
    pub closer: Role,
    /// The 速報 target, in days counting the day of knowing.
    pub preliminary_days: u32,
    /// Days before a report's due date on which reminders go out.
    pub reminder_days: Vec<u32>,
}

impl Default for IncidentSettings {
    fn default() -> Self {
        Self {
            closer: Role::Ciso,
            preliminary_days: mamori_domain::incident::breach::DEFAULT_PRELIMINARY_DAYS,
            reminder_days: vec![7, 3, 1],
        }
    }
}

impl App {
    pub(crate) async fn incident_settings(&self, org_id: Uuid) -> AppResult<IncidentSettings> {
        let Some(s) = mamori_store::incidents::settings(self.store.conn(), org_id).await? else {
            return Ok(IncidentSettings::default());
        };
        Ok(IncidentSettings {
            closer: Role::from_code(&s.closer_role).unwrap_or(Role::Ciso),
            preliminary_days: u32::try_from(s.preliminary_days).unwrap_or(3).clamp(1, 30),
            reminder_days: s
                .reminder_days
                .split(',')
                .filter_map(|d| d.trim().parse().ok())
                .collect(),
        })
    }

    /// The incidents an actor reaches (see the module's note).
    pub(crate) fn incident_reach(&self, actor: &Actor) -> Reach {
        use Role::*;
        if actor.is_top() || actor.has_role(Auditor) {
            return Reach {
                everything: true,
                ..Reach::default()
            };
        }
        let mut reach = Reach {
            staff_id: actor.staff_id,
            ..Reach::default()
        };
        if actor.has_role(Csirt) {
            reach.unrestricted = true;
            reach.personal_data = true;
        }
        if actor.has_role(Committee) {
            reach.unrestricted = true;
        }
        match actor.restricted_scope() {
            // An officer for the whole organization.
            None => {
                reach.unrestricted = true;
                reach.personal_data = true;
            }
            Some(departments) => reach.departments = departments,
        }
        reach
    }

    /// Loads an incident the actor reaches; any other is "not found". A restricted
    /// one's read is recorded in the audit log.
    pub(crate) async fn readable_incident(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<incident::Model> {
        let reach = self.incident_reach(actor);
        let found =
            mamori_store::incidents::get_reached(self.store.conn(), actor.org_id, id, &reach)
                .await?;
        let Some(m) = found else {
            if mamori_store::incidents::get(self.store.conn(), actor.org_id, id)
                .await?
                .is_some_and(|m| m.restricted)
            {
                self.record_denial(actor, Capability::ViewIncidents).await;
            }
            return Err(AppError::NotFound);
        };
        if m.restricted {
            let tx = self.store.begin_write().await?;
            self.audit(
                &*tx,
                actor,
                "incident.read",
                "incident",
                &id.to_string(),
                vec![],
            )
            .await?;
            tx.commit().await?;
        }
        Ok(m)
    }

    /// Loads an incident the actor may work on: "not found" outside their reach (see
    /// [`App::readable_incident`]), forbidden (and recorded) when they reach it but
    /// may not handle it.
    pub(crate) async fn handled_incident(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<incident::Model> {
        let m = self.readable_incident(actor, id).await?;
        if !self.may_handle(actor, &m).await? {
            self.record_denial(actor, Capability::HandleIncidents).await;
            return Err(AppError::Forbidden);
        }
        Ok(m)
    }

    /// Whether the actor may work on this incident: the CSIRT and top officers on any
    /// they reach, its assignee and members on theirs.
    pub(crate) async fn may_handle(&self, actor: &Actor, m: &incident::Model) -> AppResult<bool> {
        if actor.can(Capability::HandleIncidents) {
            return Ok(true);
        }
        let Some(me) = actor.staff_id else {
            return Ok(false);
        };
        if m.assignee_staff_id == Some(me) {
            return Ok(true);
        }
        let members =
            mamori_store::incidents::members_of(self.store.conn(), m.org_id, m.id).await?;
        Ok(members.contains(&me))
    }
}

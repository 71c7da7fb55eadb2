//! The dashboard's audit figures: corrective actions the reader's departments still
//! owe (and those past their day), and actions reported done that wait for the
//! reader's follow-up as an auditor.

use mamori_domain::review::audit::{ActionState, action_overdue};
use serde::Serialize;

use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

/// Corrective actions waiting for the reader.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct AuditCounts {
    /// Planned actions of findings about the reader's departments.
    pub actions_owed: usize,
    /// Of them, past their day.
    pub actions_overdue: usize,
    /// Actions reported done on audits the reader conducts.
    pub to_verify: usize,
}

impl App {
    pub async fn audit_counts(&self, actor: &Actor) -> AppResult<AuditCounts> {
        self.authorize(actor, Capability::ViewAudits).await?;
        let all = mamori_store::review::audits::list(self.store.conn(), actor.org_id).await?;
        let rows = self.audit_rows(actor, &all).await?;
        let today = self.today();
        let top = actor.is_top();
        let mut out = AuditCounts::default();
        for f in rows.findings.iter().filter(|f| f.closed_on.is_none()) {
            // The top officers may act for every department; theirs is the follow-up.
            let owes = !top
                && actor.can(Capability::RespondFinding {
                    department: f.department_id,
                });
            let conducts = Self::assigned(actor, &rows, f.audit_id) || top;
            for a in rows.actions.iter().filter(|a| a.finding_id == f.id) {
                match ActionState::from_code(&a.state) {
                    Some(ActionState::Planned) if owes => {
                        out.actions_owed += 1;
                        if action_overdue(ActionState::Planned, a.due_on, today) {
                            out.actions_overdue += 1;
                        }
                    }
                    Some(ActionState::Done) if conducts => out.to_verify += 1,
                    _ => {}
                }
            }
        }
        Ok(out)
    }
}

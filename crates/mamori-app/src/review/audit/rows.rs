//! The rows an audit's views are made from, read once for a list or a page: auditors,
//! findings and their actions, the people they name, the programmes, the department
//! tree; and the views made from them.

use std::collections::HashMap;

use mamori_domain::asset::register::Visibility;
use mamori_domain::review::audit::{ActionState, AuditKind, AuditState, Grade, action_overdue};
use mamori_store::entity::{
    asset, audit_auditor, audit_finding, corrective_action, security_audit,
};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::view::{AuditView, AuditorView, FindingCounts};
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::media::Named;
use crate::{App, AppResult};

/// A system an audit's plan names, with the department that kept it when the plan
/// was made: that department is audited with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub(super) struct PlannedSystem {
    pub asset: Uuid,
    pub department: Option<Uuid>,
}

/// The departments an audit's plan names, as stored.
pub(super) fn departments_of(m: &security_audit::Model) -> Vec<Uuid> {
    serde_json::from_str(&m.departments).unwrap_or_default()
}

/// The systems an audit's plan names, as stored.
pub(super) fn systems_of(m: &security_audit::Model) -> Vec<PlannedSystem> {
    serde_json::from_str(&m.systems).unwrap_or_default()
}

/// Every department an audit covers (with their subtrees, where it is checked): those
/// named, and those keeping the systems named.
pub(super) fn scope_of(m: &security_audit::Model) -> Vec<Uuid> {
    let mut out = departments_of(m);
    out.extend(systems_of(m).into_iter().filter_map(|s| s.department));
    out.sort();
    out.dedup();
    out
}

/// The rows an audit's views are made from, read once.
pub(crate) struct AuditRows {
    pub auditors: Vec<audit_auditor::Model>,
    pub findings: Vec<audit_finding::Model>,
    pub actions: Vec<corrective_action::Model>,
    pub staff: HashMap<Uuid, (String, String, Option<Uuid>)>,
    pub programmes: HashMap<Uuid, String>,
    pub idx: DeptIndex,
    /// The systems the audits name.
    pub systems: HashMap<Uuid, asset::Model>,
    /// Which restricted systems the reader may see named.
    pub sight: Visibility,
}

impl AuditRows {
    pub(super) fn counts(&self, audit: Uuid, today: chrono::NaiveDate) -> FindingCounts {
        let mut c = FindingCounts::default();
        for f in self.findings.iter().filter(|f| f.audit_id == audit) {
            c.total += 1;
            match Grade::from_code(&f.grade) {
                Some(Grade::Major) => c.major += 1,
                Some(Grade::Minor) => c.minor += 1,
                Some(Grade::Improvement) => c.improvement += 1,
                Some(Grade::Good) => c.good += 1,
                None => {}
            }
            if f.closed_on.is_none() {
                c.open += 1;
            }
            for a in self.actions.iter().filter(|a| a.finding_id == f.id) {
                let state = ActionState::from_code(&a.state).unwrap_or(ActionState::Planned);
                if state != ActionState::Verified {
                    c.actions_open += 1;
                }
                if action_overdue(state, a.due_on, today) {
                    c.actions_overdue += 1;
                }
            }
        }
        c
    }

    pub(super) fn named_department(&self, id: Uuid) -> Named {
        let d = self.idx.get(id);
        Named {
            id,
            code: d.map(|d| d.code.clone()).unwrap_or_default(),
            name: d.map(|d| d.name.clone()).unwrap_or_default(),
        }
    }

    /// A system in scope as the reader may see it named: a restricted one outside the
    /// reader's need-to-know by its number alone.
    fn named_system(&self, id: Uuid) -> Named {
        let a = self.systems.get(&id);
        let seen = a.is_some_and(|a| {
            self.sight
                .shows(a.restricted, a.department_id, a.owner_staff_id)
        });
        Named {
            id,
            code: a.map(|a| a.number.clone()).unwrap_or_default(),
            name: a
                .filter(|_| seen)
                .map(|a| a.name.clone())
                .unwrap_or_default(),
        }
    }

    pub(super) fn view(
        &self,
        m: &security_audit::Model,
        today: chrono::NaiveDate,
    ) -> AppResult<AuditView> {
        let auditors = self
            .auditors
            .iter()
            .filter(|a| a.audit_id == m.id)
            .map(|a| {
                let (name, number, dept) = self.staff.get(&a.staff_id).cloned().unwrap_or_default();
                AuditorView {
                    staff_id: a.staff_id,
                    name,
                    employee_number: number,
                    department: dept.map(|d| self.idx.path(d)).unwrap_or_default(),
                    lead: a.role == "lead",
                    own_department_reason: a.own_department_reason.clone(),
                }
            })
            .collect();
        Ok(AuditView {
            id: m.id,
            number: m.number.clone(),
            programme: m.programme_id.map(|p| Named {
                id: p,
                code: String::new(),
                name: self.programmes.get(&p).cloned().unwrap_or_default(),
            }),
            fiscal_year: m.fiscal_year,
            kind: crate::error::stored("audit kind", &m.kind, AuditKind::from_code(&m.kind))?,
            title: m.title.clone(),
            departments: departments_of(m)
                .into_iter()
                .map(|d| self.named_department(d))
                .collect(),
            systems: systems_of(m)
                .into_iter()
                .map(|s| self.named_system(s.asset))
                .collect(),
            chapters: serde_json::from_str(&m.chapters).unwrap_or_default(),
            criteria: m.criteria.clone(),
            planned_from: m.planned_from,
            planned_until: m.planned_until,
            state: crate::error::stored("audit state", &m.state, AuditState::from_code(&m.state))?,
            external_body: m.external_body.clone(),
            summary: m.summary.clone(),
            auditors,
            findings: self.counts(m.id, today),
        })
    }
}

impl App {
    pub(super) async fn audit_rows(
        &self,
        actor: &Actor,
        audits: &[security_audit::Model],
    ) -> AppResult<AuditRows> {
        let org_id = actor.org_id;
        let conn = self.store.conn();
        let ids: Vec<Uuid> = audits.iter().map(|a| a.id).collect();
        let auditors = mamori_store::review::audits::auditors(conn, org_id, &ids).await?;
        let findings = mamori_store::review::audits::findings(conn, org_id, &ids).await?;
        let fids: Vec<Uuid> = findings.iter().map(|f| f.id).collect();
        let actions = mamori_store::review::audits::actions(conn, org_id, &fids).await?;
        let mut people: Vec<Uuid> = auditors.iter().map(|a| a.staff_id).collect();
        people.extend(actions.iter().filter_map(|a| a.owner_staff_id));
        people.sort();
        people.dedup();
        let staff = mamori_store::staff::by_ids(conn, org_id, &people)
            .await?
            .into_iter()
            .map(|s| (s.id, (s.name, s.employee_number, s.department_id)))
            .collect();
        let programmes = mamori_store::review::audits::programmes(conn, org_id)
            .await?
            .into_iter()
            .map(|p| (p.id, p.name))
            .collect();
        let system_ids: Vec<Uuid> = audits
            .iter()
            .flat_map(systems_of)
            .map(|s| s.asset)
            .collect();
        let systems = mamori_store::assets::by_ids(conn, org_id, &system_ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        Ok(AuditRows {
            auditors,
            findings,
            actions,
            staff,
            programmes,
            idx: self.dept_tree(org_id).await?,
            systems,
            sight: self.visibility(actor),
        })
    }
}

impl App {
    /// Findings named by their numbers (`AUD-2026-01-03`) and descriptions, for the
    /// records that link them.
    pub(crate) async fn finding_names(
        &self,
        org_id: Uuid,
        ids: &[Uuid],
    ) -> AppResult<HashMap<Uuid, Named>> {
        let conn = self.store.conn();
        let mut out = HashMap::new();
        for id in ids {
            let Some(f) = mamori_store::review::audits::get_finding(conn, org_id, *id).await?
            else {
                continue;
            };
            let number = mamori_store::review::audits::get(conn, org_id, f.audit_id)
                .await?
                .map(|a| format!("{}-{:02}", a.number, f.seq))
                .unwrap_or_default();
            out.insert(
                f.id,
                Named {
                    id: f.id,
                    code: number,
                    name: f.description,
                },
            );
        }
        Ok(out)
    }

    /// Audits in fieldwork or reporting whose scope holds `department`, that the actor
    /// conducts: where a gap found elsewhere may be recorded as a finding.
    pub(crate) async fn audits_taking_findings(
        &self,
        actor: &Actor,
        department: Uuid,
    ) -> AppResult<Vec<Named>> {
        let all = mamori_store::review::audits::list(self.store.conn(), actor.org_id).await?;
        let open: Vec<security_audit::Model> = all
            .into_iter()
            .filter(|a| AuditState::from_code(&a.state).is_some_and(AuditState::takes_findings))
            .collect();
        if open.is_empty() {
            return Ok(Vec::new());
        }
        let rows = self.audit_rows(actor, &open).await?;
        Ok(open
            .iter()
            .filter(|a| {
                scope_of(a)
                    .iter()
                    .any(|s| rows.idx.subtree(*s).contains(&department))
            })
            .filter(|a| {
                actor.can(Capability::ConductAudit {
                    assigned: Self::assigned(actor, &rows, a.id),
                })
            })
            .map(|a| Named {
                id: a.id,
                code: a.number.clone(),
                name: a.title.clone(),
            })
            .collect())
    }
}

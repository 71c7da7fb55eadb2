//! Reading the calendar: the dates in the window, each shown to those who owe it (the
//! reader's own), to a department's officers (the department's), or to the CISO (all);
//! a date of a restricted incident only to those who reach it.

use std::collections::HashSet;

use chrono::{Duration, NaiveDate};
use mamori_domain::review::due::{self as rules, DueKind, Owes};
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::review::due::{DueRow, Window};
use uuid::Uuid;

use super::view::{DueItemView, DueList, DueQuery};
use crate::authz::{Actor, Capability};
use crate::departments::{DeptIndex, optional_date};
use crate::media::Named;
use crate::{App, AppResult};

/// How far ahead a calendar may look.
const FURTHEST_DAYS: i64 = 2 * 366;

/// Which dates a calendar holds.
pub(super) enum Scope {
    /// What the actor owes.
    Mine,
    /// The dates of these departments (a subtree).
    Department(HashSet<Uuid>),
    All,
}

/// Whether the actor owes a date, by the rule of its kind.
pub(super) fn owes(actor: &Actor, r: &DueRow) -> bool {
    match rules::rule(r.kind).owes {
        Owes::Person => match r.staff_id {
            Some(s) => actor.staff_id == Some(s),
            None => r.department_id.is_some() && actor.answers_for(r.department_id),
        },
        Owes::Department => match r.department_id {
            Some(_) => actor.answers_for(r.department_id),
            None => actor.is_top(),
        },
        Owes::Top => actor.is_top(),
        Owes::Csirt => actor.is_top() || actor.has_role(Role::Csirt),
        Owes::Admins => actor.is_top() || actor.has_role(Role::SystemAdmin),
    }
}

/// A date of a restricted incident shows to the top officers, the CSIRT, the auditors
/// and the one it is assigned to.
fn sees(actor: &Actor, r: &DueRow) -> bool {
    !r.restricted
        || actor.is_top()
        || actor.has_role(Role::Csirt)
        || actor.has_role(Role::Auditor)
        || (r.staff_id.is_some() && actor.staff_id == r.staff_id)
}

/// The page where a date is dealt with.
pub(super) fn href(kind: DueKind, id: Uuid, parent: Option<Uuid>) -> String {
    use DueKind::*;
    let p = parent.unwrap_or(id);
    match kind {
        RiskReview | RiskAcceptance => format!("/risks/{id}"),
        ExceptionEnd | ExceptionReport => format!("/exceptions/{id}"),
        ControlDue | ControlReview => format!("/controls/{id}"),
        EvidenceExpiry => format!("/controls/{p}"),
        CorrectiveAction => format!("/audits/{p}"),
        AuditEnd => format!("/audits/{id}"),
        InspectionDue => format!("/inspections/{p}/sheets/{id}"),
        AckDue => format!("/policies/{p}"),
        TakeoutReturn => format!("/takeouts/{id}"),
        ContractEnd => format!("/contracts/{id}"),
        CertificationEnd => format!("/contractors/{p}"),
        ServiceEnd => format!("/services/{id}"),
        BreachReport | IncidentTask => format!("/incidents/{p}"),
        GrantEnd | AreaReview => format!("/areas/{p}"),
        LawReview => format!("/laws/{id}"),
        InventoryDue => format!("/inventories/{id}"),
    }
}

fn dept_named(tree: &DeptIndex, id: Option<Uuid>) -> Option<Named> {
    let d = tree.get(id?)?;
    Some(Named {
        id: d.id,
        code: d.code.clone(),
        name: d.name.clone(),
    })
}

impl App {
    /// A calendar: what the reader owes (the default), a department's dates, or the
    /// whole organization's (the CISO's), overdue first, up to `until`.
    pub async fn due(&self, actor: &Actor, q: &DueQuery) -> AppResult<DueList> {
        let today = self.today();
        let org = actor.org_id;
        let mut inv = Invalid::new();
        let until = match q.until.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => optional_date(&mut inv, "until", raw),
            None => Some(today + Duration::days(90)),
        };
        if until.is_some_and(|u| u < today || u > today + Duration::days(FURTHEST_DAYS)) {
            inv.push(FieldError::new(
                "until",
                "表示する最終日は、今日から2年以内の日付にしてください。",
                "Show up to a day between today and two years ahead.",
            ));
        }
        let kind = match q.kind.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(k) => inv.check("kind", DueKind::parse(k)),
            None => None,
        };
        let tree = self.dept_tree(org).await?;
        let (scope, department) = match q.scope.as_deref().unwrap_or("mine") {
            "mine" | "" => (Scope::Mine, None),
            "all" => (Scope::All, None),
            "department" => {
                let raw = q.department.as_deref().unwrap_or("");
                match tree.resolve(raw) {
                    Ok(d) => (Scope::Department(tree.subtree(d.id)), Some(d.id)),
                    Err(p) => {
                        inv.push(p.at("department"));
                        (Scope::Mine, None)
                    }
                }
            }
            other => {
                inv.push(FieldError::new(
                    "scope",
                    format!("「{other}」は表示範囲として使えません（mine、department、all）。"),
                    format!("“{other}” is not a scope (mine, department, all)."),
                ));
                (Scope::Mine, None)
            }
        };
        inv.into_result()?;
        match (&scope, department) {
            (Scope::All, _) => self.authorize(actor, Capability::ViewAllDue).await?,
            (Scope::Department(_), Some(department)) => {
                self.authorize(actor, Capability::ViewDepartmentDue { department })
                    .await?
            }
            _ => {}
        }
        let until = until.unwrap_or(today);
        let rows = self.due_rows_for(actor, &scope, kind, until).await?;
        let items = self.due_views(org, &tree, rows).await?;
        Ok(DueList {
            scope: match scope {
                Scope::Mine => "mine",
                Scope::Department(_) => "department",
                Scope::All => "all",
            }
            .into(),
            department: dept_named(&tree, department),
            today,
            until,
            overdue: items
                .iter()
                .filter(|i| i.standing == rules::Standing::Overdue)
                .count(),
            items,
            may_see_all: actor.can(Capability::ViewAllDue),
        })
    }

    /// The rows of a calendar, in its order.
    pub(super) async fn due_rows_for(
        &self,
        actor: &Actor,
        scope: &Scope,
        kind: Option<DueKind>,
        until: NaiveDate,
    ) -> AppResult<Vec<DueRow>> {
        let today = self.today();
        let window = Window {
            from: today - Duration::days(30),
            until,
        };
        let mut rows: Vec<DueRow> =
            mamori_store::review::due::due_rows(self.store.conn(), actor.org_id, window)
                .await?
                .into_iter()
                .filter(|r| rules::shows(r.kind, r.due_on, today))
                .filter(|r| kind.is_none_or(|k| k == r.kind))
                .filter(|r| sees(actor, r))
                .filter(|r| match scope {
                    Scope::Mine => owes(actor, r),
                    Scope::Department(set) => r.department_id.is_some_and(|d| set.contains(&d)),
                    Scope::All => true,
                })
                .collect();
        rows.sort_by_key(|r| (rules::order_key(r.due_on, today), r.kind, r.id));
        Ok(rows)
    }

    async fn due_views(
        &self,
        org: Uuid,
        tree: &DeptIndex,
        rows: Vec<DueRow>,
    ) -> AppResult<Vec<DueItemView>> {
        let today = self.today();
        let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.staff_id).collect();
        let staff = mamori_store::staff::by_ids(self.store.conn(), org, &ids).await?;
        Ok(rows
            .into_iter()
            .map(|r| DueItemView {
                kind: r.kind,
                id: r.id,
                href: href(r.kind, r.id, r.parent),
                label: r.label,
                due_on: r.due_on,
                standing: rules::standing(r.due_on, today),
                department: dept_named(tree, r.department_id),
                owner: r
                    .staff_id
                    .and_then(|id| staff.iter().find(|s| s.id == id))
                    .map(|s| Named {
                        id: s.id,
                        code: s.employee_number.clone(),
                        name: s.name.clone(),
                    }),
            })
            .collect())
    }
}

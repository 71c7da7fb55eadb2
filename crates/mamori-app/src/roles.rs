//! Assigning ISMS roles to staff members, and listing who holds what.

use chrono::NaiveDate;
use mamori_domain::notify::Notice;
use mamori_domain::period::Period;
use mamori_domain::{Invalid, Role};
use mamori_store::entity::role_assignment;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// A role held by a staff member, for a department or the whole organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct RoleHolder {
    /// The assignment, which removing the role names.
    pub id: Uuid,
    pub staff_id: Uuid,
    /// The role's code: `ciso`, `deputy-ciso`, `department-officer`, `section-manager`,
    /// `system-admin`, `system-operator`, `committee`, `csirt`, `auditor`.
    pub role: String,
    pub department_id: Option<Uuid>,
    pub term_from: Option<NaiveDate>,
    pub term_to: Option<NaiveDate>,
}

impl RoleHolder {
    pub(crate) fn of(r: &role_assignment::Model) -> Self {
        Self {
            id: r.id,
            staff_id: r.staff_id,
            role: r.role.clone(),
            department_id: r.department_id,
            term_from: r.term_from,
            term_to: r.term_to,
        }
    }
}

/// A role to assign, as the form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, ToSchema)]
pub struct RoleInput {
    /// The role's code or label.
    pub role: String,
    /// Department reference (id, code, name, path); required for department-scoped roles.
    #[serde(default)]
    pub department: String,
    /// Start of the term: a date (ISO or 和暦), or empty.
    #[serde(default)]
    pub term_from: String,
    /// End of the term: a date (ISO or 和暦), or empty for none.
    #[serde(default)]
    pub term_to: String,
}

#[derive(Debug, Clone, Serialize)]
struct RoleSnapshot {
    staff: String,
    role: String,
    department: Option<String>,
    term_from: Option<NaiveDate>,
    term_to: Option<NaiveDate>,
}

impl App {
    pub async fn assign_role(
        &self,
        actor: &Actor,
        staff_id: Uuid,
        input: &RoleInput,
    ) -> AppResult<RoleHolder> {
        self.authorize(actor, Capability::ManageRoles).await?;
        let conn = self.store.conn();
        let s = mamori_store::staff::get(conn, actor.org_id, staff_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let idx = self.dept_tree(actor.org_id).await?;
        let mut inv = Invalid::new();
        let role = inv.check("role", Role::parse(&input.role));
        let department = if input.department.trim().is_empty() {
            None
        } else {
            inv.check("department", idx.resolve(&input.department).map(|d| d.id))
        };
        if role.is_some_and(|r| r.requires_department())
            && department.is_none()
            && input.department.trim().is_empty()
        {
            inv.push(mamori_domain::FieldError::new(
                "department",
                "この役割には担当する所属の指定が必要です。",
                "This role needs the department it covers.",
            ));
        }
        let from = optional_date(&mut inv, "term_from", &input.term_from);
        let to = optional_date(&mut inv, "term_to", &input.term_to);
        let period = inv.check("term_to", Period::new(from, to));
        let (Some(role), Some(period)) = (role, period) else {
            return Err(inv.into());
        };
        inv.into_result()?;
        let existing = mamori_store::roles::for_staff(conn, actor.org_id, staff_id).await?;
        if existing
            .iter()
            .any(|r| r.role == role.code() && r.department_id == department)
        {
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "同じ役割が既に割り当てられています。",
                "This role is already assigned.",
            )));
        }
        let m = role_assignment::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            staff_id,
            role: role.code().to_owned(),
            department_id: department,
            term_from: period.from,
            term_to: period.to,
            created_at: self.now(),
        };
        let snap = RoleSnapshot {
            staff: s.employee_number.clone(),
            role: m.role.clone(),
            department: department.and_then(|d| idx.get(d)).map(|d| d.code.clone()),
            term_from: m.term_from,
            term_to: m.term_to,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::roles::insert(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "role.assign",
            ("role_assignment", m.id),
            None,
            Some(&snap),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "role.assign",
            ("staff", staff_id),
            None,
            Some(&snap),
        )
        .await?;
        let notice = Notice::RoleGranted {
            role,
            department: department.and_then(|d| idx.get(d)).map(|d| d.name.clone()),
        };
        self.notify(&*tx, actor.org_id, &[staff_id], &notice)
            .await?;
        tx.commit().await?;
        Ok(RoleHolder::of(&m))
    }

    pub async fn remove_role(&self, actor: &Actor, assignment_id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::ManageRoles).await?;
        let conn = self.store.conn();
        let r = mamori_store::roles::get(conn, actor.org_id, assignment_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let idx = self.dept_tree(actor.org_id).await?;
        let s = mamori_store::staff::get(conn, actor.org_id, r.staff_id).await?;
        let snap = RoleSnapshot {
            staff: s.map(|s| s.employee_number).unwrap_or_default(),
            role: r.role.clone(),
            department: r
                .department_id
                .and_then(|d| idx.get(d))
                .map(|d| d.code.clone()),
            term_from: r.term_from,
            term_to: r.term_to,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::roles::delete(&*tx, actor.org_id, assignment_id).await?;
        self.audit_change(
            &*tx,
            actor,
            "role.remove",
            ("role_assignment", assignment_id),
            Some(&snap),
            None,
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "role.remove",
            ("staff", r.staff_id),
            Some(&snap),
            None,
        )
        .await?;
        if let Some(role) = Role::from_code(&r.role) {
            let notice = Notice::RoleRemoved {
                role,
                department: r
                    .department_id
                    .and_then(|d| idx.get(d))
                    .map(|d| d.name.clone()),
            };
            self.notify(&*tx, actor.org_id, &[r.staff_id], &notice)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Every assignment, for the roles overview (CISO, committee, CSIRT …).
    pub async fn role_holders(&self, actor: &Actor) -> AppResult<Vec<RoleHolder>> {
        self.authorize(actor, Capability::ViewRegister).await?;
        let all = mamori_store::roles::all(self.store.conn(), actor.org_id, None).await?;
        Ok(all.iter().map(RoleHolder::of).collect())
    }
}

impl App {
    /// Who holds one of `roles` today: for a role tied to a department, only those of
    /// `department` or a department above it (an officer of a division answers for
    /// its sections); the others whatever their department. Staff ids, once each.
    pub(crate) async fn holders_today(
        &self,
        org_id: Uuid,
        roles: &[Role],
        department: Option<Uuid>,
    ) -> AppResult<Vec<Uuid>> {
        let today = self.today();
        let above: Vec<Uuid> = match department {
            Some(d) => self
                .dept_tree(org_id)
                .await?
                .chain(d)
                .iter()
                .map(|d| d.id)
                .collect(),
            None => Vec::new(),
        };
        let mut out: Vec<Uuid> = mamori_store::roles::all(self.store.conn(), org_id, None)
            .await?
            .into_iter()
            .filter(|r| mamori_domain::role::is_active_on(r.term_from, r.term_to, today))
            .filter(|r| match Role::from_code(&r.role) {
                Some(role) if roles.contains(&role) => {
                    !role.requires_department()
                        || r.department_id.is_some_and(|d| above.contains(&d))
                }
                _ => false,
            })
            .map(|r| r.staff_id)
            .collect();
        out.sort();
        out.dedup();
        Ok(out)
    }
}

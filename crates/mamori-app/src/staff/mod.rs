//! Staff members: listing with search; create, edit, retire — each audited,
//! department moves kept as history. Input and its validation (shared by forms, the
//! API and imports) are in `input.rs`.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::staff::StaffCategory;
use mamori_domain::{Invalid, Problem};
use mamori_store::entity::{staff, user};
use mamori_store::staff::{StaffFilter, StaffSort};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult, Page, PageRequest};

mod batch;
mod input;

pub use input::{StaffInput, ValidStaff, validate};
pub(crate) use input::{apply, blank};

/// A staff member as screens and the API show them.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct StaffView {
    pub id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub kana: String,
    pub email: Option<String>,
    pub department_id: Option<Uuid>,
    pub department_code: Option<String>,
    pub department_path: Option<String>,
    /// `head`, `special_official`, `regular`, `fiscal_year_appointee`, `temporary`,
    /// `contract`, `contractor`.
    #[schema(value_type = String)]
    pub category: StaffCategory,
    pub part_time: bool,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
    pub retired: bool,
    pub updated_at: DateTime<Utc>,
}

impl StaffView {
    pub fn new(s: &staff::Model, idx: &DeptIndex) -> AppResult<Self> {
        let dept = s.department_id.and_then(|d| idx.get(d));
        Ok(Self {
            id: s.id,
            employee_number: s.employee_number.clone(),
            name: s.name.clone(),
            kana: s.kana.clone(),
            email: s.email.clone(),
            department_id: s.department_id,
            department_code: dept.map(|d| d.code.clone()),
            department_path: dept.map(|d| idx.path(d.id)),
            category: crate::error::stored(
                "staff category",
                &s.category,
                StaffCategory::from_code(&s.category),
            )?,
            part_time: s.part_time,
            start_date: s.start_date,
            end_date: s.end_date,
            retired: s.retired,
            updated_at: s.updated_at,
        })
    }
}

/// What the audit log records of a staff member.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct StaffSnapshot {
    employee_number: String,
    name: String,
    kana: String,
    email: Option<String>,
    department: Option<String>,
    category: String,
    part_time: bool,
    start_date: Option<NaiveDate>,
    end_date: Option<NaiveDate>,
    retired: bool,
}

pub(crate) fn snapshot(s: &staff::Model, idx: &DeptIndex) -> StaffSnapshot {
    StaffSnapshot {
        employee_number: s.employee_number.clone(),
        name: s.name.clone(),
        kana: s.kana.clone(),
        email: s.email.clone(),
        department: s
            .department_id
            .and_then(|d| idx.get(d))
            .map(|d| d.code.clone()),
        category: s.category.clone(),
        part_time: s.part_time,
        start_date: s.start_date,
        end_date: s.end_date,
        retired: s.retired,
    }
}

/// List parameters as a screen or the API gives them.
#[derive(Debug, Clone, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct StaffQuery {
    /// Free text over name, kana and employee number (width and kana folded).
    #[serde(default)]
    pub q: String,
    /// Department id; its whole subtree is included.
    #[serde(default)]
    pub department: Option<Uuid>,
    /// A staff category code (see `category` of a staff member).
    #[serde(default)]
    pub category: String,
    /// `current` (default), `retired` or `all`.
    #[serde(default)]
    pub status: String,
    /// `number` (default), `kana`, `department`, `updated`.
    #[serde(default)]
    pub sort: String,
    /// Descending order.
    #[serde(default)]
    pub desc: bool,
}

/// A staff member with everything the profile page shows, and what the viewer may do
/// with it (decided here, so pages only show what the use cases would allow).
#[derive(Debug, Clone)]
pub struct StaffDetail {
    pub staff: StaffView,
    pub roles: Vec<crate::roles::RoleHolder>,
    /// Departments the member belonged to, from which day (department history).
    pub moves: Vec<StaffMove>,
    pub account: Option<crate::users::AccountView>,
    pub can_edit: bool,
    pub can_manage_roles: bool,
    pub can_manage_accounts: bool,
    /// The audit trail of the record (who changed what) is for those who may read the
    /// register; a member viewing their own profile sees the record, not the trail.
    pub can_see_history: bool,
}

/// A move into a department (or out of every one) from a day.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaffMove {
    pub department_id: Option<Uuid>,
    pub from_date: Option<chrono::NaiveDate>,
}

impl App {
    fn staff_filter(&self, q: &StaffQuery, idx: &DeptIndex) -> AppResult<StaffFilter> {
        use crate::error::{code_of, one_of};
        code_of(
            "category",
            &q.category,
            StaffCategory::from_code,
            &StaffCategory::ALL.map(StaffCategory::code),
        )?;
        one_of("status", &q.status, &["current", "retired", "all"])?;
        one_of(
            "sort",
            &q.sort,
            &["number", "kana", "department", "updated"],
        )?;
        Ok(StaffFilter {
            search_key: crate::error::search_text(&q.q)?,
            departments: q.department.map(|d| idx.subtree(d).into_iter().collect()),
            category: Some(q.category.clone()).filter(|c| !c.is_empty()),
            part_time: None,
            retired: match q.status.as_str() {
                "all" => None,
                "retired" => Some(true),
                _ => Some(false),
            },
            sort: match q.sort.as_str() {
                "kana" => StaffSort::Kana,
                "department" => StaffSort::Department,
                "updated" => StaffSort::Updated,
                _ => StaffSort::Number,
            },
            descending: q.desc,
        })
    }

    pub async fn list_staff(
        &self,
        actor: &Actor,
        q: &StaffQuery,
        page: PageRequest,
    ) -> AppResult<(Page<StaffView>, DeptIndex)> {
        self.authorize(actor, Capability::ViewRegister).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let filter = self.staff_filter(q, &idx)?;
        let page =
            mamori_store::staff::list(self.store.conn(), actor.org_id, &filter, page).await?;
        Ok((page.try_map(|s| StaffView::new(&s, &idx))?, idx))
    }

    /// Every staff member matching a query, for export (audited as an export).
    pub async fn export_staff_rows(
        &self,
        actor: &Actor,
        q: &StaffQuery,
    ) -> AppResult<(Vec<StaffView>, DeptIndex)> {
        self.authorize(actor, Capability::ExportStaff).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let filter = self.staff_filter(q, &idx)?;
        let rows = mamori_store::staff::all(self.store.conn(), actor.org_id, &filter).await?;
        let tx = self.store.begin_write().await?;
        self.audit(
            &*tx,
            actor,
            "staff.export",
            "staff",
            "*",
            vec![mamori_domain::audit::Change {
                field: "rows".into(),
                before: None,
                after: Some(serde_json::json!(rows.len())),
            }],
        )
        .await?;
        tx.commit().await?;
        let views = rows
            .iter()
            .map(|s| StaffView::new(s, &idx))
            .collect::<AppResult<_>>()?;
        Ok((views, idx))
    }

    pub async fn staff_detail(&self, actor: &Actor, id: Uuid) -> AppResult<StaffDetail> {
        let conn = self.store.conn();
        let s = mamori_store::staff::get(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::ViewStaff {
                staff_id: s.id,
                department: s.department_id,
            },
        )
        .await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let moves = mamori_store::staff::moves(conn, actor.org_id, id).await?;
        let account = mamori_store::users::by_staff(conn, actor.org_id, id).await?;
        Ok(StaffDetail {
            can_edit: actor.can(Capability::EditStaff {
                department: s.department_id,
            }),
            can_manage_roles: actor.can(Capability::ManageRoles),
            can_manage_accounts: actor.can(Capability::ManageUsers),
            can_see_history: actor.can(Capability::ViewRegister),
            staff: StaffView::new(&s, &idx)?,
            roles: mamori_store::roles::for_staff(conn, actor.org_id, id)
                .await?
                .iter()
                .map(crate::roles::RoleHolder::of)
                .collect(),
            moves: moves
                .iter()
                .map(|m| StaffMove {
                    department_id: m.department_id,
                    from_date: m.from_date,
                })
                .collect(),
            account: account.as_ref().map(crate::users::AccountView::of),
        })
    }

    /// A staff member as the edit form shows them; only for those who may edit them.
    pub async fn staff_for_edit(&self, actor: &Actor, id: Uuid) -> AppResult<StaffView> {
        let s = mamori_store::staff::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let cap = Capability::EditStaff {
            department: s.department_id,
        };
        self.authorize(actor, cap).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        StaffView::new(&s, &idx)
    }

    pub async fn create_staff(&self, actor: &Actor, input: &StaffInput) -> AppResult<StaffView> {
        let idx = self.dept_tree(actor.org_id).await?;
        let v = validate(input, &idx)?;
        self.authorize(
            actor,
            Capability::EditStaff {
                department: v.department_id,
            },
        )
        .await?;
        if mamori_store::staff::by_number(self.store.conn(), actor.org_id, &v.employee_number)
            .await?
            .is_some()
        {
            return Err(AppError::Invalid(Invalid::from(duplicate_number(
                &v.employee_number,
            ))));
        }
        let now = self.now();
        let m = apply(blank(self.new_id(), actor.org_id, now), &v, now);
        let tx = self.store.begin_write().await?;
        self.insert_staff(&*tx, actor, &m, &idx).await?;
        tx.commit().await?;
        StaffView::new(&m, &idx)
    }

    /// Writes a new staff record with its first department history entry, audited.
    pub(crate) async fn insert_staff<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        m: &staff::Model,
        idx: &DeptIndex,
    ) -> AppResult<()> {
        mamori_store::staff::insert(conn, m.clone()).await?;
        mamori_store::staff::record_move(
            conn,
            mamori_store::staff::new_move(
                self.new_id(),
                actor.org_id,
                m.id,
                m.department_id,
                m.start_date,
                m.created_at,
            ),
        )
        .await?;
        self.audit_change(
            conn,
            actor,
            "staff.create",
            ("staff", m.id),
            None,
            Some(&snapshot(m, idx)),
        )
        .await?;
        Ok(())
    }

    pub async fn update_staff(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &StaffInput,
        moved_on: Option<NaiveDate>,
    ) -> AppResult<StaffView> {
        let conn = self.store.conn();
        let before = mamori_store::staff::get(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        // Both the department the person leaves and the one they join must be in scope.
        self.authorize(
            actor,
            Capability::EditStaff {
                department: before.department_id,
            },
        )
        .await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let v = validate(input, &idx)?;
        self.authorize(
            actor,
            Capability::EditStaff {
                department: v.department_id,
            },
        )
        .await?;
        if v.employee_number != before.employee_number
            && mamori_store::staff::by_number(conn, actor.org_id, &v.employee_number)
                .await?
                .is_some()
        {
            return Err(AppError::Invalid(Invalid::from(duplicate_number(
                &v.employee_number,
            ))));
        }
        let now = self.now();
        let after = apply(before.clone(), &v, now);
        let tx = self.store.begin_write().await?;
        mamori_store::staff::update(&*tx, after.clone()).await?;
        if after.department_id != before.department_id {
            mamori_store::staff::record_move(
                &*tx,
                mamori_store::staff::new_move(
                    self.new_id(),
                    actor.org_id,
                    id,
                    after.department_id,
                    moved_on.or(Some(self.today())),
                    now,
                ),
            )
            .await?;
        }
        self.audit_change(
            &*tx,
            actor,
            "staff.update",
            ("staff", id),
            Some(&snapshot(&before, &idx)),
            Some(&snapshot(&after, &idx)),
        )
        .await?;
        tx.commit().await?;
        StaffView::new(&after, &idx)
    }

    /// Marks a staff member as retired from `on` (default today) and closes their
    /// account's sessions; the record itself is kept.
    pub async fn retire_staff(
        &self,
        actor: &Actor,
        id: Uuid,
        on: Option<NaiveDate>,
    ) -> AppResult<StaffView> {
        let conn = self.store.conn();
        let before = mamori_store::staff::get(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.authorize(
            actor,
            Capability::EditStaff {
                department: before.department_id,
            },
        )
        .await?;
        if before.retired {
            return Err(AppError::Conflict(Problem::new(
                "この職員は既に退職済みです。",
                "This staff member has already retired.",
            )));
        }
        let idx = self.dept_tree(actor.org_id).await?;
        let on = on.unwrap_or_else(|| self.today());
        if before.start_date.is_some_and(|s| s > on) {
            return Err(AppError::field(
                "end_date",
                "退職日が開始日より前になっています。",
                "The retirement date is before the start date.",
            ));
        }
        let tx = self.store.begin_write().await?;
        let after = self.write_retirement(&*tx, &before, on).await?;
        self.audit_change(
            &*tx,
            actor,
            "staff.retire",
            ("staff", id),
            Some(&snapshot(&before, &idx)),
            Some(&snapshot(&after, &idx)),
        )
        .await?;
        tx.commit().await?;
        StaffView::new(&after, &idx)
    }
}

impl App {
    /// Retires a staff member on `on`: their account, if any, is suspended and its
    /// sessions end. The caller audits.
    pub(crate) async fn write_retirement<C: mamori_store::Conn>(
        &self,
        conn: &C,
        before: &staff::Model,
        on: NaiveDate,
    ) -> AppResult<staff::Model> {
        let now = self.now();
        let after = staff::Model {
            retired: true,
            end_date: Some(on),
            updated_at: now,
            ..before.clone()
        };
        mamori_store::staff::update(conn, after.clone()).await?;
        if let Some(u) = mamori_store::users::by_staff(conn, before.org_id, before.id).await? {
            mamori_store::sessions::delete_for_user(conn, u.id).await?;
            let disabled = user::Model {
                disabled_at: Some(now),
                updated_at: now,
                ..u
            };
            mamori_store::users::update(conn, disabled).await?;
        }
        Ok(after)
    }

    /// Names of staff members by id (for lists of accounts and role holders).
    pub async fn staff_names(
        &self,
        actor: &Actor,
        ids: Vec<Uuid>,
    ) -> AppResult<std::collections::HashMap<Uuid, String>> {
        if !actor.can(Capability::ViewRegister) && !actor.can(Capability::ManageUsers) {
            self.record_denial(actor, Capability::ViewRegister).await;
            return Err(AppError::Forbidden);
        }
        Ok(
            mamori_store::staff::by_ids(self.store.conn(), actor.org_id, &ids)
                .await?
                .into_iter()
                .map(|s| (s.id, s.name))
                .collect(),
        )
    }
}

pub(crate) fn duplicate_number(n: &str) -> mamori_domain::FieldError {
    Problem::new(
        format!("職員番号「{n}」は既に登録されています。"),
        format!("Employee number \"{n}\" is already registered."),
    )
    .at("employee_number")
}

//! Staff register pages: list and search, profile, create/edit/retire, roles,
//! accounts, and export.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::import::staff::{EXPORT_HEADERS, export_row};
use mamori_app::roles::RoleInput;
use mamori_app::staff::{StaffDetail, StaffInput, StaffQuery, StaffView};
use mamori_app::{AppError, Page, PageRequest};
use serde::Deserialize;
use uuid::Uuid;

use super::account::DoneQuery;
use super::{
    DeptOption, FormState, HistoryRow, attachment, category_options, dept_options, done,
    history_rows, render, render_status,
};
use crate::WebState;
use crate::ctx::{Ctx, iso};
use crate::error::{InLang, WebError};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "staff_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<StaffView>,
    q: StaffQuery,
    departments: Vec<DeptOption>,
    categories: Vec<(&'static str, &'static str)>,
    can_create: bool,
    can_export: bool,
    query: String,
    sort_query: String,
    page_query: String,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(flatten)]
    q: StaffQueryParams,
    page: Option<u64>,
    per_page: Option<u64>,
    done: Option<String>,
}

/// The list's query string as typed: an empty department select arrives as "".
#[derive(Deserialize, Default, Clone)]
pub struct StaffQueryParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    desc: String,
}

impl StaffQueryParams {
    fn to_query(&self) -> StaffQuery {
        StaffQuery {
            q: self.q.clone(),
            department: Uuid::parse_str(self.department.trim()).ok(),
            category: self.category.clone(),
            status: self.status.clone(),
            sort: self.sort.clone(),
            desc: matches!(self.desc.as_str(), "1" | "true"),
        }
    }

    fn encode(&self, with_sort: bool) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("department", &self.department),
            ("category", &self.category),
            ("status", &self.status),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if with_sort && !self.sort.is_empty() {
            s.append_pair("sort", &self.sort);
        }
        s.finish()
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let q = p.q.to_query();
    let (page, idx) = state
        .app
        .list_staff(user.actor(), &q, PageRequest::new(p.page, p.per_page))
        .await
        .lang(lang)?;
    let a = user.actor();
    let page = ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        departments: dept_options(&idx, state.app.today(), lang),
        categories: category_options(lang),
        can_create: a.can(Capability::EditStaff { department: None })
            || a.grants.iter().any(|g| {
                g.scope.is_some()
                    && matches!(
                        g.role,
                        mamori_domain::Role::DeptOfficer | mamori_domain::Role::SectionManager
                    )
            }),
        can_export: a.can(Capability::ExportStaff),
        query: p.q.encode(true),
        sort_query: p.q.encode(false),
        page_query: p.q.encode(true),
        q,
    };
    Ok(render(&page))
}

#[derive(Template)]
#[template(path = "staff_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    cancel: String,
    editing: bool,
    departments: Vec<DeptOption>,
    categories: Vec<(&'static str, &'static str)>,
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let idx = state.app.departments(user.actor()).await.lang(user.lang)?;
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key: if editing.is_some() {
            "staff.edit"
        } else {
            "staff.new"
        },
        action: editing
            .map(|id| format!("/staff/{id}/edit"))
            .unwrap_or_else(|| "/staff/new".into()),
        cancel: editing
            .map(|id| format!("/staff/{id}"))
            .unwrap_or_else(|| "/staff".into()),
        editing: editing.is_some(),
        departments: dept_options(&idx, state.app.today(), user.lang),
        categories: category_options(user.lang),
    })
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let form = FormState::new(user.lang).with("category", "regular");
    Ok(render(&form_page(&state, &user, form, None).await?))
}

#[derive(Deserialize, Default)]
pub struct StaffForm {
    #[serde(default)]
    employee_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kana: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    part_time: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    end_date: String,
    #[serde(default)]
    moved_on: String,
}

impl StaffForm {
    fn input(&self) -> StaffInput {
        StaffInput {
            employee_number: self.employee_number.clone(),
            name: self.name.clone(),
            kana: self.kana.clone(),
            email: self.email.clone(),
            department: self.department.clone(),
            category: self.category.clone(),
            part_time: self.part_time.clone(),
            start_date: self.start_date.clone(),
            end_date: self.end_date.clone(),
        }
    }

    fn state(&self, lang: crate::i18n::Lang) -> FormState {
        FormState::new(lang)
            .with("employee_number", &self.employee_number)
            .with("name", &self.name)
            .with("kana", &self.kana)
            .with("email", &self.email)
            .with("department", &self.department)
            .with("category", &self.category)
            .with("part_time", &self.part_time)
            .with("start_date", &self.start_date)
            .with("end_date", &self.end_date)
            .with("moved_on", &self.moved_on)
    }
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<StaffForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .create_staff(f.user.actor(), &f.form.input())
        .await
    {
        Ok(s) => Ok(done(&format!("/staff/{}", s.id), "staff.created")),
        Err(AppError::Invalid(inv)) => {
            let mut form = f.form.state(lang);
            form.errors = inv.0;
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, &f.user, form, None).await?,
            ))
        }
        Err(e) => Err(WebError::new(e, lang)),
    }
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let s = state
        .app
        .staff_for_edit(user.actor(), id)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("employee_number", s.employee_number)
        .with("name", s.name)
        .with("kana", s.kana)
        .with("email", s.email.unwrap_or_default())
        .with(
            "department",
            s.department_id.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with("category", s.category.code())
        .with("part_time", if s.part_time { "1" } else { "" })
        .with("start_date", iso(&s.start_date))
        .with("end_date", iso(&s.end_date));
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<StaffForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let moved_on = if f.form.moved_on.trim().is_empty() {
        None
    } else {
        match mamori_domain::wareki::parse_date(&f.form.moved_on) {
            Ok(d) => Some(d),
            Err(p) => {
                let mut form = f.form.state(lang);
                form.errors = vec![p.at("moved_on")];
                return Ok(render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &form_page(&state, &f.user, form, Some(id)).await?,
                ));
            }
        }
    };
    match state
        .app
        .update_staff(f.user.actor(), id, &f.form.input(), moved_on)
        .await
    {
        Ok(_) => Ok(done(&format!("/staff/{id}"), "staff.updated")),
        Err(AppError::Invalid(inv)) => {
            let mut form = f.form.state(lang);
            form.errors = inv.0;
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, &f.user, form, Some(id)).await?,
            ))
        }
        Err(e) => Err(WebError::new(e, lang)),
    }
}

pub struct RoleRow {
    id: Uuid,
    label: &'static str,
    scope: String,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
}

#[derive(Template)]
#[template(path = "staff_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: StaffDetail,
    roles: Vec<RoleRow>,
    moves: Vec<(Option<chrono::NaiveDate>, String)>,
    history: Vec<HistoryRow>,
    can_edit: bool,
    can_roles: bool,
    can_accounts: bool,
    role_options: Vec<(&'static str, &'static str)>,
    departments: Vec<DeptOption>,
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let d = app.staff_detail(user.actor(), id).await.lang(lang)?;
    let idx = app.dept_index(user.actor()).await.lang(lang)?;
    let whole = crate::i18n::t(lang, "role.whole_org");
    let roles = d
        .roles
        .iter()
        .map(|r| RoleRow {
            id: r.id,
            label: mamori_domain::Role::parse(&r.role)
                .map(|r| r.label(lang.code()))
                .unwrap_or("?"),
            scope: r
                .department_id
                .map(|d| idx.path(d))
                .unwrap_or_else(|| whole.to_owned()),
            from: r.term_from,
            to: r.term_to,
        })
        .collect();
    let moves = d
        .moves
        .iter()
        .map(|m| {
            (
                m.from_date,
                m.department_id.map(|d| idx.path(d)).unwrap_or_default(),
            )
        })
        .collect();
    let a = user.actor();
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    // History is shown to those who may read the register; a staff member viewing
    // their own profile sees their record, not the audit trail of who edited it.
    let history = if a.can(Capability::ViewRegister) {
        history_rows(&app.history(a, "staff", id).await.lang(lang)?, &ctx)
    } else {
        Vec::new()
    };
    let page = DetailPage {
        can_edit: a.can(Capability::EditStaff {
            department: d.staff.department_id,
        }),
        can_roles: a.can(Capability::ManageRoles),
        can_accounts: a.can(Capability::ManageUsers),
        role_options: mamori_domain::Role::ALL
            .iter()
            .map(|r| (r.code(), r.label(lang.code())))
            .collect(),
        departments: if a.can(Capability::ManageRoles) {
            dept_options(&idx, app.today(), lang)
        } else {
            vec![]
        },
        ctx,
        d,
        roles,
        moves,
        history,
    };
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct RetireForm {
    #[serde(default)]
    on: String,
}

pub async fn retire(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RetireForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let on = if f.form.on.trim().is_empty() {
        None
    } else {
        Some(
            mamori_domain::wareki::parse_date(&f.form.on)
                .map_err(|p| WebError::new(AppError::from(p.at("on")), lang))?,
        )
    };
    state
        .app
        .retire_staff(f.user.actor(), id, on)
        .await
        .lang(lang)?;
    Ok(done(&format!("/staff/{id}"), "staff.retired_done"))
}

pub async fn assign_role(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RoleInput>,
) -> Result<Response, WebError> {
    state
        .app
        .assign_role(f.user.actor(), id, &f.form)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/staff/{id}"), "role.assigned"))
}

#[derive(Deserialize)]
pub struct RemoveRoleForm {
    staff: Uuid,
}

pub async fn remove_role(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RemoveRoleForm>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_role(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/staff/{}", f.form.staff), "role.removed"))
}

#[derive(Deserialize)]
pub struct AccountForm {
    login: String,
    password: String,
}

pub async fn create_account(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AccountForm>,
) -> Result<Response, WebError> {
    state
        .app
        .create_account(f.user.actor(), id, &f.form.login, &f.form.password)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/staff/{id}"), "accounts.created"))
}

pub struct Holder {
    staff_id: Uuid,
    name: String,
    scope: String,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
}

pub struct RoleGroup {
    label: &'static str,
    holders: Vec<Holder>,
}

#[derive(Template)]
#[template(path = "roles.html")]
struct RolesPage {
    ctx: Ctx,
    groups: Vec<RoleGroup>,
}

pub async fn roles_overview(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let all = app.role_holders(user.actor()).await.lang(lang)?;
    let idx = app.dept_index(user.actor()).await.lang(lang)?;
    let names = app
        .staff_names(user.actor(), all.iter().map(|r| r.staff_id).collect())
        .await
        .lang(lang)?;
    let whole = crate::i18n::t(lang, "role.whole_org");
    let groups = mamori_domain::Role::ALL
        .iter()
        .map(|role| RoleGroup {
            label: role.label(lang.code()),
            holders: all
                .iter()
                .filter(|r| r.role == role.code())
                .map(|r| Holder {
                    staff_id: r.staff_id,
                    name: names.get(&r.staff_id).cloned().unwrap_or_default(),
                    scope: r
                        .department_id
                        .map(|d| idx.path(d))
                        .unwrap_or_else(|| whole.to_owned()),
                    from: r.term_from,
                    to: r.term_to,
                })
                .collect(),
        })
        .collect();
    Ok(render(&RolesPage {
        ctx: Ctx::new(&user),
        groups,
    }))
}

async fn export_rows(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
) -> Result<Vec<Vec<String>>, WebError> {
    let (rows, _) = state
        .app
        .export_staff_rows(user.actor(), &p.q.to_query())
        .await
        .lang(user.lang)?;
    Ok(rows.iter().map(export_row).collect())
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let body = mamori_app::tabular::write_csv(&EXPORT_HEADERS, &mut rows.into_iter());
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        &format!("職員一覧_{}.csv", state.app.today().format("%Y%m%d")),
    ))
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let body = mamori_app::tabular::write_xlsx("職員一覧", &EXPORT_HEADERS, &mut rows.into_iter())
        .map_err(|e| WebError::new(AppError::Internal(e.to_string()), user.lang))?;
    Ok(attachment(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("職員一覧_{}.xlsx", state.app.today().format("%Y%m%d")),
    ))
}

#[derive(Template)]
#[template(path = "reset_issued.html")]
struct ResetIssued {
    ctx: Ctx,
    login: String,
    link: String,
    staff_id: Uuid,
}

#[derive(Deserialize)]
pub struct Empty {}

/// Issues a one-time password reset link and shows it once.
pub async fn issue_reset(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    headers: axum::http::HeaderMap,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let (u, token) = state
        .app
        .issue_password_reset(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    let link = format!("{scheme}://{host}/reset?token={token}");
    Ok(render(&ResetIssued {
        ctx: Ctx::new(&f.user),
        login: u.login,
        link,
        staff_id: id,
    }))
}

//! A staff member's profile (roles, moves, history) and what is done from it:
//! retirement, creating the account, issuing a password reset link.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::Response;
use mamori_app::staff::StaffDetail;
use serde::Deserialize;
use uuid::Uuid;

use super::roles::role_scope;
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    DeptOption, DoneQuery, Empty, HistoryRow, dept_options, done, history_rows, optional_date,
    render,
};
use crate::session::{CsrfForm, SignedIn};

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
    /// The contractor this person works for (id, number and name), for the contractor
    /// register's readers.
    company: Option<(Uuid, String)>,
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
    let roles = d
        .roles
        .iter()
        .map(|r| RoleRow {
            id: r.id,
            label: mamori_domain::Role::parse(&r.role)
                .map(|r| r.label(lang.code()))
                .unwrap_or("?"),
            scope: role_scope(&idx, r.department_id, lang),
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
    let history = if d.can_see_history {
        history_rows(&app.history(a, "staff", id).await.lang(lang)?, &ctx)
    } else {
        Vec::new()
    };
    let company = app.company_of_staff(a, id).await.lang(lang)?;
    let page = DetailPage {
        company,
        can_edit: d.can_edit,
        can_roles: d.can_manage_roles,
        can_accounts: d.can_manage_accounts,
        role_options: mamori_domain::Role::ALL
            .iter()
            .map(|r| (r.code(), r.label(lang.code())))
            .collect(),
        departments: if d.can_manage_roles {
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
    let on = optional_date(&f.form.on, "on").lang(lang)?;
    state
        .app
        .retire_staff(f.user.actor(), id, on)
        .await
        .lang(lang)?;
    Ok(done(&format!("/staff/{id}"), "staff.retired_done"))
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

#[derive(Template)]
#[template(path = "reset_issued.html")]
struct ResetIssued {
    ctx: Ctx,
    login: String,
    link: String,
    staff_id: Uuid,
}

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

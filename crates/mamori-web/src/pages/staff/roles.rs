//! ISMS roles: the overview of who holds each role, and assigning and removing a role
//! from a staff member's profile.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use mamori_app::departments::DeptIndex;
use mamori_app::roles::RoleInput;
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::{Lang, t};
use crate::pages::{done, render};
use crate::session::{CsrfForm, SignedIn};

/// Where a role applies: a department's path, or the whole organization.
pub(super) fn role_scope(idx: &DeptIndex, department: Option<Uuid>, lang: Lang) -> String {
    department
        .map(|d| idx.path(d))
        .unwrap_or_else(|| t(lang, "role.whole_org").to_owned())
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
                    scope: role_scope(&idx, r.department_id, lang),
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

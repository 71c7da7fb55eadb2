//! The department tree: list, create, edit.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::departments::DepartmentInput;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{DeptOption, DoneQuery, FormState, dept_options, done, form_links, render, reshow};
use crate::WebState;
use crate::ctx::{Ctx, iso};
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "departments.html")]
struct ListPage {
    ctx: Ctx,
    nodes: Vec<DeptOption>,
    can_manage: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let idx = state.app.departments(user.actor()).await.lang(user.lang)?;
    Ok(render(&ListPage {
        nodes: dept_options(&idx, state.app.today(), user.lang),
        can_manage: user.actor().can(Capability::ManageDepartments),
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
    }))
}

#[derive(Template)]
#[template(path = "department_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    departments: Vec<DeptOption>,
    kinds: Vec<(&'static str, &'static str)>,
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ManageDepartments)
        .await
        .lang(user.lang)?;
    let idx = state.app.departments(user.actor()).await.lang(user.lang)?;
    let (title_key, action, _) = form_links("/departments", ("dept.new", "dept.edit"), editing);
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key,
        action,
        departments: dept_options(&idx, state.app.today(), user.lang)
            .into_iter()
            .filter(|d| Some(d.id) != editing)
            .collect(),
        kinds: kinds(user.lang),
    })
}

fn kinds(lang: Lang) -> Vec<(&'static str, &'static str)> {
    mamori_domain::DepartmentKind::ALL
        .iter()
        .map(|k| (k.code(), k.label(lang.code())))
        .collect()
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    Ok(render(
        &form_page(&state, &user, FormState::new(user.lang), None).await?,
    ))
}

#[derive(Deserialize, Serialize)]
pub struct DeptForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    parent: String,
    #[serde(default)]
    valid_from: String,
    #[serde(default)]
    valid_to: String,
}

impl DeptForm {
    fn input(&self) -> DepartmentInput {
        DepartmentInput {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            parent: self.parent.clone(),
            valid_from: self.valid_from.clone(),
            valid_to: self.valid_to.clone(),
        }
    }

    fn state(&self, lang: Lang) -> FormState {
        FormState::of(self, lang)
    }
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<DeptForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .create_department(f.user.actor(), &f.form.input())
        .await
    {
        Ok(_) => Ok(done("/departments", "dept.created")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = f.form.state(lang).with_errors(inv);
                form_page(&state, &f.user, form, None).await
            })
            .await
        }
    }
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let idx = state.app.departments(user.actor()).await.lang(user.lang)?;
    let d = idx.get(id).ok_or_else(|| WebError::not_found(user.lang))?;
    let form = FormState::new(user.lang)
        .with("code", &d.code)
        .with("name", &d.name)
        .with("kind", &d.kind)
        .with(
            "parent",
            d.parent_id.map(|p| p.to_string()).unwrap_or_default(),
        )
        .with("valid_from", iso(&d.valid_from))
        .with("valid_to", iso(&d.valid_to));
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<DeptForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .update_department(f.user.actor(), id, &f.form.input())
        .await
    {
        Ok(_) => Ok(done("/departments", "dept.updated")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = f.form.state(lang).with_errors(inv);
                form_page(&state, &f.user, form, Some(id)).await
            })
            .await
        }
    }
}

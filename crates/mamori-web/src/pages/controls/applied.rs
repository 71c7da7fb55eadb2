//! Applied controls: the list with filters, the control page with its evidence, the
//! form, and evidence upload, download and removal.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::authz::Capability;
use mamori_app::controls::{AppliedControlInput, AppliedControlView, ControlQuery};
use mamori_domain::catalog::ControlCategory;
use mamori_domain::control::ImplementationStatus;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{evidence_download, size_text, split_list};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{
    Choice, DeptOption, DoneQuery, Empty, FormState, choices, dept_options, done, form_links,
    problem, problems, read_upload, render, render_status, reshow,
};
use crate::session::{CsrfForm, SignedIn, check_csrf};

fn status_choices(lang: Lang) -> Vec<Choice> {
    choices(
        &ImplementationStatus::ALL,
        ImplementationStatus::code,
        ImplementationStatus::label,
        lang,
    )
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    q: String,
    status: String,
    department: String,
    implements: String,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "control_list.html")]
struct ListPage {
    ctx: Ctx,
    rows: Vec<AppliedControlView>,
    q: String,
    status: String,
    department: String,
    implements: String,
    statuses: Vec<Choice>,
    departments: Vec<DeptOption>,
    can_create: bool,
    error: Option<String>,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let q = ControlQuery {
        q: Some(p.q.trim().to_owned()).filter(|s| !s.is_empty()),
        status: Some(p.status.trim().to_owned()).filter(|s| !s.is_empty()),
        department: Uuid::parse_str(p.department.trim()).ok(),
        implements: Some(p.implements.trim().to_owned()).filter(|s| !s.is_empty()),
    };
    let (rows, error, status) = match state.app.applied_controls(user.actor(), &q).await {
        Ok(rows) => (rows, None, StatusCode::OK),
        Err(AppError::Invalid(inv)) => (
            Vec::new(),
            Some(problems(&inv, lang)),
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Err(e) => return Err(WebError::new(e, lang)),
    };
    let idx = state.app.dept_index(user.actor()).await.lang(lang)?;
    let page = ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        rows,
        q: p.q,
        status: p.status,
        department: p.department,
        implements: p.implements,
        statuses: status_choices(lang),
        departments: dept_options(&idx, state.app.today(), lang),
        can_create: user.actor().can(Capability::CreateControls),
        error,
    };
    Ok(render_status(status, &page))
}

/// The form as typed: lists are text, split on commas and line breaks.
#[derive(Deserialize, Serialize, Default)]
#[serde(default)]
pub struct ControlForm {
    name: String,
    description: String,
    category: String,
    status: String,
    department: String,
    owner: String,
    due_on: String,
    review_on: String,
    implements: String,
    assets: String,
    risks: String,
}

impl ControlForm {
    fn input(&self) -> AppliedControlInput {
        AppliedControlInput {
            name: self.name.clone(),
            description: self.description.clone(),
            category: self.category.clone(),
            status: self.status.clone(),
            department: self.department.clone(),
            owner: self.owner.clone(),
            due_on: self.due_on.clone(),
            review_on: self.review_on.clone(),
            implements: split_list(&self.implements),
            assets: split_list(&self.assets),
            risks: split_list(&self.risks),
        }
    }

    fn state(&self, lang: Lang) -> FormState {
        FormState::of(self, lang)
    }
}

fn input_state(i: &AppliedControlInput, lang: Lang) -> FormState {
    ControlForm {
        name: i.name.clone(),
        description: i.description.clone(),
        category: i.category.clone(),
        status: i.status.clone(),
        department: i.department.clone(),
        owner: i.owner.clone(),
        due_on: i.due_on.clone(),
        review_on: i.review_on.clone(),
        implements: i.implements.join("\n"),
        assets: i.assets.join("\n"),
        risks: i.risks.join("\n"),
    }
    .state(lang)
}

#[derive(Template)]
#[template(path = "control_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    cancel: String,
    statuses: Vec<Choice>,
    categories: Vec<Choice>,
    departments: Vec<DeptOption>,
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
    let (title_key, action, cancel) =
        form_links("/controls", ("control.new", "control.edit"), editing);
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key,
        action,
        cancel,
        statuses: status_choices(user.lang),
        categories: choices(
            &ControlCategory::ALL,
            ControlCategory::code,
            ControlCategory::label,
            user.lang,
        ),
        departments: dept_options(&idx, state.app.today(), user.lang),
    })
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewParams {
    implements: String,
}

pub async fn new_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<NewParams>,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::CreateControls)
        .await
        .lang(user.lang)?;
    let form = ControlForm {
        category: ControlCategory::Organizational.code().into(),
        status: ImplementationStatus::NotStarted.code().into(),
        implements: p.implements,
        ..ControlForm::default()
    }
    .state(user.lang);
    Ok(render(&form_page(&state, &user, form, None).await?))
}

async fn save(
    state: WebState,
    f: CsrfForm<ControlForm>,
    id: Option<Uuid>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .save_applied_control(f.user.actor(), id, &f.form.input())
        .await
    {
        Ok(v) => Ok(done(
            &format!("/controls/{}", v.id),
            if id.is_some() {
                "control.updated"
            } else {
                "control.created"
            },
        )),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = f.form.state(lang).with_errors(inv);
                form_page(&state, &f.user, form, id).await
            })
            .await
        }
    }
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<ControlForm>,
) -> Result<Response, WebError> {
    save(state, f, None).await
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let input = state
        .app
        .applied_control_input(user.actor(), id)
        .await
        .lang(user.lang)?;
    let form = input_state(&input, user.lang);
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<ControlForm>,
) -> Result<Response, WebError> {
    save(state, f, Some(id)).await
}

#[derive(Template)]
#[template(path = "control_detail.html")]
struct DetailPage {
    ctx: Ctx,
    c: AppliedControlView,
    can_edit: bool,
    form: FormState,
    /// Exceptions to it (none shown to those without the register).
    exceptions: Vec<mamori_app::compliance::exceptions::ExceptionView>,
    /// Legal obligations it meets (none shown to those without the laws register).
    obligations: Vec<mamori_app::compliance::laws::ObligationView>,
}

impl DetailPage {
    fn size(&self, bytes: &i64) -> String {
        size_text(*bytes)
    }

    fn short(&self, sha: &str) -> String {
        sha.chars().take(12).collect()
    }
}

async fn detail_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
    form: FormState,
) -> Result<DetailPage, WebError> {
    let c = state
        .app
        .applied_control(user.actor(), id)
        .await
        .lang(user.lang)?;
    let exceptions = state
        .app
        .exceptions_for_control(user.actor(), id)
        .await
        .lang(user.lang)?;
    let obligations = state
        .app
        .obligations_for_control(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(DetailPage {
        exceptions,
        obligations,
        ctx: Ctx::with_notice(user, notice),
        can_edit: user.actor().can(Capability::EditControl {
            department: c.department_id,
        }),
        c,
        form,
    })
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let form = FormState::new(user.lang);
    Ok(render(
        &detail_page(&state, &user, id, q.done.as_deref(), form).await?,
    ))
}

/// `POST /controls/{id}/evidence` (multipart: `file`, `description`, `expires_on`, `_csrf`).
pub async fn upload(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let up = read_upload(mp, lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let description = up.field("description").to_owned();
    let expires_on = up.field("expires_on").to_owned();
    let (name, bytes) = up.file.unwrap_or_default();
    let result = if name.is_empty() && bytes.is_empty() {
        Err(AppError::from(
            problem("evidence.choose_file", &[]).at("file"),
        ))
    } else {
        state
            .app
            .upload_evidence(user.actor(), id, &name, bytes, &description, &expires_on)
            .await
    };
    match result {
        Ok(_) => Ok(done(&format!("/controls/{id}"), "evidence.saved")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang)
                    .with("description", description)
                    .with("expires_on", expires_on)
                    .with_errors(inv);
                detail_page(&state, &user, id, None, form).await
            })
            .await
        }
    }
}

pub async fn download(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let f = state
        .app
        .evidence_file(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(evidence_download(f))
}

pub async fn delete_evidence(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let control = state
        .app
        .delete_evidence(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/controls/{control}"), "evidence.removed"))
}

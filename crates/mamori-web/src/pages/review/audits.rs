//! Audits: the list of programmes and audits with the programme form, and the form
//! that plans an audit or changes its plan.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::review::audit::{
    AuditInput, AuditView, AuditorInput, ProgrammeInput, ProgrammeView,
};
use mamori_domain::review::audit::AuditKind;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::controls::split_list;
use crate::pages::{DoneQuery, FormState, Pairs, answer_on_page, get, render, state_of};
use crate::session::{CsrfForm, SignedIn};

/// Rows of auditors the plan's form offers.
pub const AUDITOR_ROWS: [usize; 5] = [1, 2, 3, 4, 5];

#[derive(Template)]
#[template(path = "audit_list.html")]
struct ListPage {
    ctx: Ctx,
    programmes: Vec<ProgrammeView>,
    audits: Vec<AuditView>,
    form: FormState,
    may_plan: bool,
}

async fn list_page(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<ListPage, WebError> {
    let a = user.actor();
    Ok(ListPage {
        ctx: Ctx::with_notice(user, done),
        programmes: state.app.audit_programmes(a).await.lang(user.lang)?,
        audits: state.app.security_audits(a).await.lang(user.lang)?,
        form: FormState::new(user.lang),
        may_plan: a.can(Capability::PlanAudits),
    })
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, q.done.as_deref()).await?))
}

pub async fn create_programme(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = ProgrammeInput {
        name: get(&f.form, "name").to_owned(),
        from_year: get(&f.form, "from_year").to_owned(),
        until_year: get(&f.form, "until_year").to_owned(),
        aims: get(&f.form, "aims").to_owned(),
    };
    let r = state.app.create_programme(f.user.actor(), &input).await;
    answer_on_page(
        &f,
        r,
        ("/audits", "audits.programme_created"),
        async |form| {
            let mut p = list_page(&state, &f.user, None).await?;
            p.form = form;
            Ok(p)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "audit_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    action: String,
    cancel: String,
    editing: bool,
    programmes: Vec<ProgrammeView>,
    rows: [usize; 5],
}

impl FormPage {
    /// A field of the auditors' row `n`.
    fn row(&self, what: &str, n: &usize) -> &str {
        self.form.v(&format!("{what}_{n}"))
    }

    /// The problem with the auditor of row `n` (the input counts from 0).
    fn row_err(&self, n: &usize) -> Option<&str> {
        self.form.err(&format!("auditors[{}]", n - 1))
    }
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let (action, cancel) = match editing {
        Some(id) => (format!("/audits/{id}/edit"), format!("/audits/{id}")),
        None => ("/audits/new".to_owned(), "/audits".to_owned()),
    };
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        action,
        cancel,
        editing: editing.is_some(),
        programmes: state
            .app
            .audit_programmes(user.actor())
            .await
            .lang(user.lang)?,
        rows: AUDITOR_ROWS,
    })
}

fn input_of(p: &Pairs) -> AuditInput {
    AuditInput {
        programme: uuid::Uuid::parse_str(get(p, "programme").trim()).ok(),
        fiscal_year: get(p, "fiscal_year").to_owned(),
        kind: get(p, "kind").to_owned(),
        title: get(p, "title").to_owned(),
        departments: split_list(get(p, "departments")),
        systems: split_list(get(p, "systems")),
        chapters: split_list(get(p, "chapters")),
        criteria: get(p, "criteria").to_owned(),
        planned_from: get(p, "planned_from").to_owned(),
        planned_until: get(p, "planned_until").to_owned(),
        external_body: get(p, "external_body").to_owned(),
        summary: get(p, "summary").to_owned(),
        auditors: AUDITOR_ROWS
            .iter()
            .map(|n| AuditorInput {
                staff: get(p, &format!("auditor_{n}")).to_owned(),
                lead: get(p, &format!("lead_{n}")) == "1",
                own_department_reason: get(p, &format!("reason_{n}")).to_owned(),
            })
            .collect(),
    }
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::PlanAudits)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang).with("kind", "internal");
    Ok(render(&form_page(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    match state
        .app
        .create_audit(f.user.actor(), &input_of(&f.form))
        .await
    {
        Ok(id) => Ok(crate::pages::done(
            &format!("/audits/{id}"),
            "audits.created",
        )),
        Err(e) => {
            let lang = f.user.lang;
            crate::pages::reshow(e, lang, async |inv| {
                form_page(
                    &state,
                    &f.user,
                    state_of(&f.form, lang).with_errors(inv),
                    None,
                )
                .await
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
    let lang = user.lang;
    state
        .app
        .authorize(user.actor(), Capability::PlanAudits)
        .await
        .lang(lang)?;
    let d = state
        .app
        .security_audit(user.actor(), id)
        .await
        .lang(lang)?;
    let a = d.audit;
    let mut form = FormState::new(lang)
        .with(
            "programme",
            a.programme.map(|p| p.id.to_string()).unwrap_or_default(),
        )
        .with("fiscal_year", a.fiscal_year.to_string())
        .with("kind", a.kind.code())
        .with("title", a.title)
        .with(
            "departments",
            a.departments
                .iter()
                .map(|d| d.code.clone())
                .collect::<Vec<_>>()
                .join(" "),
        )
        .with(
            "systems",
            a.systems
                .iter()
                // A system withheld from the planner is kept as it is by the app.
                .filter(|s| !s.name.is_empty())
                .map(|s| s.code.clone())
                .collect::<Vec<_>>()
                .join(" "),
        )
        .with("chapters", a.chapters.join(" "))
        .with("criteria", a.criteria)
        .with("planned_from", a.planned_from.to_string())
        .with("planned_until", a.planned_until.to_string())
        .with("external_body", a.external_body)
        .with("summary", a.summary);
    for (n, x) in AUDITOR_ROWS.iter().zip(&a.auditors) {
        form = form
            .with(&format!("auditor_{n}"), x.employee_number.clone())
            .with(&format!("lead_{n}"), if x.lead { "1" } else { "" })
            .with(&format!("reason_{n}"), x.own_department_reason.clone());
    }
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    match state
        .app
        .update_audit(f.user.actor(), id, &input_of(&f.form))
        .await
    {
        Ok(()) => Ok(crate::pages::done(&format!("/audits/{id}"), "audits.saved")),
        Err(e) => {
            let lang = f.user.lang;
            crate::pages::reshow(e, lang, async |inv| {
                form_page(
                    &state,
                    &f.user,
                    state_of(&f.form, lang).with_errors(inv),
                    Some(id),
                )
                .await
            })
            .await
        }
    }
}

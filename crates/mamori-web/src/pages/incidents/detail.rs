//! An incident's page: the facts, the assets with their marks, the timeline, and for
//! those who handle it the triage, move, record and analysis forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::AppResult;
use mamori_app::incidents::{
    AnalysisInput, BreachInput, EntryInput, IncidentDetail, MoveInput, NoticeInput,
    PreventionInput, SubmissionInput, TaskInput, TriageInput,
};
use mamori_domain::incident::{CauseCategory, Severity};
use serde::Serialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Choice, DoneQuery, FormState, choices, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "incident_detail.html")]
struct DetailPage {
    ctx: Ctx,
    i: IncidentDetail,
    /// The posted form and its problems, when one was refused.
    form: FormState,
    severities: Vec<Choice>,
    causes: Vec<Choice>,
}

async fn detail_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    form: FormState,
    ctx: Ctx,
) -> Result<DetailPage, WebError> {
    let i = state
        .app
        .incident_detail(user.actor(), id)
        .await
        .lang(user.lang)?;
    let lang = user.lang;
    // The selects and ticks show what is recorded, unless a refused form brings its own.
    let mut form = form;
    if let Some(b) = &i.breach
        && !form.values.contains_key("persons")
    {
        for (k, v) in crate::pages::text_fields(&b.input) {
            form = form.with(&k, v);
        }
        if !form.values.contains_key("exception") {
            for (k, v) in crate::pages::text_fields(&b.notice) {
                form = form.with(&k, v);
            }
        }
    }
    for (field, code) in [
        ("severity", i.severity.map(|s| s.code())),
        ("cause_category", i.cause_category.map(|c| c.code())),
    ] {
        if !form.values.contains_key(field) {
            form = form.with(field, code.unwrap_or_default());
        }
    }
    Ok(DetailPage {
        ctx,
        i,
        form,
        severities: choices(&Severity::ALL, Severity::code, Severity::label, lang),
        causes: choices(
            &CauseCategory::ALL,
            CauseCategory::code,
            CauseCategory::label,
            lang,
        ),
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let form = FormState::new(user.lang);
    Ok(render(&detail_page(&state, &user, id, form, ctx).await?))
}

/// After a post: back to the page with a notice, or the page again with the posted
/// form and its problems.
async fn answer<T: Serialize>(
    state: &WebState,
    f: &CsrfForm<T>,
    id: Uuid,
    r: AppResult<()>,
    key: &str,
) -> Result<Response, WebError> {
    let user = &f.user;
    match r {
        Ok(()) => Ok(done(&format!("/incidents/{id}"), key)),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                detail_page(state, user, id, form, Ctx::new(user)).await
            })
            .await
        }
    }
}

pub async fn triage(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<TriageInput>,
) -> Result<Response, WebError> {
    let r = state.app.triage_incident(f.user.actor(), id, &f.form).await;
    answer(&state, &f, id, r, "incident.triage_done").await
}

pub async fn move_to(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<MoveInput>,
) -> Result<Response, WebError> {
    let r = state.app.move_incident(f.user.actor(), id, &f.form).await;
    answer(&state, &f, id, r, "incident.move_done").await
}

pub async fn entry(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<EntryInput>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .add_incident_entry(f.user.actor(), id, &f.form)
        .await
        .map(drop);
    answer(&state, &f, id, r, "incident.record_done").await
}

pub async fn analysis(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AnalysisInput>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .record_incident_analysis(f.user.actor(), id, &f.form)
        .await;
    answer(&state, &f, id, r, "incident.analysis_done").await
}

pub async fn breach(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<BreachInput>,
) -> Result<Response, WebError> {
    let r = state.app.assess_breach(f.user.actor(), id, &f.form).await;
    answer(&state, &f, id, r, "incident.assessment_done").await
}

pub async fn submission(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<SubmissionInput>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .record_submission(f.user.actor(), id, &f.form)
        .await;
    answer(&state, &f, id, r, "incident.submission_done").await
}

pub async fn prevention(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<PreventionInput>,
) -> Result<Response, WebError> {
    let r = state.app.link_prevention(f.user.actor(), id, &f.form).await;
    answer(&state, &f, id, r, "incident.prevention_done").await
}

pub async fn party(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<mamori_app::incidents::PartyInput>,
) -> Result<Response, WebError> {
    let r = state.app.link_party(f.user.actor(), id, &f.form).await;
    answer(&state, &f, id, r, "incident.party_done").await
}

pub async fn task(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<TaskInput>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .add_incident_task(f.user.actor(), id, &f.form)
        .await;
    answer(&state, &f, id, r, "incident.task_done_saved").await
}

pub async fn task_done(
    State(state): State<WebState>,
    Path((id, task)): Path<(Uuid, Uuid)>,
    f: CsrfForm<crate::pages::Empty>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .complete_incident_task(f.user.actor(), id, task)
        .await;
    answer(&state, &f, id, r, "incident.task_closed_done").await
}

pub async fn notice(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<NoticeInput>,
) -> Result<Response, WebError> {
    let r = state.app.record_notice(f.user.actor(), id, &f.form).await;
    answer(&state, &f, id, r, "incident.notice_saved").await
}

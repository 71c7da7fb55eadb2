//! Sessions: adding one to a course, its page with the completions recorded, the
//! trainer recording or removing completions, a person completing an e-learning
//! session, and the certificate of a completion.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::training::{AttendanceInput, SessionDetail, SessionInput};
use uuid::Uuid;

use super::mode_choices;
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Choice, DoneQuery, Empty, FormState, attachment, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

pub async fn create(
    State(state): State<WebState>,
    Path(course): Path<Uuid>,
    f: CsrfForm<SessionInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_session(user.actor(), course, &f.form)
        .await
    {
        Ok(id) => Ok(done(
            &format!("/training/sessions/{id}"),
            "training.session_added",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                super::courses::course_with_session_errors(&state, user, course, &f.form, inv).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "training_session.html")]
struct SessionPage {
    ctx: Ctx,
    d: SessionDetail,
    edit: FormState,
    attendance: FormState,
    modes: Vec<Choice>,
    /// Why completing the session or starting its quiz was refused.
    problem: Option<String>,
}

async fn session_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    ctx: Ctx,
    edit: Option<FormState>,
    attendance: Option<FormState>,
) -> Result<SessionPage, WebError> {
    let d = state
        .app
        .training_session(user.actor(), id)
        .await
        .lang(user.lang)?;
    let s = &d.session;
    let edit = edit.unwrap_or_else(|| {
        FormState::new(user.lang)
            .with("held_on", s.held_on.to_string())
            .with("until", s.until.map(|u| u.to_string()).unwrap_or_default())
            .with("mode", s.mode.clone())
            .with("place", s.place.clone())
            .with("trainer", s.trainer.clone())
            .with("materials", s.materials.clone())
    });
    Ok(SessionPage {
        attendance: attendance.unwrap_or_else(|| FormState::new(user.lang)),
        modes: mode_choices(user.lang),
        problem: None,
        ctx,
        d,
        edit,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    Ok(render(
        &session_page(&state, &user, id, ctx, None, None).await?,
    ))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<SessionInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.update_session(user.actor(), id, &f.form).await {
        Ok(()) => Ok(done(
            &format!("/training/sessions/{id}"),
            "training.session_saved",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let edit = FormState::of(&f.form, user.lang).with_errors(inv);
                session_page(&state, user, id, Ctx::new(user), Some(edit), None).await
            })
            .await
        }
    }
}

pub async fn record(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AttendanceInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.record_attendance(user.actor(), id, &f.form).await {
        Ok(_) => Ok(done(
            &format!("/training/sessions/{id}"),
            "training.recorded",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let attendance = FormState::of(&f.form, user.lang).with_errors(inv);
                session_page(&state, user, id, Ctx::new(user), None, Some(attendance)).await
            })
            .await
        }
    }
}

pub async fn remove(
    State(state): State<WebState>,
    Path((id, staff)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_attendance(f.user.actor(), id, staff)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/training/sessions/{id}"),
        "training.removed",
    ))
}

pub async fn complete(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.complete_session(user.actor(), id).await {
        Ok(()) => Ok(done(
            &format!("/training/sessions/{id}"),
            "training.completed",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                refused(&state, user, id, &inv).await
            })
            .await
        }
    }
}

/// The session's page with why the person's action was refused.
pub(super) async fn refused(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    inv: &mamori_domain::Invalid,
) -> Result<impl Template + use<>, WebError> {
    let mut page = session_page(state, user, id, Ctx::new(user), None, None).await?;
    page.problem = Some(crate::pages::problems(inv, user.lang));
    Ok(page)
}

/// `GET /training/certificates/{id}`: the certificate of a completion, as a PDF.
pub async fn certificate(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let cert = state
        .app
        .training_certificate(user.actor(), id)
        .await
        .lang(user.lang)?;
    let pdf = crate::pdf::certificate(&cert, user.lang)
        .map_err(|e| WebError::new(AppError::Internal(e), user.lang))?;
    Ok(attachment(
        pdf,
        "application/pdf",
        &format!("certificate-{}.pdf", cert.number),
    ))
}

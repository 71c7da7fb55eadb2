//! For system administrators: the mail queue (what failed and why, resend, a test mail
//! that reports the server's answer) and the scheduled jobs (last and next run, run now).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::jobs::JobView;
use mamori_app::notify::OutboxItem;
use mamori_app::{AppError, PageRequest};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Empty, done, render, render_status};
use crate::session::{CsrfForm, SignedIn};

#[derive(Deserialize, Default)]
pub struct MailParams {
    #[serde(default)]
    state: String,
    page: Option<u64>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "admin_mail.html")]
struct MailPage {
    ctx: Ctx,
    server: Option<String>,
    /// Whether the configuration sets the server (else the settings screen may).
    server_from_config: bool,
    state: String,
    items: Vec<OutboxItem>,
    pending: u64,
    failed: u64,
    total: u64,
    page: u64,
    pages: u64,
    /// The result of a test mail: (ok, text).
    test: Option<(bool, String)>,
    test_to: String,
}

async fn mail_view(
    state: &WebState,
    user: &SignedIn,
    p: &MailParams,
    test: Option<(bool, String)>,
    test_to: String,
) -> Result<MailPage, WebError> {
    let which = if p.state.is_empty() {
        "failed"
    } else {
        p.state.as_str()
    };
    let list = state
        .app
        .outbox(user.actor(), which, PageRequest::new(p.page, Some(50)))
        .await
        .lang(user.lang)?;
    let counts = state
        .app
        .outbox_counts(user.actor())
        .await
        .lang(user.lang)?;
    let settings = state
        .app
        .mail_settings(user.actor())
        .await
        .lang(user.lang)?;
    Ok(MailPage {
        ctx: Ctx::with_notice(user, p.done.as_deref()),
        server_from_config: !settings.editable(),
        server: settings.overview.map(|o| o.server),
        state: which.to_owned(),
        total: list.total,
        page: list.page,
        pages: list.pages(),
        items: list.items,
        pending: counts.pending,
        failed: counts.failed,
        test,
        test_to,
    })
}

pub async fn mail_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<MailParams>,
) -> Result<Response, WebError> {
    Ok(render(
        &mail_view(&state, &user, &p, None, String::new()).await?,
    ))
}

#[derive(Deserialize)]
pub struct TestForm {
    #[serde(default)]
    to: String,
}

/// Sends at once and shows the server's answer, or exactly what failed.
pub async fn mail_test(
    State(state): State<WebState>,
    f: CsrfForm<TestForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let (status, result) = match state.app.send_test_mail(f.user.actor(), &f.form.to).await {
        Ok(answer) => (StatusCode::OK, (true, answer)),
        Err(AppError::Unavailable(p)) => (
            StatusCode::BAD_GATEWAY,
            (false, p.text(lang.code()).to_owned()),
        ),
        Err(AppError::Invalid(inv)) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            (
                false,
                inv.0
                    .iter()
                    .map(|e| e.text(lang.code()).to_owned())
                    .collect::<Vec<_>>()
                    .join(" "),
            ),
        ),
        Err(e) => return Err(WebError::new(e, lang)),
    };
    let page = mail_view(
        &state,
        &f.user,
        &MailParams::default(),
        Some(result),
        f.form.to.clone(),
    )
    .await?;
    Ok(render_status(status, &page))
}

pub async fn resend_one(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .resend_mail(f.user.actor(), Some(id))
        .await
        .lang(f.user.lang)?;
    Ok(done("/admin/mail", "notify.resend_done"))
}

pub async fn resend_all(
    State(state): State<WebState>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .resend_mail(f.user.actor(), None)
        .await
        .lang(f.user.lang)?;
    Ok(done("/admin/mail", "notify.resend_done"))
}

#[derive(Template)]
#[template(path = "admin_jobs.html")]
struct JobsPage {
    ctx: Ctx,
    jobs: Vec<JobView>,
}

pub async fn jobs_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<crate::pages::DoneQuery>,
) -> Result<Response, WebError> {
    let jobs = state.app.jobs(user.actor()).await.lang(user.lang)?;
    Ok(render(&JobsPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        jobs,
    }))
}

pub async fn run_now(
    State(state): State<WebState>,
    Path(name): Path<String>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .run_job_soon(f.user.actor(), &name)
        .await
        .lang(f.user.lang)?;
    Ok(done("/admin/jobs", "notify.job_run_done"))
}

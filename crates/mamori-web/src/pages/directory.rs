//! For system administrators: the directory settings the server runs with, a
//! connection test, and the staff sync with a preview.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::directory::{SyncLine, SyncReport};
use mamori_app::settings::{DirectoryOverview, OidcOverview};
use mamori_domain::directory::DEFAULT_MAX_RETIRE_PERCENT;
use serde::Deserialize;

use super::{render, render_status};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::route_table::route_table;
use crate::session::{CsrfForm, SignedIn};

route_table! {
    pub const ROUTES = {
        "/admin/directory" => get(page),
        "/admin/directory/test" => post(test),
        "/admin/directory/sync" => post(sync),
        "/admin/directory/oidc-test" => post(oidc_test),
    }
}

/// Lines shown per kind of change; the counts say the rest.
const SHOWN: usize = 100;

#[derive(Template)]
#[template(path = "admin_directory.html")]
struct DirectoryPage {
    ctx: Ctx,
    overview: Option<DirectoryOverview>,
    oidc: Option<OidcOverview>,
    /// Whether the configuration sets the directory / the provider (else the settings
    /// screens may).
    dir_from_config: bool,
    oidc_from_config: bool,
    /// The provider's discovery test: (worked, what it found or the failure).
    oidc_test: Option<(bool, Vec<String>)>,
    /// The connection test: (worked, steps or the failure).
    test: Option<(bool, Vec<String>)>,
    test_login: String,
    report: Option<SyncReport>,
    /// The report's people by kind of change: (title, how many, the first of them).
    sections: Vec<(&'static str, usize, Vec<SyncLine>)>,
    max_retire_percent: u32,
}

async fn view(state: &WebState, user: &SignedIn) -> Result<DirectoryPage, WebError> {
    let dir = state
        .app
        .directory_settings(user.actor())
        .await
        .lang(user.lang)?;
    let oidc = state
        .app
        .oidc_settings(user.actor())
        .await
        .lang(user.lang)?;
    Ok(DirectoryPage {
        ctx: Ctx::new(user),
        dir_from_config: !dir.editable(),
        oidc_from_config: !oidc.editable(),
        overview: dir.overview,
        oidc: oidc.overview,
        oidc_test: None,
        test: None,
        test_login: String::new(),
        report: None,
        sections: Vec::new(),
        max_retire_percent: DEFAULT_MAX_RETIRE_PERCENT,
    })
}

pub async fn page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    Ok(render(&view(&state, &user).await?))
}

#[derive(Deserialize)]
pub struct TestForm {
    #[serde(default)]
    login: String,
}

pub async fn test(
    State(state): State<WebState>,
    f: CsrfForm<TestForm>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let mut page = view(&state, user).await?;
    let (status, result) = match state
        .app
        .test_directory(user.actor(), Some(&f.form.login))
        .await
    {
        Ok(steps) => (StatusCode::OK, (true, steps)),
        Err(AppError::Unavailable(p)) => (
            StatusCode::BAD_GATEWAY,
            (false, vec![p.text(user.lang.code()).to_owned()]),
        ),
        Err(e) => return Err(WebError::new(e, user.lang)),
    };
    page.test = Some(result);
    page.test_login = f.form.login.clone();
    Ok(render_status(status, &page))
}

/// Reads the provider's discovery document afresh and shows what it found.
pub async fn oidc_test(
    State(state): State<WebState>,
    f: CsrfForm<crate::pages::Empty>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let mut page = view(&state, user).await?;
    let (status, result) = match state.app.test_oidc(user.actor()).await {
        Ok(found) => (StatusCode::OK, (true, found)),
        Err(AppError::Unavailable(p)) => (
            StatusCode::BAD_GATEWAY,
            (false, vec![p.text(user.lang.code()).to_owned()]),
        ),
        Err(e) => return Err(WebError::new(e, user.lang)),
    };
    page.oidc_test = Some(result);
    Ok(render_status(status, &page))
}

#[derive(Deserialize)]
pub struct SyncForm {
    /// `preview` or `apply`.
    #[serde(default)]
    action: String,
    max_retire_percent: Option<u32>,
}

pub async fn sync(
    State(state): State<WebState>,
    f: CsrfForm<SyncForm>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let max = f
        .form
        .max_retire_percent
        .unwrap_or(DEFAULT_MAX_RETIRE_PERCENT)
        .min(100);
    let dry_run = f.form.action != "apply";
    let report = state
        .app
        .sync_staff_from_directory(user.actor(), dry_run, max)
        .await
        .lang(user.lang)?;
    let status = if report.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let mut page = view(&state, user).await?;
    page.max_retire_percent = max;
    page.sections = [
        ("dir.created", &report.created),
        ("dir.updated", &report.updated),
        ("dir.retired", &report.retired),
        ("dir.kept", &report.kept),
    ]
    .into_iter()
    .filter(|(_, lines)| !lines.is_empty())
    .map(|(title, lines)| {
        (
            title,
            lines.len(),
            lines.iter().take(SHOWN).cloned().collect(),
        )
    })
    .collect();
    page.report = Some(report);
    Ok(render_status(status, &page))
}

//! The settings screens for system administrators: the directory, the OpenID provider
//! and the mail server. Each form can be tried as typed (a connection test, a discovery
//! read, a test mail) before it is saved; secrets are write-only. Settings the server's
//! configuration sets are shown as such and cannot be changed here.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::settings::{
    ConnectionKind, DirectoryInput, DirectorySettingsView, MailInput, MailSettingsView, OidcInput,
    OidcSettingsView,
};
use mamori_app::{AppError, AppResult};
use mamori_domain::Invalid;
use serde::Deserialize;

use super::{FormState, done, render, render_status};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::route_table::route_table;
use crate::session::{CsrfForm, SignedIn};

route_table! {
    pub const ROUTES = {
        "/admin/settings/directory" => get(directory_page).post(directory_post),
        "/admin/settings/oidc" => get(oidc_page).post(oidc_post),
        "/admin/settings/mail" => get(mail_page).post(mail_post),
    }
}

/// A test's outcome: (worked, what it found or what failed).
type Tried = Option<(bool, Vec<String>)>;

#[derive(Template)]
#[template(path = "settings_directory.html")]
struct DirectoryPage {
    ctx: Ctx,
    view: DirectorySettingsView,
    form: FormState,
    result: Tried,
}

#[derive(Template)]
#[template(path = "settings_oidc.html")]
struct OidcPage {
    ctx: Ctx,
    view: OidcSettingsView,
    form: FormState,
    result: Tried,
    /// What to register at the provider, from the public URL.
    redirect_url: Option<String>,
}

#[derive(Template)]
#[template(path = "settings_mail.html")]
struct MailPage {
    ctx: Ctx,
    view: MailSettingsView,
    form: FormState,
    result: Tried,
}

#[derive(Deserialize, Default)]
pub struct Done {
    done: Option<String>,
}

/// A settings form as posted: the input, which button, and the test's extra field.
#[derive(Deserialize)]
pub struct Posted<T> {
    #[serde(flatten)]
    input: T,
    #[serde(default)]
    action: String,
    /// A sign-in name to look up in the directory test.
    #[serde(default)]
    test_login: String,
    /// Where the test mail goes.
    #[serde(default)]
    test_to: String,
}

/// What a post leads to: back to the page with a notice, or the page again.
enum Next {
    Done(&'static str),
    Again(StatusCode, Option<Invalid>, Tried),
}

/// A save or clear: done, or the form again with its problems (or what refused it).
fn saved(r: AppResult<()>, key: &'static str, lang: Lang) -> Result<Next, WebError> {
    match r {
        Ok(()) => Ok(Next::Done(key)),
        Err(e) => refused(e, lang),
    }
}

/// A test: what it found, or what failed.
fn tried(r: AppResult<Vec<String>>, lang: Lang) -> Result<Next, WebError> {
    match r {
        Ok(lines) => Ok(Next::Again(StatusCode::OK, None, Some((true, lines)))),
        Err(e) => refused(e, lang),
    }
}

fn refused(e: AppError, lang: Lang) -> Result<Next, WebError> {
    let line = |p: mamori_domain::Problem| Some((false, vec![p.text(lang.code()).to_owned()]));
    match e {
        AppError::Invalid(inv) => Ok(Next::Again(
            StatusCode::UNPROCESSABLE_ENTITY,
            Some(inv),
            None,
        )),
        AppError::Unavailable(p) => Ok(Next::Again(StatusCode::BAD_GATEWAY, None, line(p))),
        AppError::Conflict(p) => Ok(Next::Again(StatusCode::CONFLICT, None, line(p))),
        e => Err(WebError::new(e, lang)),
    }
}

/// The form as posted (secrets never echoed), with the test's own field.
fn refill<T: serde::Serialize>(p: &Posted<T>, lang: Lang) -> FormState {
    let mut form = FormState::of(&p.input, lang)
        .with("test_login", p.test_login.clone())
        .with("test_to", p.test_to.clone());
    for secret in ["bind_password", "client_secret", "password", "clear_secret"] {
        form.values.remove(secret);
    }
    form
}

fn answer<T: Template>(
    next: Next,
    path: &str,
    page: impl FnOnce(Option<Invalid>, Tried) -> T,
) -> Response {
    match next {
        Next::Done(key) => done(path, key),
        Next::Again(status, inv, result) => render_status(status, &page(inv, result)),
    }
}

fn with_errors(form: FormState, inv: Option<Invalid>) -> FormState {
    match inv {
        Some(inv) => form.with_errors(inv),
        None => form,
    }
}

pub async fn directory_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let view = state
        .app
        .directory_settings(user.actor())
        .await
        .lang(user.lang)?;
    let form = FormState::of(&view.form, user.lang);
    Ok(render(&DirectoryPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        view,
        form,
        result: None,
    }))
}

pub async fn directory_post(
    State(state): State<WebState>,
    f: CsrfForm<Posted<DirectoryInput>>,
) -> Result<Response, WebError> {
    let (user, p) = (&f.user, &f.form);
    let (app, actor, lang) = (&state.app, user.actor(), user.lang);
    let next = match p.action.as_str() {
        "save" => saved(
            app.save_directory_settings(actor, &p.input).await,
            "settings.saved",
            lang,
        )?,
        "clear" => saved(
            app.clear_connection_settings(actor, ConnectionKind::Directory)
                .await,
            "settings.clear_done",
            lang,
        )?,
        _ => tried(
            app.test_directory_settings(actor, &p.input, Some(&p.test_login))
                .await,
            lang,
        )?,
    };
    let view = app.directory_settings(actor).await.lang(lang)?;
    Ok(answer(next, "/admin/settings/directory", |inv, result| {
        DirectoryPage {
            ctx: Ctx::new(user),
            view,
            form: with_errors(refill(p, lang), inv),
            result,
        }
    }))
}

fn redirect_url(state: &WebState) -> Option<String> {
    state
        .app
        .config
        .public_url
        .as_deref()
        .map(|u| format!("{}/login/oidc/callback", u.trim_end_matches('/')))
}

pub async fn oidc_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let view = state
        .app
        .oidc_settings(user.actor())
        .await
        .lang(user.lang)?;
    let form = FormState::of(&view.form, user.lang);
    Ok(render(&OidcPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        view,
        form,
        result: None,
        redirect_url: redirect_url(&state),
    }))
}

pub async fn oidc_post(
    State(state): State<WebState>,
    f: CsrfForm<Posted<OidcInput>>,
) -> Result<Response, WebError> {
    let (user, p) = (&f.user, &f.form);
    let (app, actor, lang) = (&state.app, user.actor(), user.lang);
    let next = match p.action.as_str() {
        "save" => saved(
            app.save_oidc_settings(actor, &p.input).await,
            "settings.saved",
            lang,
        )?,
        "clear" => saved(
            app.clear_connection_settings(actor, ConnectionKind::Oidc)
                .await,
            "settings.clear_done",
            lang,
        )?,
        _ => tried(app.test_oidc_settings(actor, &p.input).await, lang)?,
    };
    let view = app.oidc_settings(actor).await.lang(lang)?;
    Ok(answer(next, "/admin/settings/oidc", |inv, result| {
        OidcPage {
            ctx: Ctx::new(user),
            view,
            form: with_errors(refill(p, lang), inv),
            result,
            redirect_url: redirect_url(&state),
        }
    }))
}

pub async fn mail_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<Done>,
) -> Result<Response, WebError> {
    let view = state
        .app
        .mail_settings(user.actor())
        .await
        .lang(user.lang)?;
    let form = FormState::of(&view.form, user.lang);
    Ok(render(&MailPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        view,
        form,
        result: None,
    }))
}

pub async fn mail_post(
    State(state): State<WebState>,
    f: CsrfForm<Posted<MailInput>>,
) -> Result<Response, WebError> {
    let (user, p) = (&f.user, &f.form);
    let (app, actor, lang) = (&state.app, user.actor(), user.lang);
    let next = match p.action.as_str() {
        "save" => saved(
            app.save_mail_settings(actor, &p.input).await,
            "settings.saved",
            lang,
        )?,
        "clear" => saved(
            app.clear_connection_settings(actor, ConnectionKind::Mail)
                .await,
            "settings.clear_done",
            lang,
        )?,
        _ => tried(
            app.test_mail_settings(actor, &p.input, &p.test_to)
                .await
                .map(|answer| vec![answer])
                .map_err(|e| match e {
                    // The recipient is the test's own field on this form.
                    AppError::Invalid(mut inv) => {
                        inv.0
                            .iter_mut()
                            .filter(|f| f.field == "to")
                            .for_each(|f| f.field = "test_to".into());
                        AppError::Invalid(inv)
                    }
                    e => e,
                }),
            lang,
        )?,
    };
    let view = app.mail_settings(actor).await.lang(lang)?;
    Ok(answer(next, "/admin/settings/mail", |inv, result| {
        MailPage {
            ctx: Ctx::new(user),
            view,
            form: with_errors(refill(p, lang), inv),
            result,
        }
    }))
}

//! Sign-in, sign-out and the one-time first-run setup.

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::AppError;
use mamori_app::auth::{LoginRefused, NewSession};
use mamori_app::orgs::OrgInput;
use mamori_app::setup::SetupInput;
use mamori_domain::classification::Preset;
use serde::Deserialize;

use super::classification::{PresetOption, preset_options};
use super::{Anon, Empty, FormState, render, render_status, reshow};
use crate::WebState;
use crate::error::WebError;
use crate::i18n::Lang;
use crate::session::{CsrfForm, SESSION_COOKIE, Viewer, cookie};

#[derive(Template)]
#[template(path = "login.html")]
struct LoginPage {
    a: Anon,
    next: String,
    login: String,
    message: Option<&'static str>,
    /// What the app said about this refusal, in the page's language, when it says
    /// more than "wrong login or password" (a disabled directory account, say).
    problem: Option<String>,
    failed: bool,
    /// Offer the organization's OpenID provider.
    oidc: bool,
}

#[derive(Deserialize, Default)]
pub struct LoginQuery {
    #[serde(default)]
    next: String,
    #[serde(default)]
    done: String,
}

/// Only local paths are followed after sign-in (no open redirect).
pub(super) fn safe_next(next: &str) -> String {
    if next.starts_with('/') && !next.starts_with("//") && !next.contains('\\') {
        next.to_owned()
    } else {
        "/".to_owned()
    }
}

pub async fn login_page(
    State(state): State<WebState>,
    v: Viewer,
    Query(q): Query<LoginQuery>,
) -> Result<Response, WebError> {
    if state
        .app
        .needs_setup()
        .await
        .map_err(|e| WebError::new(e, v.lang))?
    {
        return Ok(render(&SetupWaiting {
            a: Anon {
                lang: v.lang,
                path: "/login".into(),
            },
        }));
    }
    if v.session.is_some() {
        return Ok(Redirect::to(&safe_next(&q.next)).into_response());
    }
    let message = match q.done.as_str() {
        "logged_out" => Some("login.logged_out"),
        "setup" => Some("setup.done"),
        "password" => Some("account.password_changed"),
        "reset" => Some("reset.done"),
        "activated" => Some("invite.activated"),
        _ => None,
    };
    Ok(render(&LoginPage {
        a: Anon {
            lang: v.lang,
            path: "/login".into(),
        },
        next: safe_next(&q.next),
        login: String::new(),
        message,
        problem: None,
        failed: false,
        oidc: state.app.oidc_enabled().await,
    }))
}

#[derive(Template)]
#[template(
    source = r#"{% extends "anon_base.html" %}{% block title %}{{ a.t("setup.title") }}{% endblock %}{% block content %}<h1>{{ a.t("setup.title") }}</h1><p>{{ a.t("setup.intro") }}</p>{% endblock %}"#,
    ext = "html"
)]
struct SetupWaiting {
    a: Anon,
}

#[derive(Deserialize)]
pub struct LoginForm {
    login: String,
    password: String,
    #[serde(default)]
    next: String,
}

pub(super) fn session_cookie(value: &str, secure: bool, max_age: Option<i64>) -> String {
    let mut c = format!("{SESSION_COOKIE}={value}; Path=/; HttpOnly; SameSite=Lax");
    if secure {
        c.push_str("; Secure");
    }
    if let Some(age) = max_age {
        c.push_str(&format!("; Max-Age={age}"));
    }
    c
}

pub async fn login_submit(
    State(state): State<WebState>,
    v: Viewer,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<LoginForm>,
) -> Result<Response, WebError> {
    let source = addr.ip().to_string();
    match state
        .app
        .login(&f.login, &f.password, &source)
        .await
        .map_err(|e| WebError::new(e, v.lang))?
    {
        Ok(s) => Ok(signed_in(&state, &s, &f.next)),
        Err(refused) => {
            tokio::time::sleep(refused.delay).await;
            Ok(refused_page(v.lang, &f.next, f.login, &refused))
        }
    }
}

/// Where a sign-in goes on: the second-factor step with a short-lived session, or
/// `next` with the session's cookie.
pub(super) fn signed_in(state: &WebState, s: &NewSession, next: &str) -> Response {
    let (target, max_age) = if s.mfa_pending {
        let target = format!(
            "/login/mfa?next={}",
            form_urlencoded::byte_serialize(safe_next(next).as_bytes()).collect::<String>()
        );
        // Short-lived: only the second-factor step can use this session.
        (target, 600)
    } else {
        (
            safe_next(next),
            state.app.config.session_absolute.num_seconds(),
        )
    };
    let mut res = Redirect::to(&target).into_response();
    if let Ok(h) = session_cookie(&s.cookie, state.secure_cookies, Some(max_age)).parse() {
        res.headers_mut().append(header::SET_COOKIE, h);
    }
    res
}

/// The sign-in page again, saying why the sign-in was refused.
pub(super) fn refused_page(
    lang: Lang,
    next: &str,
    login: String,
    refused: &LoginRefused,
) -> Response {
    render_status(
        StatusCode::UNAUTHORIZED,
        &LoginPage {
            a: Anon {
                lang,
                path: "/login".into(),
            },
            next: safe_next(next),
            login,
            message: Some("login.failed"),
            problem: refused
                .problem
                .as_ref()
                .map(|p| p.text(lang.code()).to_owned()),
            failed: true,
            oidc: false,
        },
    )
}

pub async fn logout(
    State(state): State<WebState>,
    headers: HeaderMap,
    form: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    if let Some(c) = cookie(&headers, SESSION_COOKIE) {
        state
            .app
            .logout(&form.user.info, c)
            .await
            .map_err(|e| WebError::new(e, form.user.lang))?;
    }
    let mut res = Redirect::to("/login?done=logged_out").into_response();
    if let Ok(h) = session_cookie("", state.secure_cookies, Some(0)).parse() {
        res.headers_mut().insert(header::SET_COOKIE, h);
    }
    Ok(res)
}

/// MIC 2024 first: it is the default and what the current guidelines ask for.
const SETUP_ORDER: [Preset; 3] = [Preset::Mic2024, Preset::Mic2022, Preset::Ipa];

#[derive(Template)]
#[template(path = "setup.html")]
struct SetupPage {
    a: Anon,
    token: String,
    form: FormState,
    /// The classification presets to start from, the recommended one first.
    schemes: Vec<PresetOption>,
}

#[derive(Deserialize, Default)]
pub struct SetupQuery {
    #[serde(default)]
    token: String,
}

fn setup_token_ok(state: &WebState, given: &str) -> bool {
    state
        .setup_token
        .lock()
        .map(|g| {
            g.as_deref()
                .is_some_and(|t| !given.is_empty() && t == given)
        })
        .unwrap_or(false)
}

fn invalid_setup(lang: Lang) -> Response {
    crate::error::render_html(
        StatusCode::NOT_FOUND,
        crate::error::ErrorPage {
            lang,
            title: crate::i18n::t(lang, "setup.title"),
            body: crate::i18n::t(lang, "setup.invalid_token").into(),
            reference: None,
            details: vec![],
        },
    )
}

pub async fn setup_page(
    State(state): State<WebState>,
    v: Viewer,
    Query(q): Query<SetupQuery>,
) -> Result<Response, WebError> {
    if !setup_token_ok(&state, &q.token)
        || !state
            .app
            .needs_setup()
            .await
            .map_err(|e| WebError::new(e, v.lang))?
    {
        return Ok(invalid_setup(v.lang));
    }
    Ok(render(&SetupPage {
        a: Anon {
            lang: v.lang,
            path: format!("/setup?token={}", q.token),
        },
        token: q.token,
        form: FormState::new(v.lang).with("scheme", Preset::Mic2024.code().to_owned()),
        schemes: preset_options(v.lang, &SETUP_ORDER),
    }))
}

#[derive(Deserialize)]
pub struct SetupForm {
    token: String,
    name: String,
    code: String,
    #[serde(default)]
    prefecture: String,
    admin_name: String,
    login: String,
    password: String,
    #[serde(default)]
    scheme: String,
}

pub async fn setup_submit(
    State(state): State<WebState>,
    v: Viewer,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<SetupForm>,
) -> Result<Response, WebError> {
    if !setup_token_ok(&state, &f.token)
        || !state
            .app
            .needs_setup()
            .await
            .map_err(|e| WebError::new(e, v.lang))?
    {
        return Ok(invalid_setup(v.lang));
    }
    let input = SetupInput {
        org: OrgInput {
            name: f.name.clone(),
            code: f.code.clone(),
            prefecture: f.prefecture.clone(),
        },
        login: f.login.clone(),
        name: f.admin_name.clone(),
        employee_number: String::new(),
        password: f.password.clone(),
        require_mfa_for_admins: None,
        scheme: f.scheme.clone(),
    };
    let source = addr.ip().to_string();
    match state
        .app
        .initialize(&input, &format!("setup:{source}"), &source)
        .await
    {
        Ok(_) => {
            if let Ok(mut g) = state.setup_token.lock() {
                *g = None; // the link expires with its first use
            }
            tracing::info!("first-run setup completed; the setup link is now disabled");
            Ok(Redirect::to("/login?done=setup").into_response())
        }
        Err(e) => {
            reshow(e, v.lang, async |inv| {
                let form = FormState::new(v.lang)
                    .with("name", f.name)
                    .with("code", f.code)
                    .with("prefecture", f.prefecture)
                    .with("admin_name", f.admin_name)
                    .with("login", f.login)
                    .with("scheme", f.scheme)
                    .with_errors(inv);
                Ok(SetupPage {
                    a: Anon {
                        lang: v.lang,
                        path: "/setup".into(),
                    },
                    token: f.token,
                    form,
                    schemes: preset_options(v.lang, &SETUP_ORDER),
                })
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "login_mfa.html")]
struct MfaPage {
    a: Anon,
    next: String,
    failed: bool,
}

pub async fn mfa_page(v: Viewer, Query(q): Query<LoginQuery>) -> Response {
    render(&MfaPage {
        a: Anon {
            lang: v.lang,
            path: "/login/mfa".into(),
        },
        next: safe_next(&q.next),
        failed: false,
    })
}

#[derive(Deserialize)]
pub struct MfaForm {
    code: String,
    #[serde(default)]
    next: String,
}

pub async fn mfa_submit(
    State(state): State<WebState>,
    v: Viewer,
    headers: HeaderMap,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<MfaForm>,
) -> Result<Response, WebError> {
    let Some(pending) = cookie(&headers, SESSION_COOKIE) else {
        return Ok(Redirect::to("/login").into_response());
    };
    match state
        .app
        .complete_mfa(pending, &f.code, &addr.ip().to_string())
        .await
    {
        Ok(Ok(s)) => {
            let mut res = Redirect::to(&safe_next(&f.next)).into_response();
            let max_age = state.app.config.session_absolute.num_seconds();
            if let Ok(h) = session_cookie(&s.cookie, state.secure_cookies, Some(max_age)).parse() {
                res.headers_mut().insert(header::SET_COOKIE, h);
            }
            Ok(res)
        }
        Ok(Err(refused)) => {
            tokio::time::sleep(refused.delay).await;
            Ok(render_status(
                StatusCode::UNAUTHORIZED,
                &MfaPage {
                    a: Anon {
                        lang: v.lang,
                        path: "/login/mfa".into(),
                    },
                    next: safe_next(&f.next),
                    failed: true,
                },
            ))
        }
        Err(AppError::Unauthenticated) => Ok(Redirect::to("/login").into_response()),
        Err(e) => Err(WebError::new(e, v.lang)),
    }
}

#[derive(Template)]
#[template(path = "reset.html")]
struct ResetPage {
    a: Anon,
    token: String,
    login: String,
    form: FormState,
}

fn invalid_reset(lang: Lang) -> Response {
    crate::error::render_html(
        StatusCode::NOT_FOUND,
        crate::error::ErrorPage {
            lang,
            title: crate::i18n::t(lang, "reset.title"),
            body: crate::i18n::t(lang, "reset.invalid").into(),
            reference: None,
            details: vec![],
        },
    )
}

pub async fn reset_page(
    State(state): State<WebState>,
    v: Viewer,
    Query(q): Query<SetupQuery>,
) -> Result<Response, WebError> {
    match state.app.password_reset_login(&q.token).await {
        Ok(login) => Ok(render(&ResetPage {
            a: Anon {
                lang: v.lang,
                path: format!("/reset?token={}", q.token),
            },
            token: q.token,
            login,
            form: FormState::new(v.lang),
        })),
        Err(AppError::NotFound) => Ok(invalid_reset(v.lang)),
        Err(e) => Err(WebError::new(e, v.lang)),
    }
}

#[derive(Deserialize)]
pub struct ResetForm {
    token: String,
    password: String,
}

pub async fn reset_submit(
    State(state): State<WebState>,
    v: Viewer,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<ResetForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .complete_password_reset(&f.token, &f.password, &addr.ip().to_string())
        .await
    {
        Ok(()) => Ok(Redirect::to("/login?done=reset").into_response()),
        Err(AppError::NotFound) => Ok(invalid_reset(v.lang)),
        Err(e) => {
            reshow(e, v.lang, async |inv| {
                let login = state
                    .app
                    .password_reset_login(&f.token)
                    .await
                    .unwrap_or_default();
                Ok(ResetPage {
                    a: Anon {
                        lang: v.lang,
                        path: "/reset".into(),
                    },
                    token: f.token,
                    login,
                    form: FormState::new(v.lang).with_errors(inv),
                })
            })
            .await
        }
    }
}

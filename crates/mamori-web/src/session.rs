//! Extractors: who is asking (session cookie or bearer token), in which language, and
//! CSRF-checked forms.

use std::net::SocketAddr;

use axum::extract::{ConnectInfo, FromRef, FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, header};
use mamori_app::auth::SessionInfo;
use mamori_app::{Actor, AppError};
use serde::de::DeserializeOwned;

use crate::WebState;
use crate::error::WebError;
use crate::i18n::Lang;

pub const SESSION_COOKIE: &str = "mamori_session";
pub const LANG_COOKIE: &str = "mamori_lang";

pub fn cookie<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

pub fn source_addr(parts: &Parts) -> String {
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ci| ci.0.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

/// The language of anonymous pages: `?lang=`, then the language cookie, then
/// `Accept-Language`, then Japanese.
pub fn request_lang(parts: &Parts) -> Lang {
    let from_query = parts.uri.query().and_then(|q| {
        form_urlencoded::parse(q.as_bytes())
            .find(|(k, _)| k == "lang")
            .and_then(|(_, v)| Lang::parse(&v))
    });
    from_query
        .or_else(|| cookie(&parts.headers, LANG_COOKIE).and_then(Lang::parse))
        .or_else(|| {
            parts
                .headers
                .get(header::ACCEPT_LANGUAGE)
                .and_then(|v| v.to_str().ok())
                .and_then(Lang::from_accept_language)
        })
        .unwrap_or(Lang::Ja)
}

/// The visitor of a page: maybe signed in, always with a language.
pub struct Viewer {
    pub session: Option<SessionInfo>,
    pub lang: Lang,
    pub wareki: bool,
    pub path: String,
}

impl<S> FromRequestParts<S> for Viewer
where
    WebState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = WebState::from_ref(state);
        let anonymous_lang = request_lang(parts);
        let path = parts.uri.path().to_owned();
        let session = match cookie(&parts.headers, SESSION_COOKIE) {
            Some(c) => match state.app.session(c, &source_addr(parts)).await {
                Ok(s) => Some(s),
                Err(AppError::Unauthenticated) => None,
                Err(e) => return Err(WebError::new(e, anonymous_lang)),
            },
            None => None,
        };
        // A signed-in user's own preference comes first.
        let lang = session
            .as_ref()
            .and_then(|s| Lang::parse(&s.user.locale))
            .unwrap_or(anonymous_lang);
        let wareki = session
            .as_ref()
            .is_none_or(|s| s.user.date_style != "western");
        Ok(Viewer {
            session,
            lang,
            wareki,
            path,
        })
    }
}

/// A signed-in visitor; anonymous visitors are sent to the sign-in page.
pub struct SignedIn {
    pub info: SessionInfo,
    pub lang: Lang,
    pub wareki: bool,
    pub path: String,
    /// Unread notices (the header's count); 0 if it could not be read.
    pub unread: u64,
    /// Whether the organization lets this person read violation records (the menu
    /// offers them only then).
    pub violations: bool,
}

impl SignedIn {
    pub fn actor(&self) -> &Actor {
        &self.info.actor
    }
}

impl<S> FromRequestParts<S> for SignedIn
where
    WebState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let v = Viewer::from_request_parts(parts, state).await?;
        let next = parts
            .uri
            .path_and_query()
            .map(|p| p.as_str().to_owned())
            .unwrap_or_else(|| "/".into());
        match v.session {
            // The organization requires a second factor of this user and none is set
            // up: only the enrollment page (and signing out) until it is.
            Some(info)
                if info.needs_mfa_enrollment
                    && !matches!(v.path.as_str(), "/account/mfa" | "/logout") =>
            {
                Err(WebError::redirect("/account/mfa"))
            }
            Some(info) => {
                let state = WebState::from_ref(state);
                // One indexed count; a failure must not cost the person the page.
                let unread = state.app.unread_notices(&info.actor).await.unwrap_or(0);
                let violations = state
                    .app
                    .may_read_violations(&info.actor)
                    .await
                    .unwrap_or(false);
                Ok(SignedIn {
                    violations,
                    info,
                    lang: v.lang,
                    wareki: v.wareki,
                    path: v.path,
                    unread,
                })
            }
            None => Err(WebError::login_required(v.lang, &next)),
        }
    }
}

/// A form whose `_csrf` field must match the session's token.
pub struct CsrfForm<T> {
    pub user: SignedIn,
    pub form: T,
}

impl<S, T> FromRequest<S> for CsrfForm<T>
where
    WebState: FromRef<S>,
    S: Send + Sync,
    T: DeserializeOwned,
{
    type Rejection = WebError;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = req.into_parts();
        let user = SignedIn::from_request_parts(&mut parts, state).await?;
        let bytes = axum::body::to_bytes(body, 1024 * 1024)
            .await
            .map_err(|_| WebError::bad_request(user.lang))?;
        check_csrf_bytes(&bytes, &user)?;
        let form = serde_urlencoded::from_bytes::<T>(&bytes).map_err(|e| {
            tracing::debug!(error = %e, "form did not parse");
            WebError::bad_request(user.lang)
        })?;
        Ok(CsrfForm { user, form })
    }
}

pub(crate) fn check_csrf_bytes(bytes: &[u8], user: &SignedIn) -> Result<(), WebError> {
    let token = form_urlencoded::parse(bytes)
        .find(|(k, _)| k == "_csrf")
        .map(|(_, v)| v.into_owned())
        .unwrap_or_default();
    check_csrf(&token, user)
}

/// Constant-time comparison of the submitted token with the session's.
pub fn check_csrf(token: &str, user: &SignedIn) -> Result<(), WebError> {
    let expected = user.info.csrf_token.as_bytes();
    let given = token.as_bytes();
    let same = expected.len() == given.len()
        && expected
            .iter()
            .zip(given)
            .fold(0u8, |acc, (a, b)| acc | (a ^ b))
            == 0;
    if same {
        Ok(())
    } else {
        tracing::warn!(actor = %user.info.actor.label, "CSRF token mismatch");
        Err(WebError::csrf(user.lang))
    }
}

/// Who calls the API: a bearer token, or a signed-in browser (writes then need the
/// `X-CSRF-Token` header).
pub struct ApiActor {
    pub actor: Actor,
}

impl<S> FromRequestParts<S> for ApiActor
where
    WebState: FromRef<S>,
    S: Send + Sync,
{
    type Rejection = WebError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let state = WebState::from_ref(state);
        let source = source_addr(parts);
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim);
        if let Some(token) = bearer {
            let actor = state
                .app
                .token_actor(token, &source)
                .await
                .map_err(WebError::api)?;
            return Ok(ApiActor { actor });
        }
        if let Some(c) = cookie(&parts.headers, SESSION_COOKIE) {
            let info = state.app.session(c, &source).await.map_err(WebError::api)?;
            if info.needs_mfa_enrollment {
                return Err(WebError::api(AppError::Forbidden));
            }
            if !matches!(
                parts.method,
                axum::http::Method::GET | axum::http::Method::HEAD
            ) {
                let given = parts
                    .headers
                    .get("x-csrf-token")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("");
                if given != info.csrf_token {
                    return Err(WebError::api(AppError::Forbidden));
                }
            }
            return Ok(ApiActor { actor: info.actor });
        }
        Err(WebError::api(AppError::Unauthenticated))
    }
}

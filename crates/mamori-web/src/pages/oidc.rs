//! Signing in through the organization's OpenID provider: `/login/oidc` sends the
//! browser there with the cookie that remembers the attempt, and the provider sends it
//! back to `/login/oidc/callback`.

use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::AppError;
use mamori_app::auth::LoginRefused;
use mamori_app::oidc::OidcCallback;
use serde::Deserialize;

use super::auth::{refused_page, safe_next, signed_in};
use crate::WebState;
use crate::error::WebError;
use crate::route_table::route_table;
use crate::session::{Viewer, cookie};

route_table! {
    pub const ROUTES = {
        "/login/oidc" => get(begin),
        "/login/oidc/callback" => get(callback),
    }
}

/// The cookie that carries a sign-in's `state`, `nonce` and PKCE verifier, only to
/// the callback, for ten minutes.
const COOKIE: &str = "mamori_oidc";

fn oidc_cookie(value: &str, secure: bool, max_age: i64) -> String {
    let mut c =
        format!("{COOKIE}={value}; Path=/login/oidc; HttpOnly; SameSite=Lax; Max-Age={max_age}");
    if secure {
        c.push_str("; Secure");
    }
    c
}

#[derive(Deserialize, Default)]
pub struct NextQuery {
    #[serde(default)]
    next: String,
}

pub async fn begin(
    State(state): State<WebState>,
    v: Viewer,
    Query(q): Query<NextQuery>,
) -> Result<Response, WebError> {
    match state.app.oidc_begin(&safe_next(&q.next)).await {
        Ok(start) => {
            let mut res = Redirect::to(&start.url).into_response();
            if let Ok(h) = oidc_cookie(&start.cookie, state.secure_cookies, 600).parse() {
                res.headers_mut().insert(header::SET_COOKIE, h);
            }
            Ok(res)
        }
        // The provider cannot be reached: said on the sign-in page, where the local
        // sign-in still works.
        Err(AppError::Unavailable(p)) => {
            let refused = LoginRefused {
                delay: std::time::Duration::ZERO,
                problem: Some(p),
            };
            let mut res = refused_page(v.lang, &q.next, String::new(), &refused);
            *res.status_mut() = StatusCode::BAD_GATEWAY;
            Ok(res)
        }
        Err(e) => Err(WebError::new(e, v.lang)),
    }
}

pub async fn callback(
    State(state): State<WebState>,
    v: Viewer,
    headers: HeaderMap,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    Query(back): Query<OidcCallback>,
) -> Result<Response, WebError> {
    let source = addr.ip().to_string();
    let pending = cookie(&headers, COOKIE);
    let done = state
        .app
        .oidc_complete(&back, pending, &source)
        .await
        .map_err(|e| WebError::new(e, v.lang))?;
    let mut res = match done {
        Ok((session, next)) => signed_in(&state, &session, &next),
        Err(refused) => refused_page(v.lang, "/", String::new(), &refused),
    };
    // Used or not, the attempt is over.
    if let Ok(h) = oidc_cookie("", state.secure_cookies, 0).parse() {
        res.headers_mut().append(header::SET_COOKIE, h);
    }
    Ok(res)
}

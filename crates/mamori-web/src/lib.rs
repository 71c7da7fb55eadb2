//! Mamori's HTTP face: server-rendered pages (Japanese first), the JSON API under
//! `/api/v1` with its OpenAPI document, and the middleware every response passes
//! through (request id, security headers, body limits, panic → 500 with a reference).
//!
//! Handlers are thin: they extract, call one `mamori_app::App` method, and render.

pub mod annual;
pub mod api;
pub mod charts;
pub mod ctx;
pub mod error;
pub mod i18n;
mod ical;
pub mod pages;
pub mod pdf;
mod route_table;
pub mod session;
pub mod static_files;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use mamori_app::App;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

/// Shared by every handler.
#[derive(Clone)]
pub struct WebState {
    pub app: App,
    /// Set the `Secure` flag on cookies (served over TLS, or behind a TLS proxy).
    pub secure_cookies: bool,
    /// The one-time setup token while the installation has no organization.
    pub setup_token: Arc<Mutex<Option<String>>>,
}

impl WebState {
    pub fn new(app: App, secure_cookies: bool) -> Self {
        Self {
            app,
            secure_cookies,
            setup_token: Arc::new(Mutex::new(None)),
        }
    }

    /// Issues the one-time setup token (call at start when the database is empty).
    pub fn issue_setup_token(&self) -> String {
        let token = self.app.random_token(24);
        if let Ok(mut g) = self.setup_token.lock() {
            *g = Some(token.clone());
        }
        token
    }
}

/// The body limit a route table gets.
#[derive(Clone, Copy)]
enum Limit {
    /// `BODY_LIMIT`: forms and JSON.
    Default,
    /// Ledger imports: the configured upload size.
    Imports,
    /// Evidence files.
    Evidence,
}

/// Every route table the server mounts, with its path prefix and body limit. The server
/// and the authorization test both read this one list.
const MOUNTS: &[(&str, &route_table::RouteTable, Limit)] = &[
    ("", &pages::ROUTES, Limit::Default),
    ("", &pages::IMPORT_ROUTES, Limit::Imports),
    ("", &pages::risks::ROUTES, Limit::Default),
    ("", &pages::controls::ROUTES, Limit::Default),
    ("", &pages::controls::UPLOAD_ROUTES, Limit::Evidence),
    ("", &pages::notify::ROUTES, Limit::Default),
    ("", &pages::invitations::ROUTES, Limit::Default),
    ("", &pages::directory::ROUTES, Limit::Default),
    ("", &pages::settings::ROUTES, Limit::Default),
    ("", &pages::incidents::ROUTES, Limit::Default),
    ("", &pages::events::ROUTES, Limit::Default),
    ("", &pages::policies::ROUTES, Limit::Default),
    ("", &pages::policies::UPLOAD_ROUTES, Limit::Evidence),
    ("", &pages::training::ROUTES, Limit::Default),
    ("", &pages::compliance::ROUTES, Limit::Default),
    ("", &pages::physical::ROUTES, Limit::Default),
    ("", &pages::media::ROUTES, Limit::Default),
    ("", &pages::media::UPLOAD_ROUTES, Limit::Evidence),
    ("", &pages::review::ROUTES, Limit::Default),
    ("", &pages::review::UPLOAD_ROUTES, Limit::Evidence),
    ("", &pages::oidc::ROUTES, Limit::Default),
    ("", &static_files::ROUTES, Limit::Default),
    ("", &HEALTH_ROUTES, Limit::Default),
    (api::PREFIX, &api::ROUTES, Limit::Default),
    (api::PREFIX, &api::risks::ROUTES, Limit::Default),
    (api::PREFIX, &api::controls::ROUTES, Limit::Default),
    (api::PREFIX, &api::notify::ROUTES, Limit::Default),
    (api::PREFIX, &api::incidents::ROUTES, Limit::Default),
    (api::PREFIX, &api::events::ROUTES, Limit::Default),
    // A long document's text in JSON is larger than the usual body.
    (api::PREFIX, &api::policies::ROUTES, Limit::Evidence),
    (api::PREFIX, &api::training::ROUTES, Limit::Default),
    (api::PREFIX, &api::compliance::ROUTES, Limit::Default),
    (api::PREFIX, &api::laws::ROUTES, Limit::Default),
    (api::PREFIX, &api::contractors::ROUTES, Limit::Default),
    (api::PREFIX, &api::services::ROUTES, Limit::Default),
    // A door system's batch may carry many entries.
    (api::PREFIX, &api::physical::ROUTES, Limit::Imports),
    (api::PREFIX, &api::media::ROUTES, Limit::Default),
    (api::PREFIX, &api::review::ROUTES, Limit::Default),
    (api::PREFIX, &api::audits::ROUTES, Limit::Default),
    (api::PREFIX, &api::committee::ROUTES, Limit::Default),
    (api::PREFIX, &api::due::ROUTES, Limit::Default),
    (api::PREFIX, &api::annual::ROUTES, Limit::Default),
    (api::PREFIX, &api::revisions::ROUTES, Limit::Default),
];

route_table::route_table! {
    const HEALTH_ROUTES = {
        "/healthz" => get(healthz),
        "/readyz" => get(readyz),
    }
}

/// Every `(method, path)` served, with its full path.
pub fn all_routes() -> Vec<(&'static str, String)> {
    MOUNTS
        .iter()
        .flat_map(|(prefix, table, _)| {
            table
                .routes
                .iter()
                .map(move |(m, p)| (*m, format!("{prefix}{p}")))
        })
        .collect()
}

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");

/// Largest request body outside imports.
const BODY_LIMIT: usize = 1024 * 1024;

/// The whole application: pages, API, static assets, health checks, middleware.
pub fn router(state: WebState) -> Router {
    let import_limit = state.app.config.max_import_bytes + 64 * 1024;
    let evidence_limit = mamori_domain::evidence::MAX_EVIDENCE_BYTES + 64 * 1024;
    let mut pages = Router::new();
    let mut api = Router::new();
    for (prefix, table, limit) in MOUNTS {
        let mut r = (table.build)();
        r = match limit {
            Limit::Default => r,
            Limit::Imports => r.layer(DefaultBodyLimit::max(import_limit)),
            Limit::Evidence => r.layer(DefaultBodyLimit::max(evidence_limit)),
        };
        if *prefix == api::PREFIX {
            api = api.merge(r);
        } else {
            pages = pages.merge(r);
        }
    }
    pages
        .nest(api::PREFIX, api.fallback(api::not_found))
        .fallback(pages::not_found)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn(security_headers))
        .layer(middleware::from_fn(check_origin))
        .layer(CatchPanicLayer::custom(error::panic_response))
        .layer(PropagateRequestIdLayer::new(REQUEST_ID))
        .layer(
            TraceLayer::new_for_http().make_span_with(|req: &Request| {
                let id = req
                    .headers()
                    .get(REQUEST_ID)
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or("-");
                tracing::info_span!("request", id = %id, method = %req.method(), path = %req.uri().path())
            }),
        )
        .layer(SetRequestIdLayer::new(REQUEST_ID, MakeRequestUuid))
        .with_state(state)
}

/// Serves the application until `shutdown` completes; in-flight requests finish first.
pub async fn serve(
    listener: tokio::net::TcpListener,
    state: WebState,
    shutdown: impl std::future::Future<Output = ()> + Send + 'static,
) -> std::io::Result<()> {
    axum::serve(
        listener,
        router(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown)
    .await
}

async fn healthz() -> &'static str {
    "ok"
}

async fn readyz(State(state): State<WebState>) -> Response {
    match tokio::time::timeout(Duration::from_secs(2), state.app.system().ping()).await {
        Ok(Ok(())) => (StatusCode::OK, "ready").into_response(),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness check failed");
            (StatusCode::SERVICE_UNAVAILABLE, "database unavailable").into_response()
        }
        Err(_) => (StatusCode::SERVICE_UNAVAILABLE, "database timeout").into_response(),
    }
}

/// Headers on every response; `no-store` on everything but static assets, since all
/// other pages may show personal data.
async fn security_headers(req: Request, next: Next) -> Response {
    let is_static = req.uri().path().starts_with("/static/");
    let mut res = next.run(req).await;
    let h = res.headers_mut();
    let set = |h: &mut axum::http::HeaderMap, k: HeaderName, v: &'static str| {
        h.insert(k, HeaderValue::from_static(v));
    };
    // A handler may set a stricter policy of its own (evidence downloads are sandboxed).
    if !h.contains_key(header::CONTENT_SECURITY_POLICY) {
        set(
            h,
            header::CONTENT_SECURITY_POLICY,
            "default-src 'none'; style-src 'self'; img-src 'self' data:; font-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
        );
    }
    set(h, header::X_CONTENT_TYPE_OPTIONS, "nosniff");
    set(h, header::REFERRER_POLICY, "same-origin");
    set(h, header::X_FRAME_OPTIONS, "DENY");
    set(
        h,
        HeaderName::from_static("cross-origin-opener-policy"),
        "same-origin",
    );
    set(
        h,
        HeaderName::from_static("permissions-policy"),
        "camera=(), microphone=(), geolocation=()",
    );
    if is_static {
        set(h, header::CACHE_CONTROL, "public, max-age=3600");
    } else {
        set(h, header::CACHE_CONTROL, "no-store");
    }
    res
}

/// Refuses state-changing requests whose `Origin` names another site (the CSRF token
/// is checked as well; this stops cross-site posts even before a session exists).
async fn check_origin(req: Request, next: Next) -> Response {
    let unsafe_method = !matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS);
    if unsafe_method
        && let Some(origin) = req
            .headers()
            .get(header::ORIGIN)
            .and_then(|v| v.to_str().ok())
    {
        let host = req
            .headers()
            .get(header::HOST)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("");
        let origin_host = origin.split("://").nth(1).unwrap_or("");
        if origin == "null" || origin_host != host {
            tracing::warn!(origin, host, "cross-origin request refused");
            return (StatusCode::FORBIDDEN, "cross-origin request refused").into_response();
        }
    }
    next.run(req).await
}

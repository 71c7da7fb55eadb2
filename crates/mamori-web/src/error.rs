//! Turning [`AppError`] into responses: pages in the visitor's language, JSON for the
//! API. A 5xx never shows internals: the visitor gets a reference id and the detail
//! goes to the log under the same id.

use std::any::Any;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::AppError;
use serde::Serialize;
use utoipa::ToSchema;

use crate::i18n::{Lang, t};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mode {
    Html,
    Json,
}

#[derive(Debug)]
pub struct WebError {
    err: Option<AppError>,
    lang: Lang,
    mode: Mode,
    kind: Kind,
}

#[derive(Debug, Clone)]
enum Kind {
    App,
    LoginRequired(String),
    Csrf,
    BadRequest,
    Redirect(String),
}

impl WebError {
    pub fn new(err: AppError, lang: Lang) -> Self {
        Self {
            err: Some(err),
            lang,
            mode: Mode::Html,
            kind: Kind::App,
        }
    }

    pub fn api(err: AppError) -> Self {
        Self {
            err: Some(err),
            lang: Lang::Ja,
            mode: Mode::Json,
            kind: Kind::App,
        }
    }

    pub fn login_required(lang: Lang, next: &str) -> Self {
        Self {
            err: None,
            lang,
            mode: Mode::Html,
            kind: Kind::LoginRequired(next.to_owned()),
        }
    }

    pub fn csrf(lang: Lang) -> Self {
        Self {
            err: None,
            lang,
            mode: Mode::Html,
            kind: Kind::Csrf,
        }
    }

    pub fn bad_request(lang: Lang) -> Self {
        Self {
            err: None,
            lang,
            mode: Mode::Html,
            kind: Kind::BadRequest,
        }
    }

    /// Sends the browser elsewhere (e.g. to a required setup step).
    pub fn redirect(to: &str) -> Self {
        Self {
            err: None,
            lang: Lang::Ja,
            mode: Mode::Html,
            kind: Kind::Redirect(to.to_owned()),
        }
    }

    pub fn not_found(lang: Lang) -> Self {
        Self::new(AppError::NotFound, lang)
    }
}

/// `?` in page handlers: errors render in the page's language.
pub trait InLang<T> {
    fn lang(self, lang: Lang) -> Result<T, WebError>;
}

impl<T> InLang<T> for Result<T, AppError> {
    fn lang(self, lang: Lang) -> Result<T, WebError> {
        self.map_err(|e| WebError::new(e, lang))
    }
}

#[derive(Template)]
#[template(path = "error.html")]
pub struct ErrorPage<'a> {
    pub lang: Lang,
    pub title: &'a str,
    pub body: String,
    pub reference: Option<String>,
    pub details: Vec<String>,
}

impl ErrorPage<'_> {
    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }
}

fn reference_id() -> String {
    let n = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("E-{:08X}", (n as u64 ^ (n >> 64) as u64) as u32)
}

/// The one shape of every error the API answers.
#[derive(Serialize, ToSchema)]
pub struct ApiError {
    error: ApiErrorBody,
}

#[derive(Serialize, ToSchema)]
pub struct ApiErrorBody {
    /// `invalid`, `bad_request`, `not_found`, `forbidden`, `unauthenticated`, `conflict`,
    /// `unsupported_media_type`, `too_large`, `internal`.
    #[schema(value_type = String)]
    code: &'static str,
    message_ja: String,
    message_en: String,
    /// Each problem of an invalid input, by field.
    fields: Vec<mamori_domain::FieldError>,
    /// Reference id of a server error, for the administrator's log.
    #[serde(skip_serializing_if = "Option::is_none")]
    reference: Option<String>,
}

pub fn render_html(status: StatusCode, page: ErrorPage<'_>) -> Response {
    match page.render() {
        Ok(html) => (
            status,
            [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
            html,
        )
            .into_response(),
        Err(e) => {
            tracing::error!(error = %e, "error page did not render");
            (status, "error").into_response()
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        let lang = self.lang;
        match (&self.kind, self.mode) {
            (Kind::LoginRequired(next), _) => {
                let target = format!(
                    "/login?next={}",
                    form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>()
                );
                return Redirect::to(&target).into_response();
            }
            (Kind::Csrf, _) => {
                return render_html(
                    StatusCode::FORBIDDEN,
                    ErrorPage {
                        lang,
                        title: t(lang, "errors.forbidden"),
                        body: t(lang, "errors.csrf").into(),
                        reference: None,
                        details: vec![],
                    },
                );
            }
            (Kind::BadRequest, _) => {
                return render_html(
                    StatusCode::BAD_REQUEST,
                    ErrorPage {
                        lang,
                        title: t(lang, "errors.title"),
                        body: t(lang, "errors.title").into(),
                        reference: None,
                        details: vec![],
                    },
                );
            }
            (Kind::Redirect(to), _) => return Redirect::to(to).into_response(),
            (Kind::App, _) => {}
        }
        let Some(err) = self.err else {
            return StatusCode::INTERNAL_SERVER_ERROR.into_response();
        };
        let (status, code) = match &err {
            AppError::Invalid(_) => (StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
            AppError::BadRequest(_) => (StatusCode::BAD_REQUEST, "bad_request"),
            AppError::NotFound => (StatusCode::NOT_FOUND, "not_found"),
            AppError::Forbidden => (StatusCode::FORBIDDEN, "forbidden"),
            AppError::Unauthenticated => (StatusCode::UNAUTHORIZED, "unauthenticated"),
            AppError::Conflict(_) => (StatusCode::CONFLICT, "conflict"),
            AppError::Unavailable(_) => (StatusCode::BAD_GATEWAY, "unavailable"),
            AppError::Store(_) | AppError::Internal(_) => {
                (StatusCode::INTERNAL_SERVER_ERROR, "internal")
            }
        };
        let reference = (status == StatusCode::INTERNAL_SERVER_ERROR).then(|| {
            let r = reference_id();
            tracing::error!(reference = %r, error = %err, "request failed");
            r
        });
        let (ja, en, fields) = match &err {
            AppError::Invalid(inv) => (
                "入力内容に誤りがあります。".to_owned(),
                "The input is not valid.".to_owned(),
                inv.0.clone(),
            ),
            AppError::Conflict(p) | AppError::BadRequest(p) | AppError::Unavailable(p) => {
                (p.ja.clone(), p.en.clone(), vec![])
            }
            AppError::NotFound => (
                t(Lang::Ja, "errors.not_found").into(),
                t(Lang::En, "errors.not_found").into(),
                vec![],
            ),
            AppError::Forbidden => (
                t(Lang::Ja, "errors.forbidden_body").into(),
                t(Lang::En, "errors.forbidden_body").into(),
                vec![],
            ),
            AppError::Unauthenticated => (
                "認証が必要です。".into(),
                "Authentication is required.".into(),
                vec![],
            ),
            AppError::Store(_) | AppError::Internal(_) => (
                t(Lang::Ja, "errors.internal_body").into(),
                t(Lang::En, "errors.internal_body").into(),
                vec![],
            ),
        };
        if self.mode == Mode::Json {
            let body = ApiError {
                error: ApiErrorBody {
                    code,
                    message_ja: ja,
                    message_en: en,
                    fields,
                    reference,
                },
            };
            let mut res = (status, axum::Json(body)).into_response();
            if status == StatusCode::UNAUTHORIZED {
                res.headers_mut().insert(
                    header::WWW_AUTHENTICATE,
                    axum::http::HeaderValue::from_static("Bearer"),
                );
            }
            return res;
        }
        if status == StatusCode::UNAUTHORIZED {
            return Redirect::to("/login").into_response();
        }
        let (title, body) = match status {
            StatusCode::NOT_FOUND => (
                t(lang, "errors.not_found"),
                t(lang, "errors.not_found_body").to_owned(),
            ),
            StatusCode::FORBIDDEN => (
                t(lang, "errors.forbidden"),
                t(lang, "errors.forbidden_body").to_owned(),
            ),
            StatusCode::CONFLICT => (
                t(lang, "errors.conflict"),
                if lang == Lang::En { en } else { ja },
            ),
            StatusCode::BAD_REQUEST => (
                t(lang, "errors.title"),
                if lang == Lang::En { en } else { ja },
            ),
            StatusCode::UNPROCESSABLE_ENTITY => (t(lang, "errors.title"), String::new()),
            _ => (
                t(lang, "errors.internal"),
                t(lang, "errors.internal_body").to_owned(),
            ),
        };
        let details = fields
            .iter()
            .map(|f| f.text(lang.code()).to_owned())
            .collect();
        render_html(
            status,
            ErrorPage {
                lang,
                title,
                body,
                reference,
                details,
            },
        )
    }
}

/// A panic in a handler becomes a 500 page with a reference; the panic text is logged.
pub fn panic_response(err: Box<dyn Any + Send + 'static>) -> Response {
    let detail = err
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| (*s).to_owned()))
        .unwrap_or_else(|| "unknown panic".into());
    let reference = reference_id();
    tracing::error!(reference = %reference, panic = %detail, "handler panicked");
    let lang = Lang::Ja;
    render_html(
        StatusCode::INTERNAL_SERVER_ERROR,
        ErrorPage {
            lang,
            title: t(lang, "errors.internal"),
            body: t(lang, "errors.internal_body").into(),
            reference: Some(reference),
            details: vec![],
        },
    )
}

/// The API's answer when a request cannot be read at all (axum's extractor refused it):
/// the same JSON shape as every other API error, with axum's reason in English.
pub(crate) fn rejection_response(status: StatusCode, detail: &str) -> Response {
    let code = match status {
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "unsupported_media_type",
        StatusCode::UNPROCESSABLE_ENTITY => "invalid",
        StatusCode::PAYLOAD_TOO_LARGE => "too_large",
        _ => "bad_request",
    };
    let body = ApiError {
        error: ApiErrorBody {
            code,
            message_ja: format!("リクエストを読み取れません（{detail}）"),
            message_en: format!("The request could not be read: {detail}"),
            fields: Vec::new(),
            reference: None,
        },
    };
    (status, axum::Json(body)).into_response()
}

/// An API answer for a refusal the application words itself (a webhook's credentials,
/// its body), in the API's one error shape.
pub(crate) fn problem_response(
    status: StatusCode,
    code: &'static str,
    p: &mamori_domain::Problem,
) -> Response {
    let body = ApiError {
        error: ApiErrorBody {
            code,
            message_ja: p.ja.clone(),
            message_en: p.en.clone(),
            fields: Vec::new(),
            reference: None,
        },
    };
    (status, axum::Json(body)).into_response()
}

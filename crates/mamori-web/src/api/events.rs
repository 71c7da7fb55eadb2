//! `/api/v1/events`: the webhook monitoring tools post to, and the events list.
//!
//! The webhook authenticates with its source's own secret (a bearer token or an
//! HMAC signature of the timestamp and body), not with a user's API token: a firewall
//! is not a person. Every refusal is in the API's one error shape, and counted on the
//! source.

use axum::body::Bytes;
use axum::extract::State;
use axum::extract::rejection::BytesRejection;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;
use mamori_app::events::{EventQuery, EventView, IngestReceipt, WebhookRefusal};
use mamori_domain::Problem;
use mamori_domain::event::signature::{Credential, SIGNATURE_HEADER, TIMESTAMP_HEADER};
use utoipa::OpenApi;
use uuid::Uuid;

use super::{ApiResult, ListPage, PageParams, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::{ApiError, WebError, problem_response};
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/events" => get(list_events),
        "/events/{id}" => get(get_event),
        "/events/ingest/{source}" => post(ingest),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(list_events, get_event, ingest),
    components(schemas(EventView, ListPage<EventView>, IngestReceipt, mamori_app::events::SourceCounters))
)]
pub struct EventDoc;

/// Security events, latest first.
#[utoipa::path(get, path = "/events", tag = "events", params(EventQuery, PageParams), responses((status = 200, body = ListPage<EventView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_events(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<EventQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<EventView>>> {
    let page = api(s.app.events(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

/// One event with what arrived.
#[utoipa::path(get, path = "/events/{id}", tag = "events", params(("id" = Uuid, Path)), responses((status = 200, body = EventView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_event(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<EventView>> {
    Ok(Json(api(s.app.event(&a.actor, id).await)?))
}

/// Receives events from a monitoring tool for the source in the path. The body is one
/// event, an array of them, or `{"events": [...]}` (at most 1,000 events and 1 MiB);
/// each event has `message` and may have `time` (RFC 3339), `host`, `app` and
/// `severity` (0–7, a syslog name, or high / medium / low). One bad event refuses the
/// whole body. Authenticate with the source's secret as `Authorization: Bearer
/// <secret>`, or sign: `X-Mamori-Timestamp: <seconds since 1970>` and
/// `X-Mamori-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">`.
#[utoipa::path(
    post,
    path = "/events/ingest/{source}",
    tag = "events",
    params(("source" = Uuid, Path, description = "The source's id")),
    request_body(content = serde_json::Value, content_type = "application/json"),
    security((), ("bearer" = [])),
    responses(
        (status = 202, body = IngestReceipt, description = "Accepted and stored"),
        (status = 400, body = ApiError),
        (status = 401, body = ApiError, description = "Missing or wrong secret or signature"),
        (status = 404, body = ApiError, description = "No such webhook source, or it is disabled"),
        (status = 413, body = ApiError),
        (status = 422, body = ApiError, description = "Not events of the documented shape"),
        (status = 503, body = ApiError, description = "This server cannot open the source's secret")
    )
)]
pub async fn ingest(
    State(s): State<WebState>,
    Path(source): Path<Uuid>,
    headers: HeaderMap,
    body: Result<Bytes, BytesRejection>,
) -> Response {
    let body = match body {
        Ok(b) => b,
        Err(r) => return crate::error::rejection_response(r.status(), &r.body_text()),
    };
    let text = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    let bearer = text(header::AUTHORIZATION.as_str()).and_then(|v| v.strip_prefix("Bearer "));
    let credential = match (bearer, text(SIGNATURE_HEADER), text(TIMESTAMP_HEADER)) {
        (_, Some(signature), Some(timestamp)) => Credential::Signed {
            timestamp,
            signature,
        },
        (Some(token), _, _) => Credential::Bearer(token.trim()),
        _ => Credential::Missing,
    };
    match s.app.receive_webhook(source, credential, &body).await {
        Ok(receipt) => (StatusCode::ACCEPTED, Json(receipt)).into_response(),
        Err(WebhookRefusal::NotFound) => WebError::api(AppError::NotFound).into_response(),
        Err(WebhookRefusal::Unauthorized(p)) => {
            let mut r = problem_response(StatusCode::UNAUTHORIZED, "unauthenticated", &p);
            r.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            r
        }
        Err(WebhookRefusal::TooLarge) => problem_response(
            StatusCode::PAYLOAD_TOO_LARGE,
            "too_large",
            &Problem::new(
                "本文が大きすぎます（1 MiB まで）。",
                "The body is too large (1 MiB at most).",
            ),
        ),
        Err(WebhookRefusal::Invalid(p)) => {
            problem_response(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &p)
        }
        Err(WebhookRefusal::Failed(AppError::Unavailable(p))) => {
            problem_response(StatusCode::SERVICE_UNAVAILABLE, "unavailable", &p)
        }
        Err(WebhookRefusal::Failed(e)) => WebError::api(e).into_response(),
    }
}

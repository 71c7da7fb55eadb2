//! `/api/v1/policy-revisions`: revisions (見直し) of the policy opened by an audit
//! finding, an incident's lessons or a law's amendment; a document's revisions, and
//! those a record led to. Authorization is the same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::review::revisions::{RevisionInput, RevisionView};
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/policy-revisions" => get(list_from).post(open_revision),
        "/policies/{id}/revisions" => get(of_document),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(list_from, open_revision, of_document),
    components(schemas(RevisionInput, RevisionView))
)]
pub struct RevisionsDoc;

/// The record whose revisions are asked for.
#[derive(Debug, Default, Deserialize, IntoParams)]
#[serde(default)]
pub struct SourceQuery {
    /// A finding, incident or law amendment id.
    pub source: Option<Uuid>,
}

/// The revisions a finding, incident or amendment led to (of documents the caller reads).
#[utoipa::path(get, path = "/policy-revisions", tag = "review", params(SourceQuery), responses((status = 200, body = Vec<RevisionView>), (status = 422, body = ApiError)))]
pub async fn list_from(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<SourceQuery>,
) -> ApiResult<Json<Vec<RevisionView>>> {
    let r = match q.source {
        Some(source) => s.app.revisions_from(&a.actor, source).await,
        None => Err(mamori_app::AppError::field(
            "source",
            "見直しの契機となった記録を指定してください。",
            "Give the record (source).",
        )),
    };
    Ok(Json(api(r)?))
}

/// Opens a revision: it joins the version being prepared or drafts the next one, with
/// what led to it (the caller edits the document and reads the record).
#[utoipa::path(post, path = "/policy-revisions", tag = "review", request_body = RevisionInput, responses((status = 201, body = RevisionView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn open_revision(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<RevisionInput>,
) -> ApiResult<Response> {
    let v = api(s.app.open_policy_revision(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// A document's revisions, the latest first.
#[utoipa::path(get, path = "/policies/{id}/revisions", tag = "review", params(("id" = Uuid, Path)), responses((status = 200, body = Vec<RevisionView>), (status = 404, body = ApiError)))]
pub async fn of_document(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<RevisionView>>> {
    Ok(Json(api(s.app.policy_revisions(&a.actor, id).await)?))
}

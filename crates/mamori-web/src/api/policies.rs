//! `/api/v1/policies`: policy documents, their versions, the committee's approval and
//! the difference between versions. Bodies are the application's own inputs, so the
//! API accepts exactly what the forms accept; a document the caller may not read is a
//! 404.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::policies::acks::{AckInput, CampaignInput, CampaignView, CoverageView, MyAck};
use mamori_app::policies::{
    ApprovalInput, DiffView, DocumentInput, DocumentSummary, DocumentView, DraftInput, StepInput,
    VersionView,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/policies" => get(list_policies).post(create_policy),
        "/policies/{id}" => get(get_policy).put(update_policy),
        "/policies/{id}/diff" => get(diff_versions),
        "/policies/{id}/versions" => post(new_version),
        "/policies/{id}/versions/{version}" => get(get_version).put(save_draft).delete(discard_draft),
        "/policies/{id}/versions/{version}/move" => post(move_version),
        "/policies/{id}/versions/{version}/approve" => post(approve_version),
        "/policies/{id}/campaigns" => get(list_campaigns),
        "/policies/{id}/versions/{version}/campaigns" => post(start_campaign),
        "/acknowledgements/mine" => get(my_acknowledgements),
        "/acknowledgements/{id}" => get(coverage).post(acknowledge),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_policies,
        create_policy,
        get_policy,
        update_policy,
        diff_versions,
        new_version,
        get_version,
        save_draft,
        discard_draft,
        move_version,
        approve_version
    ),
    components(schemas(
        DocumentSummary,
        DocumentView,
        VersionView,
        DiffView,
        DocumentInput,
        DraftInput,
        StepInput,
        ApprovalInput,
        PolicyCreated,
        VersionCreated,
        mamori_app::policies::VersionSummary,
        mamori_app::policies::SectionView,
        mamori_app::policies::AttachmentView
    ))
)]
pub struct PolicyDoc;

/// The document just created (its first version is a draft).
#[derive(Serialize, ToSchema)]
pub struct PolicyCreated {
    pub id: Uuid,
}

/// The version just started.
#[derive(Serialize, ToSchema)]
pub struct VersionCreated {
    pub version: i32,
}

/// Which versions to compare.
#[derive(Deserialize, IntoParams)]
pub struct DiffParams {
    /// The older version.
    pub from: i32,
    /// The newer version.
    pub to: i32,
}

/// The documents the caller may read, by number.
#[utoipa::path(get, path = "/policies", tag = "policies", responses((status = 200, body = [DocumentSummary])))]
pub async fn list_policies(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<DocumentSummary>>> {
    Ok(Json(api(s.app.policy_documents(&a.actor).await)?))
}

/// Starts a document with its first draft.
#[utoipa::path(post, path = "/policies", tag = "policies", request_body = DocumentInput, responses((status = 201, body = PolicyCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_policy(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<DocumentInput>,
) -> ApiResult<Response> {
    let id = api(s.app.create_policy_document(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(PolicyCreated { id })).into_response())
}

/// A document with its versions, newest first.
#[utoipa::path(get, path = "/policies/{id}", tag = "policies", params(("id" = Uuid, Path)), responses((status = 200, body = DocumentView), (status = 404, body = ApiError)))]
pub async fn get_policy(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DocumentView>> {
    Ok(Json(api(s.app.policy_document(&a.actor, id).await)?))
}

/// Changes a document's tier, disclosure, department and governed controls.
#[utoipa::path(put, path = "/policies/{id}", tag = "policies", params(("id" = Uuid, Path)), request_body = DocumentInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_policy(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<DocumentInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_policy_document(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The difference between two versions, section by section.
#[utoipa::path(get, path = "/policies/{id}/diff", tag = "policies", params(("id" = Uuid, Path), DiffParams), responses((status = 200, body = DiffView), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn diff_versions(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Query(q): Query<DiffParams>,
) -> ApiResult<Json<DiffView>> {
    Ok(Json(api(s
        .app
        .policy_diff(&a.actor, id, q.from, q.to)
        .await)?))
}

/// Starts the next version as a draft from the newest text.
#[utoipa::path(post, path = "/policies/{id}/versions", tag = "policies", params(("id" = Uuid, Path)), responses((status = 201, body = VersionCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn new_version(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let version = api(s.app.new_policy_draft(&a.actor, id).await)?;
    Ok((StatusCode::CREATED, Json(VersionCreated { version })).into_response())
}

/// One version with its text, sections and originals.
#[utoipa::path(get, path = "/policies/{id}/versions/{version}", tag = "policies", params(("id" = Uuid, Path), ("version" = i32, Path)), responses((status = 200, body = VersionView), (status = 404, body = ApiError)))]
pub async fn get_version(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, version)): Path<(Uuid, i32)>,
) -> ApiResult<Json<VersionView>> {
    Ok(Json(api(s
        .app
        .policy_version(&a.actor, id, version)
        .await)?))
}

/// Saves a draft's title, text and note.
#[utoipa::path(put, path = "/policies/{id}/versions/{version}", tag = "policies", params(("id" = Uuid, Path), ("version" = i32, Path)), request_body = DraftInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn save_draft(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, version)): Path<(Uuid, i32)>,
    Json(w): Json<DraftInput>,
) -> ApiResult<StatusCode> {
    api(s.app.save_policy_draft(&a.actor, id, version, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Discards a draft that is not the document's only version.
#[utoipa::path(delete, path = "/policies/{id}/versions/{version}", tag = "policies", params(("id" = Uuid, Path), ("version" = i32, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn discard_draft(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, version)): Path<(Uuid, i32)>,
) -> ApiResult<StatusCode> {
    api(s.app.discard_policy_draft(&a.actor, id, version).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Submits a draft for review, or returns a version in review to draft.
#[utoipa::path(post, path = "/policies/{id}/versions/{version}/move", tag = "policies", params(("id" = Uuid, Path), ("version" = i32, Path)), request_body = StepInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn move_version(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, version)): Path<(Uuid, i32)>,
    Json(w): Json<StepInput>,
) -> ApiResult<StatusCode> {
    api(s
        .app
        .move_policy_version(&a.actor, id, version, w.step())
        .await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the committee's approval of a version in review.
#[utoipa::path(post, path = "/policies/{id}/versions/{version}/approve", tag = "policies", params(("id" = Uuid, Path), ("version" = i32, Path)), request_body = ApprovalInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn approve_version(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, version)): Path<(Uuid, i32)>,
    Json(w): Json<ApprovalInput>,
) -> ApiResult<StatusCode> {
    api(s
        .app
        .approve_policy_version(&a.actor, id, version, &w)
        .await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The campaign just started.
#[derive(Serialize, ToSchema)]
pub struct CampaignCreated {
    pub id: Uuid,
}

/// Which department's names to show.
#[derive(Deserialize, IntoParams)]
pub struct CoverageParams {
    /// A department (id): its rows split by the departments under it, and the names of
    /// its people for those who answer for it.
    pub department: Option<Uuid>,
}

/// A document's acknowledgement campaigns, newest first.
#[utoipa::path(get, path = "/policies/{id}/campaigns", tag = "policies", params(("id" = Uuid, Path)), responses((status = 200, body = [CampaignView]), (status = 404, body = ApiError)))]
pub async fn list_campaigns(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<CampaignView>>> {
    Ok(Json(api(s.app.ack_campaigns(&a.actor, id).await)?))
}

/// Asks those bound to acknowledge an approved version.
#[utoipa::path(post, path = "/policies/{id}/versions/{version}/campaigns", tag = "policies", params(("id" = Uuid, Path), ("version" = i32, Path)), request_body = CampaignInput, responses((status = 201, body = CampaignCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn start_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, version)): Path<(Uuid, i32)>,
    Json(w): Json<CampaignInput>,
) -> ApiResult<Response> {
    let id = api(s.app.start_ack_campaign(&a.actor, id, version, &w).await)?;
    Ok((StatusCode::CREATED, Json(CampaignCreated { id })).into_response())
}

/// The open campaigns that bind the caller, with their own due dates.
#[utoipa::path(get, path = "/acknowledgements/mine", tag = "policies", responses((status = 200, body = [MyAck])))]
pub async fn my_acknowledgements(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<MyAck>>> {
    Ok(Json(api(s.app.my_acks(&a.actor).await)?))
}

/// A campaign's coverage by department and category; with `department`, the names
/// there for those who answer for it.
#[utoipa::path(get, path = "/acknowledgements/{id}", tag = "policies", params(("id" = Uuid, Path), CoverageParams), responses((status = 200, body = CoverageView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn coverage(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Query(q): Query<CoverageParams>,
) -> ApiResult<Json<CoverageView>> {
    Ok(Json(api(s
        .app
        .ack_coverage(&a.actor, id, q.department, false)
        .await)?))
}

/// The caller confirms they have read the version (its `text_hash`) and will comply.
#[utoipa::path(post, path = "/acknowledgements/{id}", tag = "policies", params(("id" = Uuid, Path)), request_body = AckInput, responses((status = 204), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn acknowledge(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AckInput>,
) -> ApiResult<StatusCode> {
    api(s.app.acknowledge(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

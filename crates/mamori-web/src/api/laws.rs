//! `/api/v1/laws`: the laws and obligations register (policy §10): laws, their
//! obligations and what meets each, amendments and reviews, the compliance view and
//! the counts. Bodies are the application's own inputs and authorization is the same
//! use case's, so the API accepts exactly what the pages accept.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::compliance::laws::{
    AmendmentInput, AmendmentView, LawCounts, LawDetail, LawInput, LawQuery, LawReviewInput,
    LawReviewView, LawView, LawsCompliance, ObligationInput, ObligationView, RuleLink,
};
use serde::{Deserialize, Serialize};
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/laws" => get(list_laws).post(create_law),
        "/laws/counts" => get(law_counts),
        "/laws/compliance" => get(laws_compliance),
        "/laws/standard" => post(seed_laws),
        "/laws/{id}" => get(get_law).put(update_law),
        "/laws/{id}/repeal" => post(repeal_law),
        "/laws/{id}/obligations" => post(add_obligation),
        "/laws/{id}/obligations/{oid}" => put(update_obligation).delete(delete_obligation),
        "/laws/{id}/amendments" => post(record_amendment),
        "/laws/{id}/reviews" => post(record_review),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_laws,
        create_law,
        law_counts,
        laws_compliance,
        seed_laws,
        get_law,
        update_law,
        repeal_law,
        add_obligation,
        update_obligation,
        delete_obligation,
        record_amendment,
        record_review
    ),
    components(schemas(
        LawView,
        LawDetail,
        LawInput,
        LawCounts,
        LawsCompliance,
        ObligationView,
        ObligationInput,
        RuleLink,
        AmendmentView,
        AmendmentInput,
        LawReviewView,
        LawReviewInput,
        LawCreated,
        RepealInput,
        Seeded
    ))
)]
pub struct LawDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct LawCreated {
    pub id: Uuid,
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(LawCreated { id })).into_response()
}

/// Whether a law is repealed.
#[derive(Deserialize, ToSchema)]
pub struct RepealInput {
    /// `true`: repealed (kept for the record); `false`: in force again.
    pub repealed: bool,
}

/// How many entries of the standard set were added.
#[derive(Serialize, ToSchema)]
pub struct Seeded {
    pub added: usize,
}

/// The register, filtered, by number (repealed laws only when asked for).
#[utoipa::path(get, path = "/laws", tag = "compliance", params(LawQuery), responses((status = 200, body = Vec<LawView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_laws(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<LawQuery>,
) -> ApiResult<Json<Vec<LawView>>> {
    Ok(Json(api(s.app.laws(&a.actor, &q).await)?))
}

/// Adds a law (the top officers).
#[utoipa::path(post, path = "/laws", tag = "compliance", request_body = LawInput, responses((status = 201, body = LawCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_law(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<LawInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_law(&a.actor, &w).await)?))
}

/// The register's figures: laws in force, obligations, those nothing meets, and laws
/// owed a review.
#[utoipa::path(get, path = "/laws/counts", tag = "compliance", responses((status = 200, body = LawCounts), (status = 403, body = ApiError)))]
pub async fn law_counts(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<LawCounts>> {
    Ok(Json(api(s.app.law_counts(&a.actor).await)?))
}

/// Obligations nothing meets, and laws owed a review.
#[utoipa::path(get, path = "/laws/compliance", tag = "compliance", responses((status = 200, body = LawsCompliance), (status = 403, body = ApiError)))]
pub async fn laws_compliance(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<LawsCompliance>> {
    Ok(Json(api(s.app.laws_compliance(&a.actor).await)?))
}

/// Adds the entries of the standard set the register lacks (the top officers).
#[utoipa::path(post, path = "/laws/standard", tag = "compliance", responses((status = 200, body = Seeded), (status = 403, body = ApiError)))]
pub async fn seed_laws(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<Seeded>> {
    Ok(Json(Seeded {
        added: api(s.app.seed_standard_laws(&a.actor).await)?,
    }))
}

/// A law with its obligations, amendments, reviews, and what the caller may do.
#[utoipa::path(get, path = "/laws/{id}", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = LawDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_law(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<LawDetail>> {
    Ok(Json(api(s.app.law(&a.actor, id).await)?))
}

/// Changes a law (its owning department's officers, or the top officers).
#[utoipa::path(put, path = "/laws/{id}", tag = "compliance", params(("id" = Uuid, Path)), request_body = LawInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_law(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<LawInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_law(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks a law repealed, or in force again (the top officers).
#[utoipa::path(post, path = "/laws/{id}/repeal", tag = "compliance", params(("id" = Uuid, Path)), request_body = RepealInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn repeal_law(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<RepealInput>,
) -> ApiResult<StatusCode> {
    api(s.app.set_law_repealed(&a.actor, id, w.repealed).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Adds an obligation with the policy sections and controls that meet it.
#[utoipa::path(post, path = "/laws/{id}/obligations", tag = "compliance", params(("id" = Uuid, Path)), request_body = ObligationInput, responses((status = 201, body = LawCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_obligation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ObligationInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.add_obligation(&a.actor, id, &w).await)?))
}

/// Changes an obligation and what meets it.
#[utoipa::path(put, path = "/laws/{id}/obligations/{oid}", tag = "compliance", params(("id" = Uuid, Path), ("oid" = Uuid, Path)), request_body = ObligationInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_obligation(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, oid)): Path<(Uuid, Uuid)>,
    Json(w): Json<ObligationInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_obligation(&a.actor, id, oid, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Removes an obligation (the audit log keeps what it said).
#[utoipa::path(delete, path = "/laws/{id}/obligations/{oid}", tag = "compliance", params(("id" = Uuid, Path), ("oid" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn delete_obligation(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, oid)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    api(s.app.delete_obligation(&a.actor, id, oid).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records an amendment: the law owes a review, and its owners are told.
#[utoipa::path(post, path = "/laws/{id}/amendments", tag = "compliance", params(("id" = Uuid, Path)), request_body = AmendmentInput, responses((status = 201, body = LawCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_amendment(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AmendmentInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .record_amendment(&a.actor, id, &w)
        .await)?))
}

/// Records a review: it takes in the open amendments and sets the next review.
#[utoipa::path(post, path = "/laws/{id}/reviews", tag = "compliance", params(("id" = Uuid, Path)), request_body = LawReviewInput, responses((status = 201, body = LawCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_review(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<LawReviewInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .record_law_review(&a.actor, id, &w)
        .await)?))
}

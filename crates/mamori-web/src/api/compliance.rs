//! `/api/v1/exceptions`: the exception register (例外措置), asking for an exception,
//! deciding, reviewing, withdrawing and renewing it. `/api/v1/violations`: violation
//! records, for the designated roles only (a 404 to anyone else, every read audited). Bodies are the application's own
//! inputs, so the API accepts exactly what the forms accept, and authorization is the
//! same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::compliance::exceptions::{
    DecisionInput, ExceptionCounts, ExceptionDetail, ExceptionInput, ExceptionQuery, ExceptionView,
    Linked, ReviewInput,
};
use mamori_app::compliance::violations::{
    AssessInput, CodeCount, DecideInput, DoneMeasure, ExplanationInput, MeasureInput,
    ViolationCounts, ViolationInput, ViolationView,
};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, ListPage, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/exceptions" => get(list_exceptions).post(request_exception),
        "/exceptions/counts" => get(exception_counts),
        "/exceptions/{id}" => get(get_exception).put(update_exception),
        "/exceptions/{id}/decision" => post(decide_exception),
        "/exceptions/{id}/review" => post(review_exception),
        "/exceptions/{id}/withdraw" => post(withdraw_exception),
        "/exceptions/{id}/renewal" => post(renew_exception),
        "/violations" => get(list_violations).post(record_violation),
        "/violations/counts" => get(violation_counts),
        "/violations/{id}" => get(get_violation),
        "/violations/{id}/assessment" => post(assess_violation),
        "/violations/{id}/decision" => post(decide_violation),
        "/violations/{id}/explanation" => post(explain_violation),
        "/violations/{id}/measures" => post(record_measure),
        "/violations/{id}/close" => post(close_violation),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_exceptions,
        request_exception,
        exception_counts,
        get_exception,
        update_exception,
        decide_exception,
        review_exception,
        withdraw_exception,
        renew_exception,
        list_violations,
        record_violation,
        violation_counts,
        get_violation,
        assess_violation,
        decide_violation,
        explain_violation,
        record_measure,
        close_violation
    ),
    components(schemas(
        ExceptionView,
        ListPage<ExceptionView>,
        ExceptionDetail,
        ExceptionInput,
        DecisionInput,
        ReviewInput,
        ExceptionCounts,
        Linked,
        ExceptionCreated,
        ViolationView,
        ListPage<ViolationView>,
        ViolationInput,
        AssessInput,
        DecideInput,
        ExplanationInput,
        MeasureInput,
        CloseInput,
        ViolationCounts,
        CodeCount,
        DoneMeasure
    ))
)]
pub struct ComplianceDoc;

/// The exception just asked for.
#[derive(Serialize, ToSchema)]
pub struct ExceptionCreated {
    pub id: Uuid,
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(ExceptionCreated { id })).into_response()
}

/// The register, filtered, newest first.
#[utoipa::path(get, path = "/exceptions", tag = "compliance", params(ExceptionQuery), responses((status = 200, body = ListPage<ExceptionView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_exceptions(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ExceptionQuery>,
) -> ApiResult<Json<ListPage<ExceptionView>>> {
    // The application clamps the page as the register's links need; the API refuses.
    super::page_request(q.page, q.per_page)?;
    Ok(Json(api(s.app.exceptions(&a.actor, &q).await)?.into()))
}

/// Asks for an exception (`urgent`: records one taken at once, to be approved
/// afterwards). The approvers are told.
#[utoipa::path(post, path = "/exceptions", tag = "compliance", request_body = ExceptionInput, responses((status = 201, body = ExceptionCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn request_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ExceptionInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .request_exception(&a.actor, &w, None)
        .await)?))
}

/// How many exceptions are in effect, ending within 30 days, waiting for a decision,
/// and urgent awaiting approval (with those late).
#[utoipa::path(get, path = "/exceptions/counts", tag = "compliance", responses((status = 200, body = ExceptionCounts), (status = 403, body = ApiError)))]
pub async fn exception_counts(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<ExceptionCounts>> {
    Ok(Json(api(s.app.exception_counts(&a.actor).await)?))
}

/// An exception with its rule, assets, renewals, and what the caller may do.
#[utoipa::path(get, path = "/exceptions/{id}", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = ExceptionDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ExceptionDetail>> {
    Ok(Json(api(s.app.exception(&a.actor, id).await)?))
}

/// Changes a request before its decision.
#[utoipa::path(put, path = "/exceptions/{id}", tag = "compliance", params(("id" = Uuid, Path)), request_body = ExceptionInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ExceptionInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_exception(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approves or refuses an exception: the role the organization designates alone.
#[utoipa::path(post, path = "/exceptions/{id}/decision", tag = "compliance", params(("id" = Uuid, Path)), request_body = DecisionInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn decide_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<DecisionInput>,
) -> ApiResult<StatusCode> {
    api(s.app.decide_exception(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a review of an exception in effect (`end`: ends it today).
#[utoipa::path(post, path = "/exceptions/{id}/review", tag = "compliance", params(("id" = Uuid, Path)), request_body = ReviewInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn review_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ReviewInput>,
) -> ApiResult<StatusCode> {
    api(s.app.review_exception(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws a request waiting for its decision.
#[utoipa::path(post, path = "/exceptions/{id}/withdraw", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn withdraw_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.withdraw_exception(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Asks to renew an approved exception: a new request that continues it.
#[utoipa::path(post, path = "/exceptions/{id}/renewal", tag = "compliance", params(("id" = Uuid, Path)), request_body = ExceptionInput, responses((status = 201, body = ExceptionCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn renew_exception(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ExceptionInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .request_exception(&a.actor, &w, Some(id))
        .await)?))
}

/// Which records.
#[derive(Deserialize, IntoParams)]
pub struct ViolationParams {
    /// `suspected`, `confirmed`, `dismissed`, `decided` or `closed`.
    pub state: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// How a record ends.
#[derive(Deserialize, ToSchema)]
pub struct CloseInput {
    /// Found not to be a violation (else: its measures are done).
    #[serde(default)]
    pub dismissed: bool,
}

/// Violation records, newest first: for the designated roles only (404 to others).
#[utoipa::path(get, path = "/violations", tag = "compliance", params(ViolationParams), responses((status = 200, body = ListPage<ViolationView>), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_violations(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ViolationParams>,
) -> ApiResult<Json<ListPage<ViolationView>>> {
    let page = super::page_request(q.page, q.per_page)?;
    Ok(Json(
        api(s.app.violations(&a.actor, q.state.as_deref(), page).await)?.into(),
    ))
}

/// Records a violation (suspected, or confirmed).
#[utoipa::path(post, path = "/violations", tag = "compliance", request_body = ViolationInput, responses((status = 201, body = ExceptionCreated), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_violation(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ViolationInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.record_violation(&a.actor, &w).await)?))
}

/// Counts that name nobody, by state, culpability and impact.
#[utoipa::path(get, path = "/violations/counts", tag = "compliance", responses((status = 200, body = ViolationCounts), (status = 403, body = ApiError)))]
pub async fn violation_counts(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<ViolationCounts>> {
    Ok(Json(api(s.app.violation_counts(&a.actor).await)?))
}

/// One record (the read is audited).
#[utoipa::path(get, path = "/violations/{id}", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = ViolationView), (status = 404, body = ApiError)))]
pub async fn get_violation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ViolationView>> {
    Ok(Json(api(s.app.violation(&a.actor, id).await)?))
}

/// Assesses culpability and impact; the guidance's recommendation follows.
#[utoipa::path(post, path = "/violations/{id}/assessment", tag = "compliance", params(("id" = Uuid, Path)), request_body = AssessInput, responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn assess_violation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AssessInput>,
) -> ApiResult<StatusCode> {
    api(s.app.assess_violation(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the decision taken by the designated role or the committee.
#[utoipa::path(post, path = "/violations/{id}/decision", tag = "compliance", params(("id" = Uuid, Path)), request_body = DecideInput, responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn decide_violation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<DecideInput>,
) -> ApiResult<StatusCode> {
    api(s.app.decide_violation(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records the person's explanation (弁明).
#[utoipa::path(post, path = "/violations/{id}/explanation", tag = "compliance", params(("id" = Uuid, Path)), request_body = ExplanationInput, responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn explain_violation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ExplanationInput>,
) -> ApiResult<StatusCode> {
    api(s.app.explain_violation(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a measure done; `suspend_access` disables the person's account at once.
#[utoipa::path(post, path = "/violations/{id}/measures", tag = "compliance", params(("id" = Uuid, Path)), request_body = MeasureInput, responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_measure(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<MeasureInput>,
) -> ApiResult<StatusCode> {
    api(s.app.record_measure(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Closes a record (its measures done) or dismisses it (no violation).
#[utoipa::path(post, path = "/violations/{id}/close", tag = "compliance", params(("id" = Uuid, Path)), request_body = CloseInput, responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError)))]
pub async fn close_violation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CloseInput>,
) -> ApiResult<StatusCode> {
    api(s.app.close_violation(&a.actor, id, w.dismissed).await)?;
    Ok(StatusCode::NO_CONTENT)
}

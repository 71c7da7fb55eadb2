//! `/api/v1/audits`, `/api/v1/audit-programmes`, `/api/v1/audit-findings`,
//! `/api/v1/corrective-actions`: audit programmes, audits with their plan and stage,
//! findings with the departments' answers, and corrective actions followed up. Bodies
//! are the application's own inputs and authorization is the same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::media::Named;
use mamori_app::review::audit::{
    ActionReport, ActionVerification, ActionView, AuditDetail, AuditInput, AuditView, AuditorInput,
    AuditorView, CorrectiveActionInput, FindingCounts, FindingResponse, FindingView, NewFinding,
    ProgrammeInput, ProgrammeView,
};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/audit-programmes" => get(list_programmes).post(create_programme),
        "/audits" => get(list_audits).post(create_audit),
        "/audits/{id}" => get(get_audit).put(update_audit),
        "/audits/{id}/advance" => post(advance_audit),
        "/audits/{id}/findings" => post(record_finding),
        "/audit-findings/{id}/response" => post(respond),
        "/audit-findings/{id}/actions" => post(plan_action),
        "/audit-findings/{id}/close" => post(close_finding),
        "/corrective-actions/{id}/done" => post(action_done),
        "/corrective-actions/{id}/verify" => post(verify_action),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_programmes,
        create_programme,
        list_audits,
        create_audit,
        get_audit,
        update_audit,
        advance_audit,
        record_finding,
        respond,
        plan_action,
        close_finding,
        action_done,
        verify_action
    ),
    components(schemas(
        ProgrammeView,
        ProgrammeInput,
        AuditView,
        AuditInput,
        AuditorInput,
        AuditorView,
        AuditDetail,
        FindingCounts,
        FindingView,
        NewFinding,
        FindingResponse,
        ActionView,
        CorrectiveActionInput,
        ActionReport,
        ActionVerification,
        Named,
        AuditCreated,
        AuditStage
    ))
)]
pub struct AuditsDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct AuditCreated {
    pub id: Uuid,
}

pub(super) fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(AuditCreated { id })).into_response()
}

/// The stage an audit moved to.
#[derive(Serialize, ToSchema)]
pub struct AuditStage {
    /// `fieldwork`, `reporting` or `closed`.
    pub state: String,
}

/// Every audit programme, latest first.
#[utoipa::path(get, path = "/audit-programmes", tag = "review", responses((status = 200, body = Vec<ProgrammeView>), (status = 403, body = ApiError)))]
pub async fn list_programmes(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<ProgrammeView>>> {
    Ok(Json(api(s.app.audit_programmes(&a.actor).await)?))
}

/// Records an audit programme of several years (the auditors, the top officers).
#[utoipa::path(post, path = "/audit-programmes", tag = "review", request_body = ProgrammeInput, responses((status = 201, body = AuditCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_programme(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ProgrammeInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_programme(&a.actor, &w).await)?))
}

/// Every audit, latest year first, with its findings counted.
#[utoipa::path(get, path = "/audits", tag = "review", responses((status = 200, body = Vec<AuditView>), (status = 403, body = ApiError)))]
pub async fn list_audits(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<AuditView>>> {
    Ok(Json(api(s.app.security_audits(&a.actor).await)?))
}

/// Plans an audit or records an outside auditor's (the auditors, the top officers): an
/// auditor of a department in scope is refused unless the reason is recorded.
#[utoipa::path(post, path = "/audits", tag = "review", request_body = AuditInput, responses((status = 201, body = AuditCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_audit(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<AuditInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_audit(&a.actor, &w).await)?))
}

/// An audit with its findings and their corrective actions.
#[utoipa::path(get, path = "/audits/{id}", tag = "review", params(("id" = Uuid, Path)), responses((status = 200, body = AuditDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_audit(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AuditDetail>> {
    Ok(Json(api(s.app.security_audit(&a.actor, id).await)?))
}

/// Changes an audit's plan (not once it is closed).
#[utoipa::path(put, path = "/audits/{id}", tag = "review", params(("id" = Uuid, Path)), request_body = AuditInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_audit(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AuditInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_audit(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves an audit to its next stage (its auditors, the top officers); closing needs the
/// report's summary.
#[utoipa::path(post, path = "/audits/{id}/advance", tag = "review", params(("id" = Uuid, Path)), responses((status = 200, body = AuditStage), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn advance_audit(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AuditStage>> {
    let state = api(s.app.advance_audit(&a.actor, id).await)?;
    Ok(Json(AuditStage {
        state: state.code().into(),
    }))
}

/// Records a finding (the audit's auditors): graded, about a department in scope,
/// against a criterion.
#[utoipa::path(post, path = "/audits/{id}/findings", tag = "review", params(("id" = Uuid, Path)), request_body = NewFinding, responses((status = 201, body = AuditCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_finding(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<NewFinding>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .record_audit_finding(&a.actor, id, &w)
        .await)?))
}

/// The audited department's answer to a finding.
#[utoipa::path(post, path = "/audit-findings/{id}/response", tag = "review", params(("id" = Uuid, Path)), request_body = FindingResponse, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn respond(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<FindingResponse>,
) -> ApiResult<StatusCode> {
    api(s.app.respond_to_finding(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Plans a corrective action (the audited department), due on or after the finding.
#[utoipa::path(post, path = "/audit-findings/{id}/actions", tag = "review", params(("id" = Uuid, Path)), request_body = CorrectiveActionInput, responses((status = 201, body = AuditCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn plan_action(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CorrectiveActionInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .plan_corrective_action(&a.actor, id, &w)
        .await)?))
}

/// Closes a finding (the audit's auditors): a nonconformity once every action is
/// verified.
#[utoipa::path(post, path = "/audit-findings/{id}/close", tag = "review", params(("id" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn close_finding(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.close_finding(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Reports a corrective action done (the audited department).
#[utoipa::path(post, path = "/corrective-actions/{id}/done", tag = "review", params(("id" = Uuid, Path)), request_body = ActionReport, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn action_done(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ActionReport>,
) -> ApiResult<StatusCode> {
    api(s.app.report_action_done(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Verifies a corrective action reported done, or sends it back (the audit's auditors).
#[utoipa::path(post, path = "/corrective-actions/{id}/verify", tag = "review", params(("id" = Uuid, Path)), request_body = ActionVerification, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn verify_action(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ActionVerification>,
) -> ApiResult<StatusCode> {
    api(s.app.verify_action(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

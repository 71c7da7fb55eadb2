//! `/api/v1/incidents`: the register, a report, an incident with its timeline, tasks
//! and breach assessment, and the CSIRT's steps. Bodies are the application's own
//! inputs, so the API accepts exactly what the forms accept.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;
use mamori_app::incidents::{
    BreachInput, BreachView, EntryInput, IncidentDetail, IncidentQuery, IncidentRef, IncidentRow,
    MoveInput, ReportInput, SubmissionInput, TaskInput, TaskView, TimelineEntry, TriageInput,
};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, ListPage, PageParams, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::{ApiError, WebError};
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/incidents" => get(list_incidents).post(report_incident),
        "/incidents/{id}" => get(get_incident),
        "/incidents/{id}/triage" => post(triage),
        "/incidents/{id}/move" => post(move_incident),
        "/incidents/{id}/timeline" => get(timeline).post(add_entry),
        "/incidents/{id}/tasks" => get(tasks).post(add_task),
        "/incidents/{id}/breach" => get(breach).put(assess_breach),
        "/incidents/{id}/breach/submissions" => post(record_submission),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(list_incidents, report_incident, get_incident, triage, move_incident, timeline, add_entry, tasks, add_task, breach, assess_breach, record_submission),
    components(schemas(IncidentRow, ListPage<IncidentRow>, IncidentRef, IncidentDetail, ReportInput, TriageInput, MoveInput, EntryInput, TimelineEntry, TaskInput, TaskView, BreachInput, BreachView, SubmissionInput, EntryAdded))
)]
pub struct IncidentDoc;

/// The timeline entry just recorded.
#[derive(Serialize, ToSchema)]
pub struct EntryAdded {
    pub seq: i64,
}

/// The incidents the actor may see (the register; without it, their own reports).
#[utoipa::path(get, path = "/incidents", tag = "incidents", params(IncidentQuery, PageParams), responses((status = 200, body = ListPage<IncidentRow>), (status = 422, body = ApiError)))]
pub async fn list_incidents(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<IncidentQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<IncidentRow>>> {
    let page = api(s.app.incidents(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

/// Reports an incident (any staff member).
#[utoipa::path(post, path = "/incidents", tag = "incidents", request_body = ReportInput, responses((status = 201, body = IncidentRef), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn report_incident(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ReportInput>,
) -> ApiResult<Response> {
    let r = api(s.app.report_incident(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

/// An incident: facts, assets, timeline, tasks, breach assessment, events. A
/// restricted one is a 404 to those without need to know; each read is audited.
#[utoipa::path(get, path = "/incidents/{id}", tag = "incidents", params(("id" = Uuid, Path)), responses((status = 200, body = IncidentDetail), (status = 404, body = ApiError)))]
pub async fn get_incident(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<IncidentDetail>> {
    Ok(Json(api(s.app.incident_detail(&a.actor, id).await)?))
}

/// Sets severity, assignee and members (the CSIRT).
#[utoipa::path(post, path = "/incidents/{id}/triage", tag = "incidents", params(("id" = Uuid, Path)), request_body = TriageInput, responses((status = 204), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn triage(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<TriageInput>,
) -> ApiResult<StatusCode> {
    api(s.app.triage_incident(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Moves the incident to another state.
#[utoipa::path(post, path = "/incidents/{id}/move", tag = "incidents", params(("id" = Uuid, Path)), request_body = MoveInput, responses((status = 204), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn move_incident(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<MoveInput>,
) -> ApiResult<StatusCode> {
    api(s.app.move_incident(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The append-only timeline, in the order recorded.
#[utoipa::path(get, path = "/incidents/{id}/timeline", tag = "incidents", params(("id" = Uuid, Path)), responses((status = 200, body = [TimelineEntry]), (status = 404, body = ApiError)))]
pub async fn timeline(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<TimelineEntry>>> {
    Ok(Json(
        api(s.app.incident_detail(&a.actor, id).await)?.timeline,
    ))
}

/// Records an entry (a note, an action, a correction of an earlier entry).
#[utoipa::path(post, path = "/incidents/{id}/timeline", tag = "incidents", params(("id" = Uuid, Path)), request_body = EntryInput, responses((status = 201, body = EntryAdded), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_entry(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<EntryInput>,
) -> ApiResult<Response> {
    let seq = api(s.app.add_incident_entry(&a.actor, id, &w).await)?;
    Ok((StatusCode::CREATED, Json(EntryAdded { seq })).into_response())
}

/// The incident's tasks, open ones first.
#[utoipa::path(get, path = "/incidents/{id}/tasks", tag = "incidents", params(("id" = Uuid, Path)), responses((status = 200, body = [TaskView]), (status = 404, body = ApiError)))]
pub async fn tasks(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<TaskView>>> {
    Ok(Json(api(s.app.incident_detail(&a.actor, id).await)?.tasks))
}

/// Adds a task with its owner and due date.
#[utoipa::path(post, path = "/incidents/{id}/tasks", tag = "incidents", params(("id" = Uuid, Path)), request_body = TaskInput, responses((status = 204), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_task(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<TaskInput>,
) -> ApiResult<StatusCode> {
    api(s.app.add_incident_task(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The personal-data breach assessment with its due dates; 404 when none was made.
#[utoipa::path(get, path = "/incidents/{id}/breach", tag = "incidents", params(("id" = Uuid, Path)), responses((status = 200, body = BreachView), (status = 404, body = ApiError)))]
pub async fn breach(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<BreachView>> {
    let d = api(s.app.incident_detail(&a.actor, id).await)?;
    d.breach
        .map(Json)
        .ok_or_else(|| WebError::api(AppError::NotFound))
}

/// Records (or redoes) the breach assessment; the outcome and due dates follow.
#[utoipa::path(put, path = "/incidents/{id}/breach", tag = "incidents", params(("id" = Uuid, Path)), request_body = BreachInput, responses((status = 200, body = BreachView), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn assess_breach(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<BreachInput>,
) -> ApiResult<Json<BreachView>> {
    api(s.app.assess_breach(&a.actor, id, &w).await)?;
    breach(State(s), a, Path(id)).await
}

/// Records a report filed with the PPC (速報, 確報, 追加報告).
#[utoipa::path(post, path = "/incidents/{id}/breach/submissions", tag = "incidents", params(("id" = Uuid, Path)), request_body = SubmissionInput, responses((status = 204), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_submission(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<SubmissionInput>,
) -> ApiResult<StatusCode> {
    api(s.app.record_submission(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

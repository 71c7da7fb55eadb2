//! `/api/v1/committee`: the security committee's members, meetings with their agenda
//! and minutes, and the numbered decisions, which approve a policy version or accept a
//! risk as they are recorded. Bodies are the application's own inputs and
//! authorization is the same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::review::committee::{
    AgendaCandidate, AgendaInput, AgendaView, CommitteeDecision, DecisionView, MeetingDetail,
    MeetingInput, MeetingView, MemberView, MinutesApproval, MinutesInput, RecordLink,
};
use utoipa::OpenApi;
use uuid::Uuid;

use super::audits::{AuditCreated, created};
use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/committee/members" => get(list_members),
        "/committee/meetings" => get(list_meetings).post(schedule_meeting),
        "/committee/meetings/{id}" => get(get_meeting).put(update_meeting),
        "/committee/meetings/{id}/hold" => post(hold_meeting),
        "/committee/meetings/{id}/agenda" => post(add_item),
        "/committee/meetings/{id}/decisions" => post(record_decision),
        "/committee/meetings/{id}/minutes" => put(save_minutes),
        "/committee/meetings/{id}/approve-minutes" => post(approve_minutes),
        "/committee/agenda/{id}" => delete(remove_item),
        "/committee/agenda-candidates" => get(list_candidates),
        "/committee/decisions" => get(list_decisions),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_members,
        list_meetings,
        schedule_meeting,
        get_meeting,
        update_meeting,
        hold_meeting,
        add_item,
        record_decision,
        save_minutes,
        approve_minutes,
        remove_item,
        list_candidates,
        list_decisions
    ),
    components(schemas(
        MemberView,
        MeetingView,
        MeetingInput,
        MeetingDetail,
        AgendaView,
        AgendaInput,
        AgendaCandidate,
        RecordLink,
        DecisionView,
        CommitteeDecision,
        MinutesInput,
        MinutesApproval
    ))
)]
pub struct CommitteeDoc;

/// The committee's members today: the CISO, the deputy and those appointed to it.
#[utoipa::path(get, path = "/committee/members", tag = "review", responses((status = 200, body = Vec<MemberView>), (status = 403, body = ApiError)))]
pub async fn list_members(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<MemberView>>> {
    Ok(Json(api(s.app.committee_members(&a.actor).await)?))
}

/// Every meeting, the latest first.
#[utoipa::path(get, path = "/committee/meetings", tag = "review", responses((status = 200, body = Vec<MeetingView>), (status = 403, body = ApiError)))]
pub async fn list_meetings(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<MeetingView>>> {
    Ok(Json(api(s.app.committee_meetings(&a.actor).await)?))
}

/// Schedules a meeting (the CISO, the deputy); attendees sit on the committee that day.
#[utoipa::path(post, path = "/committee/meetings", tag = "review", request_body = MeetingInput, responses((status = 201, body = AuditCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn schedule_meeting(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<MeetingInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.schedule_meeting(&a.actor, &w).await)?))
}

/// A meeting with its agenda, decisions and minutes.
#[utoipa::path(get, path = "/committee/meetings/{id}", tag = "review", params(("id" = Uuid, Path)), responses((status = 200, body = MeetingDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_meeting(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<MeetingDetail>> {
    Ok(Json(api(s.app.committee_meeting(&a.actor, id).await)?))
}

/// Changes a meeting's title, place, attendees and guests (its day while scheduled).
#[utoipa::path(put, path = "/committee/meetings/{id}", tag = "review", params(("id" = Uuid, Path)), request_body = MeetingInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_meeting(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<MeetingInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_meeting(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Marks a meeting held, on or after its day.
#[utoipa::path(post, path = "/committee/meetings/{id}/hold", tag = "review", params(("id" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn hold_meeting(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.hold_meeting(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Puts an item on the agenda: the record it brings must exist and be decidable.
#[utoipa::path(post, path = "/committee/meetings/{id}/agenda", tag = "review", params(("id" = Uuid, Path)), request_body = AgendaInput, responses((status = 201, body = AuditCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_item(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AgendaInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.add_agenda_item(&a.actor, id, &w).await)?))
}

/// Records the decision on an item of a meeting held; approving a policy version or
/// accepting a risk changes that record in the same write.
#[utoipa::path(post, path = "/committee/meetings/{id}/decisions", tag = "review", params(("id" = Uuid, Path)), request_body = CommitteeDecision, responses((status = 200, body = DecisionView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_decision(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CommitteeDecision>,
) -> ApiResult<Json<DecisionView>> {
    Ok(Json(api(s.app.record_decision(&a.actor, id, &w).await)?))
}

/// Writes a held meeting's minutes (Markdown), until they are approved.
#[utoipa::path(put, path = "/committee/meetings/{id}/minutes", tag = "review", params(("id" = Uuid, Path)), request_body = MinutesInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn save_minutes(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<MinutesInput>,
) -> ApiResult<StatusCode> {
    api(s.app.save_minutes(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Approves an earlier meeting's minutes at this later, held meeting.
#[utoipa::path(post, path = "/committee/meetings/{id}/approve-minutes", tag = "review", params(("id" = Uuid, Path)), request_body = MinutesApproval, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn approve_minutes(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<MinutesApproval>,
) -> ApiResult<StatusCode> {
    api(s.app.approve_minutes(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes an undecided item off the agenda of a meeting not yet held.
#[utoipa::path(delete, path = "/committee/agenda/{id}", tag = "review", params(("id" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn remove_item(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.remove_agenda_item(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records waiting for the committee: versions in review, risks to accept, exceptions,
/// audit reports, incidents, and (to their readers) violations.
#[utoipa::path(get, path = "/committee/agenda-candidates", tag = "review", responses((status = 200, body = Vec<AgendaCandidate>), (status = 403, body = ApiError)))]
pub async fn list_candidates(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<AgendaCandidate>>> {
    Ok(Json(api(s.app.agenda_candidates(&a.actor).await)?))
}

/// Every decision, the latest first: the numbers other records cite.
#[utoipa::path(get, path = "/committee/decisions", tag = "review", responses((status = 200, body = Vec<DecisionView>), (status = 403, body = ApiError)))]
pub async fn list_decisions(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<DecisionView>>> {
    Ok(Json(api(s.app.committee_decisions(&a.actor).await)?))
}

//! `/api/v1/areas`, `/api/v1/entries`, `/api/v1/badges`: physical security — places
//! and their authorized lists, the entry log with a door system's bulk ingest, and the
//! badges. Bodies are the application's own inputs and authorization is the same use
//! case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::physical::{
    AreaDetail, AreaEntryInput, BadgeInput, BadgeView, EntryBatch, EntryQuery, EntryView,
    GrantInput, GrantView, IngestReport, LogColumns, Person, PlaceInput, PlaceView, ReviewView,
    SettleInput, SignoffInput, SignoffView,
};
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, ListPage, PageParams, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/areas" => get(list_areas).post(create_area),
        "/areas/{id}" => get(get_area).put(update_area),
        "/areas/{id}/grants" => post(add_grant),
        "/areas/{id}/entries" => post(add_entry),
        "/areas/{id}/entries/{eid}/settle" => post(settle_entry),
        "/areas/{id}/signoff" => post(sign_off),
        "/entries" => get(list_entries).post(ingest_entries),
        "/badges" => get(list_badges).post(add_badge),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_areas,
        create_area,
        get_area,
        update_area,
        add_grant,
        add_entry,
        settle_entry,
        sign_off,
        list_entries,
        ingest_entries,
        list_badges,
        add_badge
    ),
    components(schemas(
        PlaceView,
        PlaceInput,
        AreaDetail,
        GrantView,
        GrantInput,
        ReviewView,
        SignoffView,
        SignoffInput,
        EntryView,
        AreaEntryInput,
        EntryBatch,
        IngestReport,
        SettleInput,
        BadgeView,
        BadgeInput,
        LogColumns,
        Person,
        ListPage<EntryView>,
        PlaceCreated
    ))
)]
pub struct PhysicalDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct PlaceCreated {
    pub id: Uuid,
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(PlaceCreated { id })).into_response()
}

/// Every building, floor and area in tree order, with each area's entries awaiting
/// its manager and whether its list is due for review.
#[utoipa::path(get, path = "/areas", tag = "physical", responses((status = 200, body = Vec<PlaceView>), (status = 403, body = ApiError)))]
pub async fn list_areas(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<Vec<PlaceView>>> {
    Ok(Json(api(s.app.places(&a.actor).await)?))
}

/// Adds a building, floor or area (the system administrators).
#[utoipa::path(post, path = "/areas", tag = "physical", request_body = PlaceInput, responses((status = 201, body = PlaceCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_area(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<PlaceInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_place(&a.actor, &w).await)?))
}

/// A place with its authorized list, latest review, today's entries and open flags
/// (for those who may read its log) and sign-offs.
#[utoipa::path(get, path = "/areas/{id}", tag = "physical", params(("id" = Uuid, Path)), responses((status = 200, body = AreaDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_area(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AreaDetail>> {
    Ok(Json(api(s.app.area(&a.actor, id).await)?))
}

/// Changes a place.
#[utoipa::path(put, path = "/areas/{id}", tag = "physical", params(("id" = Uuid, Path)), request_body = PlaceInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_area(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<PlaceInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_place(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Grants a person or a role leave to enter the area unescorted (its manager, or the
/// system administrators).
#[utoipa::path(post, path = "/areas/{id}/grants", tag = "physical", params(("id" = Uuid, Path)), request_body = GrantInput, responses((status = 201, body = PlaceCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_grant(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<GrantInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.add_grant(&a.actor, id, &w).await)?))
}

/// Records one entry at the area's door, flagged as it is written.
#[utoipa::path(post, path = "/areas/{id}/entries", tag = "physical", params(("id" = Uuid, Path)), request_body = AreaEntryInput, responses((status = 201, body = PlaceCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_entry(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AreaEntryInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.add_entry(&a.actor, id, &w).await)?))
}

/// Settles a flagged entry with what the manager found.
#[utoipa::path(post, path = "/areas/{id}/entries/{eid}/settle", tag = "physical", params(("id" = Uuid, Path), ("eid" = Uuid, Path)), request_body = SettleInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn settle_entry(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, eid)): Path<(Uuid, Uuid)>,
    Json(w): Json<SettleInput>,
) -> ApiResult<StatusCode> {
    api(s.app.settle_entry(&a.actor, id, eid, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Signs a month of the area's log off: the month is over and every flag settled.
#[utoipa::path(post, path = "/areas/{id}/signoff", tag = "physical", params(("id" = Uuid, Path)), request_body = SignoffInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn sign_off(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<SignoffInput>,
) -> ApiResult<StatusCode> {
    api(s.app.sign_off(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The entry log of the areas the caller may read, latest first.
#[utoipa::path(get, path = "/entries", tag = "physical", params(EntryQuery, PageParams), responses((status = 200, body = ListPage<EntryView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_entries(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<EntryQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<EntryView>>> {
    let page = api(s.app.entries(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

/// A door system's batch: every entry names its area by code and is checked as one
/// typed at the door; all are written or none, each problem named by its position
/// (`entries[3].badge`). Entries already in the log are counted, not written again.
#[utoipa::path(post, path = "/entries", tag = "physical", request_body = EntryBatch, responses((status = 200, body = IngestReport), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn ingest_entries(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<EntryBatch>,
) -> ApiResult<Json<IngestReport>> {
    Ok(Json(api(s.app.ingest_entries(&a.actor, &w.entries).await)?))
}

/// Every badge and its holder (none: a visitor card).
#[utoipa::path(get, path = "/badges", tag = "physical", responses((status = 200, body = Vec<BadgeView>), (status = 403, body = ApiError)))]
pub async fn list_badges(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<BadgeView>>> {
    Ok(Json(api(s.app.badges(&a.actor).await)?))
}

/// Issues a badge (the system administrators).
#[utoipa::path(post, path = "/badges", tag = "physical", request_body = BadgeInput, responses((status = 201, body = PlaceCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_badge(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<BadgeInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.add_badge(&a.actor, &w).await)?))
}

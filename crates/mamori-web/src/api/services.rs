//! `/api/v1/services`: the external service register (外部サービス): services with
//! their ceilings, ISMAP listing, data location, terms, administrators and the assets
//! on them (those above the ceiling flagged), and the counts. Bodies are the
//! application's own inputs and authorization is the same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::compliance::services::{
    AssetService, PlacedAsset, ServiceAdmin, ServiceCounts, ServiceDetail, ServiceInput,
    ServiceQuery, ServiceView,
};
use serde::Serialize;
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
        "/services" => get(list_services).post(create_service),
        "/services/counts" => get(service_counts),
        "/services/{id}" => get(get_service).put(update_service),
        "/assets/{id}/services" => get(asset_services),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_services,
        create_service,
        service_counts,
        get_service,
        update_service,
        asset_services
    ),
    components(schemas(
        ServiceView,
        ServiceDetail,
        ServiceInput,
        ServiceCounts,
        PlacedAsset,
        ServiceAdmin,
        AssetService,
        ServiceCreated
    ))
)]
pub struct ServiceDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct ServiceCreated {
    pub id: Uuid,
}

/// The services under the filters, by number.
#[utoipa::path(get, path = "/services", tag = "compliance", params(ServiceQuery), responses((status = 200, body = Vec<ServiceView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_services(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ServiceQuery>,
) -> ApiResult<Json<Vec<ServiceView>>> {
    Ok(Json(api(s.app.services(&a.actor, &q).await)?))
}

/// Adds a service (its ceiling checked against the classification scheme, its ISMAP
/// expiry not before its listing).
#[utoipa::path(post, path = "/services", tag = "compliance", request_body = ServiceInput, responses((status = 201, body = ServiceCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_service(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ServiceInput>,
) -> ApiResult<Response> {
    let id = api(s.app.create_service(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(ServiceCreated { id })).into_response())
}

/// The register's figures: services in use, holding assets above their ceiling, with
/// a listing lapsing, cloud services unlisted, deletions not confirmed.
#[utoipa::path(get, path = "/services/counts", tag = "compliance", responses((status = 200, body = ServiceCounts), (status = 403, body = ApiError)))]
pub async fn service_counts(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<ServiceCounts>> {
    Ok(Json(api(s.app.service_counts(&a.actor).await)?))
}

/// A service with the assets on it (restricted ones outside the reader's need-to-know
/// only counted) and its administrators.
#[utoipa::path(get, path = "/services/{id}", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = ServiceDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_service(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ServiceDetail>> {
    Ok(Json(api(s.app.service(&a.actor, id).await)?))
}

/// Changes a service.
#[utoipa::path(put, path = "/services/{id}", tag = "compliance", params(("id" = Uuid, Path)), request_body = ServiceInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_service(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ServiceInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_service(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The services an asset is placed on, each with where the asset goes over its
/// ceiling.
#[utoipa::path(get, path = "/assets/{id}/services", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = Vec<AssetService>), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn asset_services(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<AssetService>>> {
    Ok(Json(api(s.app.asset_services(&a.actor, id).await)?))
}

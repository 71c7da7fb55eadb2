//! `/api/v1/assets`, relations and classification schemes.
//!
//! Bodies are the application's own types (`AssetInput` in, `AssetView` out), so the
//! API accepts exactly what the form and the importer accept, and the OpenAPI schemas
//! are derived on those types. The few types below are the API's own: the application
//! takes a relation or reports a scheme in other terms.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::assets::{AssetInput, AssetQuery, AssetView, BulkAction, RelationView};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::{ApiResult, ListPage, PageParams, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::ApiError;
use crate::session::ApiActor;

/// A relation to add: this asset depends on the asset `to`.
#[derive(Deserialize, ToSchema)]
pub struct RelationWrite {
    /// `stored_on`, `runs_on`, `located_in`, `connected_to`, `depends_on` (or the ja label).
    pub kind: String,
    /// The supporting asset's number.
    pub to: String,
    pub note: Option<String>,
}

/// The id of what was created.
#[derive(Serialize, ToSchema)]
pub struct CreatedDto {
    pub id: Uuid,
}

#[utoipa::path(get, path = "/assets", tag = "assets", params(AssetQuery, PageParams), responses((status = 200, body = ListPage<AssetView>), (status = 403, body = ApiError)))]
pub async fn list_assets(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<AssetQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<AssetView>>> {
    let (page, _, _) = api(s.app.list_assets(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

#[utoipa::path(post, path = "/assets", tag = "assets", request_body = AssetInput, responses((status = 201, body = AssetView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<AssetInput>,
) -> ApiResult<Response> {
    let v = api(s.app.create_asset(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/assets/{id}", tag = "assets", params(("id" = Uuid, Path)), responses((status = 200, body = AssetView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssetView>> {
    Ok(Json(api(s.app.asset_detail(&a.actor, id).await)?.asset))
}

#[utoipa::path(put, path = "/assets/{id}", tag = "assets", params(("id" = Uuid, Path)), request_body = AssetInput, responses((status = 200, body = AssetView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn put_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AssetInput>,
) -> ApiResult<Json<AssetView>> {
    Ok(Json(api(s.app.update_asset(&a.actor, id, &w).await)?))
}

#[utoipa::path(post, path = "/assets/{id}/retire", tag = "assets", params(("id" = Uuid, Path)), responses((status = 200, body = AssetView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn retire_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssetView>> {
    api(s
        .app
        .bulk_assets(&a.actor, &[id], &BulkAction::Retire)
        .await)?;
    Ok(Json(api(s.app.asset_detail(&a.actor, id).await)?.asset))
}

#[utoipa::path(get, path = "/assets/{id}/relations", tag = "assets", params(("id" = Uuid, Path)), responses((status = 200, body = [RelationView]), (status = 404, body = ApiError)))]
pub async fn list_relations(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<RelationView>>> {
    Ok(Json(api(s.app.asset_detail(&a.actor, id).await)?.relations))
}

#[utoipa::path(post, path = "/assets/{id}/relations", tag = "assets", params(("id" = Uuid, Path)), request_body = RelationWrite, responses((status = 201, body = CreatedDto), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_relation(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<RelationWrite>,
) -> ApiResult<Response> {
    let rel = api(s
        .app
        .add_relation(
            &a.actor,
            id,
            &w.to,
            &w.kind,
            w.note.as_deref().unwrap_or(""),
        )
        .await)?;
    Ok((StatusCode::CREATED, Json(CreatedDto { id: rel })).into_response())
}

#[utoipa::path(delete, path = "/assets/{id}/relations/{rel}", tag = "assets", params(("id" = Uuid, Path), ("rel" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn remove_relation(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, rel)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    api(s.app.remove_relation(&a.actor, id, rel).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A classification scheme with its levels and handling rules.
#[derive(Serialize, ToSchema)]
pub struct SchemeDto {
    pub id: Uuid,
    pub name: String,
    /// `mic2022`, `mic2024`, `ipa`, or absent for a scheme of the organization's own.
    pub preset: Option<String>,
    /// New assets are classified under the active scheme.
    pub active: bool,
    /// The `mamori_domain::classification::Scheme` document: scales `c`, `i`, `a`
    /// (levels lowest first, each with code, rank, importance, labels, definitions,
    /// aliases and handling rules) and `importance_rule`.
    #[schema(value_type = Object)]
    pub scheme: serde_json::Value,
}

#[utoipa::path(get, path = "/classification-schemes", tag = "assets", responses((status = 200, body = [SchemeDto]), (status = 403, body = ApiError)))]
pub async fn list_schemes(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<SchemeDto>>> {
    let schemes = api(s.app.schemes(&a.actor).await)?;
    Ok(Json(
        schemes
            .all()
            .into_iter()
            .map(|(m, sc)| SchemeDto {
                id: m.id,
                name: m.name.clone(),
                preset: m.preset.clone(),
                active: m.active,
                scheme: serde_json::to_value(sc).unwrap_or_default(),
            })
            .collect(),
    ))
}

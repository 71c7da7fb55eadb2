//! `/api/v1/risks`, `/threats`, `/vulnerabilities`, `/risk-method` and `/campaigns`.
//!
//! Bodies are the application's own types (`RiskInput` in, `RiskView` out), so the API
//! accepts exactly what the form accepts, and the OpenAPI schemas are derived on those
//! types. The few types below are the API's own: the application takes an acceptance,
//! a draft or the heat map's filters as plain arguments.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::risks::campaigns::{CampaignInput, CampaignView, Drafted};
use mamori_app::risks::{
    CatalogEntryView, HeatMapView, RiskInput, RiskQuery, RiskView, StageInput, StageView,
};
use mamori_domain::risk::{Acceptance, HeatCell, HeatMap, RiskLevel, RiskMethod, Stage};
use serde::Deserialize;
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
        "/risks" => get(list_risks).post(create_risk),
        "/risks/heatmap" => get(heatmap),
        "/risks/{id}" => get(get_risk).put(put_risk),
        "/risks/{id}/accept" => post(accept_risk),
        "/risks/{id}/close" => post(close_risk),
        "/risks/{id}/reopen" => post(reopen_risk),
        "/threats" => get(list_threats),
        "/vulnerabilities" => get(list_vulnerabilities),
        "/risk-method" => get(get_method).put(put_method),
        "/campaigns" => get(list_campaigns).post(create_campaign),
        "/campaigns/{id}" => get(get_campaign),
        "/campaigns/{id}/draft" => post(draft_campaign),
        "/campaigns/{id}/close" => post(close_campaign),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_risks,
        create_risk,
        heatmap,
        get_risk,
        put_risk,
        accept_risk,
        close_risk,
        reopen_risk,
        list_threats,
        list_vulnerabilities,
        get_method,
        put_method,
        list_campaigns,
        create_campaign,
        get_campaign,
        draft_campaign,
        close_campaign
    ),
    components(schemas(
        RiskView,
        ListPage<RiskView>,
        RiskInput,
        StageView,
        StageInput,
        RiskLevel,
        Acceptance,
        AcceptWrite,
        CatalogEntryView,
        HeatMapView,
        HeatMap,
        HeatCell,
        CampaignView,
        CampaignInput,
        DraftWrite,
        Drafted
    ))
)]
pub struct RiskDoc;

/// A formal acceptance, by the organization's designated acceptor.
#[derive(Deserialize, ToSchema)]
pub struct AcceptWrite {
    pub reason: String,
    /// Within three years.
    pub expires_on: String,
}

/// Drafting a campaign's risks for one department.
#[derive(Deserialize, ToSchema)]
pub struct DraftWrite {
    pub department: Uuid,
}

#[utoipa::path(get, path = "/risks", tag = "risks", params(RiskQuery), responses((status = 200, body = ListPage<RiskView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_risks(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<RiskQuery>,
) -> ApiResult<Json<ListPage<RiskView>>> {
    // The application clamps the page as the register's links need; the API refuses.
    super::page_request(q.page, q.per_page)?;
    Ok(Json(api(s.app.list_risks(&a.actor, &q).await)?.into()))
}

#[utoipa::path(post, path = "/risks", tag = "risks", request_body = RiskInput, responses((status = 201, body = RiskView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<RiskInput>,
) -> ApiResult<Response> {
    let v = api(s.app.create_risk(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

/// The heat map's filters: a few of the register's, and the stage it counts (which the
/// application takes beside the query).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HeatParams {
    /// `inherent`, `current` or `residual` (default).
    pub stage: Option<String>,
    pub department: Option<Uuid>,
    pub campaign: Option<Uuid>,
    pub standing: Option<String>,
}

#[utoipa::path(get, path = "/risks/heatmap", tag = "risks", params(HeatParams), responses((status = 200, body = HeatMapView), (status = 403, body = ApiError)))]
pub async fn heatmap(
    State(s): State<WebState>,
    a: ApiActor,
    Query(p): Query<HeatParams>,
) -> ApiResult<Json<HeatMapView>> {
    let stage = p
        .stage
        .as_deref()
        .and_then(|s| Stage::parse(s).ok())
        .unwrap_or(Stage::Residual);
    let q = RiskQuery {
        department: p.department,
        campaign: p.campaign,
        standing: p.standing,
        ..RiskQuery::default()
    };
    Ok(Json(api(s.app.risk_heatmap(&a.actor, &q, stage).await)?))
}

#[utoipa::path(get, path = "/risks/{id}", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = RiskView), (status = 404, body = ApiError)))]
pub async fn get_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.risk(&a.actor, id).await)?))
}

#[utoipa::path(put, path = "/risks/{id}", tag = "risks", params(("id" = Uuid, Path)), request_body = RiskInput, responses((status = 200, body = RiskView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn put_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<RiskInput>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.update_risk(&a.actor, id, &w).await)?))
}

#[utoipa::path(post, path = "/risks/{id}/accept", tag = "risks", params(("id" = Uuid, Path)), request_body = AcceptWrite, responses((status = 200, body = RiskView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn accept_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AcceptWrite>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s
        .app
        .accept_risk(&a.actor, id, &w.reason, &w.expires_on)
        .await)?))
}

#[utoipa::path(post, path = "/risks/{id}/close", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = RiskView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn close_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.close_risk(&a.actor, id).await)?))
}

#[utoipa::path(post, path = "/risks/{id}/reopen", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = RiskView), (status = 403, body = ApiError)))]
pub async fn reopen_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.reopen_risk(&a.actor, id).await)?))
}

#[utoipa::path(get, path = "/threats", tag = "risks", responses((status = 200, body = [CatalogEntryView]), (status = 403, body = ApiError)))]
pub async fn list_threats(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CatalogEntryView>>> {
    Ok(Json(api(s.app.threats(&a.actor).await)?))
}

#[utoipa::path(get, path = "/vulnerabilities", tag = "risks", responses((status = 200, body = [CatalogEntryView]), (status = 403, body = ApiError)))]
pub async fn list_vulnerabilities(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CatalogEntryView>>> {
    Ok(Json(api(s.app.vulnerabilities(&a.actor).await)?))
}

#[utoipa::path(get, path = "/risk-method", tag = "risks", responses((status = 200, body = Object), (status = 403, body = ApiError)))]
pub async fn get_method(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<RiskMethod>> {
    Ok(Json(api(s.app.risk_method(&a.actor).await)?))
}

#[utoipa::path(put, path = "/risk-method", tag = "risks", request_body = Object, responses((status = 200, body = Object), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn put_method(
    State(s): State<WebState>,
    a: ApiActor,
    Json(m): Json<RiskMethod>,
) -> ApiResult<Json<RiskMethod>> {
    api(s.app.save_risk_method(&a.actor, m).await)?;
    Ok(Json(api(s.app.risk_method(&a.actor).await)?))
}

#[utoipa::path(get, path = "/campaigns", tag = "risks", responses((status = 200, body = [CampaignView]), (status = 403, body = ApiError)))]
pub async fn list_campaigns(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CampaignView>>> {
    Ok(Json(api(s.app.campaigns(&a.actor).await)?))
}

#[utoipa::path(post, path = "/campaigns", tag = "risks", request_body = CampaignInput, responses((status = 201, body = CampaignView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<CampaignInput>,
) -> ApiResult<Response> {
    let id = api(s.app.create_campaign(&a.actor, &w).await)?;
    let v = api(s.app.campaign(&a.actor, id).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/campaigns/{id}", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = CampaignView), (status = 404, body = ApiError)))]
pub async fn get_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(api(s.app.campaign(&a.actor, id).await)?))
}

#[utoipa::path(post, path = "/campaigns/{id}/draft", tag = "risks", params(("id" = Uuid, Path)), request_body = DraftWrite, responses((status = 200, body = Drafted), (status = 403, body = ApiError), (status = 409, body = ApiError)))]
pub async fn draft_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<DraftWrite>,
) -> ApiResult<Json<Drafted>> {
    Ok(Json(api(s
        .app
        .draft_campaign_risks(&a.actor, id, w.department)
        .await)?))
}

#[utoipa::path(post, path = "/campaigns/{id}/close", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = CampaignView), (status = 403, body = ApiError), (status = 409, body = ApiError)))]
pub async fn close_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CampaignView>> {
    api(s.app.close_campaign(&a.actor, id).await)?;
    Ok(Json(api(s.app.campaign(&a.actor, id).await)?))
}

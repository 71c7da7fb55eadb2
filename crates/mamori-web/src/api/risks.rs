//! `/api/v1/risks`, `/threats`, `/vulnerabilities`, `/risk-method` and `/campaigns`.
//!
//! Bodies are the application's own types (`RiskInput` in, `RiskView` out), so the API
//! accepts exactly what the form accepts. The schema types below describe them for
//! OpenAPI; a test keeps their field names equal to the real ones.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::risks::campaigns::{CampaignInput, CampaignView, Drafted};
use mamori_app::risks::{CatalogEntryView, HeatMapView, RiskInput, RiskQuery, RiskView};
use mamori_domain::risk::{RiskMethod, Stage};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiErrorDto, ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
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
        RiskDto,
        RiskPage,
        RiskWrite,
        StageDto,
        StageWrite,
        RiskLevelDto,
        AcceptanceDto,
        AcceptWrite,
        CatalogEntryDto,
        HeatMapDto,
        HeatCellDto,
        CampaignDto,
        CampaignWrite,
        DraftWrite,
        DraftedDto
    ))
)]
pub struct RiskDoc;

/// A risk level of the organization's method.
#[derive(Serialize, ToSchema)]
pub struct RiskLevelDto {
    pub code: String,
    pub label_ja: String,
    pub label_en: String,
    /// `#rrggbb`
    pub colour: String,
}

/// One evaluation.
#[derive(Serialize, ToSchema)]
pub struct StageDto {
    /// `{"Ipa": {importance, likelihood, vulnerability}}` or `{"Matrix": {likelihood, impact}}`.
    #[schema(value_type = Object)]
    pub factors: serde_json::Value,
    /// IPA: 1–27; matrix: likelihood × impact.
    pub score: u8,
    pub level: RiskLevelDto,
    pub above_tolerance: bool,
}

#[derive(Serialize, ToSchema)]
pub struct AcceptanceDto {
    pub by: String,
    pub on: chrono::NaiveDate,
    pub reason: String,
    pub expires_on: chrono::NaiveDate,
}

/// A risk of the register (the serialized `RiskView`).
#[derive(Serialize, ToSchema)]
pub struct RiskDto {
    pub id: Uuid,
    /// `R-0001`
    pub number: String,
    pub title: String,
    pub description: String,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub asset_group: String,
    /// How many assets are linked.
    pub assets: u64,
    pub threat_id: Option<Uuid>,
    pub threat: String,
    pub vulnerability_id: Option<Uuid>,
    pub vulnerability: String,
    pub inherent: Option<StageDto>,
    pub current: Option<StageDto>,
    pub residual: Option<StageDto>,
    /// `reduce`, `accept`, `transfer`, `avoid`.
    pub treatment: Option<String>,
    pub treatment_note: String,
    /// As stored: `draft`, `open`, `closed`.
    pub status: String,
    /// Today: `draft`, `open`, `closed`, or `review` (acceptance expired or review date passed).
    pub standing: String,
    pub owner_staff_id: Option<Uuid>,
    pub owner: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub review_on: Option<chrono::NaiveDate>,
    pub campaign_id: Option<Uuid>,
    pub acceptance: Option<AcceptanceDto>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    pub updated_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Serialize, ToSchema)]
pub struct RiskPage {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub items: Vec<RiskDto>,
}

#[derive(Serialize)]
pub struct RiskPageBody {
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
    pub items: Vec<RiskView>,
}

/// One evaluation as written; all absent means "not evaluated". IPA: importance,
/// likelihood and vulnerability (1–3); matrix: likelihood and impact.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct StageWrite {
    pub importance: Option<u8>,
    pub likelihood: Option<u8>,
    pub vulnerability: Option<u8>,
    pub impact: Option<u8>,
}

/// A risk as written (the `RiskInput`).
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct RiskWrite {
    pub title: String,
    pub description: Option<String>,
    /// Department id, code or path.
    pub department: Option<String>,
    /// Asset numbers.
    pub assets: Option<Vec<String>>,
    pub asset_group: Option<String>,
    /// Threat code (`T-MISSEND`), id or name.
    pub threat: String,
    pub vulnerability: Option<String>,
    pub inherent: Option<StageWrite>,
    pub current: Option<StageWrite>,
    pub residual: Option<StageWrite>,
    /// 低減/受容/移転/回避 or reduce/accept/transfer/avoid.
    pub treatment: Option<String>,
    pub treatment_note: Option<String>,
    /// Employee number, unique name or id.
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub review_on: Option<String>,
    /// Applied control numbers (`AC-0001`).
    pub controls: Option<Vec<String>>,
}

/// A formal acceptance, by the organization's designated acceptor.
#[derive(Deserialize, ToSchema)]
pub struct AcceptWrite {
    pub reason: String,
    /// Within three years.
    pub expires_on: String,
}

#[derive(Serialize, ToSchema)]
pub struct CatalogEntryDto {
    pub id: Uuid,
    pub code: String,
    pub category: String,
    pub category_ja: String,
    pub category_en: String,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// Threats: likelihood 1–3; vulnerabilities: severity 1–3 when set.
    pub rating: Option<u8>,
    pub asset_kinds: Vec<String>,
    pub builtin: bool,
    pub retired: bool,
}

#[derive(Serialize, ToSchema)]
pub struct HeatCellDto {
    pub x: u8,
    pub y: u8,
    pub score: u8,
    /// Index into `levels`.
    pub level: usize,
    pub count: u64,
}

#[derive(Serialize, ToSchema)]
pub struct HeatMapDto {
    pub stage: String,
    #[schema(value_type = Object)]
    pub map: serde_json::Value,
    pub levels: Vec<RiskLevelDto>,
    pub tolerance: usize,
}

#[derive(Serialize, ToSchema)]
pub struct CampaignDto {
    pub id: Uuid,
    pub name: String,
    /// `yearly` or `adhoc`.
    pub kind: String,
    pub fiscal_year: i32,
    /// `open` or `closed`.
    pub status: String,
    pub started_on: Option<chrono::NaiveDate>,
    pub closed_on: Option<chrono::NaiveDate>,
    #[schema(value_type = Vec<Object>)]
    pub departments: Vec<serde_json::Value>,
    #[schema(value_type = Option<Object>)]
    pub snapshot: Option<serde_json::Value>,
}

#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct CampaignWrite {
    pub name: String,
    pub kind: Option<String>,
    pub fiscal_year: Option<i32>,
    pub departments: Option<Vec<Uuid>>,
}

#[derive(Deserialize, ToSchema)]
pub struct DraftWrite {
    pub department: Uuid,
}

#[derive(Serialize, ToSchema)]
pub struct DraftedDto {
    pub risks: usize,
    pub links: usize,
    pub existing: usize,
}

/// Filters of the register (the same as the page's).
#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
#[allow(dead_code)]
pub struct RiskListParams {
    pub q: Option<String>,
    /// Department id (its subtree is included).
    pub department: Option<Uuid>,
    /// `draft`, `open`, `closed`, `review` or `active`.
    pub standing: Option<String>,
    pub treatment: Option<String>,
    pub threat: Option<Uuid>,
    pub vulnerability: Option<Uuid>,
    pub campaign: Option<Uuid>,
    pub asset: Option<Uuid>,
    pub owner: Option<Uuid>,
    /// `inherent`, `current` or `residual` (default): the stage the level and cell filters read.
    pub stage: Option<String>,
    /// A level code.
    pub level: Option<String>,
    /// Only risks above the tolerance.
    pub above: Option<bool>,
    /// A heat-map cell.
    pub x: Option<u8>,
    pub y: Option<u8>,
    /// `number`, `score` or `due`.
    pub sort: Option<String>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

#[utoipa::path(get, path = "/risks", tag = "risks", params(RiskListParams), responses((status = 200, body = RiskPage), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn list_risks(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<RiskQuery>,
) -> ApiResult<Json<RiskPageBody>> {
    super::page_request(q.page, q.per_page)?;
    let page = api(s.app.list_risks(&a.actor, &q).await)?;
    Ok(Json(RiskPageBody {
        page: page.page,
        per_page: page.per_page,
        total: page.total,
        items: page.items,
    }))
}

#[utoipa::path(post, path = "/risks", tag = "risks", request_body = RiskWrite, responses((status = 201, body = RiskDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn create_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<RiskInput>,
) -> ApiResult<Response> {
    let v = api(s.app.create_risk(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct HeatParams {
    /// `inherent`, `current` or `residual` (default).
    pub stage: Option<String>,
    pub department: Option<Uuid>,
    pub campaign: Option<Uuid>,
    pub standing: Option<String>,
}

#[utoipa::path(get, path = "/risks/heatmap", tag = "risks", params(HeatParams), responses((status = 200, body = HeatMapDto), (status = 403, body = ApiErrorDto)))]
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

#[utoipa::path(get, path = "/risks/{id}", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = RiskDto), (status = 404, body = ApiErrorDto)))]
pub async fn get_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.risk(&a.actor, id).await)?))
}

#[utoipa::path(put, path = "/risks/{id}", tag = "risks", params(("id" = Uuid, Path)), request_body = RiskWrite, responses((status = 200, body = RiskDto), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn put_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<RiskInput>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.update_risk(&a.actor, id, &w).await)?))
}

#[utoipa::path(post, path = "/risks/{id}/accept", tag = "risks", params(("id" = Uuid, Path)), request_body = AcceptWrite, responses((status = 200, body = RiskDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
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

#[utoipa::path(post, path = "/risks/{id}/close", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = RiskDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn close_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.close_risk(&a.actor, id).await)?))
}

#[utoipa::path(post, path = "/risks/{id}/reopen", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = RiskDto), (status = 403, body = ApiErrorDto)))]
pub async fn reopen_risk(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<RiskView>> {
    Ok(Json(api(s.app.reopen_risk(&a.actor, id).await)?))
}

#[utoipa::path(get, path = "/threats", tag = "risks", responses((status = 200, body = [CatalogEntryDto]), (status = 403, body = ApiErrorDto)))]
pub async fn list_threats(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CatalogEntryView>>> {
    Ok(Json(api(s.app.threats(&a.actor).await)?))
}

#[utoipa::path(get, path = "/vulnerabilities", tag = "risks", responses((status = 200, body = [CatalogEntryDto]), (status = 403, body = ApiErrorDto)))]
pub async fn list_vulnerabilities(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CatalogEntryView>>> {
    Ok(Json(api(s.app.vulnerabilities(&a.actor).await)?))
}

#[utoipa::path(get, path = "/risk-method", tag = "risks", responses((status = 200, body = Object), (status = 403, body = ApiErrorDto)))]
pub async fn get_method(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<RiskMethod>> {
    Ok(Json(api(s.app.risk_method(&a.actor).await)?))
}

#[utoipa::path(put, path = "/risk-method", tag = "risks", request_body = Object, responses((status = 200, body = Object), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn put_method(
    State(s): State<WebState>,
    a: ApiActor,
    Json(m): Json<RiskMethod>,
) -> ApiResult<Json<RiskMethod>> {
    api(s.app.save_risk_method(&a.actor, m).await)?;
    Ok(Json(api(s.app.risk_method(&a.actor).await)?))
}

#[utoipa::path(get, path = "/campaigns", tag = "risks", responses((status = 200, body = [CampaignDto]), (status = 403, body = ApiErrorDto)))]
pub async fn list_campaigns(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CampaignView>>> {
    Ok(Json(api(s.app.campaigns(&a.actor).await)?))
}

#[utoipa::path(post, path = "/campaigns", tag = "risks", request_body = CampaignWrite, responses((status = 201, body = CampaignDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn create_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<CampaignInput>,
) -> ApiResult<Response> {
    let id = api(s.app.create_campaign(&a.actor, &w).await)?;
    let v = api(s.app.campaign(&a.actor, id).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/campaigns/{id}", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = CampaignDto), (status = 404, body = ApiErrorDto)))]
pub async fn get_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CampaignView>> {
    Ok(Json(api(s.app.campaign(&a.actor, id).await)?))
}

#[utoipa::path(post, path = "/campaigns/{id}/draft", tag = "risks", params(("id" = Uuid, Path)), request_body = DraftWrite, responses((status = 200, body = DraftedDto), (status = 403, body = ApiErrorDto), (status = 409, body = ApiErrorDto)))]
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

#[utoipa::path(post, path = "/campaigns/{id}/close", tag = "risks", params(("id" = Uuid, Path)), responses((status = 200, body = CampaignDto), (status = 403, body = ApiErrorDto), (status = 409, body = ApiErrorDto)))]
pub async fn close_campaign(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<CampaignView>> {
    api(s.app.close_campaign(&a.actor, id).await)?;
    Ok(Json(api(s.app.campaign(&a.actor, id).await)?))
}

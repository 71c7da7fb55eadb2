//! `/api/v1/assets`, relations and classification schemes.
//!
//! Bodies are the application's own types (`AssetInput` in, `AssetView` out), so the
//! API accepts exactly what the form and the importer accept. The schema types below
//! describe them for OpenAPI; a test keeps their field names equal to the real ones.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::assets::{AssetInput, AssetQuery, AssetView, BulkAction};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

use super::{ApiErrorDto, ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::session::ApiActor;

/// A level of one dimension as stored: its code ("3B") and rank (1 = lowest).
#[derive(Serialize, ToSchema)]
pub struct LevelDto {
    pub code: String,
    pub rank: u8,
    pub label_ja: String,
    pub label_en: String,
}

/// An information asset (the serialized `AssetView`).
#[derive(Serialize, ToSchema)]
pub struct AssetDto {
    pub id: Uuid,
    pub number: String,
    /// `data_paper`, `data_electronic`, `hardware`, `software`, `network`, `facility`.
    pub kind: String,
    pub name: String,
    pub description: String,
    pub business_process: String,
    pub department_id: Option<Uuid>,
    pub department_path: Option<String>,
    pub owner_staff_id: Option<Uuid>,
    pub user_scope: String,
    pub medium: String,
    pub location: String,
    /// `none`, `mynumber`, `lgwan`, `internet`.
    pub network_layer: String,
    pub provider: String,
    pub contractor: String,
    /// As records write it: 5年, 永年, 常用, or a date.
    pub retention: Option<String>,
    pub registered_on: Option<chrono::NaiveDate>,
    pub review_on: Option<chrono::NaiveDate>,
    /// `in_use`, `retired`, `disposed`.
    pub status: String,
    pub notes: String,
    /// Kind-specific fields that are filled in: `[field, value]` pairs.
    pub details: Vec<(String, String)>,
    pub scheme_id: Uuid,
    pub c: LevelDto,
    pub i: LevelDto,
    pub a: LevelDto,
    /// 1–3, derived from C/I/A by the organization's rule.
    pub importance: u8,
    /// Required protection: at least the own level, raised by assets that depend on this one.
    pub required_c: LevelDto,
    pub required_i: LevelDto,
    pub required_a: LevelDto,
    pub under_protected: bool,
    /// `none`, `personal`, `sensitive`, `my_number`.
    pub personal_data: String,
    pub ordinance_sensitive: bool,
    pub persons: Option<i64>,
    /// 要配慮 or 特定個人情報: only readers with need-to-know see it; reads are audited.
    pub restricted: bool,
    pub review_overdue: bool,
}

/// An asset as written: every field is text, as in the form and the importer; absent
/// fields are empty.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct AssetWrite {
    /// Empty: the next `A-000123` number is assigned.
    pub number: Option<String>,
    /// A kind code or label; empty: inferred from the medium.
    pub kind: Option<String>,
    pub name: String,
    pub description: Option<String>,
    pub business_process: Option<String>,
    /// Department by id, code, unique name or path.
    pub department: Option<String>,
    /// Responsible staff member by employee number.
    pub owner: Option<String>,
    pub user_scope: Option<String>,
    pub medium: Option<String>,
    pub location: Option<String>,
    pub network_layer: Option<String>,
    pub provider: Option<String>,
    pub contractor: Option<String>,
    /// A date, or 1年 / 5年 / 10年 / 30年 / 永年 / 常用.
    pub retention: Option<String>,
    pub registered_on: Option<String>,
    pub review_on: Option<String>,
    pub status: Option<String>,
    pub notes: Option<String>,
    pub model: Option<String>,
    pub serial: Option<String>,
    pub asset_tag: Option<String>,
    pub vendor: Option<String>,
    pub version: Option<String>,
    pub licence: Option<String>,
    pub segment: Option<String>,
    pub address_range: Option<String>,
    pub building: Option<String>,
    pub room: Option<String>,
    /// Level codes or labels of the scheme (3A, ３, 機密性3, 高 …).
    pub c: String,
    pub i: String,
    pub a: String,
    pub personal_data: Option<String>,
    /// A mark: ○, 1, true …
    pub ordinance_sensitive: Option<String>,
    pub persons: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct AssetPage {
    pub items: Vec<AssetDto>,
    pub page: u64,
    pub per_page: u64,
    pub total: u64,
}

/// What the list returns: the page of views, serialized as [`AssetPage`].
#[derive(Serialize)]
pub struct AssetPageBody {
    items: Vec<AssetView>,
    page: u64,
    per_page: u64,
    total: u64,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AssetListParams {
    /// Free text over number, name, description, business process, medium (width and kana folded).
    pub q: Option<String>,
    pub kind: Option<String>,
    /// Department id; its whole subtree is included.
    pub department: Option<Uuid>,
    /// Level codes of the active scheme.
    pub c: Option<String>,
    pub i: Option<String>,
    pub a: Option<String>,
    pub importance: Option<i16>,
    /// A personal-data kind, or `any`.
    pub personal_data: Option<String>,
    pub network_layer: Option<String>,
    /// `in_use` (default), `retired`, `disposed` or `all`.
    pub status: Option<String>,
    /// Only assets whose review date has passed.
    pub overdue: Option<bool>,
    /// Only assets whose required protection is above their own level.
    pub under_protected: Option<bool>,
    /// `number` (default), `name`, `department`, `importance`, `review`, `updated`.
    pub sort: Option<String>,
    pub desc: Option<bool>,
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

#[derive(Serialize, ToSchema)]
pub struct RelationDto {
    pub id: Uuid,
    /// `stored_on`, `runs_on`, `located_in`, `connected_to`, `depends_on`.
    pub kind: String,
    /// True when this asset depends on the other one.
    pub outgoing: bool,
    pub other_id: Uuid,
    /// `[number, name]`; absent when the other asset is restricted and hidden from you.
    pub other: Option<(String, String)>,
    pub note: String,
}

#[derive(Deserialize, ToSchema)]
pub struct RelationWrite {
    /// `stored_on`, `runs_on`, `located_in`, `connected_to`, `depends_on` (or the ja label).
    pub kind: String,
    /// The supporting asset's number.
    pub to: String,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct CreatedDto {
    pub id: Uuid,
}

#[utoipa::path(get, path = "/assets", tag = "assets", params(AssetListParams), responses((status = 200, body = AssetPage), (status = 403, body = ApiErrorDto)))]
pub async fn list_assets(
    State(s): State<WebState>,
    a: ApiActor,
    Query(p): Query<AssetListParams>,
) -> ApiResult<Json<AssetPageBody>> {
    let q = AssetQuery {
        q: p.q.unwrap_or_default(),
        kind: p.kind.unwrap_or_default(),
        department: p.department,
        c: p.c.unwrap_or_default(),
        i: p.i.unwrap_or_default(),
        a: p.a.unwrap_or_default(),
        importance: p.importance,
        personal_data: p.personal_data.unwrap_or_default(),
        network_layer: p.network_layer.unwrap_or_default(),
        status: p.status.unwrap_or_default(),
        overdue: p.overdue.unwrap_or(false),
        under_protected: p.under_protected.unwrap_or(false),
        sort: p.sort.unwrap_or_default(),
        desc: p.desc.unwrap_or(false),
    };
    let (page, _, _) = api(s
        .app
        .list_assets(&a.actor, &q, super::page_request(p.page, p.per_page)?)
        .await)?;
    Ok(Json(AssetPageBody {
        page: page.page,
        per_page: page.per_page,
        total: page.total,
        items: page.items,
    }))
}

#[utoipa::path(post, path = "/assets", tag = "assets", request_body = AssetWrite, responses((status = 201, body = AssetDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn create_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<AssetInput>,
) -> ApiResult<Response> {
    let v = api(s.app.create_asset(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/assets/{id}", tag = "assets", params(("id" = Uuid, Path)), responses((status = 200, body = AssetDto), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto)))]
pub async fn get_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AssetView>> {
    Ok(Json(api(s.app.asset_detail(&a.actor, id).await)?.asset))
}

#[utoipa::path(put, path = "/assets/{id}", tag = "assets", params(("id" = Uuid, Path)), request_body = AssetWrite, responses((status = 200, body = AssetDto), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
pub async fn put_asset(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AssetInput>,
) -> ApiResult<Json<AssetView>> {
    Ok(Json(api(s.app.update_asset(&a.actor, id, &w).await)?))
}

#[utoipa::path(post, path = "/assets/{id}/retire", tag = "assets", params(("id" = Uuid, Path)), responses((status = 200, body = AssetDto), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto)))]
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

#[utoipa::path(get, path = "/assets/{id}/relations", tag = "assets", params(("id" = Uuid, Path)), responses((status = 200, body = [RelationDto]), (status = 404, body = ApiErrorDto)))]
pub async fn list_relations(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<RelationDto>>> {
    let d = api(s.app.asset_detail(&a.actor, id).await)?;
    Ok(Json(
        d.relations
            .into_iter()
            .map(|r| RelationDto {
                id: r.id,
                kind: r.kind.code().to_owned(),
                outgoing: r.outgoing,
                other_id: r.other_id,
                other: r.other,
                note: r.note,
            })
            .collect(),
    ))
}

#[utoipa::path(post, path = "/assets/{id}/relations", tag = "assets", params(("id" = Uuid, Path)), request_body = RelationWrite, responses((status = 201, body = CreatedDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
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

#[utoipa::path(delete, path = "/assets/{id}/relations/{rel}", tag = "assets", params(("id" = Uuid, Path), ("rel" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto)))]
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

#[utoipa::path(get, path = "/classification-schemes", tag = "assets", responses((status = 200, body = [SchemeDto]), (status = 403, body = ApiErrorDto)))]
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

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use std::collections::BTreeSet;

    use super::*;

    fn schema_fields(name: &str) -> BTreeSet<String> {
        let doc: serde_json::Value = serde_json::from_str(&crate::api::openapi_document()).unwrap();
        doc["components"]["schemas"][name]["properties"]
            .as_object()
            .unwrap()
            .keys()
            .cloned()
            .collect()
    }

    /// The documented write body names exactly the fields the API reads.
    #[test]
    fn asset_write_documents_the_input_fields() {
        let input = serde_json::to_value(AssetInput::default()).unwrap();
        let fields: BTreeSet<String> = input.as_object().unwrap().keys().cloned().collect();
        assert_eq!(schema_fields("AssetWrite"), fields);
    }
}

//! The API of the control catalogs, applied controls, evidence and the Statement of Applicability.
//!
//! Bodies are the application's own types (`AppliedControlInput` in,
//! `AppliedControlView` out, …), so the API accepts what the forms accept, and the
//! OpenAPI schemas are derived on those types. The few types below are the API's own:
//! the application takes an upload, an SoA decision or an approval as plain arguments.

use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;
use mamori_app::controls::soa::{SoaRow, SoaVersionView, SoaView};
use mamori_app::controls::{
    AppliedControlInput, AppliedControlView, CatalogImport, CatalogSummary, ControlQuery,
    ControlRef, EvidenceView,
};
use mamori_domain::catalog::Control;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Multipart, Path, Query};
use crate::error::{ApiError, WebError};
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/catalogs" => get(list_catalogs).post(import_catalog),
        "/catalogs/{id}" => get(get_catalog),
        "/catalogs/{id}/controls" => get(catalog_controls),
        "/applied-controls" => get(list_applied).post(create_applied),
        "/applied-controls/{id}" => get(get_applied).put(put_applied),
        "/applied-controls/{id}/evidence" => get(list_evidence).post(upload_evidence.layer(
            DefaultBodyLimit::max(mamori_domain::evidence::MAX_EVIDENCE_BYTES + 64 * 1024),
        )),
        "/evidence/{id}" => get(download_evidence),
        "/soa/{catalog}" => get(get_soa),
        "/soa/{catalog}/approve" => post(approve_soa),
        "/soa/{catalog}/{control}" => put(put_soa_entry),
        "/treatment-plan" => get(treatment_plan),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_catalogs,
        import_catalog,
        get_catalog,
        catalog_controls,
        list_applied,
        create_applied,
        get_applied,
        put_applied,
        list_evidence,
        upload_evidence,
        download_evidence,
        get_soa,
        put_soa_entry,
        approve_soa,
        treatment_plan
    ),
    components(schemas(
        CatalogSummary,
        CatalogImport,
        Control,
        AppliedControlView,
        AppliedControlInput,
        ControlRef,
        EvidenceView,
        EvidenceUpload,
        SoaView,
        SoaRow,
        SoaVersionView,
        SoaEntryWrite,
        SoaApproveWrite,
        SoaApprovedDto,
        TreatmentPlanDto
    ))
)]
pub struct ControlDoc;

/// The multipart body of an evidence upload, as its parts are read; a part left out is
/// empty.
#[derive(Default, ToSchema)]
pub struct EvidenceUpload {
    /// The file; its name and content must agree on an accepted type.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    #[schema(required = false)]
    pub description: String,
    /// ISO date or 和暦.
    #[schema(required = false)]
    pub expires_on: String,
}

#[derive(Deserialize, ToSchema)]
pub struct SoaEntryWrite {
    pub applicable: bool,
    /// Required when the control does not apply.
    pub justification: Option<String>,
}

#[derive(Deserialize, ToSchema)]
pub struct SoaApproveWrite {
    /// ISO date or 和暦.
    pub approved_on: String,
    /// The approving body, e.g. 情報セキュリティ委員会.
    pub approved_by: String,
    pub note: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SoaApprovedDto {
    pub version: i32,
}

/// The risk treatment plan: one row per (risk, planned control).
#[derive(Serialize, ToSchema)]
pub struct TreatmentPlanDto {
    /// Column names, `日本語 / English`.
    pub headers: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct ImportParams {
    /// Check and report without importing.
    pub dry_run: Option<bool>,
}

#[utoipa::path(get, path = "/catalogs", tag = "controls", responses((status = 200, body = [CatalogSummary]), (status = 403, body = ApiError)))]
async fn list_catalogs(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CatalogSummary>>> {
    Ok(Json(api(s.app.catalogs(&a.actor).await)?))
}

#[utoipa::path(post, path = "/catalogs", tag = "controls", params(ImportParams), request_body(content = String, content_type = "application/toml", description = "A catalog in Mamori's TOML format"), responses((status = 201, body = CatalogImport, description = "Imported"), (status = 200, body = CatalogImport, description = "Dry run: what would change"), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn import_catalog(
    State(s): State<WebState>,
    a: ApiActor,
    Query(p): Query<ImportParams>,
    body: String,
) -> ApiResult<Response> {
    let dry_run = p.dry_run.unwrap_or(false);
    let r: CatalogImport = api(s.app.import_catalog(&a.actor, &body, dry_run).await)?;
    let status = if r.committed {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok((status, Json(r)).into_response())
}

#[utoipa::path(get, path = "/catalogs/{id}", tag = "controls", params(("id" = String, Path)), responses((status = 200, body = CatalogSummary), (status = 404, body = ApiError)))]
async fn get_catalog(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<CatalogSummary>> {
    api(s.app.catalogs(&a.actor).await)?
        .into_iter()
        .find(|c| c.id == id)
        .map(Json)
        .ok_or_else(|| WebError::api(AppError::NotFound))
}

#[utoipa::path(get, path = "/catalogs/{id}/controls", tag = "controls", params(("id" = String, Path)), responses((status = 200, body = [Control], description = "Every entry in reading order"), (status = 404, body = ApiError)))]
async fn catalog_controls(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Control>>> {
    let c = api(s.app.catalog_controls(&a.actor, &id).await)?;
    Ok(Json(c.ordered().into_iter().cloned().collect()))
}

#[utoipa::path(get, path = "/applied-controls", tag = "controls", params(ControlQuery), responses((status = 200, body = [AppliedControlView]), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn list_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ControlQuery>,
) -> ApiResult<Json<Vec<AppliedControlView>>> {
    Ok(Json(api(s.app.applied_controls(&a.actor, &q).await)?))
}

#[utoipa::path(post, path = "/applied-controls", tag = "controls", request_body = AppliedControlInput, responses((status = 201, body = AppliedControlView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn create_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<AppliedControlInput>,
) -> ApiResult<Response> {
    let v = api(s.app.save_applied_control(&a.actor, None, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/applied-controls/{id}", tag = "controls", params(("id" = Uuid, Path)), responses((status = 200, body = AppliedControlView), (status = 404, body = ApiError)))]
async fn get_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AppliedControlView>> {
    Ok(Json(api(s.app.applied_control(&a.actor, id).await)?))
}

#[utoipa::path(put, path = "/applied-controls/{id}", tag = "controls", params(("id" = Uuid, Path)), request_body = AppliedControlInput, responses((status = 200, body = AppliedControlView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn put_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<AppliedControlInput>,
) -> ApiResult<Json<AppliedControlView>> {
    Ok(Json(api(s
        .app
        .save_applied_control(&a.actor, Some(id), &w)
        .await)?))
}

#[utoipa::path(get, path = "/applied-controls/{id}/evidence", tag = "controls", params(("id" = Uuid, Path)), responses((status = 200, body = [EvidenceView]), (status = 404, body = ApiError)))]
async fn list_evidence(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<EvidenceView>>> {
    Ok(Json(
        api(s.app.applied_control(&a.actor, id).await)?.evidence,
    ))
}

#[utoipa::path(post, path = "/applied-controls/{id}/evidence", tag = "controls", params(("id" = Uuid, Path)), request_body(content = EvidenceUpload, content_type = "multipart/form-data"), responses((status = 201, body = EvidenceView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError, description = "The file was refused (field `file`): wrong type, HTML or script, empty or too large")))]
async fn upload_evidence(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Multipart(mut mp): Multipart,
) -> ApiResult<Response> {
    let bad = |_| {
        WebError::api(AppError::field(
            "file",
            "マルチパートの本文を読み取れません。",
            "The multipart body cannot be read.",
        ))
    };
    // The file's name comes with its part, beside the documented fields.
    let (mut name, mut body) = (String::new(), EvidenceUpload::default());
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "description" => body.description = field.text().await.unwrap_or_default(),
            "expires_on" => body.expires_on = field.text().await.unwrap_or_default(),
            "file" => {
                name = field.file_name().unwrap_or("").to_owned();
                body.file = field.bytes().await.map_err(bad)?.to_vec();
            }
            _ => {}
        }
    }
    let v = api(s
        .app
        .upload_evidence(
            &a.actor,
            id,
            &name,
            body.file,
            &body.description,
            &body.expires_on,
        )
        .await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/evidence/{id}", tag = "controls", params(("id" = Uuid, Path)), responses((status = 200, description = "The file as an attachment, typed by its checked content, with `X-Checksum-SHA256`", content_type = "*/*"), (status = 404, body = ApiError)))]
async fn download_evidence(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let f = api(s.app.evidence_file(&a.actor, id).await)?;
    Ok(crate::pages::controls::evidence_download(f))
}

#[utoipa::path(get, path = "/soa/{catalog}", tag = "controls", params(("catalog" = String, Path)), responses((status = 200, body = SoaView), (status = 404, body = ApiError)))]
async fn get_soa(
    State(s): State<WebState>,
    a: ApiActor,
    Path(catalog): Path<String>,
) -> ApiResult<Json<SoaView>> {
    Ok(Json(api(s.app.soa(&a.actor, &catalog).await)?))
}

#[utoipa::path(put, path = "/soa/{catalog}/{control}", tag = "controls", params(("catalog" = String, Path), ("control" = String, Path)), request_body = SoaEntryWrite, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError, description = "Not applicable without a justification")))]
async fn put_soa_entry(
    State(s): State<WebState>,
    a: ApiActor,
    Path((catalog, control)): Path<(String, String)>,
    Json(w): Json<SoaEntryWrite>,
) -> ApiResult<StatusCode> {
    api(s
        .app
        .set_soa_entry(
            &a.actor,
            &catalog,
            &control,
            w.applicable,
            w.justification.as_deref().unwrap_or(""),
        )
        .await)?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/soa/{catalog}/approve", tag = "controls", params(("catalog" = String, Path)), request_body = SoaApproveWrite, responses((status = 201, body = SoaApprovedDto), (status = 403, body = ApiError), (status = 422, body = ApiError, description = "Undecided controls remain, or a field is missing")))]
async fn approve_soa(
    State(s): State<WebState>,
    a: ApiActor,
    Path(catalog): Path<String>,
    Json(w): Json<SoaApproveWrite>,
) -> ApiResult<Response> {
    let version = api(s
        .app
        .approve_soa(
            &a.actor,
            &catalog,
            &w.approved_on,
            &w.approved_by,
            w.note.as_deref().unwrap_or(""),
        )
        .await)?;
    Ok((StatusCode::CREATED, Json(SoaApprovedDto { version })).into_response())
}

#[utoipa::path(get, path = "/treatment-plan", tag = "controls", responses((status = 200, body = TreatmentPlanDto), (status = 403, body = ApiError)))]
async fn treatment_plan(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<TreatmentPlanDto>> {
    let rows = api(s.app.treatment_plan(&a.actor).await)?;
    Ok(Json(TreatmentPlanDto {
        headers: mamori_app::controls::soa::PLAN_HEADERS
            .iter()
            .map(|h| (*h).to_owned())
            .collect(),
        rows,
    }))
}

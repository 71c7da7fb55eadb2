//! The API of the control catalogs, applied controls, evidence and the Statement of Applicability.
//!
//! Bodies are the application's own types (`AppliedControlInput` in,
//! `AppliedControlView` out, …), so the API accepts what the forms accept; the schema
//! types below describe them for OpenAPI.

use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;
use mamori_app::controls::soa::SoaView;
use mamori_app::controls::{
    AppliedControlInput, AppliedControlView, CatalogImport, CatalogSummary, ControlQuery,
    EvidenceView,
};
use mamori_domain::catalog::Control;
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiErrorDto, ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Multipart, Path, Query};
use crate::error::WebError;
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
        CatalogDto,
        CatalogImportDto,
        CatalogControlDto,
        AppliedControlDto,
        AppliedControlWrite,
        ControlRefDto,
        EvidenceDto,
        EvidenceUpload,
        SoaDto,
        SoaRowDto,
        SoaVersionDto,
        SoaEntryWrite,
        SoaApproveWrite,
        SoaApprovedDto,
        TreatmentPlanDto
    ))
)]
pub struct ControlDoc;

/// A control catalog as listed.
#[derive(Serialize, ToSchema)]
pub struct CatalogDto {
    /// `nist-csf-2.0`, `iso27001-2022`, `mic-guideline`, `basic-policy`, or an imported one's.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub version: String,
    pub source_ja: String,
    pub source_en: String,
    /// E.g. why a catalog carries no titles (ISO/IEC 27001).
    pub note_ja: String,
    pub note_en: String,
    pub builtin: bool,
    /// The organization imported its own version (of a built-in one, or a new catalog).
    pub imported: bool,
    pub controls: usize,
    /// Entries per level (`function` → 6, `category` → 22, `subcategory` → 106).
    pub levels: std::collections::BTreeMap<String, usize>,
}

/// What importing a catalog did, or would do on a dry run.
#[derive(Serialize, ToSchema)]
pub struct CatalogImportDto {
    pub id: String,
    pub controls: usize,
    /// An imported version existed and is replaced.
    pub replaced: bool,
    /// The id is a built-in catalog's, which this import replaces for the organization.
    pub shadows_builtin: bool,
    /// `[control, ref]` pairs whose ref names no known control.
    pub unresolved: Vec<(String, String)>,
    /// False on a dry run.
    pub committed: bool,
}

/// One entry of a catalog, in reading order.
#[derive(Serialize, ToSchema)]
pub struct CatalogControlDto {
    pub id: String,
    /// `""` at the top.
    pub parent: String,
    /// The catalog's name for the tier: function, category, subcategory, chapter, control …
    pub level: String,
    pub chapter: String,
    pub title_ja: String,
    pub title_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// `organizational`, `human`, `physical`, `technical`, `operational`.
    pub category: String,
    /// Related entries as `catalog:control`.
    pub refs: Vec<String>,
}

#[derive(Serialize, ToSchema)]
pub struct ControlRefDto {
    pub catalog: String,
    pub control: String,
    pub title_ja: String,
    pub title_en: String,
}

/// An evidence file's record (the file itself: `GET /evidence/{id}`).
#[derive(Serialize, ToSchema)]
pub struct EvidenceDto {
    pub id: Uuid,
    pub applied_control_id: Uuid,
    pub file_name: String,
    /// `pdf`, `png`, `jpeg`, `text`, `csv`, `xlsx`, `docx`, `pptx`, `odt`, `ods`.
    pub file_type: String,
    pub size: i64,
    /// Hex SHA-256 of the stored bytes.
    pub sha256: String,
    pub description: String,
    pub expires_on: Option<chrono::NaiveDate>,
    /// Past its expiry.
    pub stale: bool,
    pub uploaded_by: String,
    pub uploaded_at: chrono::DateTime<chrono::Utc>,
}

/// An applied control (the serialized `AppliedControlView`).
#[derive(Serialize, ToSchema)]
pub struct AppliedControlDto {
    pub id: Uuid,
    /// `AC-0001`.
    pub number: String,
    pub name: String,
    pub description: String,
    pub category: String,
    /// `not_started`, `in_progress`, `implemented`, `partial`, `not_applicable`.
    pub status: String,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub owner_staff_id: Option<Uuid>,
    pub owner: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub review_on: Option<chrono::NaiveDate>,
    pub review_due: bool,
    pub implements: Vec<ControlRefDto>,
    /// `[id, "R-… title"]` (only on the single control).
    pub risks: Vec<(Uuid, String)>,
    /// `[id, "A-… name"]` (only on the single control).
    pub assets: Vec<(Uuid, String)>,
    pub evidence: Vec<EvidenceDto>,
    /// Some evidence expired, or an implemented control has none.
    pub evidence_stale: bool,
}

/// An applied control as written (`AppliedControlInput`); absent fields are empty.
#[derive(Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct AppliedControlWrite {
    pub name: String,
    pub description: Option<String>,
    /// A category code or label.
    pub category: String,
    /// A status code or label; empty: not started.
    pub status: Option<String>,
    /// Department id, code or path.
    pub department: Option<String>,
    /// Employee number, name or staff id.
    pub owner: Option<String>,
    pub due_on: Option<String>,
    pub review_on: Option<String>,
    /// Catalog controls as `catalog:control` (`nist-csf-2.0:PR.AA-01`).
    pub implements: Option<Vec<String>>,
    /// Asset numbers.
    pub assets: Option<Vec<String>>,
    /// Risk numbers.
    pub risks: Option<Vec<String>>,
}

/// The multipart body of an evidence upload.
#[derive(ToSchema)]
#[allow(dead_code)]
pub struct EvidenceUpload {
    /// The file; its name and content must agree on an accepted type.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    pub description: Option<String>,
    /// ISO date or 和暦.
    pub expires_on: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct SoaRowDto {
    pub control: String,
    pub title_ja: String,
    pub title_en: String,
    /// Parents, as `GV > GV.OC`.
    pub section: String,
    /// Null until decided.
    pub applicable: Option<bool>,
    pub justification: String,
    /// From the applied controls; null when none covers it.
    pub status: Option<String>,
    pub applied: Vec<String>,
    pub evidence: usize,
    pub stale_evidence: usize,
}

#[derive(Serialize, ToSchema)]
pub struct SoaVersionDto {
    pub version: i32,
    pub approved_on: Option<chrono::NaiveDate>,
    pub approved_by: String,
    pub note: String,
}

/// A catalog's Statement of Applicability as it stands.
#[derive(Serialize, ToSchema)]
pub struct SoaDto {
    pub catalog: String,
    pub name_ja: String,
    pub name_en: String,
    pub rows: Vec<SoaRowDto>,
    pub applicable: usize,
    pub not_applicable: usize,
    pub undecided: usize,
    pub implemented: usize,
    pub versions: Vec<SoaVersionDto>,
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

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AppliedListParams {
    /// Free text over number, name and description.
    pub q: Option<String>,
    /// A status code or label.
    pub status: Option<String>,
    /// Department id; its subtree is included.
    pub department: Option<Uuid>,
    /// `catalog:control`.
    pub implements: Option<String>,
}

#[utoipa::path(get, path = "/catalogs", tag = "controls", responses((status = 200, body = [CatalogDto]), (status = 403, body = ApiErrorDto)))]
async fn list_catalogs(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<CatalogSummary>>> {
    Ok(Json(api(s.app.catalogs(&a.actor).await)?))
}

#[utoipa::path(post, path = "/catalogs", tag = "controls", params(ImportParams), request_body(content = String, content_type = "application/toml", description = "A catalog in Mamori's TOML format"), responses((status = 201, body = CatalogImportDto, description = "Imported"), (status = 200, body = CatalogImportDto, description = "Dry run: what would change"), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
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

#[utoipa::path(get, path = "/catalogs/{id}", tag = "controls", params(("id" = String, Path)), responses((status = 200, body = CatalogDto), (status = 404, body = ApiErrorDto)))]
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

#[utoipa::path(get, path = "/catalogs/{id}/controls", tag = "controls", params(("id" = String, Path)), responses((status = 200, body = [CatalogControlDto], description = "Every entry in reading order"), (status = 404, body = ApiErrorDto)))]
async fn catalog_controls(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<String>,
) -> ApiResult<Json<Vec<Control>>> {
    let c = api(s.app.catalog_controls(&a.actor, &id).await)?;
    Ok(Json(c.ordered().into_iter().cloned().collect()))
}

#[utoipa::path(get, path = "/applied-controls", tag = "controls", params(AppliedListParams), responses((status = 200, body = [AppliedControlDto]), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
async fn list_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Query(p): Query<AppliedListParams>,
) -> ApiResult<Json<Vec<AppliedControlView>>> {
    let q = ControlQuery {
        q: p.q,
        status: p.status,
        department: p.department,
        implements: p.implements,
    };
    Ok(Json(api(s.app.applied_controls(&a.actor, &q).await)?))
}

#[utoipa::path(post, path = "/applied-controls", tag = "controls", request_body = AppliedControlWrite, responses((status = 201, body = AppliedControlDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
async fn create_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<AppliedControlInput>,
) -> ApiResult<Response> {
    let v = api(s.app.save_applied_control(&a.actor, None, &w).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/applied-controls/{id}", tag = "controls", params(("id" = Uuid, Path)), responses((status = 200, body = AppliedControlDto), (status = 404, body = ApiErrorDto)))]
async fn get_applied(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<AppliedControlView>> {
    Ok(Json(api(s.app.applied_control(&a.actor, id).await)?))
}

#[utoipa::path(put, path = "/applied-controls/{id}", tag = "controls", params(("id" = Uuid, Path)), request_body = AppliedControlWrite, responses((status = 200, body = AppliedControlDto), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto), (status = 422, body = ApiErrorDto)))]
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

#[utoipa::path(get, path = "/applied-controls/{id}/evidence", tag = "controls", params(("id" = Uuid, Path)), responses((status = 200, body = [EvidenceDto]), (status = 404, body = ApiErrorDto)))]
async fn list_evidence(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<EvidenceView>>> {
    Ok(Json(
        api(s.app.applied_control(&a.actor, id).await)?.evidence,
    ))
}

#[utoipa::path(post, path = "/applied-controls/{id}/evidence", tag = "controls", params(("id" = Uuid, Path)), request_body(content = EvidenceUpload, content_type = "multipart/form-data"), responses((status = 201, body = EvidenceDto), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto), (status = 422, body = ApiErrorDto, description = "The file was refused (field `file`): wrong type, HTML or script, empty or too large")))]
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
    let (mut name, mut bytes, mut description, mut expires_on) =
        (String::new(), Vec::new(), String::new(), String::new());
    while let Some(field) = mp.next_field().await.map_err(bad)? {
        match field.name().unwrap_or("") {
            "description" => description = field.text().await.unwrap_or_default(),
            "expires_on" => expires_on = field.text().await.unwrap_or_default(),
            "file" => {
                name = field.file_name().unwrap_or("").to_owned();
                bytes = field.bytes().await.map_err(bad)?.to_vec();
            }
            _ => {}
        }
    }
    let v = api(s
        .app
        .upload_evidence(&a.actor, id, &name, bytes, &description, &expires_on)
        .await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/evidence/{id}", tag = "controls", params(("id" = Uuid, Path)), responses((status = 200, description = "The file as an attachment, typed by its checked content, with `X-Checksum-SHA256`", content_type = "*/*"), (status = 404, body = ApiErrorDto)))]
async fn download_evidence(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Response> {
    let f = api(s.app.evidence_file(&a.actor, id).await)?;
    Ok(crate::pages::controls::evidence_download(f))
}

#[utoipa::path(get, path = "/soa/{catalog}", tag = "controls", params(("catalog" = String, Path)), responses((status = 200, body = SoaDto), (status = 404, body = ApiErrorDto)))]
async fn get_soa(
    State(s): State<WebState>,
    a: ApiActor,
    Path(catalog): Path<String>,
) -> ApiResult<Json<SoaView>> {
    Ok(Json(api(s.app.soa(&a.actor, &catalog).await)?))
}

#[utoipa::path(put, path = "/soa/{catalog}/{control}", tag = "controls", params(("catalog" = String, Path), ("control" = String, Path)), request_body = SoaEntryWrite, responses((status = 204), (status = 403, body = ApiErrorDto), (status = 404, body = ApiErrorDto), (status = 422, body = ApiErrorDto, description = "Not applicable without a justification")))]
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

#[utoipa::path(post, path = "/soa/{catalog}/approve", tag = "controls", params(("catalog" = String, Path)), request_body = SoaApproveWrite, responses((status = 201, body = SoaApprovedDto), (status = 403, body = ApiErrorDto), (status = 422, body = ApiErrorDto, description = "Undecided controls remain, or a field is missing")))]
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

#[utoipa::path(get, path = "/treatment-plan", tag = "controls", responses((status = 200, body = TreatmentPlanDto), (status = 403, body = ApiErrorDto)))]
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

    fn keys(v: serde_json::Value) -> BTreeSet<String> {
        v.as_object().unwrap().keys().cloned().collect()
    }

    /// The documented bodies name exactly the fields the application reads and writes.
    #[test]
    fn schemas_match_the_application_types() {
        assert_eq!(
            schema_fields("AppliedControlWrite"),
            keys(serde_json::to_value(AppliedControlInput::default()).unwrap())
        );
        let soa = mamori_app::controls::soa::SoaRow {
            control: String::new(),
            title_ja: String::new(),
            title_en: String::new(),
            section: String::new(),
            applicable: None,
            justification: String::new(),
            status: None,
            applied: vec![],
            evidence: 0,
            stale_evidence: 0,
        };
        assert_eq!(
            schema_fields("SoaRowDto"),
            keys(serde_json::to_value(soa).unwrap())
        );
    }
}

//! `/api/v1/inspections`: self-inspection campaigns, each department's sheet, saving
//! its answers, submitting it and reviewing it. Bodies are the application's own
//! inputs and authorization is the same use case's.

use axum::extract::{DefaultBodyLimit, State};
use axum::handler::Handler;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;
use mamori_app::controls::EvidenceView;
use mamori_app::media::Named;
use mamori_app::review::{
    AnswerLine, AnswerView, AreaScore, EvidenceLink, FrequentGap, InspectionDetail,
    InspectionInput, InspectionView, ReturnedItem, SheetAnswers, SheetDetail, SheetEvidence,
    SheetReview, SheetSummary,
};
use mamori_domain::review::inspection::Tally;
use serde::Serialize;
use utoipa::{OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Multipart, Path};
use crate::error::{ApiError, WebError};
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/inspections" => get(list_inspections).post(open_inspection),
        "/inspections/{id}" => get(get_inspection),
        "/inspections/{id}/close" => post(close_inspection),
        "/inspections/{id}/sheets/{sheet}" => get(get_sheet),
        "/inspections/{id}/sheets/{sheet}/answers" => put(save_answers),
        "/inspections/{id}/sheets/{sheet}/submit" => post(submit_sheet),
        "/inspections/{id}/sheets/{sheet}/review" => post(review_sheet),
        "/inspections/{id}/sheets/{sheet}/evidence" => post(attach_evidence.layer(
            DefaultBodyLimit::max(mamori_domain::evidence::MAX_EVIDENCE_BYTES + 64 * 1024),
        )),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_inspections,
        open_inspection,
        get_inspection,
        close_inspection,
        get_sheet,
        save_answers,
        submit_sheet,
        review_sheet,
        attach_evidence
    ),
    components(schemas(
        InspectionView,
        InspectionInput,
        InspectionDetail,
        SheetSummary,
        AreaScore,
        FrequentGap,
        SheetDetail,
        AnswerView,
        EvidenceLink,
        SheetAnswers,
        SheetEvidenceUpload,
        AnswerLine,
        SheetReview,
        ReturnedItem,
        Tally,
        Named,
        InspectionOpened,
        AnswersSaved
    ))
)]
pub struct ReviewDoc;

/// The campaign just opened.
#[derive(Serialize, ToSchema)]
pub struct InspectionOpened {
    pub id: Uuid,
}

/// How many answers changed.
#[derive(Serialize, ToSchema)]
pub struct AnswersSaved {
    pub changed: usize,
}

/// Every self-inspection campaign, latest year first, with how far each got.
#[utoipa::path(get, path = "/inspections", tag = "review", responses((status = 200, body = Vec<InspectionView>), (status = 403, body = ApiError)))]
pub async fn list_inspections(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<InspectionView>>> {
    Ok(Json(api(s.app.inspections(&a.actor).await)?))
}

/// Opens a campaign (the CISO and the deputy): its checklist from a catalog's chapters
/// or the organization's own text, a sheet for each department in scope.
#[utoipa::path(post, path = "/inspections", tag = "review", request_body = InspectionInput, responses((status = 201, body = InspectionOpened), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn open_inspection(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<InspectionInput>,
) -> ApiResult<Response> {
    let id = api(s.app.open_inspection(&a.actor, &w).await)?;
    Ok((StatusCode::CREATED, Json(InspectionOpened { id })).into_response())
}

/// A campaign: every department's sheet and score beside the year before, the city's
/// score by area, and the items most often not done.
#[utoipa::path(get, path = "/inspections/{id}", tag = "review", params(("id" = Uuid, Path)), responses((status = 200, body = InspectionDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_inspection(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<InspectionDetail>> {
    Ok(Json(api(s.app.inspection(&a.actor, id).await)?))
}

/// Closes a campaign; sheets not submitted stay as they are.
#[utoipa::path(post, path = "/inspections/{id}/close", tag = "review", params(("id" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn close_inspection(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.close_inspection(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A department's sheet: every item with its answer and the evidence that may be linked.
#[utoipa::path(get, path = "/inspections/{id}/sheets/{sheet}", tag = "review", params(("id" = Uuid, Path), ("sheet" = Uuid, Path)), responses((status = 200, body = SheetDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_sheet(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, sheet)): Path<(Uuid, Uuid)>,
) -> ApiResult<Json<SheetDetail>> {
    Ok(Json(api(s
        .app
        .inspection_sheet(&a.actor, id, sheet)
        .await)?))
}

/// Saves answers by item number, all or none (the department's officers and managers).
#[utoipa::path(put, path = "/inspections/{id}/sheets/{sheet}/answers", tag = "review", params(("id" = Uuid, Path), ("sheet" = Uuid, Path)), request_body = SheetAnswers, responses((status = 200, body = AnswersSaved), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn save_answers(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, sheet)): Path<(Uuid, Uuid)>,
    Json(w): Json<SheetAnswers>,
) -> ApiResult<Json<AnswersSaved>> {
    let changed = api(s.app.answer_inspection(&a.actor, id, sheet, &w).await)?;
    Ok(Json(AnswersSaved { changed }))
}

/// Submits a sheet (the department officer): every item answered, each gap explained.
#[utoipa::path(post, path = "/inspections/{id}/sheets/{sheet}/submit", tag = "review", params(("id" = Uuid, Path), ("sheet" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn submit_sheet(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, sheet)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    api(s.app.submit_inspection(&a.actor, id, sheet).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accepts a submitted sheet or returns items with notes (the CISO and the deputy).
#[utoipa::path(post, path = "/inspections/{id}/sheets/{sheet}/review", tag = "review", params(("id" = Uuid, Path), ("sheet" = Uuid, Path)), request_body = SheetReview, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn review_sheet(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, sheet)): Path<(Uuid, Uuid)>,
    Json(w): Json<SheetReview>,
) -> ApiResult<StatusCode> {
    api(s.app.review_inspection(&a.actor, id, sheet, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The multipart body of a file attached on a sheet; a part left out is empty.
#[derive(Default, ToSchema)]
pub struct SheetEvidenceUpload {
    /// The item's number in the campaign.
    pub item: i32,
    /// The applied control's id, needed when the item asks about several
    /// (`AnswerView.controls`).
    #[schema(required = false)]
    pub control: Option<Uuid>,
    /// The file; its name and content must agree on an accepted type.
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
    #[schema(required = false)]
    pub description: String,
    /// ISO date or 和暦.
    #[schema(required = false)]
    pub expires_on: String,
}

/// Attaches a new file to an item: kept as evidence of the applied control the item
/// asks about and linked on the answer, in one transaction (the department's
/// officers and managers, while the item may be answered).
#[utoipa::path(post, path = "/inspections/{id}/sheets/{sheet}/evidence", tag = "review", params(("id" = Uuid, Path), ("sheet" = Uuid, Path)), request_body(content = SheetEvidenceUpload, content_type = "multipart/form-data"), responses((status = 201, body = EvidenceView), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError, description = "Refused by field: `item` (not on the sheet, submitted, or asking about no control), `control`, `file`, `expires_on`")))]
async fn attach_evidence(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, sheet)): Path<(Uuid, Uuid)>,
    Multipart(mut mp): Multipart,
) -> ApiResult<Response> {
    let bad = |field: &str| {
        WebError::api(AppError::field(
            field,
            "マルチパートの本文を読み取れません。",
            "The multipart body cannot be read.",
        ))
    };
    let mut input = SheetEvidence::default();
    while let Some(part) = mp.next_field().await.map_err(|_| bad("file"))? {
        match part.name().unwrap_or("") {
            "item" => {
                let text = part.text().await.unwrap_or_default();
                input.item = text.trim().parse().map_err(|_| {
                    WebError::api(AppError::field(
                        "item",
                        "項目は番号で指定してください。",
                        "Give the item by its number.",
                    ))
                })?;
            }
            "control" => {
                let text = part.text().await.unwrap_or_default();
                if !text.trim().is_empty() {
                    input.control = Some(Uuid::parse_str(text.trim()).map_err(|_| {
                        WebError::api(AppError::field(
                            "control",
                            "管理策は ID で指定してください。",
                            "Give the control by its id.",
                        ))
                    })?);
                }
            }
            "description" => input.file.description = part.text().await.unwrap_or_default(),
            "expires_on" => input.file.expires_on = part.text().await.unwrap_or_default(),
            "file" => {
                input.file.file_name = part.file_name().unwrap_or("").to_owned();
                input.file.body = part.bytes().await.map_err(|_| bad("file"))?.to_vec();
            }
            _ => {}
        }
    }
    let v = api(s
        .app
        .attach_inspection_evidence(&a.actor, id, sheet, input)
        .await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

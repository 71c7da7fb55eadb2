//! `/api/v1/media`, `/api/v1/takeouts`, `/api/v1/inventories`, `/api/v1/disposals`:
//! the equipment and media register, the take-outs with their approval, going out and
//! coming back, the inventories, and the disposals (their certificates and photos are
//! attached on their pages). Bodies are the
//! application's own inputs and authorization is the same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::media::{
    CompleteInput, DeptCoverage, DisposalFileView, DisposalInput, DisposalItemView, DisposalQuery,
    DisposalView, InventoryCheckView, InventoryDetail, InventoryView, ItemDetail, ItemInput,
    ItemQuery, ItemView, Named, OutOn, ReturnInput, TakeoutDecision, TakeoutInput, TakeoutQuery,
    TakeoutView,
};
use mamori_app::physical::Person;
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
        "/media" => get(list_items).post(create_item),
        "/media/{id}" => get(get_item).put(update_item),
        "/takeouts" => get(list_takeouts).post(request_takeout),
        "/takeouts/{id}" => get(get_takeout),
        "/takeouts/{id}/decide" => post(decide_takeout),
        "/takeouts/{id}/checkout" => post(check_out),
        "/takeouts/{id}/return" => post(return_takeout),
        "/disposals" => get(list_disposals).post(request_disposal),
        "/disposals/{id}" => get(get_disposal),
        "/disposals/{id}/complete" => post(complete_disposal),
        "/inventories" => get(list_inventories),
        "/inventories/{id}" => get(get_inventory),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_items,
        create_item,
        get_item,
        update_item,
        list_takeouts,
        request_takeout,
        get_takeout,
        decide_takeout,
        check_out,
        return_takeout,
        list_inventories,
        get_inventory,
        list_disposals,
        request_disposal,
        get_disposal,
        complete_disposal
    ),
    components(schemas(
        ItemView,
        ItemInput,
        ItemDetail,
        InventoryCheckView,
        InventoryView,
        InventoryDetail,
        DeptCoverage,
        Named,
        OutOn,
        TakeoutView,
        TakeoutInput,
        TakeoutDecision,
        ReturnInput,
        Person,
        ListPage<ItemView>,
        ListPage<TakeoutView>,
        ListPage<DisposalView>,
        DisposalView,
        DisposalItemView,
        DisposalFileView,
        DisposalInput,
        CompleteInput,
        MediaCreated
    ))
)]
pub struct MediaDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct MediaCreated {
    pub id: Uuid,
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(MediaCreated { id })).into_response()
}

/// A page of the equipment and media register, by number.
#[utoipa::path(get, path = "/media", tag = "media", params(ItemQuery, PageParams), responses((status = 200, body = ListPage<ItemView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_items(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ItemQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<ItemView>>> {
    let page = api(s.app.items(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

/// Adds a device or medium (the department's officers, the system administrators).
#[utoipa::path(post, path = "/media", tag = "media", request_body = ItemInput, responses((status = 201, body = MediaCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_item(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ItemInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_item(&a.actor, &w).await)?))
}

/// A device or medium with where it is now, its take-outs and inventory checks.
#[utoipa::path(get, path = "/media/{id}", tag = "media", params(("id" = Uuid, Path)), responses((status = 200, body = ItemDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_item(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ItemDetail>> {
    Ok(Json(api(s.app.item(&a.actor, id).await)?))
}

/// Changes a device or medium.
#[utoipa::path(put, path = "/media/{id}", tag = "media", params(("id" = Uuid, Path)), request_body = ItemInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_item(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ItemInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_item(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// A page of take-outs, latest first (the caller's own, unless they read the register).
#[utoipa::path(get, path = "/takeouts", tag = "media", params(TakeoutQuery, PageParams), responses((status = 200, body = ListPage<TakeoutView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_takeouts(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<TakeoutQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<TakeoutView>>> {
    let page = api(s.app.takeouts(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

/// Asks to take something out; the approvers the rules name are told.
#[utoipa::path(post, path = "/takeouts", tag = "media", request_body = TakeoutInput, responses((status = 201, body = MediaCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn request_takeout(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<TakeoutInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.request_takeout(&a.actor, &w).await)?))
}

/// One take-out.
#[utoipa::path(get, path = "/takeouts/{id}", tag = "media", params(("id" = Uuid, Path)), responses((status = 200, body = TakeoutView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_takeout(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<TakeoutView>> {
    Ok(Json(api(s.app.takeout(&a.actor, id).await)?))
}

/// Approves or refuses a take-out (the role the rules name, or a more senior one;
/// never the one who asked).
#[utoipa::path(post, path = "/takeouts/{id}/decide", tag = "media", params(("id" = Uuid, Path)), request_body = TakeoutDecision, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn decide_takeout(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<TakeoutDecision>,
) -> ApiResult<StatusCode> {
    api(s.app.decide_takeout(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records that an approved take-out went out, now.
#[utoipa::path(post, path = "/takeouts/{id}/checkout", tag = "media", params(("id" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn check_out(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.check_out(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records that a take-out came back, now.
#[utoipa::path(post, path = "/takeouts/{id}/return", tag = "media", params(("id" = Uuid, Path)), request_body = ReturnInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn return_takeout(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ReturnInput>,
) -> ApiResult<StatusCode> {
    api(s.app.return_takeout(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Every inventory, latest first, with how far each got.
#[utoipa::path(get, path = "/inventories", tag = "media", responses((status = 200, body = Vec<InventoryView>), (status = 403, body = ApiError)))]
pub async fn list_inventories(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<InventoryView>>> {
    Ok(Json(api(s.app.inventories(&a.actor).await)?))
}

/// Which department's items an inventory's answer lists.
#[derive(serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InventoryParams {
    /// The department whose items to list (else the first the caller may check).
    #[serde(default)]
    pub department: Option<Uuid>,
}

/// An inventory: each department's coverage, and the items of one department.
#[utoipa::path(get, path = "/inventories/{id}", tag = "media", params(("id" = Uuid, Path), InventoryParams), responses((status = 200, body = InventoryDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_inventory(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Query(q): Query<InventoryParams>,
) -> ApiResult<Json<InventoryDetail>> {
    Ok(Json(api(s
        .app
        .inventory(&a.actor, id, q.department)
        .await)?))
}

/// A page of disposals, latest first.
#[utoipa::path(get, path = "/disposals", tag = "media", params(DisposalQuery, PageParams), responses((status = 200, body = ListPage<DisposalView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_disposals(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<DisposalQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<DisposalView>>> {
    let page = api(s.app.disposals(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

/// Records a disposal to be done (the department's officers, the system
/// administrators): the method must be one the rules allow for the confidentiality.
#[utoipa::path(post, path = "/disposals", tag = "media", request_body = DisposalInput, responses((status = 201, body = MediaCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn request_disposal(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<DisposalInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.request_disposal(&a.actor, &w).await)?))
}

/// A disposal with its items, files and what completing it still needs.
#[utoipa::path(get, path = "/disposals/{id}", tag = "media", params(("id" = Uuid, Path)), responses((status = 200, body = DisposalView), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_disposal(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DisposalView>> {
    Ok(Json(api(s.app.disposal(&a.actor, id).await)?))
}

/// Records a disposal as done: refused without the witness and certificate the rules
/// ask for, or when the certificate's serial numbers are not the register's.
#[utoipa::path(post, path = "/disposals/{id}/complete", tag = "media", params(("id" = Uuid, Path)), request_body = CompleteInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn complete_disposal(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CompleteInput>,
) -> ApiResult<StatusCode> {
    api(s.app.complete_disposal(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

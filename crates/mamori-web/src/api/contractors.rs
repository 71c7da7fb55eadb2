//! `/api/v1/contractors` and `/api/v1/contracts`: the contractor register (外部委託):
//! contractors and their certifications, contracts with their clauses and assets,
//! sub-contractors and their approval, periodic checks, and the counts. Bodies are the
//! application's own inputs and authorization is the same use case's.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::compliance::contractors::{
    CertificationInput, CertificationView, CheckInput, CheckView, ClauseTick, ContractDetail,
    ContractInput, ContractQuery, ContractView, ContractorCounts, ContractorDetail,
    ContractorInput, ContractorPerson, ContractorView, PersonInput, SubcontractApproval,
    SubcontractorInput, SubcontractorView,
};
use serde::{Deserialize, Serialize};
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
        "/contractors" => get(list_contractors).post(create_contractor),
        "/contractors/counts" => get(contractor_counts),
        "/contractors/{id}" => get(get_contractor).put(update_contractor),
        "/contractors/{id}/certifications" => post(add_certification),
        "/contractors/{id}/certifications/{cid}" => delete(remove_certification),
        "/contractors/{id}/people" => post(link_person),
        "/contractors/{id}/people/{pid}" => delete(unlink_person),
        "/contracts" => get(list_contracts).post(create_contract),
        "/contracts/{id}" => get(get_contract).put(update_contract),
        "/contracts/{id}/subcontractors" => post(add_subcontractor),
        "/contracts/{id}/subcontractors/{sid}/approval" => post(approve_subcontractor),
        "/contracts/{id}/checks" => post(record_check),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(
        list_contractors,
        create_contractor,
        contractor_counts,
        get_contractor,
        update_contractor,
        add_certification,
        remove_certification,
        link_person,
        unlink_person,
        list_contracts,
        create_contract,
        get_contract,
        update_contract,
        add_subcontractor,
        approve_subcontractor,
        record_check
    ),
    components(schemas(
        ContractorView,
        ContractorDetail,
        ContractorInput,
        ContractorCounts,
        CertificationView,
        CertificationInput,
        ContractView,
        ListPage<ContractView>,
        ContractDetail,
        ContractInput,
        ClauseTick,
        SubcontractorView,
        SubcontractorInput,
        SubcontractApproval,
        CheckView,
        CheckInput,
        ContractorPerson,
        PersonInput,
        ContractorCreated
    ))
)]
pub struct ContractorDoc;

/// What was just created.
#[derive(Serialize, ToSchema)]
pub struct ContractorCreated {
    pub id: Uuid,
}

fn created(id: Uuid) -> Response {
    (StatusCode::CREATED, Json(ContractorCreated { id })).into_response()
}

/// Which contractors.
#[derive(Deserialize, IntoParams)]
pub struct ContractorParams {
    /// Free text over number, name, reading and 法人番号.
    pub q: Option<String>,
}

/// Every contractor, by number, with its certifications and whether one has lapsed.
#[utoipa::path(get, path = "/contractors", tag = "compliance", params(ContractorParams), responses((status = 200, body = Vec<ContractorView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_contractors(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ContractorParams>,
) -> ApiResult<Json<Vec<ContractorView>>> {
    Ok(Json(api(s
        .app
        .contractors(&a.actor, q.q.as_deref())
        .await)?))
}

/// Adds a contractor (its 法人番号 checked).
#[utoipa::path(post, path = "/contractors", tag = "compliance", request_body = ContractorInput, responses((status = 201, body = ContractorCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_contractor(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ContractorInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_contractor(&a.actor, &w).await)?))
}

/// The register's figures: contracts in force and ending, contractors with a lapsed
/// certification, unapproved sub-contracting.
#[utoipa::path(get, path = "/contractors/counts", tag = "compliance", responses((status = 200, body = ContractorCounts), (status = 403, body = ApiError)))]
pub async fn contractor_counts(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<ContractorCounts>> {
    Ok(Json(api(s.app.contractor_counts(&a.actor).await)?))
}

/// A contractor with its certifications, contracts and sub-contracting.
#[utoipa::path(get, path = "/contractors/{id}", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = ContractorDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_contractor(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ContractorDetail>> {
    Ok(Json(api(s.app.contractor(&a.actor, id).await)?))
}

/// Changes a contractor.
#[utoipa::path(put, path = "/contractors/{id}", tag = "compliance", params(("id" = Uuid, Path)), request_body = ContractorInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_contractor(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ContractorInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_contractor(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a certification (an expiry before the registration is refused).
#[utoipa::path(post, path = "/contractors/{id}/certifications", tag = "compliance", params(("id" = Uuid, Path)), request_body = CertificationInput, responses((status = 201, body = ContractorCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_certification(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CertificationInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .add_certification(&a.actor, id, &w)
        .await)?))
}

/// Removes a certification.
#[utoipa::path(delete, path = "/contractors/{id}/certifications/{cid}", tag = "compliance", params(("id" = Uuid, Path), ("cid" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn remove_certification(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, cid)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    api(s.app.remove_certification(&a.actor, id, cid).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Links a 委託事業者 of the staff register to the contractor (one linked to another
/// company moves).
#[utoipa::path(post, path = "/contractors/{id}/people", tag = "compliance", params(("id" = Uuid, Path)), request_body = PersonInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn link_person(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<PersonInput>,
) -> ApiResult<StatusCode> {
    api(s.app.link_contractor_person(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Unlinks a person (a staff id) from the contractor.
#[utoipa::path(delete, path = "/contractors/{id}/people/{pid}", tag = "compliance", params(("id" = Uuid, Path), ("pid" = Uuid, Path)), responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn unlink_person(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, pid)): Path<(Uuid, Uuid)>,
) -> ApiResult<StatusCode> {
    api(s.app.unlink_contractor_person(&a.actor, id, pid).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// The contract register, filtered, newest first.
#[utoipa::path(get, path = "/contracts", tag = "compliance", params(ContractQuery), responses((status = 200, body = ListPage<ContractView>), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_contracts(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<ContractQuery>,
) -> ApiResult<Json<ListPage<ContractView>>> {
    super::page_request(q.page, q.per_page)?;
    Ok(Json(api(s.app.contracts(&a.actor, &q).await)?.into()))
}

/// Records a contract of a department.
#[utoipa::path(post, path = "/contracts", tag = "compliance", request_body = ContractInput, responses((status = 201, body = ContractorCreated), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn create_contract(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<ContractInput>,
) -> ApiResult<Response> {
    Ok(created(api(s.app.create_contract(&a.actor, &w).await)?))
}

/// A contract with its clauses, assets, sub-contractors and checks.
#[utoipa::path(get, path = "/contracts/{id}", tag = "compliance", params(("id" = Uuid, Path)), responses((status = 200, body = ContractDetail), (status = 403, body = ApiError), (status = 404, body = ApiError)))]
pub async fn get_contract(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<ContractDetail>> {
    Ok(Json(api(s.app.contract(&a.actor, id).await)?))
}

/// Changes a contract.
#[utoipa::path(put, path = "/contracts/{id}", tag = "compliance", params(("id" = Uuid, Path)), request_body = ContractInput, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn update_contract(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<ContractInput>,
) -> ApiResult<StatusCode> {
    api(s.app.update_contract(&a.actor, id, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Proposes a sub-contractor; it stands out until approved.
#[utoipa::path(post, path = "/contracts/{id}/subcontractors", tag = "compliance", params(("id" = Uuid, Path)), request_body = SubcontractorInput, responses((status = 201, body = ContractorCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn add_subcontractor(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<SubcontractorInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .add_subcontractor(&a.actor, id, &w)
        .await)?))
}

/// Approves a sub-contractor: the contract's department officer (or a top officer).
#[utoipa::path(post, path = "/contracts/{id}/subcontractors/{sid}/approval", tag = "compliance", params(("id" = Uuid, Path), ("sid" = Uuid, Path)), request_body = SubcontractApproval, responses((status = 204), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 409, body = ApiError), (status = 422, body = ApiError)))]
pub async fn approve_subcontractor(
    State(s): State<WebState>,
    a: ApiActor,
    Path((id, sid)): Path<(Uuid, Uuid)>,
    Json(w): Json<SubcontractApproval>,
) -> ApiResult<StatusCode> {
    api(s.app.approve_subcontractor(&a.actor, id, sid, &w).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Records a periodic check of a contract's work.
#[utoipa::path(post, path = "/contracts/{id}/checks", tag = "compliance", params(("id" = Uuid, Path)), request_body = CheckInput, responses((status = 201, body = ContractorCreated), (status = 403, body = ApiError), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
pub async fn record_check(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<CheckInput>,
) -> ApiResult<Response> {
    Ok(created(api(s
        .app
        .record_contract_check(&a.actor, id, &w)
        .await)?))
}

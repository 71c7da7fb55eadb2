//! JSON API under `/api/v1`: everything the UI does for organizations, departments,
//! staff, roles and the asset register. Authentication by `Authorization: Bearer <token>` (or a signed-in
//! browser with `X-CSRF-Token`). The OpenAPI 3.1 document is generated from these
//! handlers and served at `/api/v1/openapi.json`.

pub mod annual;
mod assets;
pub mod audits;
pub mod committee;
pub mod compliance;
pub mod contractors;
pub mod controls;
mod dto;
pub mod due;
pub mod events;
mod extract;
pub mod incidents;
pub mod laws;
pub mod media;
pub mod notify;
pub mod physical;
pub mod policies;
pub mod review;
pub mod revisions;
pub mod risks;
pub mod services;
#[cfg(test)]
mod tests;
pub mod training;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use mamori_app::assets::{AssetInput, AssetView, LevelView, RelationView};
use mamori_app::departments::{DepartmentInput, DeptNode};
use mamori_app::orgs::{OrgInput, OrgView};
use mamori_app::roles::{RoleHolder, RoleInput};
use mamori_app::staff::{StaffQuery, StaffView};
use mamori_app::{AppError, PageRequest};
use mamori_domain::FieldError;
use utoipa::OpenApi;
use uuid::Uuid;

pub use dto::*;

use crate::WebState;
use crate::error::{ApiError, ApiErrorBody, WebError};
use crate::route_table::route_table;
use crate::session::ApiActor;
use extract::{Json, Path, Query};

type ApiResult<T> = Result<T, WebError>;

fn api<T>(r: Result<T, AppError>) -> ApiResult<T> {
    r.map_err(WebError::api)
}

/// The page a list request asks for; out-of-range numbers get a 422 naming them.
fn page_request(page: Option<u64>, per_page: Option<u64>) -> ApiResult<PageRequest> {
    PageRequest::checked(page, per_page)
        .map_err(|f| WebError::api(AppError::Invalid(mamori_domain::Invalid(f))))
}

route_table! {
    pub const ROUTES = {
        "/openapi.json" => get(openapi_json),
        "/org" => get(get_org).put(put_org),
        "/departments" => get(list_departments).post(create_department),
        "/departments/{id}" => get(get_department).put(put_department),
        "/staff" => get(list_staff).post(create_staff),
        "/staff/{id}" => get(get_staff).put(put_staff),
        "/staff/{id}/retire" => post(retire_staff),
        "/staff/{id}/roles" => get(staff_roles).post(assign_role),
        "/roles" => get(list_roles),
        "/roles/{id}" => delete(remove_role),
        "/assets" => get(assets::list_assets).post(assets::create_asset),
        "/assets/{id}" => get(assets::get_asset).put(assets::put_asset),
        "/assets/{id}/retire" => post(assets::retire_asset),
        "/assets/{id}/relations" => get(assets::list_relations).post(assets::add_relation),
        "/assets/{id}/relations/{rel}" => delete(assets::remove_relation),
        "/classification-schemes" => get(assets::list_schemes),
    }
}

/// Where the API is mounted.
pub const PREFIX: &str = "/api/v1";

pub(crate) async fn not_found() -> Response {
    WebError::api(AppError::NotFound).into_response()
}

#[derive(OpenApi)]
#[openapi(
    info(title = "Mamori API", version = "1", description = "Mamori (守り) — ISMS for Japanese local governments. Authenticate with `Authorization: Bearer <token>` (create a token under 個人設定 / My account, or with `mamori admin create-token`)."),
    paths(get_org, put_org, list_departments, create_department, get_department, put_department, list_staff, create_staff, get_staff, put_staff, retire_staff, staff_roles, assign_role, list_roles, remove_role, assets::list_assets, assets::create_asset, assets::get_asset, assets::put_asset, assets::retire_asset, assets::list_relations, assets::add_relation, assets::remove_relation, assets::list_schemes),
    components(schemas(OrgView, OrgInput, DeptNode, DepartmentInput, StaffView, StaffWrite, ListPage<StaffView>, RetireWrite, RoleHolder, RoleInput, ApiError, ApiErrorBody, FieldError, AssetView, AssetInput, ListPage<AssetView>, LevelView, RelationView, assets::RelationWrite, assets::CreatedDto, assets::SchemeDto)),
    modifiers(&BearerAuth),
    security(("bearer" = [])),
    servers((url = "/api/v1"))
)]
pub struct ApiDoc;

struct BearerAuth;

impl utoipa::Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
}

/// The OpenAPI document as served and as committed in `docs/openapi.json`.
pub fn openapi_document() -> String {
    let mut doc = ApiDoc::openapi();
    doc.merge(risks::RiskDoc::openapi());
    doc.merge(controls::ControlDoc::openapi());
    doc.merge(notify::NotifyDoc::openapi());
    doc.merge(incidents::IncidentDoc::openapi());
    doc.merge(events::EventDoc::openapi());
    doc.merge(policies::PolicyDoc::openapi());
    doc.merge(training::TrainingDoc::openapi());
    doc.merge(compliance::ComplianceDoc::openapi());
    doc.merge(laws::LawDoc::openapi());
    doc.merge(contractors::ContractorDoc::openapi());
    doc.merge(services::ServiceDoc::openapi());
    doc.merge(physical::PhysicalDoc::openapi());
    doc.merge(media::MediaDoc::openapi());
    doc.merge(review::ReviewDoc::openapi());
    doc.merge(audits::AuditsDoc::openapi());
    doc.merge(committee::CommitteeDoc::openapi());
    doc.merge(due::DueDoc::openapi());
    doc.merge(annual::AnnualDoc::openapi());
    doc.merge(revisions::RevisionsDoc::openapi());
    document_errors(&mut doc);
    doc.to_pretty_json().unwrap_or_else(|_| "{}".into())
}

/// Adds the error answers every operation can give to those it does not document
/// itself, all in the one error shape: 400 (a request that cannot be read), 401, 403,
/// 404, 422, and for writes 409 and 415 (a body that is not JSON).
fn document_errors(doc: &mut utoipa::openapi::OpenApi) {
    use utoipa::openapi::{ContentBuilder, Ref, RefOr, ResponseBuilder};
    let error = |what: &str| {
        RefOr::T(
            ResponseBuilder::new()
                .description(what)
                .content(
                    "application/json",
                    ContentBuilder::new()
                        .schema(Some(Ref::from_schema_name("ApiError")))
                        .build(),
                )
                .build(),
        )
    };
    let common = [
        (
            "400",
            "The request cannot be read (malformed JSON, query or path value)",
        ),
        ("401", "Not authenticated"),
        ("403", "Not permitted for this actor"),
        ("404", "No such record, or not visible to this actor"),
        ("422", "Invalid input; `fields` names each problem"),
    ];
    let writes = [
        ("409", "Conflicts with the current state"),
        ("415", "The body is not `application/json`"),
    ];
    for item in doc.paths.paths.values_mut() {
        let ops = [
            (&mut item.get, false),
            (&mut item.put, true),
            (&mut item.post, true),
            (&mut item.delete, true),
        ];
        for (op, write) in ops {
            let Some(op) = op else { continue };
            let extra = if write { &writes[..] } else { &[] };
            for (status, what) in common.iter().chain(extra) {
                op.responses
                    .responses
                    .entry((*status).to_owned())
                    .or_insert_with(|| error(what));
            }
        }
    }
}

async fn openapi_json() -> Response {
    (
        [(axum::http::header::CONTENT_TYPE, "application/json")],
        openapi_document(),
    )
        .into_response()
}

#[utoipa::path(get, path = "/org", tag = "organization", responses((status = 200, body = OrgView), (status = 401, body = ApiError)))]
async fn get_org(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<OrgView>> {
    Ok(Json(api(s.app.org(&a.actor).await)?))
}

#[utoipa::path(put, path = "/org", tag = "organization", request_body = OrgInput, responses((status = 200, body = OrgView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn put_org(
    State(s): State<WebState>,
    a: ApiActor,
    Json(input): Json<OrgInput>,
) -> ApiResult<Json<OrgView>> {
    let current = api(s.app.org(&a.actor).await)?;
    Ok(Json(api(s
        .app
        .update_org(&a.actor, &input, current.settings)
        .await)?))
}

#[utoipa::path(get, path = "/departments", tag = "departments", responses((status = 200, body = [DeptNode])))]
async fn list_departments(
    State(s): State<WebState>,
    a: ApiActor,
) -> ApiResult<Json<Vec<DeptNode>>> {
    let idx = api(s.app.departments(&a.actor).await)?;
    Ok(Json(idx.nodes(s.app.today())))
}

#[utoipa::path(get, path = "/departments/{id}", tag = "departments", params(("id" = Uuid, Path)), responses((status = 200, body = DeptNode), (status = 404, body = ApiError)))]
async fn get_department(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<DeptNode>> {
    let idx = api(s.app.departments(&a.actor).await)?;
    find_node(&s, idx, id).map(Json)
}

fn find_node(
    s: &WebState,
    idx: mamori_app::departments::DeptIndex,
    id: Uuid,
) -> ApiResult<DeptNode> {
    idx.nodes(s.app.today())
        .into_iter()
        .find(|n| n.id == id)
        .ok_or_else(|| WebError::api(AppError::NotFound))
}

#[utoipa::path(post, path = "/departments", tag = "departments", request_body = DepartmentInput, responses((status = 201, body = DeptNode), (status = 422, body = ApiError)))]
async fn create_department(
    State(s): State<WebState>,
    a: ApiActor,
    Json(input): Json<DepartmentInput>,
) -> ApiResult<Response> {
    let d = api(s.app.create_department(&a.actor, &input).await)?;
    let node = written_department(&s, &a, d.id).await?;
    Ok((StatusCode::CREATED, Json(node)).into_response())
}

/// A department just written, as the tree now shows it.
async fn written_department(s: &WebState, a: &ApiActor, id: Uuid) -> ApiResult<DeptNode> {
    let idx = api(s.app.dept_index(&a.actor).await)?;
    find_node(s, idx, id)
}

#[utoipa::path(put, path = "/departments/{id}", tag = "departments", params(("id" = Uuid, Path)), request_body = DepartmentInput, responses((status = 200, body = DeptNode), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn put_department(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(input): Json<DepartmentInput>,
) -> ApiResult<Json<DeptNode>> {
    api(s.app.update_department(&a.actor, id, &input).await)?;
    Ok(Json(written_department(&s, &a, id).await?))
}

#[utoipa::path(get, path = "/staff", tag = "staff", params(StaffQuery, PageParams), responses((status = 200, body = ListPage<StaffView>), (status = 403, body = ApiError)))]
async fn list_staff(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<StaffQuery>,
    Query(p): Query<PageParams>,
) -> ApiResult<Json<ListPage<StaffView>>> {
    let (page, _) = api(s.app.list_staff(&a.actor, &q, p.request()?).await)?;
    Ok(Json(page.into()))
}

#[utoipa::path(post, path = "/staff", tag = "staff", request_body = StaffWrite, responses((status = 201, body = StaffView), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn create_staff(
    State(s): State<WebState>,
    a: ApiActor,
    Json(w): Json<StaffWrite>,
) -> ApiResult<Response> {
    let v = api(s.app.create_staff(&a.actor, &w.input()).await)?;
    Ok((StatusCode::CREATED, Json(v)).into_response())
}

#[utoipa::path(get, path = "/staff/{id}", tag = "staff", params(("id" = Uuid, Path)), responses((status = 200, body = StaffView), (status = 404, body = ApiError)))]
async fn get_staff(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<StaffView>> {
    Ok(Json(api(s.app.staff_detail(&a.actor, id).await)?.staff))
}

#[utoipa::path(put, path = "/staff/{id}", tag = "staff", params(("id" = Uuid, Path)), request_body = StaffWrite, responses((status = 200, body = StaffView), (status = 404, body = ApiError), (status = 422, body = ApiError)))]
async fn put_staff(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<StaffWrite>,
) -> ApiResult<Json<StaffView>> {
    let moved_on = parse_opt_date("moved_on", w.moved_on.as_deref())?;
    Ok(Json(api(s
        .app
        .update_staff(&a.actor, id, &w.input(), moved_on)
        .await)?))
}

fn parse_opt_date(field: &str, raw: Option<&str>) -> ApiResult<Option<chrono::NaiveDate>> {
    match raw.map(str::trim).filter(|s| !s.is_empty()) {
        None => Ok(None),
        Some(s) => mamori_domain::wareki::parse_date(s)
            .map(Some)
            .map_err(|p| WebError::api(AppError::from(p.at(field)))),
    }
}

#[utoipa::path(post, path = "/staff/{id}/retire", tag = "staff", params(("id" = Uuid, Path)), request_body = RetireWrite, responses((status = 200, body = StaffView), (status = 409, body = ApiError)))]
async fn retire_staff(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(w): Json<RetireWrite>,
) -> ApiResult<Json<StaffView>> {
    let on = parse_opt_date("on", w.on.as_deref())?;
    Ok(Json(api(s.app.retire_staff(&a.actor, id, on).await)?))
}

#[utoipa::path(get, path = "/staff/{id}/roles", tag = "roles", params(("id" = Uuid, Path)), responses((status = 200, body = [RoleHolder])))]
async fn staff_roles(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<Json<Vec<RoleHolder>>> {
    Ok(Json(api(s.app.staff_detail(&a.actor, id).await)?.roles))
}

#[utoipa::path(post, path = "/staff/{id}/roles", tag = "roles", params(("id" = Uuid, Path)), request_body = RoleInput, responses((status = 201, body = RoleHolder), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
async fn assign_role(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
    Json(input): Json<RoleInput>,
) -> ApiResult<Response> {
    let r = api(s.app.assign_role(&a.actor, id, &input).await)?;
    Ok((StatusCode::CREATED, Json(r)).into_response())
}

#[utoipa::path(get, path = "/roles", tag = "roles", responses((status = 200, body = [RoleHolder])))]
async fn list_roles(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<Vec<RoleHolder>>> {
    Ok(Json(api(s.app.role_holders(&a.actor).await)?))
}

#[utoipa::path(delete, path = "/roles/{id}", tag = "roles", params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ApiError)))]
async fn remove_role(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.remove_role(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

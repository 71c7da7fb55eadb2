//! `/api/v1/due`: the calendar of what is due, as the page shows it: the caller's own
//! (the default), a department's, or the whole organization's (the CISO's), overdue
//! first. Authorization is the same use case's.

use axum::extract::State;
use mamori_app::review::due::{DueItemView, DueList, DueQuery};
use utoipa::OpenApi;

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Query};
use crate::error::ApiError;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/due" => get(list_due),
    }
}

#[derive(OpenApi)]
#[openapi(paths(list_due), components(schemas(DueList, DueItemView, DueQuery)))]
pub struct DueDoc;

/// What is due: `scope=mine` (the default), `department` (with `department`) or `all`;
/// `kind` for one kind; `until` the last day (90 days ahead by default).
#[utoipa::path(get, path = "/due", tag = "review", params(DueQuery), responses((status = 200, body = DueList), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn list_due(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<DueQuery>,
) -> ApiResult<Json<DueList>> {
    Ok(Json(api(s.app.due(&a.actor, &q).await)?))
}

//! `/api/v1/inbox` and `/api/v1/notification-preferences`: a person's notices and
//! their choice of what comes by mail, for the account the token belongs to.

use axum::extract::State;
use axum::http::StatusCode;
use mamori_app::AppError;
use mamori_app::notify::{InboxItem, NoticePrefsInput, NoticePrefsView};
use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, OpenApi, ToSchema};
use uuid::Uuid;

use super::{ApiResult, ListPage, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::{ApiError, WebError};
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/inbox" => get(list_inbox),
        "/inbox/read-all" => post(read_all),
        "/inbox/{id}/read" => post(read_one),
        "/notification-preferences" => get(get_prefs).put(put_prefs),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(list_inbox, read_all, read_one, get_prefs, put_prefs),
    components(schemas(InboxItem, ListPage<InboxItem>, NoticePrefsView, NoticePrefsInput, mamori_app::notify::KindPref, MarkedRead))
)]
pub struct NotifyDoc;

#[derive(Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct InboxParams {
    /// Only notices not yet read.
    #[serde(default)]
    pub unread: bool,
    /// The language to write the notices in: `ja` (default) or `en`.
    pub lang: Option<String>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

/// How many notices were marked read.
#[derive(Serialize, ToSchema)]
pub struct MarkedRead {
    pub marked: u64,
}

/// The account's notices, newest first.
#[utoipa::path(get, path = "/inbox", tag = "notices", params(InboxParams), responses((status = 200, body = ListPage<InboxItem>), (status = 422, body = ApiError)))]
async fn list_inbox(
    State(s): State<WebState>,
    a: ApiActor,
    Query(p): Query<InboxParams>,
) -> ApiResult<Json<ListPage<InboxItem>>> {
    let lang = match p.lang.as_deref() {
        None | Some("ja") => "ja",
        Some("en") => "en",
        Some(_) => {
            return Err(WebError::api(AppError::field(
                "lang",
                "lang は ja か en です。",
                "lang must be ja or en.",
            )));
        }
    };
    let page = super::page_request(p.page, p.per_page)?;
    Ok(Json(
        api(s.app.inbox(&a.actor, lang, p.unread, page).await)?.into(),
    ))
}

/// Marks every notice of the account read.
#[utoipa::path(post, path = "/inbox/read-all", tag = "notices", responses((status = 200, body = MarkedRead)))]
async fn read_all(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<MarkedRead>> {
    let marked = api(s.app.mark_all_notices_read(&a.actor).await)?;
    Ok(Json(MarkedRead { marked }))
}

/// Marks one notice read (another person's is not found).
#[utoipa::path(post, path = "/inbox/{id}/read", tag = "notices", params(("id" = Uuid, Path)), responses((status = 204), (status = 404, body = ApiError)))]
async fn read_one(
    State(s): State<WebState>,
    a: ApiActor,
    Path(id): Path<Uuid>,
) -> ApiResult<StatusCode> {
    api(s.app.mark_notice_read(&a.actor, id).await)?;
    Ok(StatusCode::NO_CONTENT)
}

/// Which kinds of notice also come by mail, and the daily digest.
#[utoipa::path(get, path = "/notification-preferences", tag = "notices", responses((status = 200, body = NoticePrefsView)))]
async fn get_prefs(State(s): State<WebState>, a: ApiActor) -> ApiResult<Json<NoticePrefsView>> {
    Ok(Json(api(s.app.notice_prefs(&a.actor).await)?))
}

/// Saves the choices: `mail` lists the kinds (codes) that should come by mail; the
/// others stay in the inbox only (security notices always come by mail).
#[utoipa::path(put, path = "/notification-preferences", tag = "notices", request_body = NoticePrefsInput, responses((status = 200, body = NoticePrefsView), (status = 422, body = ApiError)))]
async fn put_prefs(
    State(s): State<WebState>,
    a: ApiActor,
    Json(input): Json<NoticePrefsInput>,
) -> ApiResult<Json<NoticePrefsView>> {
    Ok(Json(api(s.app.set_notice_prefs(&a.actor, &input).await)?))
}

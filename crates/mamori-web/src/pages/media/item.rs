//! One device or medium: its details, where it is now (its area and rack, its holder,
//! or the take-out it is out on), its take-outs and the inventories that checked it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::media::ItemDetail;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, render};
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "item_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: ItemDetail,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let d = state.app.item(user.actor(), id).await.lang(user.lang)?;
    Ok(render(&DetailPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        d,
    }))
}

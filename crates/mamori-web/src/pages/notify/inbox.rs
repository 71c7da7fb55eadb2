//! The inbox (通知): newest first, unread in bold, marked read one by one or all at once.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::PageRequest;
use mamori_app::notify::InboxItem;
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Empty, done, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Deserialize, Default)]
pub struct InboxParams {
    #[serde(default)]
    unread: Option<String>,
    page: Option<u64>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "inbox.html")]
struct InboxPage {
    ctx: Ctx,
    items: Vec<InboxItem>,
    unread_only: bool,
    total: u64,
    page: u64,
    pages: u64,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<InboxParams>,
) -> Result<Response, WebError> {
    let unread_only = p.unread.is_some_and(|u| u == "1");
    let res = state
        .app
        .inbox(
            user.actor(),
            user.lang.code(),
            unread_only,
            PageRequest::new(p.page, Some(50)),
        )
        .await
        .lang(user.lang)?;
    Ok(render(&InboxPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        total: res.total,
        page: res.page,
        pages: res.pages(),
        items: res.items,
        unread_only,
    }))
}

pub async fn read_one(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .mark_notice_read(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done("/inbox", "notify.read_done"))
}

pub async fn read_all(
    State(state): State<WebState>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .mark_all_notices_read(f.user.actor())
        .await
        .lang(f.user.lang)?;
    Ok(done("/inbox", "notify.read_done"))
}

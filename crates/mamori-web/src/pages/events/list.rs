//! The events list with its filters, and one event with what arrived.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::events::{EventQuery, EventView, SourceView};
use mamori_app::{Page, PageRequest};
use mamori_domain::event::EventSeverity;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Choice, choices, query_string, render};
use crate::session::SignedIn;

/// The list's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub source: String,
    pub severity: String,
    pub host: String,
    pub q: String,
    pub from: String,
    pub until: String,
    pub linked: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
}

impl ListParams {
    fn to_query(&self) -> EventQuery {
        EventQuery {
            source: Uuid::parse_str(self.source.trim()).ok(),
            severity: self.severity.clone(),
            host: self.host.clone(),
            q: self.q.clone(),
            from: self.from.clone(),
            until: self.until.clone(),
            linked: self.linked.clone(),
        }
    }
}

#[derive(Template)]
#[template(path = "event_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<EventView>,
    p: ListParams,
    query: String,
    sources: Vec<SourceView>,
    severities: Vec<Choice>,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let page = state
        .app
        .events(
            user.actor(),
            &p.to_query(),
            PageRequest::new(p.page, Some(50)),
        )
        .await
        .lang(lang)?;
    let sources = state.app.event_sources(user.actor()).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::new(&user),
        page,
        query: query_string(&p),
        sources,
        severities: choices(
            &EventSeverity::ALL,
            EventSeverity::code,
            EventSeverity::label,
            lang,
        ),
        p,
    }))
}

#[derive(Template)]
#[template(path = "event_detail.html")]
struct DetailPage {
    ctx: Ctx,
    e: EventView,
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let e = state.app.event(user.actor(), id).await.lang(user.lang)?;
    Ok(render(&DetailPage {
        ctx: Ctx::new(&user),
        e,
    }))
}

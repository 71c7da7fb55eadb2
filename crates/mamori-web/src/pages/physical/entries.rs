//! The entry log: every area the reader may see, filtered by area, person, visitor or
//! badge, days and flags; exported as CSV or Excel.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::physical::{EXPORT_HEADERS, EntryQuery, EntryView};
use mamori_app::{Page, PageRequest};
use mamori_domain::physical::entry::{Flag, Flags};
use serde::{Deserialize, Serialize};

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{Download, query_string, register_download, render};
use crate::session::SignedIn;

/// The log's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub area: String,
    pub person: String,
    pub visitor: String,
    pub from: String,
    pub until: String,
    pub flags: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
}

impl ListParams {
    fn to_query(&self) -> EntryQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        EntryQuery {
            area: text(&self.area),
            person: text(&self.person),
            visitor: text(&self.visitor),
            from: text(&self.from),
            until: text(&self.until),
            flags: text(&self.flags),
        }
    }
}

/// An entry's flags in words.
pub(super) fn flag_text(e: &EntryView, lang: Lang) -> String {
    let mut f = Flags::NONE;
    for code in &e.flags {
        if let Some(flag) = Flag::parse(code) {
            f = f.with(flag);
        }
    }
    f.labels(lang.code())
}

#[derive(Template)]
#[template(path = "entry_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<EntryView>,
    p: ListParams,
    query: String,
    /// The areas the reader may see the log of: (code, name).
    areas: Vec<(String, String)>,
}

impl ListPage {
    fn flags(&self, e: &EntryView) -> String {
        flag_text(e, self.ctx.lang)
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state
        .app
        .entries(actor, &p.to_query(), PageRequest::new(p.page, Some(50)))
        .await
        .lang(lang)?;
    let areas = state.app.log_areas(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::new(&user),
        page,
        query: query_string(&p),
        areas,
        p,
    }))
}

async fn download(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
    format: Download,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let rows = state
        .app
        .entries_table(user.actor(), &p.to_query(), lang.code())
        .await
        .lang(lang)?;
    let headers = crate::pages::headers_in(&EXPORT_HEADERS, lang);
    register_download(
        format,
        ("entries", "入退室記録"),
        &headers,
        rows,
        state.app.today(),
        lang,
    )
}

crate::pages::compliance::register_exports!();

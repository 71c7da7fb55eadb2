//! The audit log screen for auditors and the CISO.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::PageRequest;
use mamori_app::audit::AuditFilter;
use serde::Deserialize;

use super::{HistoryRow, history_rows, render};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::session::SignedIn;

#[derive(Deserialize, Default, Clone)]
pub struct AuditParams {
    #[serde(default)]
    actor: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    object_type: String,
    #[serde(default)]
    object_id: String,
    #[serde(default)]
    since: String,
    #[serde(default)]
    until: String,
    page: Option<u64>,
}

#[derive(Template)]
#[template(path = "audit.html")]
struct AuditPage {
    ctx: Ctx,
    f: AuditParams,
    rows: Vec<HistoryRow>,
    total: u64,
    page: u64,
    pages: u64,
    query: String,
    filter_error: Option<String>,
}

/// A day boundary in Japan time, as UTC.
fn jst_midnight(d: chrono::NaiveDate) -> Option<chrono::DateTime<chrono::Utc>> {
    d.and_hms_opt(0, 0, 0)
        .map(|t| t.and_utc() - chrono::Duration::hours(9))
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<AuditParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let mut filter_error = None;
    let mut day = |s: &str| -> Option<chrono::NaiveDate> {
        if s.trim().is_empty() {
            return None;
        }
        match mamori_domain::wareki::parse_date(s) {
            Ok(d) => Some(d),
            Err(e) => {
                filter_error = Some(e.text(lang.code()).to_owned());
                None
            }
        }
    };
    let since = day(&p.since).and_then(jst_midnight);
    let until = day(&p.until)
        .and_then(|d| d.succ_opt())
        .and_then(jst_midnight);
    let filter = AuditFilter {
        actor: Some(p.actor.clone()),
        action: Some(p.action.clone()),
        object_type: Some(p.object_type.clone()),
        object_id: Some(p.object_id.clone()),
        since,
        until,
    };
    let res = state
        .app
        .audit_list(user.actor(), &filter, PageRequest::new(p.page, Some(100)))
        .await
        .lang(lang)?;
    let ctx = Ctx::new(&user);
    let mut q = form_urlencoded::Serializer::new(String::new());
    for (k, v) in [
        ("actor", &p.actor),
        ("action", &p.action),
        ("object_type", &p.object_type),
        ("object_id", &p.object_id),
        ("since", &p.since),
        ("until", &p.until),
    ] {
        if !v.is_empty() {
            q.append_pair(k, v);
        }
    }
    let page = AuditPage {
        rows: history_rows(&res.items, &ctx),
        total: res.total,
        page: res.page,
        pages: res.pages(),
        query: q.finish(),
        ctx,
        f: p,
        filter_error,
    };
    Ok(render(&page))
}

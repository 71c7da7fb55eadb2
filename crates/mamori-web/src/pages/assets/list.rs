//! The ledger: filters, sorting and paging, and the bulk actions on the assets ticked
//! in it.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::assets::{AssetQuery, AssetView, BulkAction};
use mamori_app::authz::Capability;
use mamori_app::{AppError, Page, PageRequest};
use serde::Deserialize;
use uuid::Uuid;

use super::options::{Options, options};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{dept_options, done, query_string, render};
use crate::session::{SignedIn, check_csrf_bytes};

#[derive(Template)]
#[template(path = "asset_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<AssetView>,
    q: AssetQuery,
    department: String,
    importance: String,
    opt: Options,
    can_create: bool,
    can_export: bool,
    can_import: bool,
    query: String,
    sort_query: String,
}

/// The list's query string as typed (empty selects arrive as "").
#[derive(Deserialize, Default, Clone, serde::Serialize)]
#[serde(default)]
pub struct ListParams {
    q: String,
    kind: String,
    department: String,
    c: String,
    i: String,
    a: String,
    importance: String,
    personal_data: String,
    network_layer: String,
    status: String,
    overdue: String,
    under_protected: String,
    sort: String,
    desc: String,
    #[serde(skip_serializing)]
    page: Option<u64>,
    #[serde(skip_serializing)]
    per_page: Option<u64>,
    #[serde(skip_serializing)]
    done: Option<String>,
}

impl ListParams {
    pub(super) fn to_query(&self) -> AssetQuery {
        let flag = |s: &str| matches!(s, "1" | "true" | "on");
        AssetQuery {
            q: self.q.clone(),
            kind: self.kind.clone(),
            department: Uuid::parse_str(self.department.trim()).ok(),
            c: self.c.clone(),
            i: self.i.clone(),
            a: self.a.clone(),
            importance: self.importance.trim().parse().ok(),
            personal_data: self.personal_data.clone(),
            network_layer: self.network_layer.clone(),
            status: self.status.clone(),
            overdue: flag(&self.overdue),
            under_protected: flag(&self.under_protected),
            sort: self.sort.clone(),
            desc: flag(&self.desc),
        }
    }

    /// The filters as a query string (without paging; with the sort when asked).
    fn encode(&self, with_sort: bool) -> String {
        let mut copy = self.clone();
        if !with_sort {
            copy.sort.clear();
            copy.desc.clear();
        }
        query_string(&copy)
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let q = p.to_query();
    let (page, idx, schemes) = state
        .app
        .list_assets(user.actor(), &q, PageRequest::new(p.page, p.per_page))
        .await
        .lang(lang)?;
    let a = user.actor();
    let page = ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        department: p.department.clone(),
        importance: p.importance.clone(),
        opt: options(&schemes, dept_options(&idx, state.app.today(), lang), lang),
        can_create: user.actor().can(Capability::CreateAssets),
        can_export: a.can(Capability::ExportAssets),
        can_import: a.can(Capability::ImportAssets),
        query: p.encode(true),
        sort_query: p.encode(false),
        q,
    };
    Ok(render(&page))
}

/// Bulk actions: the list's checkboxes arrive as repeated `ids` fields, which a plain
/// form decoder cannot gather, so the body is read here.
pub async fn bulk(
    State(state): State<WebState>,
    user: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    let lang = user.lang;
    check_csrf_bytes(&body, &user)?;
    let mut ids = Vec::new();
    let (mut action, mut department, mut date, mut back) =
        (String::new(), String::new(), String::new(), String::new());
    for (k, v) in form_urlencoded::parse(&body) {
        match k.as_ref() {
            "ids" => ids.push(Uuid::parse_str(&v).map_err(|_| WebError::bad_request(lang))?),
            "action" => action = v.into_owned(),
            "department" => department = v.into_owned(),
            "date" => date = v.into_owned(),
            "back" => back = v.into_owned(),
            _ => {}
        }
    }
    let action = match action.as_str() {
        "reassign" => BulkAction::Reassign { department },
        "set_review" => BulkAction::SetReview { date },
        "retire" => BulkAction::Retire,
        "dispose" => BulkAction::Dispose,
        _ => return Err(WebError::bad_request(lang)),
    };
    let back = if back.starts_with("/assets") {
        back
    } else {
        "/assets".into()
    };
    match state.app.bulk_assets(user.actor(), &ids, &action).await {
        Ok(_) => Ok(done(&back, "asset.bulk_done")),
        Err(AppError::Invalid(inv)) => {
            let field = inv.0.first().map(|e| e.field.clone()).unwrap_or_default();
            let key = match field.as_str() {
                "ids" => "asset.bulk_none",
                "date" => "asset.bulk_bad_date",
                _ => "asset.bulk_bad_department",
            };
            Ok(done(&back, key))
        }
        Err(e) => Err(WebError::new(e, lang)),
    }
}

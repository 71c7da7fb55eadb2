//! The staff list: search, filters, sorting and paging.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::staff::{StaffQuery, StaffView};
use mamori_app::{Page, PageRequest};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DeptOption, category_options, dept_options, render};
use crate::session::SignedIn;

#[derive(Template)]
#[template(path = "staff_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<StaffView>,
    q: StaffQuery,
    departments: Vec<DeptOption>,
    categories: Vec<(&'static str, &'static str)>,
    can_create: bool,
    can_export: bool,
    query: String,
    sort_query: String,
    page_query: String,
}

#[derive(Deserialize, Default)]
pub struct ListParams {
    #[serde(flatten)]
    pub(super) q: StaffQueryParams,
    page: Option<u64>,
    per_page: Option<u64>,
    done: Option<String>,
}

/// The list's query string as typed: an empty department select arrives as "".
#[derive(Deserialize, Default, Clone)]
pub struct StaffQueryParams {
    #[serde(default)]
    q: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    sort: String,
    #[serde(default)]
    desc: String,
}

impl StaffQueryParams {
    pub(super) fn to_query(&self) -> StaffQuery {
        StaffQuery {
            q: self.q.clone(),
            department: Uuid::parse_str(self.department.trim()).ok(),
            category: self.category.clone(),
            status: self.status.clone(),
            sort: self.sort.clone(),
            desc: matches!(self.desc.as_str(), "1" | "true"),
        }
    }

    fn encode(&self, with_sort: bool) -> String {
        let mut s = form_urlencoded::Serializer::new(String::new());
        for (k, v) in [
            ("q", &self.q),
            ("department", &self.department),
            ("category", &self.category),
            ("status", &self.status),
        ] {
            if !v.is_empty() {
                s.append_pair(k, v);
            }
        }
        if with_sort && !self.sort.is_empty() {
            s.append_pair("sort", &self.sort);
        }
        s.finish()
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let q = p.q.to_query();
    let (page, idx) = state
        .app
        .list_staff(user.actor(), &q, PageRequest::new(p.page, p.per_page))
        .await
        .lang(lang)?;
    let a = user.actor();
    let page = ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        departments: dept_options(&idx, state.app.today(), lang),
        categories: category_options(lang),
        can_create: a.can(Capability::EditStaff { department: None })
            || a.grants.iter().any(|g| {
                g.scope.is_some()
                    && matches!(
                        g.role,
                        mamori_domain::Role::DeptOfficer | mamori_domain::Role::SectionManager
                    )
            }),
        can_export: a.can(Capability::ExportStaff),
        query: p.q.encode(true),
        sort_query: p.q.encode(false),
        page_query: p.q.encode(true),
        q,
    };
    Ok(render(&page))
}

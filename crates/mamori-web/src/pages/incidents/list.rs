//! The incident register, filtered; without the register, one's own reports.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::Page;
use mamori_app::PageRequest;
use mamori_app::authz::Capability;
use mamori_app::incidents::{IncidentQuery, IncidentRow};
use mamori_domain::incident::{Category, Severity, State as Status};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, choices, csv_download, dept_options, query_string, render, xlsx_download,
};
use crate::session::SignedIn;

/// The list's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub state: String,
    pub severity: String,
    pub category: String,
    pub department: String,
    pub personal_data: String,
    pub overdue: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> IncidentQuery {
        IncidentQuery {
            q: self.q.clone(),
            state: self.state.clone(),
            severity: self.severity.clone(),
            category: self.category.clone(),
            department: Uuid::parse_str(self.department.trim()).ok(),
            personal_data: self.personal_data.clone(),
            overdue: self.overdue == "1",
            mine: false,
        }
    }
}

#[derive(Template)]
#[template(path = "incident_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<IncidentRow>,
    p: ListParams,
    query: String,
    /// The register and its filters (else: one's own reports).
    register: bool,
    /// The incident settings are the CISO's and deputy's.
    can_configure: bool,
    /// The committee's statistics.
    can_see_stats: bool,
    states: Vec<Choice>,
    severities: Vec<Choice>,
    categories: Vec<Choice>,
    departments: Vec<DeptOption>,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let page = state
        .app
        .incidents(
            user.actor(),
            &p.to_query(),
            PageRequest::new(p.page, Some(50)),
        )
        .await
        .lang(lang)?;
    let register = user.actor().can(Capability::ViewIncidents);
    let departments = if register {
        let idx = state.app.departments(user.actor()).await.lang(lang)?;
        dept_options(&idx, state.app.today(), lang)
    } else {
        Vec::new()
    };
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        query: query_string(&p),
        register,
        can_configure: user.actor().can(Capability::ManageOrg),
        can_see_stats: mamori_app::incidents::may_see_statistics(user.actor()),
        states: choices(&Status::ALL, Status::code, Status::label, lang),
        severities: choices(&Severity::ALL, Severity::code, Severity::label, lang),
        categories: choices(&Category::ALL, Category::code, Category::label, lang),
        departments,
        p,
    }))
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    use mamori_app::incidents::{EXPORT_HEADERS, EXPORT_NAME, export_row};
    let rows = state
        .app
        .export_incidents(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    Ok(csv_download(
        &EXPORT_HEADERS,
        &mut rows.iter().map(export_row),
        EXPORT_NAME,
    ))
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    use mamori_app::incidents::{EXPORT_HEADERS, EXPORT_NAME, export_row};
    let rows = state
        .app
        .export_incidents(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    xlsx_download(
        EXPORT_NAME,
        &EXPORT_HEADERS,
        &mut rows.iter().map(export_row),
        EXPORT_NAME,
        user.lang,
    )
}

//! Inventories: the list with the form that opens one, and an inventory's page with
//! each department's coverage and the items of one department to check.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::media::{FindingInput, InventoryDetail, InventoryInput, InventoryView};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, Pairs, answer_created, answer_on_page, get, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "inventory_list.html")]
struct ListPage {
    ctx: Ctx,
    inventories: Vec<InventoryView>,
    form: FormState,
    may_open: bool,
}

async fn list_page(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<ListPage, WebError> {
    let inventories = state.app.inventories(user.actor()).await.lang(user.lang)?;
    Ok(ListPage {
        ctx: Ctx::with_notice(user, done),
        inventories,
        form: FormState::new(user.lang),
        may_open: user.actor().can(Capability::RunInventories),
    })
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, q.done.as_deref()).await?))
}

pub async fn open(State(state): State<WebState>, f: CsrfForm<Pairs>) -> Result<Response, WebError> {
    let input = InventoryInput {
        name: get(&f.form, "name").to_owned(),
        due_on: get(&f.form, "due_on").to_owned(),
    };
    let r = state.app.open_inventory(f.user.actor(), &input).await;
    answer_created(&f, r, ("/inventories", "inventory.opened"), async |form| {
        let mut p = list_page(&state, &f.user, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

/// Which department's items an inventory's page shows.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct PageParams {
    pub department: String,
    pub done: Option<String>,
}

#[derive(Template)]
#[template(path = "inventory_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: InventoryDetail,
    form: FormState,
}

impl DetailPage {
    fn shown(&self) -> String {
        self.d
            .department_id
            .map(|d| d.to_string())
            .unwrap_or_default()
    }
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    department: Option<Uuid>,
    done: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state
        .app
        .inventory(user.actor(), id, department)
        .await
        .lang(user.lang)?;
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, done),
        d,
        form: FormState::new(user.lang),
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<PageParams>,
) -> Result<Response, WebError> {
    let department = Uuid::parse_str(q.department.trim()).ok();
    Ok(render(
        &detail(&state, &user, id, department, q.done.as_deref()).await?,
    ))
}

/// Answers a form posted from an inventory's page: back to the department it was
/// about with `key`, or the page again with the form's problems.
async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    id: Uuid,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    let department = Uuid::parse_str(get(&f.form, "department").trim()).ok();
    let back = match department {
        Some(d) => format!("/inventories/{id}?department={d}"),
        None => format!("/inventories/{id}"),
    };
    answer_on_page(f, r, (&back, key), async |form| {
        let mut p = detail(state, &f.user, id, department, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

pub async fn record(
    State(state): State<WebState>,
    Path((id, cid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = FindingInput {
        finding: get(&f.form, "finding").to_owned(),
        note: get(&f.form, "note").to_owned(),
    };
    let r = state
        .app
        .record_finding(f.user.actor(), id, cid, &input)
        .await;
    answer(&state, &f, id, r, "inventory.recorded").await
}

pub async fn incident(
    State(state): State<WebState>,
    Path((id, cid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    match state.app.missing_incident(f.user.actor(), id, cid).await {
        Ok(incident) => Ok(crate::pages::done(
            &format!("/incidents/{incident}"),
            "inventory.incident_opened",
        )),
        Err(e) => answer(&state, &f, id, Err::<(), _>(e), "").await,
    }
}

pub async fn confirm(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let department = Uuid::parse_str(get(&f.form, "department").trim()).ok();
    let r = state.app.confirm_rest(f.user.actor(), id, department).await;
    answer(&state, &f, id, r, "inventory.confirmed").await
}

pub async fn close(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.close_inventory(f.user.actor(), id).await;
    answer(&state, &f, id, r, "inventory.closed").await
}

/// An inventory's coverage by department, as a download.
async fn coverage_download(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    format: crate::pages::Download,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let rows = state
        .app
        .inventory_table(user.actor(), id)
        .await
        .lang(lang)?;
    let headers = crate::pages::headers_in(&mamori_app::media::INVENTORY_HEADERS, lang);
    crate::pages::register_download(
        format,
        ("inventory", "棚卸"),
        &headers,
        rows,
        state.app.today(),
        lang,
    )
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    coverage_download(&state, &user, id, crate::pages::Download::Csv).await
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    coverage_download(&state, &user, id, crate::pages::Download::Xlsx).await
}

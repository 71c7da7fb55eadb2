//! Self-inspections: the list with the form that opens one, and a campaign's page.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::controls::CatalogSummary;
use mamori_app::review::{InspectionDetail, InspectionInput, InspectionView};
use mamori_domain::review::inspection::{Answer, Scope};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::controls::split_list;
use crate::pages::{
    Choice, DoneQuery, FormState, Pairs, answer_created, answer_on_page, choices, get, render,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "inspection_list.html")]
struct ListPage {
    ctx: Ctx,
    inspections: Vec<InspectionView>,
    form: FormState,
    may_open: bool,
    catalogs: Vec<CatalogSummary>,
    scopes: Vec<Choice>,
}

async fn list_page(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<ListPage, WebError> {
    let a = user.actor();
    let inspections = state.app.inspections(a).await.lang(user.lang)?;
    let may_open = a.can(Capability::RunInspections);
    let catalogs = if may_open {
        state.app.catalogs(a).await.lang(user.lang)?
    } else {
        Vec::new()
    };
    Ok(ListPage {
        ctx: Ctx::with_notice(user, done),
        inspections,
        form: FormState::new(user.lang).with("source", "mic-guideline"),
        may_open,
        catalogs,
        scopes: choices(&Scope::ALL, Scope::code, Scope::label, user.lang),
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
    let input = InspectionInput {
        name: get(&f.form, "name").to_owned(),
        fiscal_year: get(&f.form, "fiscal_year").to_owned(),
        due_on: get(&f.form, "due_on").to_owned(),
        source: get(&f.form, "source").to_owned(),
        chapters: split_list(get(&f.form, "chapters")),
        checklist: get(&f.form, "checklist").to_owned(),
        scope: get(&f.form, "scope").to_owned(),
        departments: split_list(get(&f.form, "departments")),
        systems: split_list(get(&f.form, "systems")),
        applied_controls: get(&f.form, "applied_controls") == "1",
    };
    answer_created(
        &f,
        state.app.open_inspection(f.user.actor(), &input).await,
        ("/inspections", "inspection.opened"),
        async |form| {
            let mut p = list_page(&state, &f.user, None).await?;
            p.form = form;
            Ok(p)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "inspection_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: InspectionDetail,
    form: FormState,
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    done: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state
        .app
        .inspection(user.actor(), id)
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
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&detail(&state, &user, id, q.done.as_deref()).await?))
}

pub async fn close(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.close_inspection(f.user.actor(), id).await;
    let back = format!("/inspections/{id}");
    answer_on_page(&f, r, (&back, "inspection.closed"), async |form| {
        let mut p = detail(&state, &f.user, id, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

/// A campaign's scores by department, as a download.
async fn scores_download(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    format: crate::pages::Download,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let rows = state
        .app
        .inspection_table(user.actor(), id)
        .await
        .lang(lang)?;
    let headers = crate::pages::headers_in(&mamori_app::review::INSPECTION_HEADERS, lang);
    crate::pages::register_download(
        format,
        ("self-inspection", "自己点検"),
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
    scores_download(&state, &user, id, crate::pages::Download::Csv).await
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    scores_download(&state, &user, id, crate::pages::Download::Xlsx).await
}

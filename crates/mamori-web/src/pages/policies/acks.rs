//! Acknowledgement campaigns on the screens: starting one from an approved version,
//! its coverage (by department and category, the names of a department), paper forms
//! recorded by department officers, the list of who has not acknowledged as a
//! download, closing it; and the page on which a person reads and confirms.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use mamori_app::policies::acks::{AckInput, AckPage, CampaignInput, CoverageView, PaperAckInput};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::charts::{Bar, percent_rows};
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::controls::evidence_download;
use crate::pages::{
    DoneQuery, Empty, FormState, Pairs, all, csv_download, dated, done, get, read_upload, render,
    reshow, state_of, xlsx_download,
};
use crate::session::{CsrfForm, SignedIn, check_csrf};

/// `POST /policies/{id}/v/{version}/campaigns`: categories and departments may repeat.
pub async fn start(
    State(state): State<WebState>,
    Path((id, n)): Path<(Uuid, i32)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let days = |k: &str| get(&f.form, k).trim().parse::<i32>().ok();
    let input = CampaignInput {
        due_on: get(&f.form, "due_on").into(),
        categories: all(&f.form, "categories").map(str::to_owned).collect(),
        departments: all(&f.form, "departments")
            .filter_map(|d| Uuid::parse_str(d).ok())
            .collect(),
        contractors: get(&f.form, "contractors") == "1",
        remind_every_days: days("remind_every_days"),
        new_hire_days: days("new_hire_days"),
    };
    match state
        .app
        .start_ack_campaign(user.actor(), id, n, &input)
        .await
    {
        Ok(c) => Ok(done(&format!("/acknowledgements/{c}"), "ack.started")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let campaign = state_of(&f.form, user.lang).with_errors(inv);
                super::version::version_page_with(&state, user, (id, n), campaign).await
            })
            .await
        }
    }
}

#[derive(Deserialize, Default)]
pub struct CoverageQuery {
    #[serde(default)]
    department: Option<Uuid>,
    #[serde(default)]
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "policy_coverage.html")]
struct CoveragePage {
    ctx: Ctx,
    c: CoverageView,
    paper: FormState,
    /// The departments' coverage as a chart (the table beside it has the figures).
    chart: String,
}

async fn coverage_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    department: Option<Uuid>,
    ctx: Ctx,
    paper: FormState,
) -> Result<CoveragePage, WebError> {
    let c = state
        .app
        .ack_coverage(user.actor(), id, department, false)
        .await
        .lang(user.lang)?;
    let bars: Vec<Bar> = c
        .by_department
        .iter()
        .map(|r| Bar {
            label: r.label.clone(),
            value: f64::from(r.percent),
            text: format!("{}%", r.percent),
        })
        .collect();
    let chart = percent_rows("ack-departments", ctx.t("ack.by_department"), &bars);
    Ok(CoveragePage {
        ctx,
        c,
        paper,
        chart,
    })
}

pub async fn coverage(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let paper = FormState::new(user.lang).with("signed_on", state.app.today().to_string());
    Ok(render(
        &coverage_page(&state, &user, id, q.department, ctx, paper).await?,
    ))
}

pub async fn close(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .close_ack_campaign(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/acknowledgements/{id}"), "ack.closed"))
}

/// `POST /acknowledgements/{id}/paper` (multipart: `employee_number`, `signed_on`,
/// `department` (the page to return to), `file`, `_csrf`).
pub async fn paper(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let up = read_upload(mp, user.lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let department = Uuid::parse_str(up.field("department")).ok();
    let input = PaperAckInput {
        employee_number: up.field("employee_number").into(),
        signed_on: up.field("signed_on").into(),
    };
    let back = match department {
        Some(d) => format!("/acknowledgements/{id}?department={d}"),
        None => format!("/acknowledgements/{id}"),
    };
    let file = up.file.clone().unwrap_or_default();
    match state
        .app
        .record_paper_ack(user.actor(), id, &input, file)
        .await
    {
        Ok(()) => Ok(done(&back, "ack.paper_recorded")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let paper = FormState::of(&input, user.lang).with_errors(inv);
                coverage_page(&state, &user, id, department, Ctx::new(&user), paper).await
            })
            .await
        }
    }
}

pub async fn scan(
    State(state): State<WebState>,
    user: SignedIn,
    Path((id, ack)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let f = state
        .app
        .ack_scan(user.actor(), id, ack)
        .await
        .lang(user.lang)?;
    Ok(evidence_download(f))
}

#[derive(Deserialize, Default)]
pub struct ExportQuery {
    #[serde(default)]
    department: Option<Uuid>,
    #[serde(default)]
    format: Option<String>,
}

/// The columns of the list of who has not acknowledged.
const PENDING_HEADERS: [&str; 6] = [
    "職員番号 / Employee number",
    "氏名 / Name",
    "所属 / Department",
    "区分 / Category",
    "期限 / Due",
    "期限超過 / Overdue",
];

/// `GET /acknowledgements/{id}/pending?format=csv|xlsx&department=`: those who have
/// not acknowledged, for the departments the reader answers for.
pub async fn export(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<ExportQuery>,
) -> Result<Response, WebError> {
    let c = state
        .app
        .ack_coverage(user.actor(), id, q.department, true)
        .await
        .lang(user.lang)?;
    if !c.names_shown {
        return Err(WebError::new(mamori_app::AppError::Forbidden, user.lang));
    }
    let mut rows = c.pending.iter().map(|p| {
        vec![
            p.employee_number.clone(),
            p.name.clone(),
            p.department.clone(),
            p.category.label_ja().to_owned(),
            p.due_on.to_string(),
            if p.overdue { "超過" } else { "" }.to_owned(),
        ]
    });
    let stem = dated(
        &format!(
            "未確認者_{}_第{}版",
            c.campaign.document_code, c.campaign.version
        ),
        state.app.today(),
    );
    match q.format.as_deref() {
        Some("xlsx") => xlsx_download("未確認者", &PENDING_HEADERS, &mut rows, &stem, user.lang),
        _ => Ok(csv_download(&PENDING_HEADERS, &mut rows, &stem)),
    }
}

#[derive(Template)]
#[template(path = "policy_acknowledge.html")]
struct AcknowledgePage {
    ctx: Ctx,
    p: AckPage,
    form: FormState,
}

async fn acknowledge_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    ctx: Ctx,
    form: FormState,
) -> Result<AcknowledgePage, WebError> {
    let p = state.app.ack_page(user.actor(), id).await.lang(user.lang)?;
    Ok(AcknowledgePage { ctx, p, form })
}

pub async fn read(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    Ok(render(
        &acknowledge_page(&state, &user, id, ctx, FormState::new(user.lang)).await?,
    ))
}

#[derive(Deserialize, Default)]
pub struct AckForm {
    #[serde(default)]
    text_hash: String,
    #[serde(default)]
    confirm: String,
}

pub async fn confirm(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AckForm>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = AckInput {
        text_hash: f.form.text_hash.clone(),
        confirm: f.form.confirm == "1",
    };
    match state.app.acknowledge(user.actor(), id, &input).await {
        Ok(()) => Ok(done(&format!("/acknowledge/{id}"), "ack.given")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::new(user.lang).with_errors(inv);
                acknowledge_page(&state, user, id, Ctx::new(user), form).await
            })
            .await
        }
    }
}

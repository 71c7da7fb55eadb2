//! The risk register (リスク管理台帳): the list with filters, the risk page with its
//! evaluations, acceptance and history, the form, heat maps and trends ([`heatmap`]),
//! and the settings a CISO keeps: risk method, threats, vulnerabilities and
//! assessment campaigns ([`setup`]).

mod campaigns;
mod form;
mod heatmap;
mod setup;

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::risks::{CatalogEntryView, RiskQuery, RiskView, StageView};
use mamori_app::{AppError, Page};
use mamori_domain::risk::{RiskLevel, RiskMethod, Stage, Standing, Treatment};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{
    Choice, DeptOption, DoneQuery, HistoryRow, choices, csv_download, dept_options, done,
    history_rows, render, xlsx_download,
};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::{Lang, tf};
use crate::route_table::route_table;
use crate::session::{CsrfForm, SignedIn};

route_table! {
    pub const ROUTES = {
        "/risks" => get(list),
        "/risks/new" => get(form::new_page).post(form::create),
        "/risks/export.csv" => get(export_csv),
        "/risks/export.xlsx" => get(export_xlsx),
        "/risks/heatmap" => get(heatmap::page),
        "/risks/method" => get(setup::method_page).post(setup::method_submit),
        "/risks/threats" => get(setup::threats_page),
        "/risks/threats/new" => get(setup::threat_new).post(setup::threat_create),
        "/risks/threats/{id}/edit" => get(setup::threat_edit).post(setup::threat_update),
        "/risks/vulnerabilities/new" => get(setup::vulnerability_new).post(setup::vulnerability_create),
        "/risks/vulnerabilities/{id}/edit" => get(setup::vulnerability_edit).post(setup::vulnerability_update),
        "/risks/campaigns" => get(campaigns::campaigns_page).post(campaigns::campaign_create),
        "/risks/campaigns/{id}" => get(campaigns::campaign_page),
        "/risks/campaigns/{id}/draft" => post(campaigns::campaign_draft),
        "/risks/campaigns/{id}/complete" => post(campaigns::campaign_complete),
        "/risks/campaigns/{id}/close" => post(campaigns::campaign_close),
        "/risks/{id}" => get(detail),
        "/risks/{id}/edit" => get(form::edit_page).post(form::update),
        "/risks/{id}/accept" => post(accept),
        "/risks/{id}/close" => post(close),
        "/risks/{id}/reopen" => post(reopen),
    }
}

/// A level as a small coloured swatch and its label (colours are checked `#rrggbb`).
pub struct Badge {
    pub label: String,
    pub colour: String,
    pub score: u8,
    pub above: bool,
}

fn badge(s: &Option<StageView>, lang: Lang) -> Option<Badge> {
    s.as_ref().map(|s| Badge {
        label: level_label(&s.level, lang).to_owned(),
        colour: s.level.colour.clone(),
        score: s.score,
        above: s.above_tolerance,
    })
}

/// A threat or vulnerability in a select: its code and name (the Japanese name where
/// no English one was given).
fn entry_choice(e: CatalogEntryView, lang: Lang) -> Choice {
    let name = if lang == Lang::En && !e.name_en.is_empty() {
        e.name_en
    } else {
        e.name_ja
    };
    Choice {
        value: e.id.to_string(),
        label: format!("{} {name}", e.code),
    }
}

pub fn level_label(l: &RiskLevel, lang: Lang) -> &str {
    if lang == Lang::En {
        &l.label_en
    } else {
        &l.label_ja
    }
}

/// One row of the register as the list shows it.
pub struct Row {
    pub id: Uuid,
    pub number: String,
    pub title: String,
    pub department: String,
    pub threat: String,
    pub inherent: Option<Badge>,
    pub residual: Option<Badge>,
    pub treatment: String,
    pub standing: Standing,
    pub standing_label: &'static str,
    pub owner: String,
    pub due_on: Option<chrono::NaiveDate>,
    pub assets: u64,
}

fn row(r: &RiskView, lang: Lang) -> Row {
    Row {
        id: r.id,
        number: r.number.clone(),
        title: r.title.clone(),
        department: r.department.clone(),
        threat: r.threat.clone(),
        inherent: badge(&r.inherent, lang),
        residual: badge(&r.residual, lang),
        treatment: r
            .treatment
            .map(|t| t.label(lang.code()).to_owned())
            .unwrap_or_default(),
        standing: r.standing,
        standing_label: r.standing.label(lang.code()),
        owner: r.owner.clone(),
        due_on: r.due_on,
        assets: r.assets,
    }
}

/// The list's query string as typed (empty selects arrive as "").
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub department: String,
    pub standing: String,
    pub treatment: String,
    pub threat: String,
    pub campaign: String,
    pub asset: String,
    pub stage: String,
    pub level: String,
    pub above: String,
    pub x: String,
    pub y: String,
    pub sort: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

fn opt_uuid(s: &str) -> Option<Uuid> {
    Uuid::parse_str(s.trim()).ok()
}

fn opt_text(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

impl ListParams {
    pub fn to_query(&self) -> RiskQuery {
        RiskQuery {
            q: opt_text(&self.q),
            department: opt_uuid(&self.department),
            standing: opt_text(&self.standing),
            treatment: opt_text(&self.treatment),
            threat: opt_uuid(&self.threat),
            campaign: opt_uuid(&self.campaign),
            asset: opt_uuid(&self.asset),
            stage: opt_text(&self.stage),
            level: opt_text(&self.level),
            above: matches!(self.above.as_str(), "1" | "true" | "on").then_some(true),
            x: self.x.trim().parse().ok(),
            y: self.y.trim().parse().ok(),
            sort: opt_text(&self.sort),
            page: self.page,
            ..RiskQuery::default()
        }
    }

    /// The filters as a query string, without paging.
    pub fn encode(&self) -> String {
        super::query_string(self)
    }
}

/// What the filter bar offers.
pub struct Filters {
    pub departments: Vec<DeptOption>,
    pub threats: Vec<Choice>,
    pub standings: Vec<Choice>,
    pub treatments: Vec<Choice>,
    pub stages: Vec<Choice>,
    pub levels: Vec<Choice>,
}

async fn filters(
    state: &WebState,
    user: &SignedIn,
    method: &RiskMethod,
) -> Result<Filters, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let idx = app.departments(user.actor()).await.lang(lang)?;
    let threats = app.threats(user.actor()).await.lang(lang)?;
    Ok(Filters {
        departments: dept_options(&idx, app.today(), lang),
        threats: threats.into_iter().map(|t| entry_choice(t, lang)).collect(),
        standings: choices(&Standing::ALL, Standing::code, Standing::label, lang),
        treatments: choices(&Treatment::ALL, Treatment::code, Treatment::label, lang),
        stages: choices(&Stage::ALL, Stage::code, Stage::label, lang),
        levels: method
            .levels
            .iter()
            .map(|l| Choice {
                value: l.code.clone(),
                label: level_label(l, lang).to_owned(),
            })
            .collect(),
    })
}

#[derive(Template)]
#[template(path = "risk_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<Row>,
    p: ListParams,
    f: Filters,
    query: String,
    cell_note: String,
    can_create: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let q = p.to_query();
    let page = app.list_risks(user.actor(), &q).await.lang(lang)?;
    let method = app.risk_method(user.actor()).await.lang(lang)?;
    let cell_note = match (q.x, q.y) {
        (Some(x), Some(y)) => format!("{} {} × {}", q.stage().label(lang.code()), x, y),
        _ => String::new(),
    };
    let a = user.actor();
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page: page.map(|r| row(&r, lang)),
        f: filters(&state, &user, &method).await?,
        query: p.encode(),
        cell_note,
        can_create: a.can(Capability::CreateRisks),
        p,
    }))
}

/// The export's file and sheet name.
const EXPORT_NAME: &str = "リスク管理台帳";

/// The export's columns, in order.
const EXPORT_HEADERS: [&str; 16] = [
    "リスク番号",
    "リスク",
    "所属",
    "対象資産",
    "資産数",
    "脅威",
    "脆弱性",
    "固有リスク",
    "現在のリスク",
    "残留リスク",
    "対応",
    "対応の内容",
    "状態",
    "担当者",
    "期限",
    "受容（期限）",
];

fn stage_text(s: &Option<StageView>) -> String {
    s.as_ref()
        .map(|s| format!("{} ({})", s.level.label_ja, s.score))
        .unwrap_or_default()
}

fn export_rows(rows: &[RiskView]) -> Vec<Vec<String>> {
    rows.iter()
        .map(|r| {
            vec![
                r.number.clone(),
                r.title.clone(),
                r.department.clone(),
                r.asset_group.clone(),
                r.assets.to_string(),
                r.threat.clone(),
                r.vulnerability.clone(),
                stage_text(&r.inherent),
                stage_text(&r.current),
                stage_text(&r.residual),
                r.treatment
                    .map(|t| t.label_ja().to_owned())
                    .unwrap_or_default(),
                r.treatment_note.clone(),
                r.standing.label_ja().to_owned(),
                r.owner.clone(),
                r.due_on.map(|d| d.to_string()).unwrap_or_default(),
                r.acceptance
                    .as_ref()
                    .map(|a| format!("{} ({})", a.by, a.expires_on))
                    .unwrap_or_default(),
            ]
        })
        .collect()
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = state
        .app
        .all_risks(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    Ok(csv_download(
        &EXPORT_HEADERS,
        &mut export_rows(&rows).into_iter(),
        EXPORT_NAME,
    ))
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = state
        .app
        .all_risks(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    xlsx_download(
        EXPORT_NAME,
        &EXPORT_HEADERS,
        &mut export_rows(&rows).into_iter(),
        EXPORT_NAME,
        user.lang,
    )
}

/// One evaluation on the risk page.
pub struct StageRow {
    pub label: &'static str,
    pub factors: String,
    pub badge: Option<Badge>,
}

fn factors_text(s: &Option<StageView>, lang: Lang) -> String {
    use mamori_domain::risk::Factors;
    match s.as_ref().map(|s| s.factors) {
        None => String::new(),
        Some(Factors::Ipa {
            importance,
            likelihood,
            vulnerability,
        }) => tf(
            lang,
            "risk.factors_ipa",
            &[
                ("importance", &importance),
                ("likelihood", &likelihood),
                ("vulnerability", &vulnerability),
            ],
        ),
        Some(Factors::Matrix { likelihood, impact }) => tf(
            lang,
            "risk.factors_matrix",
            &[("likelihood", &likelihood), ("impact", &impact)],
        ),
    }
}

#[derive(Template)]
#[template(path = "risk_detail.html")]
struct DetailPage {
    ctx: Ctx,
    r: RiskView,
    stages: Vec<StageRow>,
    standing_label: &'static str,
    treatment: String,
    assets: Vec<(Uuid, String)>,
    controls: Vec<(Uuid, String)>,
    /// The incidents whose recurrence prevention names this risk.
    incidents: mamori_app::incidents::LinkedIncidents,
    /// Exceptions covering its assets or departing from its controls.
    exceptions: Vec<mamori_app::compliance::exceptions::ExceptionView>,
    history: Vec<HistoryRow>,
    can_edit: bool,
    can_accept: bool,
    acceptor: &'static str,
    acceptance_expired: bool,
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(d): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let a = user.actor();
    let r = app.risk(a, id).await.lang(lang)?;
    let links = app.risk_links(a, id).await.lang(lang)?;
    let incidents = app.incidents_behind(a, "risk", id).await.lang(lang)?;
    let exceptions = app.exceptions_for_risk(a, id).await.lang(lang)?;
    let method = app.risk_method(a).await.lang(lang)?;
    let ctx = Ctx::with_notice(&user, d.done.as_deref());
    let history = history_rows(&app.history(a, "risk", id).await.lang(lang)?, &ctx);
    let stages = [
        (Stage::Inherent, &r.inherent),
        (Stage::Current, &r.current),
        (Stage::Residual, &r.residual),
    ]
    .into_iter()
    .map(|(s, v)| StageRow {
        label: s.label(lang.code()),
        factors: factors_text(v, lang),
        badge: badge(v, lang),
    })
    .collect();
    Ok(render(&DetailPage {
        stages,
        standing_label: r.standing.label(lang.code()),
        treatment: r
            .treatment
            .map(|t| t.label(lang.code()).to_owned())
            .unwrap_or_default(),
        assets: links.assets,
        controls: links.controls,
        incidents,
        exceptions,
        history,
        can_edit: a.can(Capability::EditRisk {
            department: r.department_id,
        }),
        can_accept: a.can(Capability::AcceptRisk {
            acceptor: method.acceptor,
        }),
        acceptor: method.acceptor.label(lang.code()),
        acceptance_expired: r
            .acceptance
            .as_ref()
            .is_some_and(|x| x.expired(app.today())),
        r,
        ctx,
    }))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct AcceptForm {
    pub reason: String,
    pub expires_on: String,
}

/// Answers a state change on the risk page: back to the page with a notice, or an
/// error page listing why (a refused close names the missing acceptance).
fn after_action(
    user: &SignedIn,
    id: Uuid,
    r: Result<RiskView, AppError>,
    key: &str,
) -> Result<Response, WebError> {
    r.map(|_| done(&format!("/risks/{id}"), key))
        .lang(user.lang)
}

pub async fn accept(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AcceptForm>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .accept_risk(f.user.actor(), id, &f.form.reason, &f.form.expires_on)
        .await;
    after_action(&f.user, id, r, "risk.accepted_done")
}

pub async fn close(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = state.app.close_risk(f.user.actor(), id).await;
    after_action(&f.user, id, r, "risk.closed_done")
}

pub async fn reopen(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<std::collections::HashMap<String, String>>,
) -> Result<Response, WebError> {
    let r = state.app.reopen_risk(f.user.actor(), id).await;
    after_action(&f.user, id, r, "risk.reopened_done")
}

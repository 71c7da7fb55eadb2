//! Asset register pages: the ledger with filters and bulk actions, the asset page
//! (relations, handling rules, history), create/edit, export, classification schemes.

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::assets::{AssetDetail, AssetInput, AssetQuery, AssetView, BulkAction, Schemes};
use mamori_app::authz::Capability;
use mamori_app::{AppError, Page, PageRequest};
use mamori_domain::asset::{AssetKind, AssetStatus, NetworkLayer, PersonalDataKind};
use mamori_domain::classification::{Dimension, Level, Scheme};
use mamori_domain::protection::RelationKind;
use serde::Deserialize;
use uuid::Uuid;

use super::account::DoneQuery;
use super::{
    DeptOption, FormState, HistoryRow, attachment, dept_options, done, history_rows, render,
    render_status,
};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::session::{CsrfForm, SignedIn, check_csrf_bytes};

/// A choice in a select: value and label.
pub struct Choice {
    value: String,
    label: String,
}

fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, &str) -> &'static str,
    lang: Lang,
) -> Vec<Choice> {
    all.iter()
        .map(|k| Choice {
            value: code(*k).to_owned(),
            label: label(*k, lang.code()).to_owned(),
        })
        .collect()
}

fn level_choices(scheme: &Scheme, dim: Dimension, lang: Lang) -> Vec<Choice> {
    scheme
        .scale(dim)
        .levels
        .iter()
        .rev()
        .map(|l| Choice {
            value: l.code.clone(),
            label: format!(
                "{} {}",
                l.code,
                if lang == Lang::En {
                    &l.label_en
                } else {
                    &l.label_ja
                }
            ),
        })
        .collect()
}

/// Everything a filter bar or a form offers.
pub struct Options {
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    layers: Vec<Choice>,
    personal: Vec<Choice>,
    c: Vec<Choice>,
    i: Vec<Choice>,
    a: Vec<Choice>,
    departments: Vec<DeptOption>,
}

fn options(schemes: &Schemes, depts: Vec<DeptOption>, lang: Lang) -> Options {
    let scheme = schemes.active();
    Options {
        kinds: choices(&AssetKind::ALL, AssetKind::code, AssetKind::label, lang),
        statuses: choices(
            &AssetStatus::ALL,
            AssetStatus::code,
            AssetStatus::label,
            lang,
        ),
        layers: choices(
            &NetworkLayer::ALL,
            NetworkLayer::code,
            NetworkLayer::label,
            lang,
        ),
        personal: choices(
            &PersonalDataKind::ALL,
            PersonalDataKind::code,
            PersonalDataKind::label,
            lang,
        ),
        c: level_choices(scheme, Dimension::C, lang),
        i: level_choices(scheme, Dimension::I, lang),
        a: level_choices(scheme, Dimension::A, lang),
        departments: depts,
    }
}

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
    fn to_query(&self) -> AssetQuery {
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
        super::query_string(&copy)
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

#[derive(Template)]
#[template(path = "asset_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    cancel: String,
    opt: Options,
}

fn form_state(input: &AssetInput, lang: Lang) -> FormState {
    FormState::of(input, lang)
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let app = &state.app;
    let idx = app.departments(user.actor()).await.lang(user.lang)?;
    let schemes = app.schemes(user.actor()).await.lang(user.lang)?;
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key: if editing.is_some() {
            "asset.edit"
        } else {
            "asset.new"
        },
        action: editing
            .map(|id| format!("/assets/{id}/edit"))
            .unwrap_or_else(|| "/assets/new".into()),
        cancel: editing
            .map(|id| format!("/assets/{id}"))
            .unwrap_or_else(|| "/assets".into()),
        opt: options(
            &schemes,
            dept_options(&idx, app.today(), user.lang),
            user.lang,
        ),
    })
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::CreateAssets)
        .await
        .lang(user.lang)?;
    let input = AssetInput {
        kind: AssetKind::DataElectronic.code().into(),
        status: AssetStatus::InUse.code().into(),
        network_layer: NetworkLayer::None.code().into(),
        personal_data: PersonalDataKind::None.code().into(),
        ..AssetInput::default()
    };
    let form = form_state(&input, user.lang);
    Ok(render(&form_page(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<AssetInput>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state.app.create_asset(f.user.actor(), &f.form).await {
        Ok(a) => Ok(done(&format!("/assets/{}", a.id), "asset.created")),
        Err(AppError::Invalid(inv)) => {
            let mut form = form_state(&f.form, lang);
            form.errors = inv.0;
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, &f.user, form, None).await?,
            ))
        }
        Err(e) => Err(WebError::new(e, lang)),
    }
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let input = state
        .app
        .asset_input(user.actor(), id)
        .await
        .lang(user.lang)?;
    let form = form_state(&input, user.lang);
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AssetInput>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state.app.update_asset(f.user.actor(), id, &f.form).await {
        Ok(_) => Ok(done(&format!("/assets/{id}"), "asset.updated")),
        Err(AppError::Invalid(inv)) => {
            let mut form = form_state(&f.form, lang);
            form.errors = inv.0;
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &form_page(&state, &f.user, form, Some(id)).await?,
            ))
        }
        Err(e) => Err(WebError::new(e, lang)),
    }
}

/// A handling rule line on the asset page.
pub struct RuleLine {
    dimension: &'static str,
    level: String,
    text: String,
}

#[derive(Template)]
#[template(path = "asset_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: AssetDetail,
    rules: Vec<RuleLine>,
    history: Vec<HistoryRow>,
    relations: Vec<Choice>,
    error: Option<String>,
}

impl DetailPage {
    /// The message key labelling a kind-specific field.
    fn detail_key(&self, field: &str) -> &'static str {
        match field {
            "model" => "asset.model",
            "serial" => "asset.serial",
            "asset_tag" => "asset.asset_tag",
            "vendor" => "asset.vendor",
            "version" => "asset.version",
            "licence" => "asset.licence",
            "segment" => "asset.segment",
            "address_range" => "asset.address_range",
            "building" => "asset.building",
            _ => "asset.room",
        }
    }
}

fn rule_lines(handling: &[(Dimension, Level)], lang: Lang) -> Vec<RuleLine> {
    handling
        .iter()
        .flat_map(|(d, l)| {
            l.handling.iter().map(move |h| RuleLine {
                dimension: d.label(lang.code()),
                level: l.code.clone(),
                text: h.text(lang.code()).to_owned(),
            })
        })
        .collect()
}

async fn detail_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<DetailPage, WebError> {
    let lang = user.lang;
    let d = state.app.asset_detail(user.actor(), id).await.lang(lang)?;
    let ctx = Ctx::with_notice(user, notice);
    Ok(DetailPage {
        rules: rule_lines(&d.handling, lang),
        history: history_rows(&d.history, &ctx),
        relations: choices(
            &RelationKind::ALL,
            RelationKind::code,
            RelationKind::label,
            lang,
        ),
        ctx,
        d,
        error,
    })
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(
        &detail_page(&state, &user, id, q.done.as_deref(), None).await?,
    ))
}

#[derive(Deserialize)]
pub struct RelateForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
}

pub async fn relate(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RelateForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .add_relation(f.user.actor(), id, &f.form.to, &f.form.kind, &f.form.note)
        .await
    {
        Ok(_) => Ok(done(&format!("/assets/{id}"), "asset.related")),
        Err(AppError::Invalid(inv)) => {
            let msg = inv
                .0
                .iter()
                .map(|e| e.text(lang.code()).to_owned())
                .collect::<Vec<_>>()
                .join(" ");
            Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &detail_page(&state, &f.user, id, None, Some(msg)).await?,
            ))
        }
        Err(e) => Err(WebError::new(e, lang)),
    }
}

#[derive(Deserialize)]
pub struct Empty {}

pub async fn unrelate(
    State(state): State<WebState>,
    Path((id, rel)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_relation(f.user.actor(), id, rel)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/assets/{id}"), "asset.unrelated"))
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

async fn export_rows(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
) -> Result<Vec<Vec<String>>, WebError> {
    state
        .app
        .export_assets(user.actor(), &p.to_query())
        .await
        .lang(user.lang)
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let headers = mamori_app::import::assets::export_headers();
    let body = mamori_app::tabular::write_csv(&headers, &mut rows.into_iter());
    Ok(attachment(
        body,
        "text/csv; charset=utf-8",
        &format!("情報資産台帳_{}.csv", state.app.today().format("%Y%m%d")),
    ))
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let headers = mamori_app::import::assets::export_headers();
    let body = mamori_app::tabular::write_xlsx("情報資産台帳", &headers, &mut rows.into_iter())
        .map_err(|e| WebError::new(AppError::Internal(e.to_string()), user.lang))?;
    Ok(attachment(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("情報資産台帳_{}.xlsx", state.app.today().format("%Y%m%d")),
    ))
}

/// The register as a printable A4-landscape document: every matching asset, the columns
/// a paper ledger keeps.
#[derive(Template)]
#[template(path = "asset_print.html")]
struct PrintPage {
    ctx: Ctx,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
    printed_on: String,
}

/// Columns of the printed register, by the importer's header names.
const PRINT_COLUMNS: [&str; 13] = [
    "管理番号",
    "資産種別",
    "情報資産名称",
    "業務分類",
    "管理部署",
    "媒体・保存先",
    "保存期限",
    "機密性",
    "完全性",
    "可用性",
    "重要度",
    "個人情報の種類",
    "次回見直し日",
];

pub async fn print(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let rows = export_rows(&state, &user, &p).await?;
    let all = mamori_app::import::assets::export_headers();
    let picks: Vec<usize> = PRINT_COLUMNS
        .iter()
        .filter_map(|h| all.iter().position(|a| a == h))
        .collect();
    let ctx = Ctx::new(&user);
    Ok(render(&PrintPage {
        headers: picks.iter().map(|i| all[*i]).collect(),
        rows: rows
            .into_iter()
            .map(|r| {
                picks
                    .iter()
                    .map(|i| r.get(*i).cloned().unwrap_or_default())
                    .collect()
            })
            .collect(),
        printed_on: ctx.day(&state.app.today()),
        ctx,
    }))
}

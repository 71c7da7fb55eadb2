//! The Statement of Applicability (適用宣言書): the working page with per-control
//! decisions and approval, exports, the printable A4 document and approved versions;
//! and the risk treatment plan.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::AppError;
use mamori_app::authz::Capability;
use mamori_app::controls::soa::{PLAN_HEADERS, SOA_HEADERS, SoaDocument, SoaRow, SoaView};
use serde::Deserialize;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    DoneQuery, FormState, csv_download, dated, done, problem, problems, render, reshow,
    xlsx_download,
};
use crate::session::{CsrfForm, SignedIn};

/// The treatment plan's file and sheet name.
const PLAN_NAME: &str = "リスク対応計画";

/// A row of the SoA page, with the section heading to show above it (when it changes).
pub struct Line {
    heading: Option<String>,
    row: SoaRow,
}

fn lines(rows: Vec<SoaRow>) -> Vec<Line> {
    let mut last: Option<String> = None;
    rows.into_iter()
        .map(|row| {
            let heading = (!row.section.is_empty()
                && last.as_deref() != Some(row.section.as_str()))
            .then(|| row.section.clone());
            last = Some(row.section.clone());
            Line { heading, row }
        })
        .collect()
}

#[derive(Template)]
#[template(path = "soa.html")]
struct SoaPage {
    ctx: Ctx,
    soa: SoaView,
    lines: Vec<Line>,
    can_edit: bool,
    can_approve: bool,
    /// The control whose entry was refused, and why.
    entry_error: Option<(String, String)>,
    approve: FormState,
    /// Each catalog control's exceptions in effect (numbers).
    exceptions: std::collections::BTreeMap<String, Vec<String>>,
}

impl SoaPage {
    fn exceptions_of(&self, control: &str) -> Vec<String> {
        self.exceptions.get(control).cloned().unwrap_or_default()
    }

    fn name(&self) -> &str {
        if self.ctx.is_en() {
            &self.soa.name_en
        } else {
            &self.soa.name_ja
        }
    }

    fn title<'a>(&self, r: &'a SoaRow) -> &'a str {
        if self.ctx.is_en() && !r.title_en.is_empty() {
            &r.title_en
        } else {
            &r.title_ja
        }
    }

    fn entry_error_for(&self, control: &str) -> Option<&str> {
        self.entry_error
            .as_ref()
            .filter(|(c, _)| c == control)
            .map(|(_, m)| m.as_str())
    }
}

async fn soa_page(
    state: &WebState,
    user: &SignedIn,
    catalog: &str,
    notice: Option<&str>,
    entry_error: Option<(String, String)>,
    approve: FormState,
) -> Result<SoaPage, WebError> {
    let soa = state.app.soa(user.actor(), catalog).await.lang(user.lang)?;
    let a = user.actor();
    let approve = if approve.v("approved_on").is_empty() {
        approve.with(
            "approved_on",
            state.app.today().format("%Y-%m-%d").to_string(),
        )
    } else {
        approve
    };
    let exceptions = state
        .app
        .exceptions_by_catalog_control(a, catalog)
        .await
        .lang(user.lang)?;
    Ok(SoaPage {
        exceptions,
        ctx: Ctx::with_notice(user, notice),
        lines: lines(soa.rows.clone()),
        soa,
        can_edit: a.can(Capability::ManageCatalogs),
        can_approve: a.can(Capability::ApproveSoa),
        entry_error,
        approve,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(catalog): Path<String>,
    Query(p): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let approve = FormState::new(user.lang);
    Ok(render(
        &soa_page(&state, &user, &catalog, p.done.as_deref(), None, approve).await?,
    ))
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct EntryForm {
    control: String,
    /// `1` (applies) or `0` (does not).
    applicable: String,
    justification: String,
}

pub async fn entry(
    State(state): State<WebState>,
    Path(catalog): Path<String>,
    f: CsrfForm<EntryForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let control = f.form.control.trim().to_owned();
    let applicable = match f.form.applicable.trim() {
        "1" | "true" | "yes" | "applicable" => Ok(true),
        "0" | "false" | "no" | "not_applicable" => Ok(false),
        _ => Err(AppError::from(
            problem("soa.choose_applicable", &[]).at("applicable"),
        )),
    };
    let result = match applicable {
        Ok(a) => {
            state
                .app
                .set_soa_entry(f.user.actor(), &catalog, &control, a, &f.form.justification)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(()) => Ok(Redirect::to(&format!(
            "/soa/{}?done=soa.saved#c-{}",
            enc(&catalog),
            enc(&control)
        ))
        .into_response()),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let entry_error = Some((control, problems(&inv, lang)));
                let approve = FormState::new(lang);
                soa_page(&state, &f.user, &catalog, None, entry_error, approve).await
            })
            .await
        }
    }
}

fn enc(s: &str) -> String {
    form_urlencoded::byte_serialize(s.as_bytes()).collect()
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ApproveForm {
    approved_on: String,
    approved_by: String,
    note: String,
}

pub async fn approve(
    State(state): State<WebState>,
    Path(catalog): Path<String>,
    f: CsrfForm<ApproveForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let w = &f.form;
    match state
        .app
        .approve_soa(
            f.user.actor(),
            &catalog,
            &w.approved_on,
            &w.approved_by,
            &w.note,
        )
        .await
    {
        Ok(_) => Ok(done(
            &format!("/soa/{}", enc(&catalog)),
            "soa.approved_done",
        )),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang)
                    .with("approved_on", &w.approved_on)
                    .with("approved_by", &w.approved_by)
                    .with("note", &w.note)
                    .with_errors(inv);
                soa_page(&state, &f.user, &catalog, None, None, form).await
            })
            .await
        }
    }
}

fn file_stem(catalog: &str, today: chrono::NaiveDate) -> String {
    let safe: String = catalog
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_'))
        .collect();
    dated(&format!("適用宣言書_{safe}"), today)
}

pub async fn export_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
    Path(catalog): Path<String>,
) -> Result<Response, WebError> {
    let soa = state
        .app
        .soa(user.actor(), &catalog)
        .await
        .lang(user.lang)?;
    xlsx_download(
        "適用宣言書",
        &SOA_HEADERS,
        &mut soa.rows.iter().map(SoaRow::cells),
        &file_stem(&catalog, state.app.today()),
        user.lang,
    )
}

pub async fn export_csv(
    State(state): State<WebState>,
    user: SignedIn,
    Path(catalog): Path<String>,
) -> Result<Response, WebError> {
    let soa = state
        .app
        .soa(user.actor(), &catalog)
        .await
        .lang(user.lang)?;
    Ok(csv_download(
        &SOA_HEADERS,
        &mut soa.rows.iter().map(SoaRow::cells),
        &file_stem(&catalog, state.app.today()),
    ))
}

/// The SoA as an A4 portrait document (today's, or an approved version).
#[derive(Template)]
#[template(path = "soa_print.html")]
struct PrintPage {
    ctx: Ctx,
    doc: SoaDocument,
    printed_on: String,
}

impl PrintPage {
    fn name(&self) -> &str {
        if self.ctx.is_en() {
            &self.doc.name_en
        } else {
            &self.doc.name_ja
        }
    }

    /// The section heading to print above row `i`, when it starts a new section.
    fn heading(&self, i: usize) -> Option<&str> {
        let r = self.doc.rows.get(i).filter(|r| !r.section.is_empty())?;
        let prev = i.checked_sub(1).and_then(|p| self.doc.rows.get(p));
        (prev.map(|p| p.section.as_str()) != Some(r.section.as_str())).then_some(r.section.as_str())
    }

    fn cells(&self, r: &SoaRow) -> Vec<String> {
        let mut c = r.cells();
        if self.ctx.is_en() {
            if !r.title_en.is_empty() {
                c[1] = r.title_en.clone();
            }
            c[3] = self
                .ctx
                .t(match r.applicable {
                    Some(true) => "soa.applicable",
                    Some(false) => "soa.not_applicable",
                    None => "soa.undecided",
                })
                .to_owned();
            c[5] = r.status.map_or_else(
                || self.ctx.t("soa.not_covered").to_owned(),
                |s| s.label_en().to_owned(),
            );
        }
        // The section column repeats the headings; the printed page groups by them.
        c.remove(2);
        c.truncate(7);
        c
    }
}

pub async fn print(
    State(state): State<WebState>,
    user: SignedIn,
    Path(catalog): Path<String>,
) -> Result<Response, WebError> {
    let doc = state
        .app
        .soa_document(user.actor(), &catalog, None)
        .await
        .lang(user.lang)?;
    let ctx = Ctx::new(&user);
    Ok(render(&PrintPage {
        printed_on: ctx.day(&state.app.today()),
        ctx,
        doc,
    }))
}

pub async fn version(
    State(state): State<WebState>,
    user: SignedIn,
    Path((catalog, version)): Path<(String, i32)>,
) -> Result<Response, WebError> {
    let doc = state
        .app
        .soa_document(user.actor(), &catalog, Some(version))
        .await
        .lang(user.lang)?;
    let ctx = Ctx::new(&user);
    Ok(render(&PrintPage {
        printed_on: ctx.day(&state.app.today()),
        ctx,
        doc,
    }))
}

#[derive(Template)]
#[template(path = "control_plan.html")]
struct PlanPage {
    ctx: Ctx,
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl PlanPage {
    /// The header in the page's language (the export keeps both).
    fn header(&self, h: &str) -> String {
        let (ja, en) = h.split_once(" / ").unwrap_or((h, h));
        if self.ctx.is_en() { en } else { ja }.to_owned()
    }
}

pub async fn plan(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let rows = state
        .app
        .treatment_plan(user.actor())
        .await
        .lang(user.lang)?;
    Ok(render(&PlanPage {
        ctx: Ctx::new(&user),
        headers: PLAN_HEADERS.to_vec(),
        rows,
    }))
}

pub async fn plan_xlsx(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    let rows = state
        .app
        .treatment_plan(user.actor())
        .await
        .lang(user.lang)?;
    xlsx_download(
        PLAN_NAME,
        &PLAN_HEADERS,
        &mut rows.into_iter(),
        &dated(PLAN_NAME, state.app.today()),
        user.lang,
    )
}

pub async fn plan_csv(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let rows = state
        .app
        .treatment_plan(user.actor())
        .await
        .lang(user.lang)?;
    let stem = dated(PLAN_NAME, state.app.today());
    Ok(csv_download(&PLAN_HEADERS, &mut rows.into_iter(), &stem))
}

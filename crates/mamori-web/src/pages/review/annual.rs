//! The annual report's page: choose the fiscal year and the as-of day, read the
//! figures with their charts (A4 when printed), write the committee's sections,
//! issue the report, and take it away as PDF, Excel or a self-contained HTML file.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::NaiveDate;
use mamori_app::AppError;
use mamori_app::review::annual::ReportPage;
use mamori_domain::FieldError;
use mamori_domain::review::annual::{ReportYear, Sections};
use serde::Deserialize;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{FormState, Pairs, answer_on_page, attachment, get, render};
use crate::session::{CsrfForm, SignedIn};

/// The year and day asked for; both optional (the last year ended, as of its end).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct YearQuery {
    pub year: Option<String>,
    pub as_of: Option<String>,
    pub done: Option<String>,
}

#[derive(Template)]
#[template(path = "annual_report.html")]
struct AnnualPage {
    ctx: Ctx,
    year: i32,
    as_of: String,
    page: Option<ReportPage>,
    /// Why there is no report to show (a year not begun, a year with no records).
    problems: Vec<FieldError>,
    body: String,
    title: String,
    subtitle: String,
    form: FormState,
    /// Years to choose from, the latest first.
    choices: Vec<(i32, String)>,
}

impl AnnualPage {
    fn problem_texts(&self) -> Vec<String> {
        self.problems
            .iter()
            .map(|p| p.text(self.ctx.lang_code()).to_owned())
            .collect()
    }

    fn selected(&self, y: &i32) -> bool {
        *y == self.year
    }

    /// The downloads keep the day asked for.
    fn file_query(&self) -> String {
        if self.as_of.is_empty() {
            String::new()
        } else {
            format!("?as_of={}", self.as_of)
        }
    }
}

/// The year asked for (the last one ended by default) and the as-of day; a day that
/// is not one is refused by field.
fn parse(q: &YearQuery, today: NaiveDate) -> Result<(i32, Option<NaiveDate>), FieldError> {
    let year = match q.year.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => ReportYear::year_of(today) - 1,
        Some(s) => s.parse().map_err(|_| {
            FieldError::new(
                "year",
                "年度は数字（例: 2025）で指定してください。",
                "Give the fiscal year as a number, e.g. 2025.",
            )
        })?,
    };
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(s) => Some(
            mamori_domain::wareki::parse_date(s)
                .map_err(|p| FieldError::new("as_of", p.ja, p.en))?,
        ),
    };
    Ok((year, as_of))
}

async fn annual_page(
    state: &WebState,
    user: &SignedIn,
    q: &YearQuery,
    form: Option<FormState>,
) -> Result<AnnualPage, WebError> {
    let lang = user.lang;
    let today = state.app.today();
    let this_year = ReportYear::year_of(today);
    let mut out = AnnualPage {
        ctx: Ctx::with_notice(user, q.done.as_deref()),
        year: this_year - 1,
        as_of: q.as_of.clone().unwrap_or_default(),
        page: None,
        problems: Vec::new(),
        body: String::new(),
        title: String::new(),
        subtitle: String::new(),
        form: form.unwrap_or_else(|| FormState::new(lang)),
        choices: (this_year - 9..=this_year)
            .rev()
            .map(|y| (y, fy_label(y, lang)))
            .collect(),
    };
    let (year, as_of) = match parse(q, today) {
        Ok(v) => v,
        Err(e) => {
            out.problems.push(e);
            return Ok(out);
        }
    };
    out.year = year;
    match state.app.annual_report(user.actor(), year, as_of).await {
        Ok(p) => {
            out.body = crate::annual::body_html(&p.report, lang);
            out.title = crate::annual::title(&p.report, lang);
            out.subtitle = crate::annual::subtitle(&p.report, lang);
            if out.form.values.is_empty() {
                let s = &p.report.sections;
                out.form = std::mem::take(&mut out.form)
                    .with("overview", s.overview.clone())
                    .with("evaluation", s.evaluation.clone())
                    .with("next_year", s.next_year.clone());
            }
            out.page = Some(p);
        }
        Err(AppError::Invalid(inv)) => out.problems = inv.0,
        Err(e) => return Err(WebError::new(e, lang)),
    }
    Ok(out)
}

fn fy_label(y: i32, lang: Lang) -> String {
    match lang {
        Lang::Ja => mamori_domain::wareki::fiscal_year_label(y),
        Lang::En => format!("FY{y}"),
    }
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    Ok(render(&annual_page(&state, &user, &q, None).await?))
}

/// Back to the year's report with `key`, or the page again with the form's problems.
async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    year: i32,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    let back = format!("/reports/annual?year={year}");
    let q = YearQuery {
        year: Some(year.to_string()),
        ..YearQuery::default()
    };
    answer_on_page(f, r, (&back, key), async |form| {
        annual_page(state, &f.user, &q, Some(form)).await
    })
    .await
}

pub async fn save_sections(
    State(state): State<WebState>,
    Path(year): Path<i32>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let sections = Sections {
        overview: get(&f.form, "overview").to_owned(),
        evaluation: get(&f.form, "evaluation").to_owned(),
        next_year: get(&f.form, "next_year").to_owned(),
    };
    let r = state
        .app
        .save_report_sections(f.user.actor(), year, sections)
        .await;
    answer(&state, &f, year, r, "annual.saved").await
}

pub async fn issue(
    State(state): State<WebState>,
    Path(year): Path<i32>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.issue_annual_report(f.user.actor(), year).await;
    answer(&state, &f, year, r, "annual.issued_done").await
}

/// `{year}.pdf`, `{year}.xlsx` or `{year}.html`: the report as a file.
pub async fn file(
    State(state): State<WebState>,
    user: SignedIn,
    Path(file): Path<String>,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let (stem, ext) = file.rsplit_once('.').unwrap_or((&file, ""));
    let (Ok(year), true) = (stem.parse::<i32>(), ["pdf", "xlsx", "html"].contains(&ext)) else {
        return Err(WebError::new(AppError::NotFound, lang));
    };
    let as_of = parse(&q, state.app.today())
        .map_err(|e| WebError::new(AppError::Invalid(mamori_domain::Invalid(vec![e])), lang))?
        .1;
    let p = state
        .app
        .annual_report(user.actor(), year, as_of)
        .await
        .lang(lang)?;
    let name = format!("annual-report-{year}.{ext}");
    let internal = |e: String| WebError::new(AppError::Internal(e), lang);
    Ok(match ext {
        "pdf" => attachment(
            crate::pdf::annual_report(&p.report, lang).map_err(internal)?,
            "application/pdf",
            &name,
        ),
        "xlsx" => attachment(
            crate::annual::xlsx(&p.report, lang).map_err(internal)?,
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            &name,
        ),
        _ => attachment(
            crate::annual::html_file(&p.report, lang),
            "text/html; charset=utf-8",
            &name,
        ),
    })
}

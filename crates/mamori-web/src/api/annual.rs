//! `/api/v1/reports/annual`: the annual report of a fiscal year as of a day, as JSON
//! (or the same PDF, Excel or HTML file the page offers); its sections written and
//! the report issued. Authorization is the same use case's.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;
use mamori_app::review::annual::{
    AnnualReport, AreaFigure, AssetFigures, AuditFigures, BreachFigures, CommitteeFigures,
    ComplianceFigures, ControlFigures, Coverage, Figure, IncidentFigures, InspectionFigures,
    PeopleFigures, PhysicalFigures, Posture, PostureCell, RiskFigures,
};
use mamori_domain::review::annual::Sections;
use serde::Deserialize;
use utoipa::{IntoParams, OpenApi, ToSchema};

use super::{ApiResult, api};
use crate::WebState;
use crate::api::extract::{Json, Path, Query};
use crate::error::{ApiError, WebError};
use crate::i18n::Lang;
use crate::route_table::route_table;
use crate::session::ApiActor;

route_table! {
    pub const ROUTES = {
        "/reports/annual" => get(annual_report),
        "/reports/annual/{year}/sections" => put(save_sections),
        "/reports/annual/{year}/issue" => post(issue),
    }
}

#[derive(OpenApi)]
#[openapi(
    paths(annual_report, save_sections, issue),
    components(schemas(
        AnnualReport,
        AreaFigure,
        AssetFigures,
        AuditFigures,
        BreachFigures,
        CommitteeFigures,
        ComplianceFigures,
        ControlFigures,
        Coverage,
        Figure,
        IncidentFigures,
        InspectionFigures,
        PeopleFigures,
        PhysicalFigures,
        Posture,
        PostureCell,
        RiskFigures,
        SectionsInput
    ))
)]
pub struct AnnualDoc;

/// Which report, and in what form.
#[derive(Debug, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct AnnualQuery {
    /// The fiscal year: 2025 is April 2025 to March 2026 (default: the last ended).
    pub year: Option<i32>,
    /// The day the figures are as of (the year's end, or today while it runs).
    pub as_of: Option<String>,
    /// `json` (the default), `pdf`, `xlsx` or `html`.
    pub format: Option<String>,
    /// The language of a file's labels: `ja` (the default) or `en`.
    pub lang: Option<String>,
}

/// The committee's sections of the report.
#[derive(Debug, Deserialize, ToSchema)]
pub struct SectionsInput {
    #[serde(default)]
    pub overview: String,
    #[serde(default)]
    pub evaluation: String,
    #[serde(default)]
    pub next_year: String,
}

fn invalid(field: &str, ja: &str, en: &str) -> WebError {
    WebError::api(AppError::Invalid(mamori_domain::Invalid(vec![
        mamori_domain::FieldError::new(field, ja, en),
    ])))
}

/// The report: every figure counted from the records as of the day (an issued
/// report as it was issued). Counts only for restricted records.
#[utoipa::path(get, path = "/reports/annual", tag = "review", params(AnnualQuery), responses((status = 200, body = AnnualReport, description = "The report as JSON, or the file asked for by `format`"), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn annual_report(
    State(s): State<WebState>,
    a: ApiActor,
    Query(q): Query<AnnualQuery>,
) -> ApiResult<Response> {
    let as_of = match q.as_of.as_deref().map(str::trim).filter(|d| !d.is_empty()) {
        None => None,
        Some(d) => {
            Some(mamori_domain::wareki::parse_date(d).map_err(|p| invalid("as_of", &p.ja, &p.en))?)
        }
    };
    let lang = if q.lang.as_deref() == Some("en") {
        Lang::En
    } else {
        Lang::Ja
    };
    let year = q
        .year
        .unwrap_or_else(|| mamori_domain::review::annual::ReportYear::year_of(s.app.today()) - 1);
    let page = api(s.app.annual_report(&a.actor, year, as_of).await)?;
    let r = page.report;
    let file = |bytes: Result<Vec<u8>, String>, mime: &'static str, ext: &str| {
        bytes
            .map(|b| crate::pages::attachment(b, mime, &format!("annual-report-{year}.{ext}")))
            .map_err(|e| WebError::api(AppError::Internal(e)))
    };
    match q.format.as_deref().unwrap_or("json") {
        "json" => Ok(Json(r).into_response()),
        "pdf" => file(
            crate::pdf::annual_report(&r, lang),
            "application/pdf",
            "pdf",
        ),
        "xlsx" => file(
            crate::annual::xlsx(&r, lang),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            "xlsx",
        ),
        "html" => file(
            Ok(crate::annual::html_file(&r, lang).into_bytes()),
            "text/html; charset=utf-8",
            "html",
        ),
        _ => Err(invalid(
            "format",
            "形式は json、pdf、xlsx、html のいずれかです。",
            "The format is one of json, pdf, xlsx or html.",
        )),
    }
}

/// Writes the committee's sections (not once the report is issued).
#[utoipa::path(put, path = "/reports/annual/{year}/sections", tag = "review", params(("year" = i32, Path)), request_body = SectionsInput, responses((status = 204), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn save_sections(
    State(s): State<WebState>,
    a: ApiActor,
    Path(year): Path<i32>,
    Json(input): Json<SectionsInput>,
) -> ApiResult<axum::http::StatusCode> {
    let sections = Sections {
        overview: input.overview,
        evaluation: input.evaluation,
        next_year: input.next_year,
    };
    api(s.app.save_report_sections(&a.actor, year, sections).await)?;
    Ok(axum::http::StatusCode::NO_CONTENT)
}

/// Issues the report once its year has ended and its overview is written; the
/// figures are kept as counted now.
#[utoipa::path(post, path = "/reports/annual/{year}/issue", tag = "review", params(("year" = i32, Path)), responses((status = 200, body = AnnualReport), (status = 403, body = ApiError), (status = 422, body = ApiError)))]
pub async fn issue(
    State(s): State<WebState>,
    a: ApiActor,
    Path(year): Path<i32>,
) -> ApiResult<Json<AnnualReport>> {
    Ok(Json(api(s.app.issue_annual_report(&a.actor, year).await)?))
}

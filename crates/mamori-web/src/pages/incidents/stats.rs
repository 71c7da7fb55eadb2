//! The committee's views of incidents: a fiscal year's statistics drawn as SVG, and
//! one incident's report on A4.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::incidents::{Count, IncidentDetail, IncidentStats};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::charts::{Bar, columns, rows};
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::render;
use crate::session::SignedIn;

#[derive(Deserialize, Default)]
pub struct YearQuery {
    #[serde(default)]
    year: String,
}

#[derive(Template)]
#[template(path = "incident_stats.html")]
struct StatsPage {
    ctx: Ctx,
    s: IncidentStats,
    months_svg: String,
    categories_svg: String,
    departments_svg: String,
    contain_svg: String,
    years_svg: String,
}

fn bars(counts: &[Count], lang: Lang) -> Vec<Bar> {
    counts
        .iter()
        .map(|c| Bar {
            label: if lang == Lang::En {
                c.label_en.clone()
            } else {
                c.label_ja.clone()
            },
            value: c.count as f64,
            text: c.count.to_string(),
        })
        .collect()
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<YearQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let year = q.year.trim().parse::<i32>().ok();
    let s = state
        .app
        .incident_statistics(user.actor(), year)
        .await
        .lang(lang)?;
    let ctx = Ctx::new(&user);
    let contain: Vec<Bar> = s
        .contain
        .iter()
        .map(|c| Bar {
            label: c.category.label(lang.code()).to_owned(),
            value: c.median_hours,
            text: format!("{:.1} h", c.median_hours),
        })
        .collect();
    Ok(render(&StatsPage {
        months_svg: columns(
            "months",
            ctx.t("incident.stats_months"),
            &bars(&s.months, lang),
        ),
        categories_svg: rows(
            "categories",
            ctx.t("incident.stats_categories"),
            &bars(&s.by_category, lang),
        ),
        departments_svg: rows(
            "departments",
            ctx.t("incident.stats_departments"),
            &bars(&s.by_department, lang),
        ),
        contain_svg: rows("contain", ctx.t("incident.stats_contain"), &contain),
        years_svg: columns(
            "years",
            ctx.t("incident.stats_years"),
            &bars(&s.years, lang),
        ),
        ctx,
        s,
    }))
}

#[derive(Template)]
#[template(path = "incident_committee.html")]
struct CommitteeReport {
    ctx: Ctx,
    i: IncidentDetail,
}

/// One incident on A4 for the committee: the facts, the response and its times, the
/// cause and what changed, the breach assessment and the reports filed.
pub async fn committee_report(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let i = state
        .app
        .incident_detail(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(render(&CommitteeReport {
        ctx: Ctx::new(&user),
        i,
    }))
}

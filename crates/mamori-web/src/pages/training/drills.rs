//! Targeted-mail drills: the list with the trend across drills and the form to add
//! one, and a drill's results by department (its report is imported at
//! `/import/phishing`).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::training::{DrillDetail, DrillInput, DrillTrend};
use mamori_domain::training::phishing::percent_text;
use uuid::Uuid;

use crate::WebState;
use crate::charts::{Bar, percent_rows};
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

/// A rate in tenths of a percent as a table shows it.
fn pct(permille: &u32) -> String {
    percent_text(*permille)
}

#[derive(Template)]
#[template(path = "training_drills.html")]
struct ListPage {
    ctx: Ctx,
    t: DrillTrend,
    form: FormState,
    may_manage: bool,
    chart: String,
}

impl ListPage {
    fn pct(&self, p: &u32) -> String {
        pct(p)
    }

    fn cell(&self, p: &Option<u32>) -> String {
        p.as_ref().map(pct).unwrap_or_else(|| "—".into())
    }
}

async fn list_page(
    state: &WebState,
    user: &SignedIn,
    ctx: Ctx,
    form: FormState,
) -> Result<ListPage, WebError> {
    let t = state.app.drill_trend(user.actor()).await.lang(user.lang)?;
    let bars: Vec<Bar> = t
        .drills
        .iter()
        .map(|d| Bar {
            label: format!("{} {}", d.code, d.title),
            value: f64::from(d.rates.click_permille) / 10.0,
            text: pct(&d.rates.click_permille),
        })
        .collect();
    let chart = percent_rows("drill-trend", ctx.t("drill.click_trend"), &bars);
    Ok(ListPage {
        may_manage: user.actor().can(Capability::ManageTraining),
        ctx,
        t,
        form,
        chart,
    })
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let form = FormState::new(user.lang).with("sent_on", state.app.today().to_string());
    Ok(render(&list_page(&state, &user, ctx, form).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<DrillInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.create_drill(user.actor(), &f.form).await {
        Ok(id) => Ok(done(&format!("/training/drills/{id}"), "drill.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                list_page(&state, user, Ctx::new(user), form).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "training_drill.html")]
struct DrillPage {
    ctx: Ctx,
    d: DrillDetail,
}

impl DrillPage {
    fn pct(&self, p: &u32) -> String {
        pct(p)
    }
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let d = state
        .app
        .drill_detail(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(render(&DrillPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        d,
    }))
}

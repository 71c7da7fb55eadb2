//! One take-out and what is done with it: approve or refuse it, record it going out
//! and coming back, withdraw it, or open an incident when it does not come back.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::media::{ReturnInput, TakeoutDecision, TakeoutView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, Pairs, answer_on_page, done, get, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "takeout_detail.html")]
struct DetailPage {
    ctx: Ctx,
    t: TakeoutView,
    form: FormState,
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    done: Option<&str>,
) -> Result<DetailPage, WebError> {
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, done),
        t: state.app.takeout(user.actor(), id).await.lang(user.lang)?,
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

async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    id: Uuid,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    answer_on_page(f, r, (&format!("/takeouts/{id}"), key), async |form| {
        let mut p = detail(state, &f.user, id, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

pub async fn decide(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = TakeoutDecision {
        approve: get(&f.form, "approve") == "1",
        note: get(&f.form, "note").to_owned(),
    };
    let r = state.app.decide_takeout(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "takeout.decided").await
}

pub async fn check_out(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.check_out(f.user.actor(), id).await;
    answer(&state, &f, id, r, "takeout.checked_out").await
}

pub async fn give_back(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = ReturnInput {
        note: get(&f.form, "note").to_owned(),
    };
    let r = state.app.return_takeout(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "takeout.returned").await
}

pub async fn cancel(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.cancel_takeout(f.user.actor(), id).await;
    answer(&state, &f, id, r, "takeout.cancelled").await
}

pub async fn incident(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    match state.app.takeout_incident(f.user.actor(), id).await {
        Ok(incident) => Ok(done(
            &format!("/incidents/{incident}"),
            "takeout.incident_opened",
        )),
        Err(e) => answer(&state, &f, id, Err::<(), _>(e), "").await,
    }
}

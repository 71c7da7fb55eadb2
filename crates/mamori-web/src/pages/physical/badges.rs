//! Entry badges: who holds which card (a visitor card is held by nobody), issued and
//! withdrawn by the system administrators.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::physical::{BadgeInput, BadgeView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, Pairs, answer_on_page, done, get, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "badge_list.html")]
struct ListPage {
    ctx: Ctx,
    badges: Vec<BadgeView>,
    form: FormState,
    may_keep: bool,
}

async fn list_page(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<ListPage, WebError> {
    let badges = state.app.badges(user.actor()).await.lang(user.lang)?;
    Ok(ListPage {
        ctx: Ctx::with_notice(user, done),
        badges,
        form: FormState::new(user.lang),
        may_keep: user.actor().can(Capability::KeepPlaces),
    })
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, q.done.as_deref()).await?))
}

pub async fn add(State(state): State<WebState>, f: CsrfForm<Pairs>) -> Result<Response, WebError> {
    let input = BadgeInput {
        number: get(&f.form, "number").to_owned(),
        employee_number: get(&f.form, "employee_number").to_owned(),
        label: get(&f.form, "label").to_owned(),
    };
    let r = state.app.add_badge(f.user.actor(), &input).await;
    answer_on_page(&f, r, ("/badges", "badge.added"), async |form| {
        let mut p = list_page(&state, &f.user, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

pub async fn remove(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_badge(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done("/badges", "badge.removed"))
}

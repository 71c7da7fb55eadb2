//! An area's page and what its manager does there: grant and remove leave to enter,
//! review the list, write an entry at the door, settle a flag, reconcile a month and
//! sign it off. A refused form shows the page again with its problems.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use chrono::Datelike;
use mamori_app::physical::{
    AreaDetail, AreaEntryInput, ConfirmInput, EntryView, GrantInput, RemoveGrantInput, ReviewInput,
    SettleInput, SignoffInput,
};
use mamori_domain::Role;
use mamori_domain::physical::entry::{Flag, Flags};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Choice, DoneQuery, FormState, Pairs, answer_on_page, choices, get, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "place_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: AreaDetail,
    /// The form last sent from this page, with its problems.
    form: FormState,
    roles: Vec<Choice>,
    /// The month a sign-off is offered for (the last one over), `2026-11`.
    last_month: String,
    /// Whether the reader may change the place itself.
    may_edit: bool,
    /// The devices and media kept there (for the register's readers), and how many.
    items: Vec<mamori_app::media::ItemView>,
    items_total: u64,
}

impl DetailPage {
    fn flags(&self, e: &EntryView) -> String {
        let mut f = Flags::NONE;
        for code in &e.flags {
            if let Some(flag) = Flag::parse(code) {
                f = f.with(flag);
            }
        }
        f.labels(self.ctx.lang.code())
    }

    fn review_under_way(&self) -> bool {
        self.d.review.as_ref().is_some_and(|r| !r.over)
    }

    fn role_label(&self, code: &str) -> String {
        Role::from_code(code)
            .map(|r| r.label(self.ctx.lang.code()).to_owned())
            .unwrap_or_else(|| code.to_owned())
    }
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    done: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state.app.area(user.actor(), id).await.lang(user.lang)?;
    let actor = user.actor();
    let (items, items_total) = if actor.can(mamori_app::authz::Capability::ViewMedia) {
        let q = mamori_app::media::ItemQuery {
            area: Some(id),
            ..Default::default()
        };
        let page = state
            .app
            .items(actor, &q, mamori_app::PageRequest::new(None, Some(50)))
            .await
            .lang(user.lang)?;
        (page.items, page.total)
    } else {
        (Vec::new(), 0)
    };
    let today = state.app.today();
    let first = today.with_day0(0).unwrap_or(today);
    let last = first.pred_opt().unwrap_or(first);
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, done),
        d,
        form: FormState::new(user.lang),
        roles: choices(&Role::ALL, Role::code, Role::label, user.lang),
        last_month: last.format("%Y-%m").to_string(),
        may_edit: user.actor().can(mamori_app::authz::Capability::KeepPlaces),
        items,
        items_total,
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

/// Answers a form posted from the area's page: back to it with `key`, or the page
/// again with the form's problems.
async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    id: Uuid,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    answer_on_page(f, r, (&format!("/areas/{id}"), key), async |form| {
        let mut p = detail(state, &f.user, id, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

pub async fn add_grant(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let s = |n: &str| get(&f.form, n).to_owned();
    let input = GrantInput {
        employee_number: s("employee_number"),
        role: s("role"),
        reason: s("reason"),
        valid_from: s("valid_from"),
        valid_to: s("valid_to"),
    };
    let r = state.app.add_grant(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "place.granted").await
}

pub async fn remove_grant(
    State(state): State<WebState>,
    Path((id, gid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = RemoveGrantInput {
        reason: get(&f.form, "reason").to_owned(),
    };
    let r = state
        .app
        .remove_grant(f.user.actor(), id, gid, &input)
        .await;
    answer(&state, &f, id, r, "place.grant_removed").await
}

pub async fn open_review(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = ReviewInput {
        due_on: get(&f.form, "due_on").to_owned(),
    };
    let r = state.app.open_review(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "place.review_opened").await
}

pub async fn confirm(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = ConfirmInput {
        grants: f
            .form
            .iter()
            .filter(|(k, _)| k == "grant")
            .filter_map(|(_, v)| Uuid::parse_str(v.trim()).ok())
            .collect(),
    };
    let r = state.app.confirm_grants(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "place.confirmed").await
}

pub async fn close_review(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.close_review(f.user.actor(), id).await;
    answer(&state, &f, id, r, "place.review_closed").await
}

pub async fn add_entry(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let s = |n: &str| get(&f.form, n).to_owned();
    let input = AreaEntryInput {
        area: String::new(),
        employee_number: s("employee_number"),
        badge: s("badge"),
        visitor_name: s("visitor_name"),
        company: s("company"),
        purpose: s("purpose"),
        escort: s("escort"),
        entered_at: s("entered_at"),
        exited_at: s("exited_at"),
    };
    let r = state.app.add_entry(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "place.entry_added").await
}

pub async fn settle(
    State(state): State<WebState>,
    Path((id, eid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = SettleInput {
        explanation: get(&f.form, "explanation").to_owned(),
    };
    let r = state
        .app
        .settle_entry(f.user.actor(), id, eid, &input)
        .await;
    answer(&state, &f, id, r, "place.settled").await
}

pub async fn reconcile(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let month = get(&f.form, "month").to_owned();
    let r = state.app.reconcile_month(f.user.actor(), id, &month).await;
    answer(&state, &f, id, r, "place.reconciled").await
}

pub async fn sign_off(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = SignoffInput {
        month: get(&f.form, "month").to_owned(),
        note: get(&f.form, "note").to_owned(),
    };
    let r = state.app.sign_off(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "place.signed_off").await
}

pub async fn open_incident(
    State(state): State<WebState>,
    Path((id, eid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.incident_from_entry(f.user.actor(), id, eid).await;
    match r {
        Ok(incident) => Ok(crate::pages::done(
            &format!("/incidents/{incident}"),
            "place.incident_opened",
        )),
        Err(e) => answer(&state, &f, id, Err::<(), _>(e), "").await,
    }
}

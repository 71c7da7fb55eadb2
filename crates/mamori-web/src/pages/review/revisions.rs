//! Opening a revision (見直し) of the policy from what an evaluation found: the form,
//! reached from an audit's finding, an incident or a law's amendment, with the
//! revisions that record already led to; on success, the policy's page.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::policies::DocumentSummary;
use mamori_app::review::revisions::{RevisionInput, RevisionView};
use mamori_domain::review::revision::Trigger;
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{FormState, Pairs, answer_on_page, get, render};
use crate::session::{CsrfForm, SignedIn};

/// What the form is opened from.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub struct FromQuery {
    pub trigger: String,
    pub source: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "revision_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    trigger: Option<Trigger>,
    source: Option<Uuid>,
    documents: Vec<DocumentSummary>,
    earlier: Vec<RevisionView>,
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    q: FromQuery,
    form: FormState,
) -> Result<FormPage, WebError> {
    let a = user.actor();
    let earlier = match q.source {
        Some(s) => state.app.revisions_from(a, s).await.lang(user.lang)?,
        None => Vec::new(),
    };
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        trigger: Trigger::from_code(&q.trigger),
        source: q.source,
        documents: state.app.policy_documents(a).await.lang(user.lang)?,
        earlier,
    })
}

pub async fn new_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<FromQuery>,
) -> Result<Response, WebError> {
    let form = FormState::new(user.lang);
    Ok(render(&form_page(&state, &user, q, form).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let uuid = |k: &str| Uuid::parse_str(get(&f.form, k).trim()).ok();
    let input = RevisionInput {
        document: uuid("document"),
        section: get(&f.form, "section").to_owned(),
        trigger: get(&f.form, "trigger").to_owned(),
        source: uuid("source"),
        reason: get(&f.form, "reason").to_owned(),
    };
    let r = state.app.open_policy_revision(f.user.actor(), &input).await;
    let back = match (&r, input.document) {
        (Ok(v), _) => format!("/policies/{}/v/{}", v.document.id, v.version),
        (Err(_), _) => "/policy-revisions/new".to_owned(),
    };
    let q = FromQuery {
        trigger: input.trigger.clone(),
        source: input.source,
    };
    answer_on_page(&f, r, (&back, "revision.opened"), async |form| {
        form_page(&state, &f.user, q, form).await
    })
    .await
}

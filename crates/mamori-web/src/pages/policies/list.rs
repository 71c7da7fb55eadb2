//! The register of policy documents, by tier, and the form to start one.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::policies::{DocumentInput, DocumentSummary};
use mamori_domain::policy::{Disclosure, Tier};

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, DoneQuery, FormState, choices, dept_options, done, render, reshow,
};
use crate::session::{CsrfForm, SignedIn};

/// The documents of one tier.
struct TierGroup {
    tier: Tier,
    docs: Vec<DocumentSummary>,
}

#[derive(Template)]
#[template(path = "policy_list.html")]
struct ListPage {
    ctx: Ctx,
    groups: Vec<TierGroup>,
    may_create: bool,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let docs = state
        .app
        .policy_documents(user.actor())
        .await
        .lang(user.lang)?;
    let groups = Tier::ALL
        .iter()
        .map(|t| TierGroup {
            tier: *t,
            docs: docs.iter().filter(|d| d.tier == *t).cloned().collect(),
        })
        .collect();
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        groups,
        may_create: state.app.may_create_policies(user.actor()),
    }))
}

#[derive(Template)]
#[template(path = "policy_new.html")]
struct NewPage {
    ctx: Ctx,
    form: FormState,
    tiers: Vec<Choice>,
    disclosures: Vec<Choice>,
    depts: Vec<DeptOption>,
}

pub(super) fn tier_choices(lang: crate::i18n::Lang) -> Vec<Choice> {
    choices(&Tier::ALL, Tier::code, Tier::label, lang)
}

pub(super) fn disclosure_choices(lang: crate::i18n::Lang) -> Vec<Choice> {
    choices(&Disclosure::ALL, Disclosure::code, Disclosure::label, lang)
}

async fn new_form(state: &WebState, user: &SignedIn, form: FormState) -> Result<NewPage, WebError> {
    let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
    Ok(NewPage {
        ctx: Ctx::new(user),
        form,
        tiers: tier_choices(user.lang),
        disclosures: disclosure_choices(user.lang),
        depts: dept_options(&idx, state.app.today(), user.lang),
    })
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::CreatePolicies)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang).with("tier", Tier::Standards.code());
    Ok(render(&new_form(&state, &user, form).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<DocumentInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_policy_document(user.actor(), &f.form)
        .await
    {
        Ok(id) => Ok(done(&format!("/policies/{id}/v/1"), "policy.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                new_form(&state, user, form).await
            })
            .await
        }
    }
}

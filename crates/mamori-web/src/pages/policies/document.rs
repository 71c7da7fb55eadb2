//! A document: its versions (the one in force, what is pending, the history) and its
//! settings — tier, disclosure, owning department, the controls it governs.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::policies::{DocumentInput, DocumentView};
use uuid::Uuid;

use super::list::{disclosure_choices, tier_choices};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, DoneQuery, Empty, FormState, dept_options, done, render, reshow,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "policy_document.html")]
struct DocumentPage {
    ctx: Ctx,
    d: DocumentView,
    form: FormState,
    tiers: Vec<Choice>,
    disclosures: Vec<Choice>,
    depts: Vec<DeptOption>,
    /// The version the diff link compares with by default (the one before the newest).
    compare_from: Option<i32>,
    /// The revisions evaluation opened, and what led to each.
    revisions: Vec<mamori_app::review::revisions::RevisionView>,
}

fn settings_form(d: &DocumentView, lang: crate::i18n::Lang) -> FormState {
    FormState::new(lang)
        .with("tier", d.summary.tier.code())
        .with("disclosure", d.summary.disclosure.code())
        .with(
            "department",
            d.summary
                .department_id
                .map(|i| i.to_string())
                .unwrap_or_default(),
        )
        .with("governs", d.governs.join("\n"))
}

async fn document_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    ctx: Ctx,
    form: Option<FormState>,
) -> Result<DocumentPage, WebError> {
    let d = state
        .app
        .policy_document(user.actor(), id)
        .await
        .lang(user.lang)?;
    let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
    let compare_from = d.versions.get(1).map(|v| v.version);
    let revisions = state
        .app
        .policy_revisions(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(DocumentPage {
        revisions,
        ctx,
        form: form.unwrap_or_else(|| settings_form(&d, user.lang)),
        tiers: tier_choices(user.lang),
        disclosures: disclosure_choices(user.lang),
        depts: dept_options(&idx, state.app.today(), user.lang),
        compare_from,
        d,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    Ok(render(&document_page(&state, &user, id, ctx, None).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<DocumentInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .update_policy_document(user.actor(), id, &f.form)
        .await
    {
        Ok(()) => Ok(done(&format!("/policies/{id}"), "policy.saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                document_page(&state, user, id, Ctx::new(user), Some(form)).await
            })
            .await
        }
    }
}

/// Starts the next version from the newest text.
pub async fn new_draft(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.new_policy_draft(user.actor(), id).await {
        Ok(n) => Ok(done(
            &format!("/policies/{id}/v/{n}/edit"),
            "policy.draft_started",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let ctx = Ctx::new(user);
                let mut page = document_page(&state, user, id, ctx, None).await?;
                page.form = page.form.with_errors(inv);
                Ok(page)
            })
            .await
        }
    }
}

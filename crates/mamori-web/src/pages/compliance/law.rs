//! One law's page: its obligations and what meets each, its amendments and reviews,
//! with the forms its owning department uses to keep them; changing and repealing it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::compliance::laws::{
    AmendmentInput, LawDetail, LawReviewInput, ObligationInput, ObligationView,
};
use uuid::Uuid;

use super::laws::{FormPage, law_form, law_input};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    DoneQuery, FormState, Pairs, answer_on_page, done, get, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "law_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: LawDetail,
    /// The obligation, amendment and review forms as sent, with their problems.
    obligation: FormState,
    amendment: FormState,
    review: FormState,
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state.app.law(user.actor(), id).await.lang(user.lang)?;
    let today = state.app.today().to_string();
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, notice),
        d,
        obligation: FormState::new(user.lang),
        amendment: FormState::new(user.lang),
        review: FormState::new(user.lang).with("reviewed_on", today),
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

/// An obligation form as sent (what meets it one per line).
fn obligation_input(f: &Pairs) -> ObligationInput {
    ObligationInput {
        article: get(f, "article").into(),
        duty: get(f, "duty").into(),
        links: get(f, "links")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
    }
}

pub async fn add_obligation(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = obligation_input(&f.form);
    let r = state.app.add_obligation(f.user.actor(), id, &input).await;
    answer_on_page(
        &f,
        r,
        (&format!("/laws/{id}"), "law.obligation_added"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.obligation = form;
            Ok(p)
        },
    )
    .await
}

pub async fn amend(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = AmendmentInput {
        promulgated_on: get(&f.form, "promulgated_on").into(),
        effective_on: get(&f.form, "effective_on").into(),
        reference: get(&f.form, "reference").into(),
        summary: get(&f.form, "summary").into(),
    };
    let r = state.app.record_amendment(f.user.actor(), id, &input).await;
    answer_on_page(
        &f,
        r,
        (&format!("/laws/{id}"), "law.amended"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.amendment = form;
            Ok(p)
        },
    )
    .await
}

pub async fn review(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = LawReviewInput {
        reviewed_on: get(&f.form, "reviewed_on").into(),
        finding: get(&f.form, "finding").into(),
    };
    let r = state
        .app
        .record_law_review(f.user.actor(), id, &input)
        .await;
    answer_on_page(
        &f,
        r,
        (&format!("/laws/{id}"), "law.reviewed"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.review = form;
            Ok(p)
        },
    )
    .await
}

pub async fn repeal(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let repealed = get(&f.form, "repealed") == "1";
    state
        .app
        .set_law_repealed(f.user.actor(), id, repealed)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/laws/{id}"),
        if repealed {
            "law.repealed"
        } else {
            "law.restored"
        },
    ))
}

/// Refuses (audited) a form page to someone who does not keep the law.
async fn may_keep(state: &WebState, user: &SignedIn, d: &LawDetail) -> Result<(), WebError> {
    state
        .app
        .authorize(
            user.actor(),
            Capability::EditLaw {
                department: d.law.owner_department_id,
            },
        )
        .await
        .lang(user.lang)
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let d = state.app.law(user.actor(), id).await.lang(user.lang)?;
    may_keep(&state, &user, &d).await?;
    let l = &d.law;
    let departments: Vec<String> = l.departments.iter().map(|d| d.id.to_string()).collect();
    let form = FormState::new(user.lang)
        .with("title", l.title.clone())
        .with("kind", l.kind.code())
        .with("reference", l.reference.clone())
        .with(
            "owner_department",
            l.owner_department_id
                .map(|d| d.to_string())
                .unwrap_or_default(),
        )
        .with("applies_all", if l.applies_all { "1" } else { "" })
        .with("departments", departments.join(","))
        .with("review_months", l.review_months.to_string())
        .with(
            "next_review",
            l.next_review.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with("notes", l.notes.clone());
    Ok(render(&FormPage::of(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .update_law(user.actor(), id, &law_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/laws/{id}"), "law.saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    law_form(&f.form, user.lang).with_errors(inv),
                    Some(id),
                )
                .await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "law_obligation.html")]
struct ObligationPage {
    ctx: Ctx,
    law: LawDetail,
    o: ObligationView,
    form: FormState,
}

async fn obligation_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    oid: Uuid,
    form: Option<FormState>,
) -> Result<ObligationPage, WebError> {
    let law = state.app.law(user.actor(), id).await.lang(user.lang)?;
    may_keep(state, user, &law).await?;
    let o = law
        .obligations
        .iter()
        .find(|o| o.id == oid)
        .cloned()
        .ok_or_else(|| WebError::new(mamori_app::AppError::NotFound, user.lang))?;
    let form = form.unwrap_or_else(|| {
        let links: Vec<&str> = o.links.iter().map(|l| l.rule.as_str()).collect();
        FormState::new(user.lang)
            .with("article", o.article.clone())
            .with("duty", o.duty.clone())
            .with("links", links.join("\n"))
    });
    Ok(ObligationPage {
        ctx: Ctx::new(user),
        law,
        o,
        form,
    })
}

pub async fn obligation_edit(
    State(state): State<WebState>,
    user: SignedIn,
    Path((id, oid)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    Ok(render(
        &obligation_page(&state, &user, id, oid, None).await?,
    ))
}

pub async fn obligation_update(
    State(state): State<WebState>,
    Path((id, oid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = obligation_input(&f.form);
    match state
        .app
        .update_obligation(user.actor(), id, oid, &input)
        .await
    {
        Ok(()) => Ok(done(&format!("/laws/{id}"), "law.obligation_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = state_of(&f.form, user.lang).with_errors(inv);
                obligation_page(&state, user, id, oid, Some(form)).await
            })
            .await
        }
    }
}

pub async fn obligation_delete(
    State(state): State<WebState>,
    Path((id, oid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .delete_obligation(f.user.actor(), id, oid)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/laws/{id}"), "law.obligation_deleted"))
}

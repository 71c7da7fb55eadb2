//! One exception's page: its rule, period, assets and decision, the decision form for
//! the designated role, the review form for its department, and changing, withdrawing
//! or renewing it.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Response};
use mamori_app::authz::Capability;
use mamori_app::compliance::exceptions::{DecisionInput, ExceptionDetail, ReviewInput};
use uuid::Uuid;

use super::exception_input;
use super::exceptions::FormPage;
use crate::WebState;
use mamori_app::review::committee::DecisionView;

use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, Pairs, done, get, render, reshow, state_of};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "exception_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: ExceptionDetail,
    /// The decision and review forms as sent, with their problems.
    decision: FormState,
    review: FormState,
    /// The committee's decisions, whose number the decision may cite.
    decisions: Vec<DecisionView>,
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state
        .app
        .exception(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, notice),
        decisions: state
            .app
            .decision_choices(user.actor())
            .await
            .lang(user.lang)?,
        d,
        decision: FormState::new(user.lang).with("decision", "approve"),
        review: FormState::new(user.lang),
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

pub async fn decide(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = DecisionInput {
        decision: get(&f.form, "decision").into(),
        conditions: get(&f.form, "conditions").into(),
        decision_ref: get(&f.form, "decision_ref").into(),
    };
    match state.app.decide_exception(user.actor(), id, &input).await {
        Ok(()) => Ok(done(&format!("/exceptions/{id}"), "exception.decided")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let mut p = detail(&state, user, id, None).await?;
                p.decision = state_of(&f.form, user.lang).with_errors(inv);
                Ok(p)
            })
            .await
        }
    }
}

pub async fn review(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = ReviewInput {
        note: get(&f.form, "note").into(),
        end: get(&f.form, "end") == "1",
    };
    match state.app.review_exception(user.actor(), id, &input).await {
        Ok(()) => Ok(done(&format!("/exceptions/{id}"), "exception.reviewed")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let mut p = detail(&state, user, id, None).await?;
                p.review = state_of(&f.form, user.lang).with_errors(inv);
                Ok(p)
            })
            .await
        }
    }
}

pub async fn withdraw(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .withdraw_exception(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/exceptions/{id}"), "exception.withdrawn"))
}

/// The request form filled from the exception as stored.
fn form_of(d: &ExceptionDetail, lang: crate::i18n::Lang, renewal: bool) -> FormState {
    let e = &d.exception;
    let assets: Vec<&str> = d
        .assets
        .iter()
        .filter_map(|a| a.label.split_whitespace().next())
        .collect();
    let form = FormState::new(lang)
        .with("title", e.title.clone())
        .with(
            "department",
            e.department_id.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with("rule", e.rule.clone())
        .with("reason", e.reason.clone())
        .with("compensating", e.compensating.clone())
        .with("assets", assets.join("\n"));
    if renewal {
        // A renewal starts the day after the one it continues.
        let next = e.valid_until.succ_opt().unwrap_or(e.valid_until);
        form.with("valid_from", next.to_string())
    } else {
        form.with("valid_from", e.valid_from.to_string())
            .with("valid_until", e.valid_until.to_string())
    }
}

/// Changing a request before its decision, or asking to renew an approved one: the
/// same form, sent to a different place.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Rewrite {
    Edit,
    Renew,
}

impl Rewrite {
    fn action(self, id: Uuid) -> String {
        match self {
            Rewrite::Edit => format!("/exceptions/{id}/edit"),
            Rewrite::Renew => format!("/exceptions/{id}/renew"),
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Rewrite::Edit => "exception.edit",
            Rewrite::Renew => "exception.renew",
        }
    }

    async fn page(
        self,
        state: &WebState,
        user: &SignedIn,
        id: Uuid,
        form: FormState,
    ) -> Result<FormPage, WebError> {
        let (action, back) = (self.action(id), format!("/exceptions/{id}"));
        FormPage::of(state, user, form, action, self.heading(), false, back).await
    }

    /// The form filled from the exception, for those who act for its department.
    async fn show(self, state: &WebState, user: &SignedIn, id: Uuid) -> Result<Response, WebError> {
        let d = state
            .app
            .exception(user.actor(), id)
            .await
            .lang(user.lang)?;
        let department = d.exception.department_id;
        state
            .app
            .authorize(user.actor(), Capability::RequestException { department })
            .await
            .lang(user.lang)?;
        let open = match self {
            Rewrite::Edit => d.may_change,
            Rewrite::Renew => d.may_review,
        };
        if !open {
            // Decided (or not approved) since the link was shown: its page says where it stands.
            return Ok(axum::response::Redirect::to(&format!("/exceptions/{id}")).into_response());
        }
        let form = form_of(&d, user.lang, self == Rewrite::Renew);
        Ok(render(&self.page(state, user, id, form).await?))
    }

    /// Sends the form; a refusal shows it again with its problems.
    async fn send(
        self,
        state: &WebState,
        id: Uuid,
        f: &CsrfForm<Pairs>,
    ) -> Result<Response, WebError> {
        let (user, input) = (&f.user, exception_input(&f.form));
        let r = match self {
            Rewrite::Edit => state
                .app
                .update_exception(user.actor(), id, &input)
                .await
                .map(|()| (id, "exception.saved")),
            Rewrite::Renew => state
                .app
                .request_exception(user.actor(), &input, Some(id))
                .await
                .map(|n| (n, "exception.requested")),
        };
        match r {
            Ok((to, key)) => Ok(done(&format!("/exceptions/{to}"), key)),
            Err(e) => {
                reshow(e, user.lang, async |inv| {
                    let form = state_of(&f.form, user.lang).with_errors(inv);
                    self.page(state, user, id, form).await
                })
                .await
            }
        }
    }
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    Rewrite::Edit.show(&state, &user, id).await
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    Rewrite::Edit.send(&state, id, &f).await
}

pub async fn renew_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    Rewrite::Renew.show(&state, &user, id).await
}

pub async fn renew(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    Rewrite::Renew.send(&state, id, &f).await
}

//! Quizzes: the trainer's question bank with how each question was answered, and the
//! quiz a person takes — started from a session, answered, scored.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::training::{AnswersInput, AttemptView, QuestionInput, QuizDetail};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, Empty, FormState, Pairs, done, get, render, reshow, state_of};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "training_quiz.html")]
struct BankPage {
    ctx: Ctx,
    q: QuizDetail,
    form: FormState,
}

async fn bank_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    ctx: Ctx,
    form: FormState,
) -> Result<BankPage, WebError> {
    let q = state
        .app
        .quiz_detail(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(BankPage { ctx, q, form })
}

pub async fn bank(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let form = FormState::new(user.lang);
    Ok(render(&bank_page(&state, &user, id, ctx, form).await?))
}

/// The question form: options one per line, correct ones by their line numbers.
fn question_input(f: &Pairs) -> QuestionInput {
    QuestionInput {
        text: get(f, "text").into(),
        options: get(f, "options")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        correct: get(f, "correct")
            .split(|c: char| c == ',' || c == '、' || c.is_whitespace())
            .filter_map(|n| {
                mamori_domain::text::fold_width(n)
                    .trim()
                    .parse::<u32>()
                    .ok()
            })
            .collect(),
        multiple: get(f, "multiple") == "1",
    }
}

pub async fn add(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .add_question(user.actor(), id, &question_input(&f.form))
        .await
    {
        Ok(_) => Ok(done(
            &format!("/training/{id}/quiz"),
            "training.question_added",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = state_of(&f.form, user.lang).with_errors(inv);
                bank_page(&state, user, id, Ctx::new(user), form).await
            })
            .await
        }
    }
}

pub async fn retire(
    State(state): State<WebState>,
    Path((id, q)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .retire_question(f.user.actor(), id, q)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/training/{id}/quiz"),
        "training.question_retired",
    ))
}

/// `POST /training/sessions/{id}/quiz`: starts (or resumes) the person's attempt.
pub async fn start(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.start_attempt(user.actor(), id).await {
        Ok(a) => Ok(Redirect::to(&format!("/training/attempts/{a}")).into_response()),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                super::sessions::refused(&state, user, id, &inv).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "training_attempt.html")]
struct AttemptPage {
    ctx: Ctx,
    a: AttemptView,
    problem: Option<String>,
}

impl AttemptPage {
    fn right(&self, q: &Uuid) -> Option<bool> {
        self.a.marks.iter().find(|(id, _)| id == q).map(|(_, r)| *r)
    }
}

pub async fn attempt(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let a = state.app.attempt(user.actor(), id).await.lang(user.lang)?;
    Ok(render(&AttemptPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        a,
        problem: None,
    }))
}

/// `POST /training/attempts/{id}`: the form sends `q-{question id}` once per option
/// chosen, valued by the option's position as written.
pub async fn submit(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let mut input = AnswersInput::default();
    for (k, v) in &f.form {
        let Some(q) = k.strip_prefix("q-").and_then(|q| Uuid::parse_str(q).ok()) else {
            continue;
        };
        let chosen = input.answers.entry(q).or_default();
        if let Ok(n) = v.trim().parse::<u32>() {
            chosen.push(n);
        }
    }
    match state.app.submit_attempt(user.actor(), id, &input).await {
        Ok(_) => Ok(done(&format!("/training/attempts/{id}"), "training.scored")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let a = state.app.attempt(user.actor(), id).await.lang(user.lang)?;
                Ok(AttemptPage {
                    ctx: Ctx::new(user),
                    a,
                    problem: Some(crate::pages::problems(&inv, user.lang)),
                })
            })
            .await
        }
    }
}

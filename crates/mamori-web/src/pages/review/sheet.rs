//! A self-inspection sheet (a department's, or a system's): every item with its
//! answer, comment and the evidence on record; saving answers, attaching a new file as
//! evidence, submitting, and the deputy CISO's review.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use mamori_app::controls::NewEvidence;
use mamori_app::review::{
    AnswerLine, AnswerView, ReturnedItem, SheetAnswers, SheetDetail, SheetEvidence, SheetReview,
};
use mamori_domain::review::inspection::Answer;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DoneQuery, FormState, Pairs, all, answer_on_page, done, get, read_upload, render,
    reshow,
};
use crate::session::{CsrfForm, SignedIn, check_csrf};

#[derive(Template)]
#[template(path = "inspection_sheet.html")]
struct SheetPage {
    ctx: Ctx,
    d: SheetDetail,
    form: FormState,
    /// The form as posted, when it comes back with problems.
    posted: Option<Pairs>,
    answers: Vec<Choice>,
}

impl SheetPage {
    fn field(a: &AnswerView, what: &str) -> String {
        format!("{what}_{}", a.position)
    }

    /// The answer shown: as posted, else as stored.
    fn chosen(&self, a: &AnswerView) -> String {
        match &self.posted {
            Some(p) => get(p, &Self::field(a, "answer")).to_owned(),
            None => a.answer.map(|x| x.code().to_owned()).unwrap_or_default(),
        }
    }

    fn comment(&self, a: &AnswerView) -> String {
        match &self.posted {
            Some(p) => get(p, &Self::field(a, "comment")).to_owned(),
            None => a.comment.clone(),
        }
    }

    fn linked(&self, a: &AnswerView, e: &Uuid) -> bool {
        match &self.posted {
            Some(p) => all(p, &Self::field(a, "evidence")).any(|v| v == e.to_string()),
            None => a.evidence.iter().any(|x| x.id == *e),
        }
    }

    /// The item's answer was refused.
    fn bad(&self, a: &AnswerView) -> bool {
        self.form.invalid(&Self::field(a, "answer"))
    }

    /// Where a new file may go: `(value, label)` per item and control it asks about,
    /// the value `<item>:<control id>`.
    fn attach_targets(&self) -> Vec<(String, String)> {
        self.d
            .answers
            .iter()
            .flat_map(|a| {
                a.controls.iter().map(move |c| {
                    (
                        format!("{}:{}", a.position, c.id),
                        format!("{} {} — {} {}", a.position, a.question, c.code, c.name),
                    )
                })
            })
            .collect()
    }

    fn answer_label(&self, a: &AnswerView) -> &'static str {
        a.answer
            .map(|x| x.label(self.ctx.lang_code()))
            .unwrap_or_else(|| self.ctx.t("inspection.unanswered"))
    }
}

async fn sheet_page(
    state: &WebState,
    user: &SignedIn,
    (id, sheet): (Uuid, Uuid),
    done: Option<&str>,
) -> Result<SheetPage, WebError> {
    let d = state
        .app
        .inspection_sheet(user.actor(), id, sheet)
        .await
        .lang(user.lang)?;
    Ok(SheetPage {
        ctx: Ctx::with_notice(user, done),
        d,
        form: FormState::new(user.lang),
        posted: None,
        answers: crate::pages::choices(&Answer::ALL, Answer::code, Answer::label, user.lang),
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(ids): Path<(Uuid, Uuid)>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(
        &sheet_page(&state, &user, ids, q.done.as_deref()).await?,
    ))
}

/// Answers a form posted from the sheet: back to it with `key`, or the sheet again
/// with the form as sent and its problems.
async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    ids: (Uuid, Uuid),
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    let back = format!("/inspections/{}/sheets/{}", ids.0, ids.1);
    answer_on_page(f, r, (&back, key), async |form| {
        let mut p = sheet_page(state, &f.user, ids, None).await?;
        p.form = form;
        p.posted = Some(f.form.clone());
        Ok(p)
    })
    .await
}

/// The item numbers a form names in fields `<prefix>_<n>`.
fn items_named(p: &Pairs, prefix: &str) -> Vec<i32> {
    let mut out: Vec<i32> = p
        .iter()
        .filter_map(|(k, _)| k.strip_prefix(prefix)?.parse().ok())
        .collect();
    out.sort();
    out.dedup();
    out
}

pub async fn save(
    State(state): State<WebState>,
    Path(ids): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let answers = items_named(&f.form, "answer_")
        .into_iter()
        .map(|n| AnswerLine {
            item: n,
            answer: get(&f.form, &format!("answer_{n}")).to_owned(),
            comment: get(&f.form, &format!("comment_{n}")).to_owned(),
            evidence: all(&f.form, &format!("evidence_{n}"))
                .filter_map(|v| Uuid::parse_str(v).ok())
                .collect(),
        })
        .collect();
    let r = state
        .app
        .answer_inspection(f.user.actor(), ids.0, ids.1, &SheetAnswers { answers })
        .await;
    answer(&state, &f, ids, r, "inspection.saved").await
}

pub async fn submit(
    State(state): State<WebState>,
    Path(ids): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .submit_inspection(f.user.actor(), ids.0, ids.1)
        .await;
    answer(&state, &f, ids, r, "inspection.submitted_done").await
}

/// Records an item not done as a finding of the audit chosen, and goes to the audit.
pub async fn gap_finding(
    State(state): State<WebState>,
    Path((id, sheet, answer_id)): Path<(Uuid, Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let audit = Uuid::parse_str(get(&f.form, "audit").trim()).unwrap_or_default();
    match state
        .app
        .finding_from_answer(f.user.actor(), answer_id, audit)
        .await
    {
        Ok(_) => Ok(crate::pages::done(
            &format!("/audits/{audit}"),
            "audits.finding_recorded",
        )),
        Err(e) => answer(&state, &f, (id, sheet), Err::<(), _>(e), "").await,
    }
}

pub async fn review(
    State(state): State<WebState>,
    Path(ids): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let items = items_named(&f.form, "return_")
        .into_iter()
        .filter(|n| get(&f.form, &format!("return_{n}")) == "1")
        .map(|n| ReturnedItem {
            item: n,
            note: get(&f.form, &format!("return_note_{n}")).to_owned(),
        })
        .collect();
    let input = SheetReview {
        decision: get(&f.form, "decision").to_owned(),
        note: get(&f.form, "note").to_owned(),
        items,
    };
    let r = state
        .app
        .review_inspection(f.user.actor(), ids.0, ids.1, &input)
        .await;
    answer(&state, &f, ids, r, "inspection.reviewed").await
}

/// `POST /inspections/{id}/sheets/{sheet}/evidence` (multipart: `attach_to` as
/// `<item>:<control id>`, `file`, `description`, `expires_on`, `_csrf`).
pub async fn attach(
    State(state): State<WebState>,
    user: SignedIn,
    Path(ids): Path<(Uuid, Uuid)>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let up = read_upload(mp, lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let target = up.field("attach_to").to_owned();
    let (item, control) = target.split_once(':').unwrap_or((&target, ""));
    let (file_name, body) = up.file.clone().unwrap_or_default();
    let input = SheetEvidence {
        item: item.trim().parse().unwrap_or_default(),
        control: Uuid::parse_str(control.trim()).ok(),
        file: NewEvidence {
            file_name,
            body,
            description: up.field("description").to_owned(),
            expires_on: up.field("expires_on").to_owned(),
        },
    };
    let r = state
        .app
        .attach_inspection_evidence(user.actor(), ids.0, ids.1, input)
        .await;
    match r {
        Ok(_) => Ok(done(
            &format!("/inspections/{}/sheets/{}", ids.0, ids.1),
            "inspection.attached",
        )),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let mut p = sheet_page(&state, &user, ids, None).await?;
                p.form = FormState::new(lang)
                    .with("attach_to", target.clone())
                    .with("description", up.field("description"))
                    .with("expires_on", up.field("expires_on"))
                    .with_errors(inv);
                Ok(p)
            })
            .await
        }
    }
}

//! One disposal and the work on it: attach the erasure certificate (with the serial
//! numbers it lists) and photos, record it done, withdraw it, and download its files.
//! A refused step shows the page again with its problems.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::response::Response;
use mamori_app::media::{CertificateInput, CompleteInput, DisposalView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    DoneQuery, FormState, Pairs, Upload, answer_on_page, get, read_upload, render, reshow,
};
use crate::session::{CsrfForm, SignedIn, check_csrf};

#[derive(Template)]
#[template(path = "disposal_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: DisposalView,
    form: FormState,
}

impl DetailPage {
    fn lacks(&self, what: &str) -> bool {
        self.d.missing.iter().any(|m| m == what)
    }

    fn size(&self, bytes: &i64) -> String {
        if *bytes >= 1024 * 1024 {
            format!("{:.1} MB", *bytes as f64 / 1_048_576.0)
        } else {
            format!("{} KB", (bytes + 1023) / 1024)
        }
    }
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    done: Option<&str>,
) -> Result<DetailPage, WebError> {
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, done),
        d: state.app.disposal(user.actor(), id).await.lang(user.lang)?,
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

/// Answers an upload: back to the page with `key`, or the page with its problems.
async fn answer_upload<R>(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    up: &Upload,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    match r {
        Ok(_) => Ok(crate::pages::done(&format!("/disposals/{id}"), key)),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let mut p = detail(state, user, id, None).await?;
                p.form = FormState::new(user.lang)
                    .with("serials", up.field("serials"))
                    .with_errors(inv);
                Ok(p)
            })
            .await
        }
    }
}

/// `POST /disposals/{id}/certificate` (multipart: `file`, `serials`, `_csrf`).
pub async fn certificate(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let up = read_upload(mp, user.lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let input = CertificateInput {
        serials: up.field("serials").to_owned(),
    };
    let file = up.file.clone().unwrap_or_default();
    let r = state
        .app
        .attach_disposal_file(user.actor(), id, Some(&input), file)
        .await;
    answer_upload(&state, &user, id, &up, r, "disposal.certificate_attached").await
}

/// `POST /disposals/{id}/photos` (multipart: `file`, `_csrf`).
pub async fn photo(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let up = read_upload(mp, user.lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let file = up.file.clone().unwrap_or_default();
    let r = state
        .app
        .attach_disposal_file(user.actor(), id, None, file)
        .await;
    answer_upload(&state, &user, id, &up, r, "disposal.photo_attached").await
}

pub async fn complete(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = CompleteInput {
        completed_on: get(&f.form, "completed_on").to_owned(),
        witness: get(&f.form, "witness").to_owned(),
    };
    let r = state
        .app
        .complete_disposal(f.user.actor(), id, &input)
        .await;
    answer(&state, &f, id, r, "disposal.completed").await
}

pub async fn cancel(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.cancel_disposal(f.user.actor(), id).await;
    answer(&state, &f, id, r, "disposal.cancelled").await
}

async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    id: Uuid,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    answer_on_page(f, r, (&format!("/disposals/{id}"), key), async |form| {
        let mut p = detail(state, &f.user, id, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

pub async fn file(
    State(state): State<WebState>,
    user: SignedIn,
    Path((id, file)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let f = state
        .app
        .disposal_file(user.actor(), id, file)
        .await
        .lang(user.lang)?;
    Ok(crate::pages::controls::evidence_download(f))
}

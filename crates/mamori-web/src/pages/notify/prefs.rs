//! What comes by mail (通知の設定): a box per kind of notice, the morning digest, and a
//! test notice to oneself.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::notify::{NoticePrefsInput, NoticePrefsView};

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, Empty, done, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "notice_prefs.html")]
struct PrefsPage {
    ctx: Ctx,
    prefs: NoticePrefsView,
    mail_server: bool,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let prefs = state.app.notice_prefs(user.actor()).await.lang(user.lang)?;
    Ok(render(&PrefsPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        prefs,
        mail_server: state.app.mail_ready().await,
    }))
}

/// The form sends `mail` once per ticked kind, and `digest` when ticked.
pub async fn save(
    State(state): State<WebState>,
    f: CsrfForm<Vec<(String, String)>>,
) -> Result<Response, WebError> {
    let input = NoticePrefsInput {
        mail: f
            .form
            .iter()
            .filter(|(k, _)| k == "mail")
            .map(|(_, v)| v.clone())
            .collect(),
        digest: f.form.iter().any(|(k, v)| k == "digest" && v == "1"),
    };
    state
        .app
        .set_notice_prefs(f.user.actor(), &input)
        .await
        .lang(f.user.lang)?;
    Ok(done("/account/notifications", "notify.prefs_saved"))
}

pub async fn test(State(state): State<WebState>, f: CsrfForm<Empty>) -> Result<Response, WebError> {
    state
        .app
        .send_test_notice(f.user.actor())
        .await
        .lang(f.user.lang)?;
    Ok(done("/account/notifications", "notify.test_done"))
}

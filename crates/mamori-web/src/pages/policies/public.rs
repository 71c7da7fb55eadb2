//! The public page of an organization's policy: no sign-in, only documents disclosed
//! as 公開 at approved versions (the app decides what is public). Anything else,
//! including an unknown organization, is the ordinary "not found".

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use mamori_app::policies::PublicPolicy;

use crate::WebState;
use crate::error::WebError;
use crate::pages::{Anon, render};
use crate::session::Viewer;

#[derive(Template)]
#[template(path = "public_policy.html")]
struct PublicPage {
    a: Anon,
    p: PublicPolicy,
}

async fn show(
    state: &WebState,
    v: &Viewer,
    path: String,
    (org, number, version): (String, Option<i32>, Option<i32>),
) -> Result<Response, WebError> {
    let p = state
        .app
        .public_policy(&org, number, version)
        .await
        .map_err(|e| WebError::new(e, v.lang))?;
    Ok(render(&PublicPage {
        a: Anon { lang: v.lang, path },
        p,
    }))
}

pub async fn page(
    State(state): State<WebState>,
    v: Viewer,
    Path(org): Path<String>,
) -> Result<Response, WebError> {
    let path = format!("/public/{org}/policy");
    show(&state, &v, path, (org, None, None)).await
}

pub async fn document(
    State(state): State<WebState>,
    v: Viewer,
    Path((org, number)): Path<(String, i32)>,
) -> Result<Response, WebError> {
    let path = format!("/public/{org}/policy/{number}");
    show(&state, &v, path, (org, Some(number), None)).await
}

pub async fn version(
    State(state): State<WebState>,
    v: Viewer,
    Path((org, number, version)): Path<(String, i32, i32)>,
) -> Result<Response, WebError> {
    let path = format!("/public/{org}/policy/{number}/v/{version}");
    show(&state, &v, path, (org, Some(number), Some(version))).await
}

#[derive(Template)]
#[template(path = "public_policy_static.html")]
struct StaticPage<'a> {
    a: Anon,
    p: &'a PublicPolicy,
    css: &'static str,
}

/// The document as one self-contained HTML file (styles inside, nothing loaded from
/// elsewhere), for a city to put on its own website.
pub fn policy_html(p: &PublicPolicy, lang: crate::i18n::Lang) -> Result<String, String> {
    StaticPage {
        a: Anon {
            lang,
            path: String::new(),
        },
        p,
        css: crate::static_files::STYLESHEET,
    }
    .render()
    .map_err(|e| e.to_string())
}

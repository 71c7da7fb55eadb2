//! Event sources: the list with a form to add one, a source's page to change it or
//! issue a new webhook secret. A secret is shown on the page that issues it, once.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::events::{SourceCreated, SourceInput, SourceView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, Empty, FormState, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "event_sources.html")]
struct SourcesPage {
    ctx: Ctx,
    sources: Vec<SourceView>,
    form: FormState,
    can_manage: bool,
    unknown_senders: u64,
    dropped: u64,
}

async fn sources_page(
    state: &WebState,
    user: &SignedIn,
    ctx: Ctx,
    form: FormState,
) -> Result<SourcesPage, WebError> {
    let sources = state
        .app
        .event_sources(user.actor())
        .await
        .lang(user.lang)?;
    let settings = state
        .app
        .event_settings(user.actor())
        .await
        .lang(user.lang)?;
    Ok(SourcesPage {
        ctx,
        sources,
        form,
        can_manage: user.actor().can(Capability::ManageEventSources),
        unknown_senders: settings.unknown_senders,
        dropped: settings.dropped,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let form = FormState::new(user.lang).with("kind", "webhook");
    Ok(render(&sources_page(&state, &user, ctx, form).await?))
}

#[derive(Template)]
#[template(path = "event_source.html")]
struct SourcePage {
    ctx: Ctx,
    s: SourceView,
    form: FormState,
    /// A secret just issued, shown this once.
    secret: Option<String>,
    can_manage: bool,
}

fn source_form(s: &SourceView, lang: crate::i18n::Lang) -> FormState {
    FormState::new(lang)
        .with("name", s.name.clone())
        .with("senders", s.senders.clone())
        .with("enabled", if s.enabled { "yes" } else { "no" })
}

fn issued(user: &SignedIn, c: SourceCreated) -> Response {
    render(&SourcePage {
        ctx: Ctx::with_notice(user, Some("event.source_saved")),
        form: source_form(&c.source, user.lang),
        s: c.source,
        secret: c.secret,
        can_manage: true,
    })
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<SourceInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.create_event_source(user.actor(), &f.form).await {
        Ok(c) if c.secret.is_some() => Ok(issued(user, c)),
        Ok(c) => Ok(done(
            &format!("/events/sources/{}", c.source.id),
            "event.source_saved",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                sources_page(&state, user, Ctx::new(user), form).await
            })
            .await
        }
    }
}

pub async fn edit(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let s = state
        .app
        .event_source(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(render(&SourcePage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        form: source_form(&s, user.lang),
        s,
        secret: None,
        can_manage: user.actor().can(Capability::ManageEventSources),
    }))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<SourceInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .update_event_source(user.actor(), id, &f.form)
        .await
    {
        Ok(_) => Ok(done(&format!("/events/sources/{id}"), "event.source_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let s = state
                    .app
                    .event_source(user.actor(), id)
                    .await
                    .lang(user.lang)?;
                Ok(SourcePage {
                    ctx: Ctx::new(user),
                    form: FormState::of(&f.form, user.lang).with_errors(inv),
                    s,
                    secret: None,
                    can_manage: true,
                })
            })
            .await
        }
    }
}

pub async fn rotate(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let c = state
        .app
        .rotate_event_secret(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(issued(user, c))
}

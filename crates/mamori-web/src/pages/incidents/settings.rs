//! The organization's incident settings: who signs off a closure, the 速報 target,
//! and the days before a report's due date on which reminders go out.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::incidents::IncidentSettingsInput;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "incident_settings.html")]
struct SettingsPage {
    ctx: Ctx,
    form: FormState,
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let input = state
        .app
        .incident_settings_form(user.actor())
        .await
        .lang(user.lang)?;
    Ok(render(&SettingsPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        form: FormState::of(&input, user.lang),
    }))
}

pub async fn save(
    State(state): State<WebState>,
    f: CsrfForm<IncidentSettingsInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .save_incident_settings(user.actor(), &f.form)
        .await
    {
        Ok(()) => Ok(done("/incidents/settings", "incident.settings_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(SettingsPage {
                    ctx: Ctx::new(user),
                    form: FormState::of(&f.form, user.lang).with_errors(inv),
                })
            })
            .await
        }
    }
}

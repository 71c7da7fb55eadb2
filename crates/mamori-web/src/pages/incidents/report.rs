//! The report form: one short page any staff member fills in a minute.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use mamori_app::incidents::ReportInput;
use mamori_domain::incident::Category;

use super::local_input;
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::WebError;
use crate::pages::{Choice, FormState, choices, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "incident_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    categories: Vec<Choice>,
}

fn form_page(user: &SignedIn, form: FormState) -> FormPage {
    FormPage {
        ctx: Ctx::new(user),
        categories: choices(&Category::ALL, Category::code, Category::label, user.lang),
        form,
    }
}

pub async fn form(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    // The clock of the law starts when someone learns of it: most report at once.
    let form = FormState::new(user.lang).with("known_at", local_input(state.app.now()));
    Ok(render(&form_page(&user, form)))
}

pub async fn submit(
    State(state): State<WebState>,
    f: CsrfForm<ReportInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.report_incident(user.actor(), &f.form).await {
        Ok(r) => Ok(done(
            &format!("/incidents/{}", r.id),
            "incident.report_done",
        )),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(form_page(
                    user,
                    FormState::of(&f.form, user.lang).with_errors(inv),
                ))
            })
            .await
        }
    }
}

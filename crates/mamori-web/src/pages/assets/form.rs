//! The asset form: new and edit pages and their submissions.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use mamori_app::assets::AssetInput;
use mamori_app::authz::Capability;
use mamori_domain::asset::{AssetKind, AssetStatus, NetworkLayer, PersonalDataKind};
use uuid::Uuid;

use super::options::{Options, options};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{FormState, dept_options, done, form_links, render, reshow};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "asset_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    cancel: String,
    opt: Options,
}

fn form_state(input: &AssetInput, lang: Lang) -> FormState {
    FormState::of(input, lang)
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let app = &state.app;
    let idx = app.departments(user.actor()).await.lang(user.lang)?;
    let schemes = app.schemes(user.actor()).await.lang(user.lang)?;
    let (title_key, action, cancel) = form_links("/assets", ("asset.new", "asset.edit"), editing);
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key,
        action,
        cancel,
        opt: options(
            &schemes,
            dept_options(&idx, app.today(), user.lang),
            user.lang,
        ),
    })
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::CreateAssets)
        .await
        .lang(user.lang)?;
    let input = AssetInput {
        kind: AssetKind::DataElectronic.code().into(),
        status: AssetStatus::InUse.code().into(),
        network_layer: NetworkLayer::None.code().into(),
        personal_data: PersonalDataKind::None.code().into(),
        ..AssetInput::default()
    };
    let form = form_state(&input, user.lang);
    Ok(render(&form_page(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<AssetInput>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state.app.create_asset(f.user.actor(), &f.form).await {
        Ok(a) => Ok(done(&format!("/assets/{}", a.id), "asset.created")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = form_state(&f.form, lang).with_errors(inv);
                form_page(&state, &f.user, form, None).await
            })
            .await
        }
    }
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let input = state
        .app
        .asset_input(user.actor(), id)
        .await
        .lang(user.lang)?;
    let form = form_state(&input, user.lang);
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<AssetInput>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state.app.update_asset(f.user.actor(), id, &f.form).await {
        Ok(_) => Ok(done(&format!("/assets/{id}"), "asset.updated")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = form_state(&f.form, lang).with_errors(inv);
                form_page(&state, &f.user, form, Some(id)).await
            })
            .await
        }
    }
}

//! The asset page: details, handling rules of its classification, related assets and
//! history; adding and removing relations.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::assets::AssetDetail;
use mamori_domain::classification::{Dimension, Level};
use mamori_domain::protection::RelationKind;
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{
    Choice, DoneQuery, Empty, HistoryRow, choices, done, history_rows, problems, render, reshow,
};
use crate::session::{CsrfForm, SignedIn};

/// A handling rule line on the asset page.
pub struct RuleLine {
    dimension: &'static str,
    level: String,
    text: String,
}

#[derive(Template)]
#[template(path = "asset_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: AssetDetail,
    rules: Vec<RuleLine>,
    history: Vec<HistoryRow>,
    relations: Vec<Choice>,
    error: Option<String>,
    /// Exceptions covering it (none shown to those without the register).
    exceptions: Vec<mamori_app::compliance::exceptions::ExceptionView>,
    /// Contracts not yet ended that handle it (none shown to those without the
    /// contractor register).
    contract_items: Vec<mamori_app::compliance::contractors::ContractView>,
    /// External services it is placed on, each with where it goes over the service's
    /// ceiling.
    services: Vec<mamori_app::compliance::services::AssetService>,
    /// The devices and media that are this asset, with where each is now.
    items: Vec<mamori_app::media::ItemView>,
}

impl DetailPage {
    /// Where the asset goes over a service's ceiling, in words.
    fn over(&self, over: &[mamori_domain::service::Excess]) -> String {
        crate::pages::compliance::over_text(over, self.ctx.lang)
    }

    /// The message key labelling a kind-specific field.
    fn detail_key(&self, field: &str) -> &'static str {
        match field {
            "model" => "asset.model",
            "serial" => "asset.serial",
            "asset_tag" => "asset.asset_tag",
            "vendor" => "asset.vendor",
            "version" => "asset.version",
            "licence" => "asset.licence",
            "segment" => "asset.segment",
            "address_range" => "asset.address_range",
            "building" => "asset.building",
            _ => "asset.room",
        }
    }
}

fn rule_lines(handling: &[(Dimension, Level)], lang: Lang) -> Vec<RuleLine> {
    handling
        .iter()
        .flat_map(|(d, l)| {
            l.handling.iter().map(move |h| RuleLine {
                dimension: d.label(lang.code()),
                level: l.code.clone(),
                text: h.text(lang.code()).to_owned(),
            })
        })
        .collect()
}

async fn detail_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
    error: Option<String>,
) -> Result<DetailPage, WebError> {
    let lang = user.lang;
    let d = state.app.asset_detail(user.actor(), id).await.lang(lang)?;
    let ctx = Ctx::with_notice(user, notice);
    let contract_items = state
        .app
        .contracts_for_asset(user.actor(), id)
        .await
        .lang(user.lang)?;
    let exceptions = state
        .app
        .exceptions_for_asset(user.actor(), id)
        .await
        .lang(lang)?;
    let services = state
        .app
        .services_for_asset(user.actor(), id)
        .await
        .lang(lang)?;
    let items = state
        .app
        .items_of_asset(user.actor(), id)
        .await
        .lang(lang)?;
    Ok(DetailPage {
        exceptions,
        contract_items,
        services,
        items,
        rules: rule_lines(&d.handling, lang),
        history: history_rows(&d.history, &ctx),
        relations: choices(
            &RelationKind::ALL,
            RelationKind::code,
            RelationKind::label,
            lang,
        ),
        ctx,
        d,
        error,
    })
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(
        &detail_page(&state, &user, id, q.done.as_deref(), None).await?,
    ))
}

#[derive(Deserialize)]
pub struct RelateForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    note: String,
}

pub async fn relate(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RelateForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .add_relation(f.user.actor(), id, &f.form.to, &f.form.kind, &f.form.note)
        .await
    {
        Ok(_) => Ok(done(&format!("/assets/{id}"), "asset.related")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let error = Some(problems(&inv, lang));
                detail_page(&state, &f.user, id, None, error).await
            })
            .await
        }
    }
}

pub async fn unrelate(
    State(state): State<WebState>,
    Path((id, rel)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_relation(f.user.actor(), id, rel)
        .await
        .lang(f.user.lang)?;
    Ok(done(&format!("/assets/{id}"), "asset.unrelated"))
}

//! Control catalogs: the list, a catalog's controls in reading order with the applied
//! controls implementing each, import (with a dry run first) and export.

use askama::Template;
use axum::extract::{Multipart, Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::controls::{CatalogImport, CatalogSummary, CatalogView};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{DoneQuery, attachment, done, read_upload, render, render_status, reshow};
use crate::session::{SignedIn, check_csrf};

#[derive(Template)]
#[template(path = "catalog_list.html")]
struct ListPage {
    ctx: Ctx,
    catalogs: Vec<CatalogSummary>,
    can_import: bool,
}

impl ListPage {
    fn levels(&self, c: &CatalogSummary) -> String {
        c.levels
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    axum::extract::Query(p): axum::extract::Query<DoneQuery>,
) -> Result<Response, WebError> {
    let catalogs = state.app.catalogs(user.actor()).await.lang(user.lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        catalogs,
        can_import: user.actor().can(Capability::ManageCatalogs),
    }))
}

/// One line of a catalog's listing.
pub struct Line {
    id: String,
    depth: usize,
    level: String,
    chapter: String,
    title: String,
    description: String,
    category: String,
    refs: Vec<String>,
    applied: Vec<(Uuid, String)>,
    leaf: bool,
}

#[derive(Template)]
#[template(path = "catalog_detail.html")]
struct DetailPage {
    ctx: Ctx,
    id: String,
    name: String,
    version: String,
    source: String,
    note: String,
    lines: Vec<Line>,
    can_create: bool,
}

pub async fn detail(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let CatalogView {
        catalog: c,
        mut applied,
        ..
    } = state.app.catalog_view(user.actor(), &id).await.lang(lang)?;
    let en = lang == Lang::En;
    let pick = |ja: &str, en_text: &str| {
        if en && !en_text.is_empty() {
            en_text.to_owned()
        } else {
            ja.to_owned()
        }
    };
    let parents: std::collections::HashSet<&str> =
        c.controls.iter().map(|x| x.parent.as_str()).collect();
    let lines = c
        .ordered()
        .into_iter()
        .map(|x| Line {
            id: x.id.clone(),
            depth: c.depth(&x.id).min(3),
            level: x.level.clone(),
            chapter: x.chapter.clone(),
            title: pick(&x.title_ja, &x.title_en),
            description: pick(&x.description_ja, &x.description_en),
            category: x.category.label(lang.code()).to_owned(),
            refs: x.refs.clone(),
            applied: applied.remove(&x.id).unwrap_or_default(),
            leaf: !parents.contains(x.id.as_str()),
        })
        .collect();
    Ok(render(&DetailPage {
        ctx: Ctx::new(&user),
        name: pick(&c.meta.name_ja, &c.meta.name_en),
        version: c.meta.version.clone(),
        source: pick(&c.meta.source_ja, &c.meta.source_en),
        note: pick(&c.meta.note_ja, &c.meta.note_en),
        id: c.meta.id.clone(),
        lines,
        can_create: user.actor().can(Capability::CreateControls),
    }))
}

pub async fn export(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<String>,
) -> Result<Response, WebError> {
    let text = state
        .app
        .export_catalog(user.actor(), &id)
        .await
        .lang(user.lang)?;
    let safe: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    Ok(attachment(
        text.into_bytes(),
        "application/toml; charset=utf-8",
        &format!("{safe}.toml"),
    ))
}

#[derive(Template)]
#[template(path = "catalog_import.html")]
struct ImportPage {
    ctx: Ctx,
    text: String,
    report: Option<CatalogImport>,
    errors: Vec<String>,
}

pub async fn import_page(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ManageCatalogs)
        .await
        .lang(user.lang)?;
    Ok(render(&ImportPage {
        ctx: Ctx::new(&user),
        text: String::new(),
        report: None,
        errors: Vec::new(),
    }))
}

/// `POST /catalogs/import` (multipart: `file` or `toml`, `dry_run` = `1` to check
/// only, `_csrf`). A check shows what would change and offers to import the same text.
pub async fn import_submit(
    State(state): State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let up = read_upload(mp, lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let mut text = up.field("toml").to_owned();
    let dry_run = matches!(up.field("dry_run"), "1" | "true" | "on");
    let file = up.file.map(|(_, b)| b).unwrap_or_default();
    if !file.is_empty() {
        match String::from_utf8(file) {
            Ok(t) => text = t.trim_start_matches('\u{feff}').to_owned(),
            Err(_) => {
                return Ok(render_status(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    &ImportPage {
                        ctx: Ctx::new(&user),
                        text: String::new(),
                        report: None,
                        errors: vec![crate::i18n::t(lang, "catalog.not_utf8").to_owned()],
                    },
                ));
            }
        }
    }
    match state.app.import_catalog(user.actor(), &text, dry_run).await {
        Ok(r) if r.committed => Ok(done("/catalogs", "catalog.import_done")),
        Ok(r) => Ok(render(&ImportPage {
            ctx: Ctx::new(&user),
            text,
            report: Some(r),
            errors: Vec::new(),
        })),
        Err(e) => {
            reshow(e, lang, async |inv| {
                Ok(ImportPage {
                    ctx: Ctx::new(&user),
                    text,
                    report: None,
                    errors: inv
                        .0
                        .iter()
                        .map(|e| e.text(lang.code()).to_owned())
                        .collect(),
                })
            })
            .await
        }
    }
}

//! Classification schemes (分類基準): reading them, adding a preset, editing the text of
//! levels and their handling rules, and moving assets from one scheme to another with a
//! preview of every level mapping.

use std::collections::HashMap;

use askama::Template;
use axum::body::Bytes;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::assets::schemes::MigrationPreview;
use mamori_app::authz::Capability;
use mamori_domain::classification::{
    Dimension, HandlingRule, ImportanceRule, Level, Preset, Scheme, SchemeMapping,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{DoneQuery, done, problem, render, render_status, reshow};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::session::{CsrfForm, SignedIn, check_csrf_bytes};

/// One scheme as the page shows it.
pub struct SchemeView {
    id: Uuid,
    name: String,
    active: bool,
    dims: Vec<(&'static str, Vec<Level>)>,
    importance_rule: &'static str,
}

/// A preset offered in a form, with the line that says what it is.
pub struct PresetOption {
    pub code: &'static str,
    pub label: &'static str,
    pub summary: &'static str,
}

pub(crate) fn preset_options(lang: Lang, presets: &[Preset]) -> Vec<PresetOption> {
    presets
        .iter()
        .map(|p| PresetOption {
            code: p.code(),
            label: p.label(lang.code()),
            summary: p.summary(lang.code()),
        })
        .collect()
}

#[derive(Template)]
#[template(path = "classification.html")]
struct SchemesPage {
    ctx: Ctx,
    schemes: Vec<SchemeView>,
    presets: Vec<(&'static str, &'static str)>,
    can_manage: bool,
}

fn rule_key(r: ImportanceRule) -> &'static str {
    match r {
        ImportanceRule::Highest => "classification.rule_highest",
        ImportanceRule::Sum => "classification.rule_sum",
    }
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let schemes = state.app.schemes(user.actor()).await.lang(lang)?;
    let views = schemes
        .all()
        .into_iter()
        .map(|(m, s)| SchemeView {
            id: m.id,
            name: m.name.clone(),
            active: m.active,
            dims: Dimension::ALL
                .iter()
                .map(|d| {
                    let mut levels = s.scale(*d).levels.clone();
                    levels.reverse();
                    (d.label(lang.code()), levels)
                })
                .collect(),
            importance_rule: rule_key(s.importance_rule),
        })
        .collect();
    Ok(render(&SchemesPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        schemes: views,
        presets: Preset::ALL
            .iter()
            .map(|p| (p.code(), p.label(lang.code())))
            .collect(),
        can_manage: user.actor().can(Capability::ManageClassification),
    }))
}

#[derive(Deserialize)]
pub struct AddForm {
    #[serde(default)]
    preset: String,
}

pub async fn add(
    State(state): State<WebState>,
    f: CsrfForm<AddForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let preset = Preset::parse(&f.form.preset)
        .map_err(|p| WebError::new(AppError::from(p.at("preset")), lang))?;
    match state.app.add_preset_scheme(f.user.actor(), preset).await {
        Ok(_) => Ok(done("/classification", "classification.added")),
        Err(AppError::Invalid(_)) => Ok(done("/classification", "classification.exists")),
        Err(e) => Err(WebError::new(e, lang)),
    }
}

/// The edit form: one block per level, handling rules one per line as `日本語 | English`.
#[derive(Template)]
#[template(path = "classification_edit.html")]
struct EditPage {
    ctx: Ctx,
    id: Uuid,
    scheme: Scheme,
    dims: Vec<(&'static str, &'static str, Vec<Level>)>,
    errors: Vec<String>,
}

impl EditPage {
    fn rules_text(&self, level: &Level) -> String {
        level
            .handling
            .iter()
            .map(|h| format!("{} | {}", h.ja, h.en))
            .collect::<Vec<_>>()
            .join("\n")
    }

    fn rule_selected(&self, code: &str) -> bool {
        matches!(
            (code, self.scheme.importance_rule),
            ("highest", ImportanceRule::Highest) | ("sum", ImportanceRule::Sum)
        )
    }
}

fn edit_page(user: &SignedIn, id: Uuid, scheme: Scheme, errors: Vec<String>) -> EditPage {
    let dims = Dimension::ALL
        .iter()
        .map(|d| {
            let mut levels = scheme.scale(*d).levels.clone();
            levels.reverse();
            (d.code(), d.label(user.lang.code()), levels)
        })
        .collect();
    EditPage {
        ctx: Ctx::new(user),
        id,
        scheme,
        dims,
        errors,
    }
}

async fn load(state: &WebState, user: &SignedIn, id: Uuid) -> Result<Scheme, WebError> {
    let schemes = state.app.schemes(user.actor()).await.lang(user.lang)?;
    schemes
        .get(id)
        .cloned()
        .ok_or_else(|| WebError::new(AppError::NotFound, user.lang))
}

pub async fn edit_form(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ManageClassification)
        .await
        .lang(user.lang)?;
    let scheme = load(&state, &user, id).await?;
    Ok(render(&edit_page(&user, id, scheme, Vec::new())))
}

/// Applies the submitted text to the stored scheme; the structure (codes, ranks,
/// importance) is kept, so stored assets keep their meaning.
fn apply_form(mut scheme: Scheme, form: &HashMap<String, String>) -> Result<Scheme, Vec<String>> {
    let mut errors = Vec::new();
    let get = |k: &str| form.get(k).map(|v| v.trim().to_owned()).unwrap_or_default();
    scheme.name = get("name");
    scheme.importance_rule = match get("importance_rule").as_str() {
        "sum" => ImportanceRule::Sum,
        _ => ImportanceRule::Highest,
    };
    for dim in Dimension::ALL {
        let scale = match dim {
            Dimension::C => &mut scheme.c,
            Dimension::I => &mut scheme.i,
            Dimension::A => &mut scheme.a,
        };
        for level in &mut scale.levels {
            let key = |f: &str| format!("{}.{}.{f}", dim.code(), level.code);
            level.label_ja = get(&key("label_ja"));
            level.label_en = get(&key("label_en"));
            level.definition_ja = get(&key("definition_ja"));
            level.definition_en = get(&key("definition_en"));
            level.aliases = get(&key("aliases"))
                .split([',', '、'])
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(str::to_owned)
                .collect();
            level.handling = Vec::new();
            for line in get(&key("handling"))
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
            {
                match line.split_once('|') {
                    Some((ja, en)) if !ja.trim().is_empty() && !en.trim().is_empty() => {
                        level.handling.push(HandlingRule::new(ja.trim(), en.trim()))
                    }
                    // `Problem` displays as `ja / en`: the line names the rule in both languages.
                    _ => errors.push(format!(
                        "{} {}: 「{line}」 — {}",
                        dim.label_ja(),
                        level.code,
                        problem("classification.handling_format", &[])
                    )),
                }
            }
        }
    }
    if errors.is_empty() {
        Ok(scheme)
    } else {
        Err(errors)
    }
}

pub async fn edit_submit(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    user: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    let lang = user.lang;
    check_csrf_bytes(&body, &user)?;
    state
        .app
        .authorize(user.actor(), Capability::ManageClassification)
        .await
        .lang(lang)?;
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let stored = load(&state, &user, id).await?;
    let edited = match apply_form(stored.clone(), &form) {
        Ok(s) => s,
        Err(errors) => {
            return Ok(render_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &edit_page(&user, id, stored, errors),
            ));
        }
    };
    match state
        .app
        .update_scheme(user.actor(), id, edited.clone())
        .await
    {
        Ok(()) => Ok(done("/classification", "classification.saved")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let errors = inv
                    .0
                    .iter()
                    .map(|e| format!("{}: {}", e.field, e.text(lang.code())))
                    .collect();
                Ok(edit_page(&user, id, edited, errors))
            })
            .await
        }
    }
}

/// One mapping row of the migration preview: a level of the active scheme, the level it
/// becomes, the choices, and how many assets move.
pub struct MapRow {
    dim: &'static str,
    dim_label: &'static str,
    from: String,
    to: String,
    choices: Vec<String>,
    assets: u64,
}

#[derive(Template)]
#[template(path = "classification_migrate.html")]
struct MigratePage {
    ctx: Ctx,
    from_name: String,
    to_id: Uuid,
    to_name: String,
    rows: Vec<MapRow>,
    assets: u64,
    committed: bool,
}

#[derive(Deserialize)]
pub struct MigrateQuery {
    #[serde(default)]
    to: Option<Uuid>,
}

fn mapping_from_form(form: &HashMap<String, String>) -> SchemeMapping {
    let mut m = SchemeMapping::default();
    for (k, v) in form {
        let Some(rest) = k.strip_prefix("map.") else {
            continue;
        };
        let Some((dim, from)) = rest.split_once('.') else {
            continue;
        };
        if let Ok(dim) = Dimension::parse(dim) {
            m.for_dimension_mut(dim).insert(from.to_owned(), v.clone());
        }
    }
    m
}

async fn migrate_page(
    state: &WebState,
    user: &SignedIn,
    to: Uuid,
    mapping: Option<SchemeMapping>,
    commit: bool,
) -> Result<MigratePage, WebError> {
    let lang = user.lang;
    let schemes = state.app.schemes(user.actor()).await.lang(lang)?;
    let from = schemes.active_id();
    let preview: MigrationPreview = state
        .app
        .migrate_scheme(user.actor(), from, to, mapping, commit)
        .await
        .lang(lang)?;
    let name = |id: Uuid| {
        schemes
            .all()
            .into_iter()
            .find(|(m, _)| m.id == id)
            .map(|(m, _)| m.name.clone())
            .unwrap_or_default()
    };
    let target = schemes.get(to).cloned();
    let source = schemes.get(from).cloned();
    let mut rows = Vec::new();
    if let (Some(src), Some(dst)) = (source, target) {
        for dim in Dimension::ALL {
            for level in src.scale(dim).levels.iter().rev() {
                let to_code = preview
                    .mapping
                    .get(dim, &level.code)
                    .unwrap_or(&level.code)
                    .to_owned();
                let assets = preview
                    .counts
                    .iter()
                    .find(|c| c.dimension == dim && c.from == level.code)
                    .map(|c| c.assets)
                    .unwrap_or(0);
                rows.push(MapRow {
                    dim: dim.code(),
                    dim_label: dim.label(lang.code()),
                    from: level.code.clone(),
                    to: to_code,
                    choices: dst
                        .scale(dim)
                        .levels
                        .iter()
                        .rev()
                        .map(|l| l.code.clone())
                        .collect(),
                    assets,
                });
            }
        }
    }
    Ok(MigratePage {
        ctx: Ctx::new(user),
        from_name: name(from),
        to_id: to,
        to_name: name(to),
        rows,
        assets: preview.assets,
        committed: preview.committed,
    })
}

pub async fn migrate_preview(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<MigrateQuery>,
) -> Result<Response, WebError> {
    // Refuse before looking at the request, so those without the right learn nothing.
    state
        .app
        .authorize(user.actor(), Capability::ManageClassification)
        .await
        .lang(user.lang)?;
    let to = q.to.ok_or_else(|| WebError::bad_request(user.lang))?;
    Ok(render(&migrate_page(&state, &user, to, None, false).await?))
}

pub async fn migrate_submit(
    State(state): State<WebState>,
    user: SignedIn,
    body: Bytes,
) -> Result<Response, WebError> {
    check_csrf_bytes(&body, &user)?;
    state
        .app
        .authorize(user.actor(), Capability::ManageClassification)
        .await
        .lang(user.lang)?;
    let form: HashMap<String, String> = form_urlencoded::parse(&body).into_owned().collect();
    let to = form
        .get("to")
        .and_then(|t| Uuid::parse_str(t).ok())
        .ok_or_else(|| WebError::bad_request(user.lang))?;
    let commit = form.get("commit").is_some_and(|c| c == "1");
    let mapping = Some(mapping_from_form(&form));
    let page = migrate_page(&state, &user, to, mapping, commit).await?;
    if page.committed {
        return Ok(done("/classification", "classification.migrated"));
    }
    Ok(render(&page))
}

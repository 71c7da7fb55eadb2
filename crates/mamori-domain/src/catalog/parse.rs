//! Reading catalog files: TOML into loosely typed entries, then every rule checked
//! with the entry and field at fault, so one import report lists all that is wrong.
//!
//! Entries are read with every field optional and as text, rather than straight into
//! [`Control`]: a missing title or an unknown category then becomes one line of the
//! report among the others, where serde would stop at the first.

use std::collections::HashMap;

use serde::Deserialize;

use super::{Catalog, CatalogMeta, Control, ControlCategory};
use crate::error::{FieldError, Invalid};
use crate::text::excerpt;

/// The longest catalog id: it is stored with every applied control and ref.
const MAX_ID_LEN: usize = 64;

#[derive(Deserialize)]
struct RawCatalogFile {
    catalog: Option<CatalogMeta>,
    #[serde(default)]
    controls: Vec<RawControl>,
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct RawControl {
    id: String,
    parent: String,
    level: String,
    chapter: String,
    title_ja: String,
    title_en: String,
    description_ja: String,
    description_en: String,
    category: String,
    refs: Vec<String>,
}

/// Deserializes `text`, turning a syntax or type error into the one `toml` error the
/// user can act on: where it is and what the parser says.
pub(super) fn from_toml<T: serde::de::DeserializeOwned>(text: &str) -> Result<T, Invalid> {
    toml::from_str(text).map_err(|e| {
        let (line, column) = e.span().map_or((1, 1), |s| line_column(text, s.start));
        let detail = e.message().trim().to_owned();
        Invalid::from(FieldError::new(
            "toml",
            format!("TOML の書式に誤りがあります（{line} 行 {column} 列）: {detail}"),
            format!("TOML syntax error at line {line}, column {column}: {detail}"),
        ))
    })
}

/// 1-based line and column (in characters) of a byte offset.
fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Checks the `[catalog]` table (absent counts as empty): an id usable in refs, both
/// names and a version.
pub(super) fn check_meta(meta: Option<&CatalogMeta>, inv: &mut Invalid) {
    let Some(meta) = meta else {
        inv.push(FieldError::new(
            "catalog",
            "[catalog] 表（ID・名称・版）がありません。",
            "The [catalog] table (id, names, version) is missing.",
        ));
        return;
    };
    let id = meta.id.trim();
    if id.is_empty() {
        inv.push(FieldError::new(
            "catalog.id",
            "カタログの ID が入力されていません。",
            "The catalog id is empty.",
        ));
    } else if id.len() > MAX_ID_LEN
        || !id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        let v = excerpt(id);
        inv.push(FieldError::new(
            "catalog.id",
            format!(
                "カタログの ID「{v}」には半角英数字と - _ . だけを{MAX_ID_LEN}文字以内で使ってください。"
            ),
            format!(
                "The catalog id \"{v}\" may use only ASCII letters, digits, -, _ and ., at most {MAX_ID_LEN} characters."
            ),
        ));
    }
    for (field, value, ja, en) in [
        (
            "catalog.name_ja",
            &meta.name_ja,
            "日本語の名称",
            "Japanese name",
        ),
        (
            "catalog.name_en",
            &meta.name_en,
            "英語の名称",
            "English name",
        ),
        ("catalog.version", &meta.version, "版", "version"),
    ] {
        if value.trim().is_empty() {
            inv.push(FieldError::new(
                field,
                format!("カタログの{ja}が入力されていません。"),
                format!("The catalog's {en} is empty."),
            ));
        }
    }
}

/// How messages name entry `i`: by its id, or by position when it has none.
pub(super) fn who(kind_ja: &str, kind_en: &str, id: &str, i: usize) -> (String, String) {
    if id.trim().is_empty() {
        (
            format!("{}番目の{kind_ja}", i + 1),
            format!("{kind_en} #{}", i + 1),
        )
    } else {
        let v = excerpt(id);
        (format!("{kind_ja} {v} "), format!("{kind_en} {v}"))
    }
}

/// Records entry `i`'s id, or a problem under `field` when an earlier entry (in
/// `seen`) has it already. `who` names the entry as [`who`] does.
pub(super) fn check_unique<'a>(
    seen: &mut HashMap<&'a str, usize>,
    id: &'a str,
    i: usize,
    field: String,
    (ja, en): &(String, String),
    inv: &mut Invalid,
) {
    if id.trim().is_empty() {
        return;
    }
    if let Some(first) = seen.get(id) {
        inv.push(FieldError::new(
            field,
            format!("{ja}の ID は {} 番目の項目と重複しています。", first + 1),
            format!("{en}: the id is already used by entry #{}.", first + 1),
        ));
    } else {
        seen.insert(id, i);
    }
}

pub(super) fn catalog(text: &str) -> Result<Catalog, Invalid> {
    let raw: RawCatalogFile = from_toml(text)?;
    let mut inv = Invalid::new();
    check_meta(raw.catalog.as_ref(), &mut inv);

    let index: HashMap<&str, usize> = raw
        .controls
        .iter()
        .enumerate()
        .rev() // so the first of duplicate ids is the one kept
        .map(|(i, c)| (c.id.as_str(), i))
        .collect();
    let mut controls = Vec::with_capacity(raw.controls.len());
    for (i, c) in raw.controls.iter().enumerate() {
        let at = |f: &str| format!("controls[{i}].{f}");
        let (ja, en) = who("管理策", "Control", &c.id, i);
        for (field, value, what_ja, what_en) in [
            ("id", &c.id, "ID", "id"),
            ("level", &c.level, "階層", "level"),
            ("title_ja", &c.title_ja, "日本語の見出し", "Japanese title"),
            ("title_en", &c.title_en, "英語の見出し", "English title"),
        ] {
            if value.trim().is_empty() {
                inv.push(FieldError::new(
                    at(field),
                    format!("{ja}の{what_ja}が入力されていません。"),
                    format!("{en}: the {what_en} is empty."),
                ));
            }
        }
        if !c.id.is_empty() && index.get(c.id.as_str()) != Some(&i) {
            let first = index.get(c.id.as_str()).copied().unwrap_or(0);
            inv.push(FieldError::new(
                at("id"),
                format!("{ja}の ID は {} 番目の管理策と重複しています。", first + 1),
                format!("{en}: the id is already used by control #{}.", first + 1),
            ));
        }
        if !c.parent.is_empty() && !index.contains_key(c.parent.as_str()) {
            let p = excerpt(&c.parent);
            inv.push(FieldError::new(
                at("parent"),
                format!("{ja}の親「{p}」がこのカタログにありません。"),
                format!("{en}: parent \"{p}\" is not in this catalog."),
            ));
        } else if on_cycle(&raw.controls, &index, i) {
            inv.push(FieldError::new(
                at("parent"),
                format!("{ja}の親をたどると自分自身に戻ります（親子関係が循環しています）。"),
                format!("{en}: following its parents leads back to itself (a parent cycle)."),
            ));
        }
        let category = ControlCategory::from_code(c.category.trim());
        if category.is_none() {
            let v = excerpt(&c.category);
            let codes = ControlCategory::ALL.map(ControlCategory::code).join(", ");
            inv.push(FieldError::new(
                at("category"),
                format!(
                    "{ja}の区分「{v}」が読み取れません。{codes} のいずれかを指定してください。"
                ),
                format!("{en}: category \"{v}\" is not one of {codes}."),
            ));
        }
        for (j, r) in c.refs.iter().enumerate() {
            let well_formed = r
                .split_once(':')
                .is_some_and(|(cat, ctl)| !cat.trim().is_empty() && !ctl.trim().is_empty());
            if !well_formed {
                let v = excerpt(r);
                inv.push(FieldError::new(
                    format!("controls[{i}].refs[{j}]"),
                    format!("{ja}の参照「{v}」は「カタログID:管理策ID」の形で書いてください。"),
                    format!("{en}: ref \"{v}\" must have the form \"catalog:control\"."),
                ));
            }
        }
        if let Some(category) = category {
            controls.push(Control {
                id: c.id.clone(),
                parent: c.parent.clone(),
                level: c.level.clone(),
                chapter: c.chapter.clone(),
                title_ja: c.title_ja.clone(),
                title_en: c.title_en.clone(),
                description_ja: c.description_ja.clone(),
                description_en: c.description_en.clone(),
                category,
                refs: c.refs.clone(),
            });
        }
    }
    match raw.catalog {
        Some(meta) if inv.is_empty() => Ok(Catalog { meta, controls }),
        _ => Err(inv),
    }
}

/// Whether following parents from entry `start` comes back to it. At most as many
/// steps as there are entries, which any chain without a cycle ends within.
fn on_cycle(controls: &[RawControl], index: &HashMap<&str, usize>, start: usize) -> bool {
    let mut current = start;
    for _ in 0..controls.len() {
        let Some(&next) = controls
            .get(current)
            .filter(|c| !c.parent.is_empty())
            .and_then(|c| index.get(c.parent.as_str()))
        else {
            return false;
        };
        if next == start {
            return true;
        }
        current = next;
    }
    false
}

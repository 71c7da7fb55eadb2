//! The threat and vulnerability catalog: what can go wrong (誤送信, ランサムウェア,
//! 地震 …) with a default likelihood, and the weaknesses that make it likely, each
//! with the kinds of asset it concerns so an assessment only offers what fits.

use std::collections::HashMap;
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use super::parse::{check_meta, check_unique, from_toml, who};
use super::{CatalogMeta, ControlCategory, ThreatCategory};
use crate::asset::AssetKind;
use crate::error::{FieldError, Invalid};
use crate::text::excerpt;

/// The scale of likelihood and severity, as in the IPA risk method (1 low … 3 high).
const SCALE: std::ops::RangeInclusive<i64> = 1..=3;

/// One threat as the catalog offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreatDef {
    pub id: String,
    pub category: ThreatCategory,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// The default likelihood, 1 to 3; each organization may adjust it per risk.
    pub likelihood: u8,
    pub asset_kinds: Vec<AssetKind>,
}

/// One vulnerability as the catalog offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VulnerabilityDef {
    pub id: String,
    pub category: ControlCategory,
    pub name_ja: String,
    pub name_en: String,
    pub description_ja: String,
    pub description_en: String,
    /// A default severity, 1 to 3, when the catalog gives one. The shipped catalog
    /// does not: how weak a control is depends on the organization.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub severity: Option<u8>,
    pub asset_kinds: Vec<AssetKind>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ThreatCatalog {
    pub meta: CatalogMeta,
    pub threats: Vec<ThreatDef>,
    pub vulnerabilities: Vec<VulnerabilityDef>,
}

#[derive(Deserialize)]
struct RawFile {
    catalog: Option<CatalogMeta>,
    #[serde(default)]
    threats: Vec<RawEntry>,
    #[serde(default)]
    vulnerabilities: Vec<RawEntry>,
}

/// A threat or a vulnerability as written, every field optional (see `parse`).
#[derive(Deserialize, Default)]
#[serde(default)]
struct RawEntry {
    id: String,
    category: String,
    name_ja: String,
    name_en: String,
    description_ja: String,
    description_en: String,
    likelihood: Option<i64>,
    severity: Option<i64>,
    asset_kinds: Vec<String>,
}

/// The fields both tables share, checked.
struct Common {
    id: String,
    name_ja: String,
    name_en: String,
    description_ja: String,
    description_en: String,
    asset_kinds: Vec<AssetKind>,
}

impl ThreatCatalog {
    /// Reads a threat catalog file and checks it: the header, ids unique across both
    /// tables, categories, names, a likelihood of 1 to 3 on every threat, a severity
    /// of 1 to 3 where a vulnerability has one, and at least one known asset kind.
    /// Like [`super::Catalog::parse_toml`], a file that is not TOML gives one `toml`
    /// error; otherwise every problem is reported.
    pub fn parse_toml(text: &str) -> Result<ThreatCatalog, Invalid> {
        let raw: RawFile = from_toml(text)?;
        let mut inv = Invalid::new();
        check_meta(raw.catalog.as_ref(), &mut inv);
        let mut seen = HashMap::new();
        let mut threats = Vec::with_capacity(raw.threats.len());
        for (i, t) in raw.threats.iter().enumerate() {
            let at = |f: &str| format!("threats[{i}].{f}");
            let names = who("脅威", "Threat", &t.id, i);
            check_unique(&mut seen, &t.id, i, at("id"), &names, &mut inv);
            let common = common(t, &at, &names, &mut inv);
            let category = ThreatCategory::from_code(t.category.trim());
            if category.is_none() {
                let codes = ThreatCategory::ALL.map(ThreatCategory::code);
                bad_category(&at("category"), &names, &t.category, &codes, &mut inv);
            }
            let likelihood = on_scale(t.likelihood, &at("likelihood"), &names, true, &mut inv);
            if let (Some(common), Some(category), Some(Some(likelihood))) =
                (common, category, likelihood)
            {
                threats.push(ThreatDef {
                    id: common.id,
                    category,
                    name_ja: common.name_ja,
                    name_en: common.name_en,
                    description_ja: common.description_ja,
                    description_en: common.description_en,
                    likelihood,
                    asset_kinds: common.asset_kinds,
                });
            }
        }
        let mut vulnerabilities = Vec::with_capacity(raw.vulnerabilities.len());
        for (i, v) in raw.vulnerabilities.iter().enumerate() {
            let at = |f: &str| format!("vulnerabilities[{i}].{f}");
            let names = who("脆弱性", "Vulnerability", &v.id, i);
            check_unique(&mut seen, &v.id, i, at("id"), &names, &mut inv);
            let common = common(v, &at, &names, &mut inv);
            let category = ControlCategory::from_code(v.category.trim());
            if category.is_none() {
                let codes = ControlCategory::ALL.map(ControlCategory::code);
                bad_category(&at("category"), &names, &v.category, &codes, &mut inv);
            }
            let severity = on_scale(v.severity, &at("severity"), &names, false, &mut inv);
            if let (Some(common), Some(category), Some(severity)) = (common, category, severity) {
                vulnerabilities.push(VulnerabilityDef {
                    id: common.id,
                    category,
                    name_ja: common.name_ja,
                    name_en: common.name_en,
                    description_ja: common.description_ja,
                    description_en: common.description_en,
                    severity,
                    asset_kinds: common.asset_kinds,
                });
            }
        }
        match raw.catalog {
            Some(meta) if inv.is_empty() => Ok(ThreatCatalog {
                meta,
                threats,
                vulnerabilities,
            }),
            _ => Err(inv),
        }
    }

    pub fn threat(&self, id: &str) -> Option<&ThreatDef> {
        self.threats.iter().find(|t| t.id == id)
    }

    pub fn vulnerability(&self, id: &str) -> Option<&VulnerabilityDef> {
        self.vulnerabilities.iter().find(|v| v.id == id)
    }
}

/// Checks id, names and asset kinds; `None` when any is wrong (already recorded).
fn common(
    e: &RawEntry,
    at: &dyn Fn(&str) -> String,
    (ja, en): &(String, String),
    inv: &mut Invalid,
) -> Option<Common> {
    let before = inv.0.len();
    for (field, value, what_ja, what_en) in [
        ("id", &e.id, "ID", "id"),
        ("name_ja", &e.name_ja, "日本語の名称", "Japanese name"),
        ("name_en", &e.name_en, "英語の名称", "English name"),
    ] {
        if value.trim().is_empty() {
            inv.push(FieldError::new(
                at(field),
                format!("{ja}の{what_ja}が入力されていません。"),
                format!("{en}: the {what_en} is empty."),
            ));
        }
    }
    if e.asset_kinds.is_empty() {
        inv.push(FieldError::new(
            at("asset_kinds"),
            format!("{ja}が関わる資産の種類を1つ以上指定してください。"),
            format!("{en}: name at least one asset kind it concerns."),
        ));
    }
    let mut kinds = Vec::with_capacity(e.asset_kinds.len());
    for (j, k) in e.asset_kinds.iter().enumerate() {
        match AssetKind::from_code(k.trim()) {
            Some(kind) if !kinds.contains(&kind) => kinds.push(kind),
            // The same kind twice says nothing more; keep one.
            Some(_) => {}
            None => {
                let v = excerpt(k);
                let codes = AssetKind::ALL.map(AssetKind::code).join(", ");
                inv.push(FieldError::new(
                    at(&format!("asset_kinds[{j}]")),
                    format!("{ja}の資産の種類「{v}」が読み取れません。{codes} のいずれかを指定してください。"),
                    format!("{en}: asset kind \"{v}\" is not one of {codes}."),
                ));
            }
        }
    }
    (inv.0.len() == before).then(|| Common {
        id: e.id.clone(),
        name_ja: e.name_ja.clone(),
        name_en: e.name_en.clone(),
        description_ja: e.description_ja.clone(),
        description_en: e.description_en.clone(),
        asset_kinds: kinds,
    })
}

fn bad_category(
    field: &str,
    (ja, en): &(String, String),
    value: &str,
    codes: &[&str],
    inv: &mut Invalid,
) {
    let v = excerpt(value);
    let codes = codes.join(", ");
    inv.push(FieldError::new(
        field,
        format!("{ja}の区分「{v}」が読み取れません。{codes} のいずれかを指定してください。"),
        format!("{en}: category \"{v}\" is not one of {codes}."),
    ));
}

/// A likelihood or severity checked against 1–3: `Some(None)` when absent and
/// allowed to be, `None` when wrong (recorded under `field`).
fn on_scale(
    value: Option<i64>,
    field: &str,
    (ja, en): &(String, String),
    required: bool,
    inv: &mut Invalid,
) -> Option<Option<u8>> {
    match value {
        None if !required => Some(None),
        Some(v) if SCALE.contains(&v) => u8::try_from(v).ok().map(Some),
        _ => {
            let (what_ja, what_en) = if field.ends_with("likelihood") {
                ("発生可能性", "likelihood")
            } else {
                ("深刻度", "severity")
            };
            inv.push(FieldError::new(
                field,
                format!("{ja}の{what_ja}は 1〜3 の整数で指定してください。"),
                format!("{en}: the {what_en} must be a whole number from 1 to 3."),
            ));
            None
        }
    }
}

static BUILTIN: LazyLock<ThreatCatalog> = LazyLock::new(|| {
    // An empty catalog rather than a crash if the file were broken; the unit tests
    // check it parses, so a release always has it.
    ThreatCatalog::parse_toml(include_str!("../../../../catalogs/threats.toml")).unwrap_or_default()
});

/// The threat and vulnerability catalog shipped with Mamori.
pub fn builtin_threats() -> &'static ThreatCatalog {
    &BUILTIN
}

#[cfg(test)]
#[path = "threat_tests.rs"]
mod tests;

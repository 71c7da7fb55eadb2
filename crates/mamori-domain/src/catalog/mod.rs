//! Control catalogs (the basic policy's §8 measure areas, the MIC guideline, NIST CSF
//! 2.0, the ISO/IEC 27001:2022 control numbers) and the threat and vulnerability
//! catalog that risk assessments pick from.
//!
//! Catalogs are TOML files: Mamori ships four control catalogs and one threat catalog
//! (compiled in, see [`builtin_catalogs`]), and an organization may import its own, for
//! instance ISO titles it holds a licence for. Imported files come from people, so
//! parsing reports every problem at once, each naming the entry and field at fault.
//! `catalogs/check.py` in the repository documents the format.

mod parse;
mod threat;
mod write;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::LazyLock;

use serde::{Deserialize, Serialize};

use crate::error::Invalid;
use crate::labelled::labelled_enum;

pub use threat::{ThreatCatalog, ThreatDef, VulnerabilityDef, builtin_threats};

labelled_enum! {
    /// The kind of measure a control is: the four areas of the basic policy's §8
    /// (human, physical, technical, operational) plus the organizational measures
    /// (roles, policies, suppliers) that the MIC guideline and ISO put first.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ControlCategory {
        Organizational => ("organizational", "組織的", "Organizational", ["組織"]),
        Human => ("human", "人的", "Human"),
        Physical => ("physical", "物理的", "Physical"),
        Technical => ("technical", "技術的", "Technical"),
        Operational => ("operational", "運用", "Operational", ["運用面", "運用的"]),
    }

    /// Accepts the code or either label, in any case or width.
    fn parse {
        empty: ("管理策の区分が入力されていません。", "The control category is empty."),
        unknown: choices("管理策の区分", "a control category"),
    }
}

labelled_enum! {
    /// Where a threat comes from. Disasters are their own category because the
    /// measures against them (siting, backups, continuity plans) differ from those
    /// against people or software.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum ThreatCategory {
        Human => ("human", "人的", "Human"),
        Physical => ("physical", "物理的", "Physical"),
        Technical => ("technical", "技術的", "Technical"),
        Operational => ("operational", "運用", "Operational", ["運用面"]),
        Disaster => ("disaster", "災害", "Disaster", ["自然災害"]),
    }

    /// Accepts the code or either label, in any case or width.
    fn parse {
        empty: ("脅威の区分が入力されていません。", "The threat category is empty."),
        unknown: choices("脅威の区分", "a threat category"),
    }
}

/// What a catalog is and where it comes from, shown above its controls.
///
/// Every field reads as empty when absent, so a file missing several of them is told
/// about each (see [`Catalog::parse_toml`]) rather than about the first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct CatalogMeta {
    /// Lowercase-ish identifier (`nist-csf-2.0`), the part before `:` in refs.
    pub id: String,
    pub name_ja: String,
    pub name_en: String,
    pub version: String,
    pub source_ja: String,
    pub source_en: String,
    /// Anything a reader must know, such as why ISO titles are missing; often empty.
    pub note_ja: String,
    pub note_en: String,
}

/// One entry of a control catalog. Entries form a tree through `parent`: functions,
/// chapters or themes at the top, the controls an organization applies at the leaves.
// The API returns entries as they are: every field is always written, though a
// catalog file may leave some out, so the schema marks the defaulted ones required.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema)]
#[schema(as = CatalogControl)]
pub struct Control {
    pub id: String,
    /// The id of the entry above, `""` at the top.
    pub parent: String,
    /// Free text naming the tier (function, category, chapter, control …): catalogs
    /// name their tiers differently and Mamori only counts and shows them.
    pub level: String,
    /// The MIC guideline's chapter or section number (`"3.2"`); empty elsewhere.
    #[serde(default)]
    #[schema(required = true)]
    pub chapter: String,
    pub title_ja: String,
    pub title_en: String,
    #[serde(default)]
    #[schema(required = true)]
    pub description_ja: String,
    #[serde(default)]
    #[schema(required = true)]
    pub description_en: String,
    /// `organizational`, `human`, `physical`, `technical`, `operational`.
    #[schema(value_type = String)]
    pub category: ControlCategory,
    /// Related entries elsewhere, as `"catalogid:controlid"`.
    #[serde(default)]
    #[schema(required = true)]
    pub refs: Vec<String>,
}

/// A control catalog: its description and its entries in document order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Catalog {
    pub meta: CatalogMeta,
    pub controls: Vec<Control>,
}

impl Catalog {
    /// Reads a catalog file and checks it: the header, every entry's id, level and
    /// titles, unique ids, parents that exist without cycles, and refs of the form
    /// `catalog:control`. A file that is not TOML gives a single error under the
    /// field `toml`, with the line and column; otherwise every problem is reported.
    pub fn parse_toml(text: &str) -> Result<Catalog, Invalid> {
        parse::catalog(text)
    }

    /// The catalog as a TOML file in the format [`Catalog::parse_toml`] reads, for
    /// export; reading it back gives an equal catalog.
    pub fn to_toml(&self) -> String {
        write::catalog(self)
    }

    pub fn control(&self, id: &str) -> Option<&Control> {
        self.controls.iter().find(|c| c.id == id)
    }

    /// How many entries each level has (`function` → 6, `category` → 22 …).
    pub fn count_by_level(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for c in &self.controls {
            *counts.entry(c.level.clone()).or_insert(0) += 1;
        }
        counts
    }

    /// How many ancestors the entry has: 0 at the top (and for an unknown id), for
    /// indenting a listing. Stops after as many steps as there are entries, so a
    /// catalog built by hand with a parent cycle cannot make it loop.
    pub fn depth(&self, id: &str) -> usize {
        let mut depth = 0;
        let mut current = self.control(id);
        while let Some(c) = current {
            if c.parent.is_empty() || depth >= self.controls.len() {
                break;
            }
            current = self.control(&c.parent);
            if current.is_some() {
                depth += 1;
            }
        }
        depth
    }

    /// The entries nobody names as parent: what an organization actually applies,
    /// one row each in a Statement of Applicability. In file order.
    pub fn leaves(&self) -> impl Iterator<Item = &Control> {
        let parents: HashSet<&str> = self.controls.iter().map(|c| c.parent.as_str()).collect();
        self.controls
            .iter()
            .filter(move |c| !parents.contains(c.id.as_str()))
    }

    /// Every entry in reading order: each top-level entry followed by its subtree,
    /// depth first, siblings in file order. A file may list a child before its parent;
    /// this order does not. An entry whose parent is missing counts as top level, and
    /// entries on a parent cycle (which `parse_toml` refuses) come last in file order,
    /// so nothing is ever left out.
    pub fn ordered(&self) -> Vec<&Control> {
        let index: HashMap<&str, usize> = self
            .controls
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let mut children: Vec<Vec<usize>> = vec![Vec::new(); self.controls.len()];
        let mut roots = Vec::new();
        for (i, c) in self.controls.iter().enumerate() {
            match index.get(c.parent.as_str()) {
                Some(&p) if !c.parent.is_empty() && p != i => children[p].push(i),
                _ => roots.push(i),
            }
        }
        let mut out = Vec::with_capacity(self.controls.len());
        let mut seen = vec![false; self.controls.len()];
        // An explicit stack, so a deep (or hand-made, degenerate) tree cannot
        // overflow the call stack. Pushed in reverse to pop in file order.
        let mut stack: Vec<usize> = roots.into_iter().rev().collect();
        while let Some(i) = stack.pop() {
            if std::mem::replace(&mut seen[i], true) {
                continue;
            }
            out.push(&self.controls[i]);
            stack.extend(children[i].iter().rev());
        }
        out.extend(
            self.controls
                .iter()
                .zip(&seen)
                .filter(|(_, s)| !**s)
                .map(|(c, _)| c),
        );
        out
    }

    /// Refs that point into a catalog we have (this one or one of `known`) at an entry
    /// that catalog lacks, as (control id, ref). Refs into catalogs not at hand are
    /// not reported: an organization may cite a catalog it has not imported.
    pub fn unresolved_refs<'a>(&'a self, known: &[&Catalog]) -> Vec<(&'a str, &'a str)> {
        let find = |id: &str| {
            if self.meta.id == id {
                Some(self)
            } else {
                known.iter().copied().find(|k| k.meta.id == id)
            }
        };
        let mut out = Vec::new();
        for c in &self.controls {
            for r in &c.refs {
                if let Some((cat, ctl)) = r.split_once(':')
                    && let Some(target) = find(cat)
                    && target.control(ctl).is_none()
                {
                    out.push((c.id.as_str(), r.as_str()));
                }
            }
        }
        out
    }
}

/// The catalog files shipped with Mamori, in the order they are offered.
const BUILTIN_FILES: [&str; 4] = [
    include_str!("../../../../catalogs/basic-policy.toml"),
    include_str!("../../../../catalogs/mic-guideline.toml"),
    include_str!("../../../../catalogs/nist-csf-2.0.toml"),
    include_str!("../../../../catalogs/iso27001-2022.toml"),
];

static BUILTINS: LazyLock<Vec<Catalog>> = LazyLock::new(|| {
    // A file that failed to parse would be dropped rather than crash the server; the
    // unit tests check all four parse, so in a release none is dropped.
    BUILTIN_FILES
        .iter()
        .filter_map(|text| Catalog::parse_toml(text).ok())
        .collect()
});

/// The control catalogs shipped with Mamori: the basic policy's §8 areas, the MIC
/// guideline, NIST CSF 2.0 and the ISO/IEC 27001:2022 control numbers, in that order.
pub fn builtin_catalogs() -> &'static [Catalog] {
    BUILTINS.as_slice()
}

/// The built-in catalog with this id (`"nist-csf-2.0"` …).
pub fn builtin_catalog(id: &str) -> Option<&'static Catalog> {
    builtin_catalogs().iter().find(|c| c.meta.id == id)
}

#[cfg(test)]
mod tests;

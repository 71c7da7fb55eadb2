//! Classification of information by confidentiality, integrity and availability (§7).
//!
//! An organization classifies each asset on three scales, one per dimension, and the
//! levels decide how the asset is handled. The scales are data, not code: the MIC
//! guidelines changed their confidentiality scale between editions (3/2/1 became
//! 3A/3B/3C/2/1), and a city may adopt its own. So a [`Scheme`] is a value that can be
//! validated, stored, and mapped onto a newer one with [`Scheme::default_mapping`].

mod detect;
mod mapping;
mod presets;
mod validate;

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::text::{clean, excerpt, label_key};

pub use detect::WrittenLevels;
pub use mapping::SchemeMapping;

labelled_enum! {
    /// One of the three properties of information the policy protects (§2 定義).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "lowercase")]
    pub enum Dimension {
        // The English labels are lower case, because they are mostly used inside a
        // sentence ("the integrity level").
        C => ("c", "機密性", "confidentiality"),
        I => ("i", "完全性", "integrity"),
        A => ("a", "可用性", "availability"),
    }

    /// Accepts the code (c, i, a) or either label, in any case or width.
    fn parse {
        unknown: Self::not_a_dimension,
    }
}

impl Dimension {
    fn not_a_dimension(v: &str) -> Problem {
        Problem::new(
            format!("「{v}」は機密性・完全性・可用性のいずれでもありません。"),
            format!("\"{v}\" is not confidentiality, integrity or availability."),
        )
    }
}

/// A rule for handling information of a level (取扱制限), shown with the asset and
/// printed on its handling sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HandlingRule {
    pub ja: String,
    pub en: String,
}

impl HandlingRule {
    pub fn new(ja: impl Into<String>, en: impl Into<String>) -> Self {
        Self {
            ja: ja.into(),
            en: en.into(),
        }
    }

    /// The rule in the requested language (`"en"` or anything else for Japanese).
    pub fn text(&self, lang: &str) -> &str {
        if lang == "en" { &self.en } else { &self.ja }
    }
}

/// One step of a scale (機密性3A, 完全性2 …).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Level {
    /// What registers write and Mamori stores ("3A", "2"); unique within its scale.
    pub code: String,
    /// Position on the scale: 1 is the least important, and the ranks of a valid scale
    /// are exactly 1, 2, 3 … in order. Protection propagates in ranks.
    pub rank: u8,
    /// The importance (1–3) this level contributes to the asset's overall importance,
    /// which risk assessment works with. Several levels may share one (3A/3B/3C → 3).
    pub importance: u8,
    pub label_ja: String,
    pub label_en: String,
    pub definition_ja: String,
    pub definition_en: String,
    /// Extra spellings accepted on import, e.g. "高".
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub handling: Vec<HandlingRule>,
}

impl Level {
    /// The label in the requested language (`"en"` or anything else for Japanese).
    pub fn label(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.label_en
        } else {
            &self.label_ja
        }
    }

    /// The definition in the requested language (`"en"` or anything else for Japanese).
    pub fn definition(&self, lang: &str) -> &str {
        if lang == "en" {
            &self.definition_en
        } else {
            &self.definition_ja
        }
    }

    /// Every spelling of the level besides its code: labels and aliases.
    fn names(&self) -> impl Iterator<Item = &str> {
        [self.label_ja.as_str(), self.label_en.as_str()]
            .into_iter()
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// Stands in for the highest level of a scale that has none. Only a scale that was
/// never validated can be empty; rank 0 and an empty code match no stored level.
static NO_LEVEL: Level = Level {
    code: String::new(),
    rank: 0,
    importance: 0,
    label_ja: String::new(),
    label_en: String::new(),
    definition_ja: String::new(),
    definition_en: String::new(),
    aliases: Vec::new(),
    handling: Vec::new(),
};

/// The levels of one dimension, ordered from the lowest rank to the highest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scale {
    pub levels: Vec<Level>,
}

impl Scale {
    /// The level with exactly this code, as stored.
    pub fn by_code(&self, code: &str) -> Option<&Level> {
        self.levels.iter().find(|l| l.code == code)
    }

    pub fn by_rank(&self, rank: u8) -> Option<&Level> {
        self.levels.iter().find(|l| l.rank == rank)
    }

    /// The level of the highest rank: what applies when in doubt. A validated scale is
    /// never empty; an unvalidated empty one gives a placeholder of rank 0 and an empty
    /// code, rather than failing.
    pub fn highest(&self) -> &Level {
        self.levels
            .iter()
            .max_by_key(|l| l.rank)
            .unwrap_or(&NO_LEVEL)
    }

    /// The level of the lowest rank, with the same placeholder as [`Scale::highest`].
    pub fn lowest(&self) -> &Level {
        self.levels
            .iter()
            .min_by_key(|l| l.rank)
            .unwrap_or(&NO_LEVEL)
    }

    /// The codes, highest rank first: the order people read a scale in.
    pub fn codes_descending(&self) -> Vec<&str> {
        let mut levels: Vec<&Level> = self.levels.iter().collect();
        levels.sort_by_key(|l| std::cmp::Reverse(l.rank));
        levels.into_iter().map(|l| l.code.as_str()).collect()
    }

    /// Reads a level as registers write it, ignoring width, case, spaces and '-':
    /// the code ("3", "３", "3a", "３Ａ"), the code after the dimension's name or letter
    /// ("機密性3", "機密性２", "C3", "c-3", "機密性：3"), a label, or an alias ("高").
    /// Codes win over labels and aliases, so an alias can never hide a code.
    pub fn parse_level(&self, dim: Dimension, s: &str) -> Result<&Level, Problem> {
        let key = label_key(s);
        if key.is_empty() {
            return Err(Problem::new(
                format!("{}の区分が入力されていません。", dim.label_ja()),
                format!("The {} level is empty.", dim.label_en()),
            ));
        }
        let mut candidates = vec![key.clone()];
        for prefix in [dim.label_ja(), dim.label_en(), dim.code()] {
            if let Some(rest) = key.strip_prefix(&label_key(prefix)) {
                let rest = rest.trim_start_matches(':');
                if !rest.is_empty() {
                    candidates.push(rest.to_owned());
                }
            }
        }
        let by_code = candidates
            .iter()
            .find_map(|cand| self.levels.iter().find(|l| label_key(&l.code) == *cand));
        let by_name = || {
            candidates.iter().find_map(|cand| {
                self.levels
                    .iter()
                    .find(|l| l.names().any(|n| label_key(n) == *cand))
            })
        };
        by_code.or_else(by_name).ok_or_else(|| {
            let v = excerpt(&clean(s));
            let codes = self.codes_descending();
            Problem::new(
                format!(
                    "「{v}」は{}の区分として読み取れません。{} のいずれかを入力してください。",
                    dim.label_ja(),
                    codes.join("、")
                ),
                format!(
                    "\"{v}\" is not a {} level of this scheme. Use one of: {}.",
                    dim.label_en(),
                    codes.join(", ")
                ),
            )
        })
    }
}

/// How the three levels of an asset combine into one importance (1–3).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ImportanceRule {
    /// The highest of the three: an asset is as important as its most demanding
    /// dimension. The MIC guidelines' reading, and the default.
    #[default]
    Highest,
    /// Banded from the sum of the three importances (3–9), as in IPA-style risk
    /// worksheets: 3–4 → 1, 5–6 → 2, 7–9 → 3. One dimension at 3 with the others at 1
    /// (sum 5) gives 2; it takes two high dimensions, or all three above the lowest,
    /// to reach 3. An organization choosing this accepts that a single high dimension
    /// no longer makes an asset most important.
    Sum,
}

impl ImportanceRule {
    /// Combines three importances; each is first held to 1–3, so the answer is always
    /// in 1–3 even for levels of an unvalidated scheme.
    pub fn combine(self, c: u8, i: u8, a: u8) -> u8 {
        let [c, i, a] = [c, i, a].map(|v| v.clamp(1, 3));
        match self {
            ImportanceRule::Highest => c.max(i).max(a),
            ImportanceRule::Sum => match c + i + a {
                0..=4 => 1,
                5..=6 => 2,
                _ => 3,
            },
        }
    }
}

labelled_enum! {
    /// The classification schemes Mamori ships: the two editions of the MIC guidelines
    /// (地方公共団体における情報セキュリティポリシーに関するガイドライン) that cities follow,
    /// and IPA's three-level rating, which ledgers kept with contractors or inherited from
    /// smaller bodies often use.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Preset {
        Mic2022 => ("mic2022", "総務省ガイドライン（令和4年版）", "MIC guidelines (2022 edition)"),
        Mic2024 => ("mic2024", "総務省ガイドライン（令和6年版）", "MIC guidelines (2024 edition)"),
        /// 3/2/1 on every dimension (IPA 中小企業の情報セキュリティ対策ガイドライン).
        Ipa => (
            "ipa",
            "IPA 3段階評価（中小企業の情報セキュリティ対策ガイドライン）",
            "IPA three-level rating",
        ),
    }

    /// Accepts the code or either label, in any case or width.
    fn parse {
        unknown: Self::not_a_preset,
    }
}

impl Preset {
    fn not_a_preset(v: &str) -> Problem {
        // Listed from ALL, so a new preset is offered without touching this.
        let list = |lang: &str, sep: &str, open: &str, close: &str| {
            Self::ALL
                .iter()
                .map(|p| format!("{}{open}{}{close}", p.code(), p.label(lang)))
                .collect::<Vec<_>>()
                .join(sep)
        };
        Problem::new(
            format!(
                "「{v}」という分類基準はありません。{} のいずれかを指定してください。",
                list("ja", "、", "（", "）")
            ),
            format!(
                "There is no classification preset \"{v}\". Use one of: {}.",
                list("en", ", ", " (", ")")
            ),
        )
    }
}

/// An organization's classification scheme: one scale per dimension and the rule
/// that combines them. `preset` records which shipped scheme it started from, if any.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Scheme {
    pub name: String,
    pub preset: Option<Preset>,
    pub c: Scale,
    pub i: Scale,
    pub a: Scale,
    #[serde(default)]
    pub importance_rule: ImportanceRule,
}

impl Scheme {
    /// A shipped scheme, with its definitions and handling rules. It validates.
    pub fn preset(p: Preset) -> Scheme {
        match p {
            Preset::Mic2022 => presets::mic2022(),
            Preset::Mic2024 => presets::mic2024(),
            Preset::Ipa => presets::ipa(),
        }
    }

    pub fn scale(&self, d: Dimension) -> &Scale {
        match d {
            Dimension::C => &self.c,
            Dimension::I => &self.i,
            Dimension::A => &self.a,
        }
    }

    /// The level with exactly this code on the scale of `d`.
    pub fn level(&self, d: Dimension, code: &str) -> Option<&Level> {
        self.scale(d).by_code(code)
    }

    /// [`Scale::parse_level`] on the scale of `d`.
    pub fn parse_level(&self, d: Dimension, s: &str) -> Result<&Level, Problem> {
        self.scale(d).parse_level(d, s)
    }

    /// The overall importance (1–3) of an asset with these levels, by the scheme's rule.
    pub fn importance(&self, c: &Level, i: &Level, a: &Level) -> u8 {
        self.importance_rule
            .combine(c.importance, i.importance, a.importance)
    }

    /// The levels, with their handling rules, that apply to an asset classified with
    /// these codes, in the order C, I, A. A code the scheme does not know (an
    /// unclassified asset, a code from an old scheme) contributes nothing.
    pub fn handling_for(&self, c: &str, i: &str, a: &str) -> Vec<(Dimension, &Level)> {
        [(Dimension::C, c), (Dimension::I, i), (Dimension::A, a)]
            .into_iter()
            .filter_map(|(d, code)| self.level(d, code).map(|l| (d, l)))
            .collect()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

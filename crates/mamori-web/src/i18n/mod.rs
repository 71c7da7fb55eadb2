//! The message catalog: every UI string, Japanese and English side by side so the two
//! cannot drift apart. Each feature keeps its messages in its own file here, chosen by
//! key prefix (`asset.*` in `assets.rs`, `risk.*` in `risks.rs` …), and this module
//! merges them into one table. Templates call `ctx.t("key")`, handlers `t(lang, "key")`
//! or, for text with values in it, `tf`. Tests check the merged table: keys unique,
//! each prefix in one file, both languages present with the same placeholders, and
//! every key a template uses defined.
//!
//! This module knows nothing of the pages; the pages depend on it.

mod account;
mod annual;
mod assets;
mod audit;
mod auth;
mod classification;
mod committee;
mod common;
mod contractor;
mod controls;
mod dashboard;
mod directory;
mod due;
mod events;
mod exception;
mod import;
mod incidents;
mod invite;
mod law;
mod media;
mod notify;
mod physical;
mod policies;
mod review;
mod revision;
mod risks;
mod service;
mod settings;
mod staff;
mod training;
mod violation;

use std::collections::HashMap;
use std::fmt::{Display, Write};
use std::sync::OnceLock;

/// A UI language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lang {
    Ja,
    En,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    pub fn parse(s: &str) -> Option<Lang> {
        match s.trim().to_ascii_lowercase().as_str() {
            "ja" | "ja-jp" | "jp" => Some(Lang::Ja),
            "en" | "en-us" | "en-gb" => Some(Lang::En),
            _ => None,
        }
    }

    /// The first supported language of an `Accept-Language` header, by quality.
    pub fn from_accept_language(header: &str) -> Option<Lang> {
        let mut best: Option<(f32, Lang)> = None;
        for part in header.split(',') {
            let mut it = part.split(';');
            let tag = it.next().unwrap_or("").trim();
            let q = it
                .find_map(|p| {
                    p.trim()
                        .strip_prefix("q=")
                        .and_then(|q| q.parse::<f32>().ok())
                })
                .unwrap_or(1.0);
            let primary = tag.split('-').next().unwrap_or("");
            if let Some(l) = Lang::parse(primary)
                && best.is_none_or(|(bq, _)| q > bq)
            {
                best = Some((q, l));
            }
        }
        best.map(|(_, l)| l)
    }
}

/// One feature's messages: (key, 日本語, English).
type Messages = &'static [(&'static str, &'static str, &'static str)];

/// Every feature's messages, merged by `table`.
const FEATURES: [Messages; 33] = [
    common::MESSAGES,
    auth::MESSAGES,
    account::MESSAGES,
    dashboard::MESSAGES,
    staff::MESSAGES,
    audit::MESSAGES,
    assets::MESSAGES,
    classification::MESSAGES,
    import::MESSAGES,
    risks::MESSAGES,
    controls::MESSAGES,
    notify::MESSAGES,
    invite::MESSAGES,
    directory::MESSAGES,
    settings::MESSAGES,
    incidents::MESSAGES,
    events::MESSAGES,
    policies::MESSAGES,
    policies::ACK_MESSAGES,
    training::MESSAGES,
    exception::MESSAGES,
    violation::MESSAGES,
    law::MESSAGES,
    contractor::MESSAGES,
    service::MESSAGES,
    media::MESSAGES,
    physical::MESSAGES,
    review::MESSAGES,
    review::AUDIT_MESSAGES,
    committee::MESSAGES,
    due::MESSAGES,
    revision::MESSAGES,
    annual::MESSAGES,
];

fn all_messages() -> impl Iterator<Item = &'static (&'static str, &'static str, &'static str)> {
    FEATURES.iter().flat_map(|m| m.iter())
}

/// The merged table, built once on first use.
fn table() -> &'static HashMap<&'static str, (&'static str, &'static str)> {
    static T: OnceLock<HashMap<&'static str, (&'static str, &'static str)>> = OnceLock::new();
    T.get_or_init(|| all_messages().map(|(k, ja, en)| (*k, (*ja, *en))).collect())
}

/// The text of `key` in `lang`; `?` when missing (logged; the tests keep that from
/// happening for keys templates use).
pub fn t(lang: Lang, key: &str) -> &'static str {
    match table().get(key) {
        Some((ja, en)) => match lang {
            Lang::Ja => ja,
            Lang::En => en,
        },
        None => {
            tracing::warn!(key, "missing message");
            "?"
        }
    }
}

/// The text of `key` in `lang` with each `{name}` replaced by the value given for it.
/// One pass over the message, so a value that itself contains `{…}` stays as it is.
pub fn tf(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let text = t(lang, key);
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let filled = after.find('}').and_then(|close| {
            let name = &after[..close];
            let (_, value) = args.iter().find(|(n, _)| *n == name)?;
            Some((close, value))
        });
        match filled {
            Some((close, value)) => {
                let _ = write!(out, "{value}");
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether the catalog has `key` (for keys that come from outside, like `?done=`).
pub fn has(key: &str) -> bool {
    table().contains_key(key)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::panic)]
mod tests {
    use std::collections::{BTreeSet, HashSet};

    use super::*;

    #[test]
    fn keys_are_unique_and_both_languages_present() {
        let mut seen = HashSet::new();
        for (k, ja, en) in all_messages() {
            assert!(seen.insert(*k), "duplicate key {k}");
            assert!(!ja.is_empty() && !en.is_empty(), "empty text for {k}");
        }
        assert_eq!(seen.len(), table().len());
    }

    /// A prefix (`asset.`, `risk.` …) has one home, so a feature's messages are found in
    /// one file.
    #[test]
    fn each_prefix_lives_in_one_file() {
        let mut home: HashMap<&str, usize> = HashMap::new();
        for (i, feature) in FEATURES.iter().enumerate() {
            for (k, _, _) in feature.iter() {
                let prefix = k.split('.').next().unwrap_or(k);
                let first = *home.entry(prefix).or_insert(i);
                assert_eq!(first, i, "prefix {prefix} is in two files (key {k})");
            }
        }
    }

    fn placeholders(text: &str) -> BTreeSet<&str> {
        text.split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect()
    }

    #[test]
    fn both_languages_name_the_same_placeholders() {
        for (k, ja, en) in all_messages() {
            assert_eq!(placeholders(ja), placeholders(en), "placeholders of {k}");
        }
    }

    #[test]
    fn placeholders_are_filled_once() {
        // `risk.heatmap_cell` reads "{count}件（スコア {score}・{level}）".
        let text = tf(
            Lang::Ja,
            "risk.heatmap_cell",
            &[("count", &3), ("score", &"{level}"), ("level", &"高")],
        );
        assert_eq!(text, "3件（スコア {level}・高）");
    }

    /// Every `t("…")` in a template names a catalog entry.
    #[test]
    fn templates_use_only_known_keys() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/templates");
        let mut checked = 0;
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            for (i, _) in text.match_indices("t(\"") {
                let rest = &text[i + 3..];
                let key = &rest[..rest.find('"').unwrap()];
                assert!(
                    has(key),
                    "{} uses unknown message key {key}",
                    path.display()
                );
                checked += 1;
            }
        }
        assert!(
            checked > 50,
            "expected templates to use the catalog ({checked} uses)"
        );
    }

    #[test]
    fn accept_language_prefers_highest_quality() {
        assert_eq!(
            Lang::from_accept_language("en-US,en;q=0.9,ja;q=0.8"),
            Some(Lang::En)
        );
        assert_eq!(
            Lang::from_accept_language("fr, ja;q=0.5, en;q=0.4"),
            Some(Lang::Ja)
        );
        assert_eq!(Lang::from_accept_language("fr"), None);
    }
}

//! Which scheme a ledger is written in.
//!
//! Cities bring ledgers classified under the scheme they used before Mamori: most often
//! the MIC guidelines' 2022 levels (機密性 3/2/1) or IPA's 3/2/1, while a new
//! organization starts on MIC 2024 (3A/3B/3C/2/1). Rather than refusing such a file on
//! its first "3", the importer asks which presets read every value the file writes, and
//! can then adopt one (for an organization with nothing classified yet) or say which one
//! the file fits.

use std::collections::BTreeSet;

use super::{Dimension, Preset, Scheme};

/// The distinct level values a file writes in each dimension, as written (blank cells
/// are left out: they are reported per row by the validation).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WrittenLevels {
    c: BTreeSet<String>,
    i: BTreeSet<String>,
    a: BTreeSet<String>,
}

impl WrittenLevels {
    pub fn new() -> Self {
        Self::default()
    }

    /// Notes one cell's value.
    pub fn add(&mut self, d: Dimension, value: &str) {
        let v = value.trim();
        if v.is_empty() {
            return;
        }
        let set = self.of_mut(d);
        if !set.contains(v) {
            set.insert(v.to_owned());
        }
    }

    pub fn of(&self, d: Dimension) -> &BTreeSet<String> {
        match d {
            Dimension::C => &self.c,
            Dimension::I => &self.i,
            Dimension::A => &self.a,
        }
    }

    fn of_mut(&mut self, d: Dimension) -> &mut BTreeSet<String> {
        match d {
            Dimension::C => &mut self.c,
            Dimension::I => &mut self.i,
            Dimension::A => &mut self.a,
        }
    }

    pub fn is_empty(&self) -> bool {
        Dimension::ALL.iter().all(|d| self.of(*d).is_empty())
    }
}

impl Scheme {
    /// Whether every written value reads as a level of this scheme.
    pub fn reads_all(&self, written: &WrittenLevels) -> bool {
        Dimension::ALL.iter().all(|d| {
            written
                .of(*d)
                .iter()
                .all(|v| self.parse_level(*d, v).is_ok())
        })
    }

    /// The scales in one line, highest level first: "機密性 3/2/1、完全性 2/1、可用性 2/1".
    pub fn scales_text(&self, lang: &str) -> String {
        let parts: Vec<String> = Dimension::ALL
            .iter()
            .map(|d| {
                let codes = self.scale(*d).codes_descending().join("/");
                format!("{} {codes}", d.label(lang))
            })
            .collect();
        parts.join(if lang == "en" { ", " } else { "、" })
    }
}

impl Preset {
    /// The presets that read every written value, the likeliest first. When several fit
    /// (3/2/1 confidentiality with 2/1 elsewhere reads under MIC 2022 and under IPA), the
    /// MIC edition wins: it is what municipal ledgers follow; IPA is chosen when a value
    /// only it knows (integrity 3) is written, or explicitly.
    pub fn fitting(written: &WrittenLevels) -> Vec<Preset> {
        if written.is_empty() {
            return Vec::new();
        }
        Preset::ALL
            .iter()
            .copied()
            .filter(|p| Scheme::preset(*p).reads_all(written))
            .collect()
    }

    /// One line on what the preset is, for the setup form and the CLI help.
    pub fn summary(self, lang: &str) -> &'static str {
        match (self, lang == "en") {
            (Preset::Mic2022, false) => {
                "機密性3/2/1・完全性2/1・可用性2/1。令和4年版までのガイドラインに沿った台帳の多くがこの区分です。"
            }
            (Preset::Mic2022, true) => {
                "Confidentiality 3/2/1, integrity 2/1, availability 2/1: the levels most ledgers kept under the guidelines up to 2022 use."
            }
            (Preset::Mic2024, false) => {
                "機密性を3A/3B/3C/2/1に細分（特定個人情報などは3B）。現行のガイドラインの区分で、新しく始める団体に勧めます。"
            }
            (Preset::Mic2024, true) => {
                "Confidentiality split into 3A/3B/3C/2/1 (My Number data and the like are 3B): the current guidelines, recommended for a fresh start."
            }
            (Preset::Ipa, false) => {
                "機密性・完全性・可用性とも3/2/1。IPAのリスク分析シートや委託先の台帳で使われる区分です。"
            }
            (Preset::Ipa, true) => {
                "3/2/1 on all three dimensions, as in IPA's risk-analysis sheet and many contractors' ledgers."
            }
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn written(c: &[&str], i: &[&str], a: &[&str]) -> WrittenLevels {
        let mut w = WrittenLevels::new();
        for (d, vs) in [(Dimension::C, c), (Dimension::I, i), (Dimension::A, a)] {
            for v in vs {
                w.add(d, v);
            }
        }
        w
    }

    #[test]
    fn a_2022_ledger_fits_mic_2022_first() {
        let w = written(&["3", "２", "1", "機密性3"], &["2", "1"], &["2", "1", " "]);
        assert!(!Scheme::preset(Preset::Mic2024).reads_all(&w));
        assert_eq!(Preset::fitting(&w), vec![Preset::Mic2022, Preset::Ipa]);
    }

    #[test]
    fn integrity_3_is_only_ipa() {
        let w = written(&["3", "1"], &["3"], &["2"]);
        assert_eq!(Preset::fitting(&w), vec![Preset::Ipa]);
    }

    #[test]
    fn a_2024_ledger_fits_mic_2024_only() {
        let w = written(&["3A", "3b", "2"], &["2"], &["1"]);
        assert_eq!(Preset::fitting(&w), vec![Preset::Mic2024]);
    }

    #[test]
    fn values_no_preset_reads_fit_nothing() {
        let w = written(&["3", "極秘"], &["2"], &["1"]);
        assert!(Preset::fitting(&w).is_empty());
        let mixed = written(&["3", "3A"], &["2"], &["1"]);
        assert!(Preset::fitting(&mixed).is_empty());
    }

    #[test]
    fn nothing_written_fits_nothing() {
        assert!(Preset::fitting(&written(&[" "], &[], &[])).is_empty());
    }

    #[test]
    fn scales_text_reads_highest_first() {
        let s = Scheme::preset(Preset::Mic2022);
        assert_eq!(s.scales_text("ja"), "機密性 3/2/1、完全性 2/1、可用性 2/1");
        assert_eq!(
            Scheme::preset(Preset::Mic2024).scales_text("en"),
            "confidentiality 3A/3B/3C/2/1, integrity 2/1, availability 2/1"
        );
    }

    #[test]
    fn every_preset_has_a_summary_in_both_languages() {
        for p in Preset::ALL {
            assert!(p.summary("ja").contains('/'));
            assert!(p.summary("en").contains('/'));
            assert_ne!(p.summary("ja"), p.summary("en"));
        }
    }
}

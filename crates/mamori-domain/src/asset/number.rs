//! The number people use for an asset within their organization.

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::newtype::string_newtype;
use crate::text::{excerpt, fold_width};

/// An asset's number within its organization (資産番号). Mamori hands out `A-000123`
/// when a register has none, but cities that already number their assets keep their
/// own ("001", "総務-12", "R6/PC.03"), so letters, digits, kana and kanji are allowed,
/// with `-`, `_`, `.` and `/` as separators. Case is kept as typed: the number is
/// copied onto labels and paperwork, and must read back the same.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct AssetNumber(String);

string_newtype!(AssetNumber);

impl AssetNumber {
    pub const MAX_CHARS: usize = 40;

    /// The prefix of generated numbers.
    const PREFIX: &'static str = "A-";

    /// Width-folds and trims, then checks the length and the characters. Dash variants
    /// a word processor substitutes (‐ – — ― −) become '-', since in a number they can
    /// only be the separator that was typed.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let folded: String = fold_width(s)
            .chars()
            .map(|c| match c {
                '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
                _ => c,
            })
            .collect();
        let n = folded.trim();
        if n.is_empty() {
            return Err(Problem::new(
                "資産番号が入力されていません。",
                "The asset number is empty.",
            ));
        }
        let v = excerpt(n);
        let len = n.chars().count();
        if len > Self::MAX_CHARS {
            return Err(Problem::new(
                format!(
                    "資産番号「{v}」は{len}文字です。{}文字以内で入力してください。",
                    Self::MAX_CHARS
                ),
                format!(
                    "The asset number \"{v}\" has {len} characters; at most {} are allowed.",
                    Self::MAX_CHARS
                ),
            ));
        }
        if let Some(bad) = n
            .chars()
            .find(|c| !(c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/')))
        {
            let (what_ja, what_en) = if bad.is_whitespace() {
                ("空白".to_owned(), "a space".to_owned())
            } else if bad.is_control() {
                ("制御文字".to_owned(), "a control character".to_owned())
            } else {
                (format!("「{bad}」"), format!("'{bad}'"))
            };
            return Err(Problem::new(
                format!(
                    "資産番号「{}」に{what_ja}が含まれています。文字・数字と区切りの「-」「_」「.」「/」だけで入力してください。",
                    v.escape_debug()
                ),
                format!(
                    "The asset number \"{}\" contains {what_en}; use only letters, digits and the separators '-', '_', '.' and '/'.",
                    v.escape_debug()
                ),
            ));
        }
        Ok(Self(n.to_owned()))
    }

    /// The number Mamori gives the `n`th asset of an organization: `A-000123`, zero
    /// padded to six digits so that numbers sort in order up to a million assets.
    pub fn generated(n: u64) -> Self {
        Self(format!("{}{n:06}", Self::PREFIX))
    }

    /// The `n` of a number [`AssetNumber::generated`] made, so the next one can follow
    /// the highest. A number written another way, even one that looks close
    /// ("A-123", "a-000123"), is not Mamori's and gives `None`: generating from it
    /// could not collide with it anyway.
    pub fn sequence(&self) -> Option<u64> {
        let digits = self.0.strip_prefix(Self::PREFIX)?;
        if !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u64 = digits.parse().ok()?;
        (Self::generated(n) == *self).then_some(n)
    }

    /// [`AssetNumber::sequence`] of a number as typed or stored, read as
    /// [`AssetNumber::parse`] reads it; `None` for text that is no number at all, as
    /// for a number Mamori did not generate.
    pub fn sequence_of(text: &str) -> Option<u64> {
        Self::parse(text).ok()?.sequence()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn city_numbers_are_kept() {
        for (input, kept) in [
            ("001", "001"),
            (" 総務-12 ", "総務-12"),
            ("Ａ－０００１２３", "A-000123"),
            ("R6/PC.03", "R6/PC.03"),
            ("ｿｳﾑ_1", "ソウム_1"),
            ("資産ー1", "資産ー1"),
            ("総務\u{2212}12", "総務-12"),
            ("pc-01", "pc-01"),
        ] {
            assert_eq!(AssetNumber::parse(input).unwrap().as_str(), kept, "{input}");
        }
        assert!(AssetNumber::parse(&"9".repeat(40)).is_ok());
    }

    #[test]
    fn bad_numbers_say_why() {
        let p = AssetNumber::parse("").unwrap_err();
        assert!(p.en.contains("empty"), "{p}");
        let p = AssetNumber::parse(&"9".repeat(41)).unwrap_err();
        assert!(
            p.ja.contains("41文字") && p.en.contains("at most 40"),
            "{p}"
        );
        let p = AssetNumber::parse("A 12").unwrap_err();
        assert!(p.ja.contains("空白") && p.en.contains("a space"), "{p}");
        let p = AssetNumber::parse("A#12").unwrap_err();
        assert!(p.ja.contains("「#」") && p.en.contains("'#'"), "{p}");
        assert!(
            AssetNumber::parse("A\u{7}1")
                .unwrap_err()
                .en
                .contains("control")
        );
    }

    #[test]
    fn generated_numbers() {
        assert_eq!(AssetNumber::generated(123).as_str(), "A-000123");
        assert_eq!(AssetNumber::generated(1_234_567).as_str(), "A-1234567");
        assert_eq!(AssetNumber::generated(123).sequence(), Some(123));
        for other in [
            "A-123",
            "a-000123",
            "A-0001234",
            "B-000123",
            "A-00012x",
            "001",
            "A-",
        ] {
            assert_eq!(
                AssetNumber::parse(other).unwrap().sequence(),
                None,
                "{other}"
            );
        }
    }

    #[test]
    fn sequence_of_text() {
        assert_eq!(AssetNumber::sequence_of("A-000123"), Some(123));
        // Folded and trimmed as `parse` does, so a number typed full-width still counts.
        assert_eq!(AssetNumber::sequence_of(" Ａ－０００１２３ "), Some(123));
        assert_eq!(AssetNumber::sequence_of("A-1234567"), Some(1_234_567));
        for other in ["", "A 12", "A-123", "総務-12", "a-000123"] {
            assert_eq!(AssetNumber::sequence_of(other), None, "{other}");
        }
    }

    #[test]
    fn serde_rechecks() {
        let n: AssetNumber = serde_json::from_str("\"総務-12\"").unwrap();
        assert_eq!(n.as_str(), "総務-12");
        assert!(serde_json::from_str::<AssetNumber>("\"a b\"").is_err());
    }

    proptest::proptest! {
        #[test]
        fn generated_numbers_parse_and_give_their_sequence(n in proptest::num::u64::ANY) {
            let g = AssetNumber::generated(n);
            proptest::prop_assert_eq!(g.sequence(), Some(n));
            proptest::prop_assert_eq!(AssetNumber::parse(g.as_str()).unwrap(), g);
        }
    }
}

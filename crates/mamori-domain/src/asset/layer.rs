//! Which network segment an asset sits on, and what personal information it holds:
//! the two facts that decide most of the technical rules an asset falls under.

use serde::{Deserialize, Serialize};

use super::{lookup, unknown};
use crate::error::Problem;

/// The three separated segments of a municipal network (三層の対策), or none for an
/// asset on no network (a paper file, a standalone PC). Which segment an asset is on
/// decides what may connect to it and how data may cross.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NetworkLayer {
    None,
    #[serde(rename = "mynumber")]
    MyNumber,
    Lgwan,
    Internet,
}

impl NetworkLayer {
    pub const ALL: [NetworkLayer; 4] = [
        NetworkLayer::None,
        NetworkLayer::MyNumber,
        NetworkLayer::Lgwan,
        NetworkLayer::Internet,
    ];

    /// Stable code, as stored and in the API (same as the serde form).
    pub const fn code(self) -> &'static str {
        match self {
            NetworkLayer::None => "none",
            NetworkLayer::MyNumber => "mynumber",
            NetworkLayer::Lgwan => "lgwan",
            NetworkLayer::Internet => "internet",
        }
    }

    pub const fn label_ja(self) -> &'static str {
        match self {
            NetworkLayer::None => "なし",
            NetworkLayer::MyNumber => "マイナンバー利用事務系",
            NetworkLayer::Lgwan => "LGWAN接続系",
            NetworkLayer::Internet => "インターネット接続系",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            NetworkLayer::None => "None",
            NetworkLayer::MyNumber => "My Number segment",
            NetworkLayer::Lgwan => "LGWAN segment",
            NetworkLayer::Internet => "Internet segment",
        }
    }

    /// The label in the requested language (`"en"` or anything else for Japanese).
    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_ja()
        }
    }

    /// A blank cell or a dash means the asset is on no segment, which is what a
    /// register leaves empty for paper and standalone equipment.
    const fn aliases(self) -> &'static [&'static str] {
        match self {
            NetworkLayer::None => &[
                "",
                "-",
                "ー",
                "―",
                "該当なし",
                "無",
                "スタンドアロン",
                "standalone",
            ],
            NetworkLayer::MyNumber => &[
                "個人番号利用事務系",
                "マイナンバー系",
                "マイナンバー",
                "my_number",
            ],
            NetworkLayer::Lgwan => &["LGWAN系", "LGWAN"],
            NetworkLayer::Internet => &["インターネット系", "ネット系", "インターネット"],
        }
    }

    fn names(self) -> Vec<&'static str> {
        let mut names = vec![self.code(), self.label_ja(), self.label_en()];
        names.extend_from_slice(self.aliases());
        names
    }

    /// Accepts the code, either label and the short names in use (個人番号利用事務系,
    /// LGWAN系, ネット系 …); blank, a dash, なし or 該当なし mean [`NetworkLayer::None`].
    pub fn parse(s: &str) -> Result<Self, Problem> {
        lookup(&Self::ALL, s, Self::names).ok_or_else(|| {
            let ja: Vec<&str> = Self::ALL.iter().map(|k| k.label_ja()).collect();
            let en: Vec<&str> = Self::ALL.iter().map(|k| k.label_en()).collect();
            unknown(s, "ネットワークの区分", "a network segment", &ja, &en)
        })
    }
}

/// The most sensitive kind of personal information an asset holds (§9). The order
/// (`Ord`) is by sensitivity: none < personal < special-care < My Number, so the
/// maximum over several assets is the strictest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PersonalDataKind {
    None,
    Personal,
    Sensitive,
    MyNumber,
}

impl PersonalDataKind {
    pub const ALL: [PersonalDataKind; 4] = [
        PersonalDataKind::None,
        PersonalDataKind::Personal,
        PersonalDataKind::Sensitive,
        PersonalDataKind::MyNumber,
    ];

    /// Stable code, as stored and in the API (same as the serde form).
    pub const fn code(self) -> &'static str {
        match self {
            PersonalDataKind::None => "none",
            PersonalDataKind::Personal => "personal",
            PersonalDataKind::Sensitive => "sensitive",
            PersonalDataKind::MyNumber => "my_number",
        }
    }

    pub const fn label_ja(self) -> &'static str {
        match self {
            PersonalDataKind::None => "なし",
            PersonalDataKind::Personal => "個人情報",
            PersonalDataKind::Sensitive => "要配慮個人情報",
            PersonalDataKind::MyNumber => "特定個人情報",
        }
    }

    pub const fn label_en(self) -> &'static str {
        match self {
            PersonalDataKind::None => "None",
            PersonalDataKind::Personal => "Personal information",
            PersonalDataKind::Sensitive => "Special-care personal information",
            PersonalDataKind::MyNumber => "Specific personal information (My Number)",
        }
    }

    /// The label in the requested language (`"en"` or anything else for Japanese).
    pub fn label(self, lang: &str) -> &'static str {
        if lang == "en" {
            self.label_en()
        } else {
            self.label_ja()
        }
    }

    const fn aliases(self) -> &'static [&'static str] {
        match self {
            PersonalDataKind::None => &["", "-", "ー", "―", "無", "該当なし", "非該当"],
            PersonalDataKind::Personal => &["個人"],
            PersonalDataKind::Sensitive => &["要配慮", "要配慮情報"],
            PersonalDataKind::MyNumber => &["マイナンバー", "個人番号", "特定個人", "mynumber"],
        }
    }

    fn names(self) -> Vec<&'static str> {
        let mut names = vec![self.code(), self.label_ja(), self.label_en()];
        names.extend_from_slice(self.aliases());
        names
    }

    /// Accepts the code, either label, マイナンバー or 個人番号 (My Number) and 要配慮
    /// (special care). Blank, a dash or なし mean none: an empty cell in a register's
    /// personal-data column says the asset holds none.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        lookup(&Self::ALL, s, Self::names).ok_or_else(|| {
            let ja: Vec<&str> = Self::ALL.iter().map(|k| k.label_ja()).collect();
            let en: Vec<&str> = Self::ALL.iter().map(|k| k.label_en()).collect();
            unknown(
                s,
                "個人情報の区分",
                "a kind of personal information",
                &ja,
                &en,
            )
        })
    }

    /// Kinds the law restricts beyond ordinary personal information: special-care
    /// information and My Number. Reading a record of these is itself audited.
    pub fn is_restricted(self) -> bool {
        matches!(
            self,
            PersonalDataKind::Sensitive | PersonalDataKind::MyNumber
        )
    }

    /// From the three check columns registers usually have: the most sensitive kind
    /// that is marked, since a register that marks My Number may leave 個人情報 blank.
    pub fn from_marks(personal: bool, sensitive: bool, my_number: bool) -> Self {
        if my_number {
            PersonalDataKind::MyNumber
        } else if sensitive {
            PersonalDataKind::Sensitive
        } else if personal {
            PersonalDataKind::Personal
        } else {
            PersonalDataKind::None
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn layer_codes_match_serde_and_parse_back() {
        for l in NetworkLayer::ALL {
            assert_eq!(
                serde_json::to_string(&l).unwrap(),
                format!("\"{}\"", l.code())
            );
            assert_eq!(NetworkLayer::parse(l.code()).unwrap(), l);
            assert_eq!(NetworkLayer::parse(l.label("ja")).unwrap(), l);
            assert_eq!(NetworkLayer::parse(l.label("en")).unwrap(), l);
        }
        assert_eq!(
            serde_json::from_str::<NetworkLayer>("\"mynumber\"").unwrap(),
            NetworkLayer::MyNumber
        );
    }

    #[test]
    fn layer_aliases() {
        use NetworkLayer::*;
        for (s, expected) in [
            ("個人番号利用事務系", MyNumber),
            ("マイナンバー系", MyNumber),
            ("ＬＧＷＡＮ系", Lgwan),
            ("lgwan接続系", Lgwan),
            ("ネット系", Internet),
            ("インターネット系", Internet),
            ("", None),
            ("　", None),
            ("-", None),
            ("－", None),
            ("ー", None),
            ("なし", None),
            ("該当なし", None),
        ] {
            assert_eq!(NetworkLayer::parse(s).unwrap(), expected, "{s:?}");
        }
        let p = NetworkLayer::parse("庁内LAN").unwrap_err();
        assert!(
            p.ja.contains("LGWAN接続系") && p.en.contains("\"庁内LAN\""),
            "{p}"
        );
    }

    #[test]
    fn personal_data_kinds() {
        use PersonalDataKind::*;
        for k in PersonalDataKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
            assert_eq!(PersonalDataKind::parse(k.code()).unwrap(), k);
            assert_eq!(PersonalDataKind::parse(k.label("ja")).unwrap(), k);
            assert_eq!(PersonalDataKind::parse(k.label("en")).unwrap(), k);
        }
        for (s, expected) in [
            ("マイナンバー", MyNumber),
            ("個人番号", MyNumber),
            ("要配慮", Sensitive),
            ("個人情報", Personal),
            ("", None),
            ("なし", None),
        ] {
            assert_eq!(PersonalDataKind::parse(s).unwrap(), expected, "{s:?}");
        }
        assert!(PersonalDataKind::parse("法人情報").is_err());
        assert!(!None.is_restricted() && !Personal.is_restricted());
        assert!(Sensitive.is_restricted() && MyNumber.is_restricted());
        assert!(None < Personal && Personal < Sensitive && Sensitive < MyNumber);
    }

    #[test]
    fn the_most_sensitive_mark_wins() {
        use PersonalDataKind::*;
        assert_eq!(PersonalDataKind::from_marks(false, false, false), None);
        assert_eq!(PersonalDataKind::from_marks(true, false, false), Personal);
        assert_eq!(PersonalDataKind::from_marks(true, true, false), Sensitive);
        assert_eq!(PersonalDataKind::from_marks(false, true, false), Sensitive);
        assert_eq!(PersonalDataKind::from_marks(false, false, true), MyNumber);
        assert_eq!(PersonalDataKind::from_marks(true, true, true), MyNumber);
    }
}

//! Which network segment an asset sits on, and what personal information it holds:
//! the two facts that decide most of the technical rules an asset falls under.

use serde::{Deserialize, Serialize};

use crate::labelled::labelled_enum;

labelled_enum! {
    /// The three separated segments of a municipal network (三層の対策), or none for an
    /// asset on no network (a paper file, a standalone PC). Which segment an asset is on
    /// decides what may connect to it and how data may cross.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum NetworkLayer {
        // A blank cell or a dash means the asset is on no segment, which is what a
        // register leaves empty for paper and standalone equipment.
        None => ("none", "なし", "None", [
            "", "-", "ー", "―", "該当なし", "無", "スタンドアロン", "standalone",
        ]),
        #[serde(rename = "mynumber")]
        MyNumber => ("mynumber", "マイナンバー利用事務系", "My Number segment", [
            "個人番号利用事務系", "マイナンバー系", "マイナンバー", "my_number",
        ]),
        Lgwan => ("lgwan", "LGWAN接続系", "LGWAN segment", ["LGWAN系", "LGWAN"]),
        Internet => ("internet", "インターネット接続系", "Internet segment", [
            "インターネット系", "ネット系", "インターネット",
        ]),
    }

    /// Accepts the code, either label and the short names in use (個人番号利用事務系,
    /// LGWAN系, ネット系 …); blank, a dash, なし or 該当なし mean [`NetworkLayer::None`].
    fn parse {
        unknown: choices("ネットワークの区分", "a network segment"),
    }
}

labelled_enum! {
    /// The most sensitive kind of personal information an asset holds (§9). The order
    /// (`Ord`) is by sensitivity: none < personal < special-care < My Number, so the
    /// maximum over several assets is the strictest.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum PersonalDataKind {
        None => ("none", "なし", "None", ["", "-", "ー", "―", "無", "該当なし", "非該当"]),
        Personal => ("personal", "個人情報", "Personal information", ["個人"]),
        Sensitive => ("sensitive", "要配慮個人情報", "Special-care personal information", [
            "要配慮", "要配慮情報",
        ]),
        MyNumber => ("my_number", "特定個人情報", "Specific personal information (My Number)", [
            "マイナンバー", "個人番号", "特定個人", "mynumber",
        ]),
    }

    /// Accepts the code, either label, マイナンバー or 個人番号 (My Number) and 要配慮
    /// (special care). Blank, a dash or なし mean none: an empty cell in a register's
    /// personal-data column says the asset holds none.
    fn parse {
        unknown: choices("個人情報の区分", "a kind of personal information"),
    }
}

impl PersonalDataKind {
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

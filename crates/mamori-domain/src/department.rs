//! Departments (所属): the 部・課・係 tree that roles and assets hang from.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::newtype::string_newtype;
use crate::period::Period;
use crate::text::{clean, excerpt, parse_bounded};

labelled_enum! {
    /// The level of a department in the 部・課・係 ladder. `Other` is for units that sit
    /// outside it (センター, 図書館, 出張所 …); a 局 or 室 is usually placed at 部 or 課
    /// level (see [`DepartmentKind::infer_from_name`]), but the organization decides.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum DepartmentKind {
        Bu => ("bu", "部", "Division"),
        Ka => ("ka", "課", "Section"),
        Kakari => ("kakari", "係", "Unit"),
        Other => ("other", "その他", "Other"),
    }

    /// Accepts the code or either label, in any case or width.
    fn parse {
        empty: ("所属の種別が入力されていません。", "The department level is empty."),
        unknown: Self::not_a_kind,
    }
}

impl DepartmentKind {
    fn not_a_kind(v: &str) -> Problem {
        Problem::new(
            format!(
                "「{v}」は所属の種別として読み取れません。部・課・係・その他のいずれかを入力してください（センターや図書館など、部・課・係にあたらない所属は「その他」）。"
            ),
            format!(
                "\"{v}\" is not a department level. Use Division (部), Section (課), Unit (係) or Other (for units outside that ladder, such as a センター or a library)."
            ),
        )
    }

    /// Guesses the level from the name's last word, for imports that do not say:
    /// …部/…局 → 部, …課/…室 → 課, …係/…担当/…グループ → 係, anything else → その他.
    pub fn infer_from_name(name: &str) -> DepartmentKind {
        let name = clean(name);
        if name.ends_with('部') || name.ends_with('局') {
            DepartmentKind::Bu
        } else if name.ends_with('課') || name.ends_with('室') {
            DepartmentKind::Ka
        } else if name.ends_with('係') || name.ends_with("担当") || name.ends_with("グループ")
        {
            DepartmentKind::Kakari
        } else {
            DepartmentKind::Other
        }
    }
}

/// The organization's own code for a department (often from the finance system):
/// 1–20 of A–Z, 0–9, '-', '_' and '.', upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct DepartmentCode(String);

string_newtype!(DepartmentCode);

impl DepartmentCode {
    pub const MAX_CHARS: usize = 20;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let code = clean(s).to_ascii_uppercase();
        if code.is_empty() {
            return Err(Problem::new(
                "所属コードが入力されていません。",
                "The department code is empty.",
            ));
        }
        let allowed = code
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || matches!(c, '-' | '_' | '.'));
        if !allowed || code.chars().count() > Self::MAX_CHARS {
            let v = excerpt(&code);
            return Err(Problem::new(
                format!(
                    "所属コード「{v}」は使えません。英字・数字・ハイフン（-）・アンダーバー（_）・ピリオド（.）だけで、{}文字以内で入力してください。",
                    Self::MAX_CHARS
                ),
                format!(
                    "The department code \"{v}\" is not allowed: use only letters, digits, '-', '_' and '.', at most {} characters.",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(code))
    }
}

/// One department's own name (総務課), never a path.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct DepartmentName(String);

string_newtype!(DepartmentName);

impl DepartmentName {
    pub const MAX_CHARS: usize = 100;

    /// Refuses '/' and '>' (and their full-width forms), because [`split_path`] reads
    /// them as separators: a name containing one could not be found by its path.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let name = parse_bounded(s, Self::MAX_CHARS, "所属名", "department name")?;
        if name.contains(['/', '>']) {
            let v = excerpt(&name);
            return Err(Problem::new(
                format!(
                    "所属名「{v}」に「/」または「>」が含まれています。これらは「総務部/総務課」のように所属の階層を区切る文字なので、名前には使えません。"
                ),
                format!(
                    "The department name \"{v}\" contains '/' or '>'. They separate levels in a path such as 総務部/総務課, so a name cannot contain them."
                ),
            ));
        }
        Ok(Self(name))
    }
}

/// Splits a department path (総務部/総務課, 総務部＞総務課) into cleaned names, dropping
/// empty parts from doubled or trailing separators.
pub fn split_path(s: &str) -> Vec<String> {
    s.split(['/', '／', '>', '＞'])
        .map(clean)
        .filter(|part| !part.is_empty())
        .collect()
}

/// Checks a department's validity period (set up / abolished); either end may be open.
pub fn check_validity(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<(), Problem> {
    Period::new(from, to).map(|_| ())
}

/// Whether a department exists on `day` (bounds included, `None` open).
pub fn is_valid_on(from: Option<NaiveDate>, to: Option<NaiveDate>, day: NaiveDate) -> bool {
    Period { from, to }.contains(day)
}

/// Whether placing `moving` under a new parent would make the tree a loop: true when
/// `moving` is among the proposed parent's ancestors. `parent_chain` lists the proposed
/// parent itself first, then its parent, and so on up to the root.
pub fn would_cycle(parent_chain: &[Uuid], moving: Uuid) -> bool {
    parent_chain.contains(&moving)
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn kinds_parse_from_codes_and_labels() {
        for k in DepartmentKind::ALL {
            assert_eq!(
                serde_json::to_string(&k).unwrap(),
                format!("\"{}\"", k.code())
            );
            assert_eq!(DepartmentKind::parse(k.code()).unwrap(), k);
            assert_eq!(DepartmentKind::parse(k.label_ja()).unwrap(), k);
            assert_eq!(
                DepartmentKind::parse(&k.label_en().to_uppercase()).unwrap(),
                k
            );
        }
        assert_eq!(DepartmentKind::parse(" 課 ").unwrap(), DepartmentKind::Ka);
        let p = DepartmentKind::parse("班").unwrap_err();
        assert!(p.ja.contains("「班」") && p.en.contains("\"班\""), "{p}");
        assert!(DepartmentKind::parse("").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn kind_inferred_from_name() {
        use DepartmentKind::*;
        for (name, kind) in [
            ("総務部", Bu),
            ("水道局", Bu),
            ("総務課", Ka),
            ("秘書広報室", Ka),
            ("庶務係", Kakari),
            ("情報政策担当", Kakari),
            ("DX推進グループ", Kakari),
            ("DX推進ｸﾞﾙｰﾌﾟ", Kakari),
            ("保健センター", Other),
            ("中央図書館", Other),
            ("会計管理者 ", Other),
        ] {
            assert_eq!(DepartmentKind::infer_from_name(name), kind, "{name}");
        }
    }

    #[test]
    fn department_codes() {
        assert_eq!(
            DepartmentCode::parse(" ｓｏ-01.a ").unwrap().as_str(),
            "SO-01.A"
        );
        assert_eq!(
            DepartmentCode::parse("1010_20").unwrap().as_str(),
            "1010_20"
        );
        let p = DepartmentCode::parse("総務 01").unwrap_err();
        assert!(p.ja.contains("「総務 01」"), "{p}");
        assert!(DepartmentCode::parse("A/B").is_err());
        assert!(
            DepartmentCode::parse(&"A".repeat(21))
                .unwrap_err()
                .en
                .contains("at most 20")
        );
        assert!(DepartmentCode::parse("").is_err());
    }

    #[test]
    fn department_names() {
        assert_eq!(
            DepartmentName::parse(" 総務課\u{3000}").unwrap().as_str(),
            "総務課"
        );
        for bad in ["総務部/総務課", "総務部／総務課", "総務部＞総務課", "A>B"]
        {
            let p = DepartmentName::parse(bad).unwrap_err();
            assert!(p.en.contains("separate levels"), "{bad}: {p}");
        }
        let p = DepartmentName::parse("総務部/総務課").unwrap_err();
        assert!(p.ja.contains("「総務部/総務課」"), "{p}");
        assert!(DepartmentName::parse("").unwrap_err().ja.contains("所属名"));
        assert!(DepartmentName::parse(&"課".repeat(101)).is_err());
    }

    #[test]
    fn paths() {
        assert_eq!(split_path("総務部/総務課"), ["総務部", "総務課"]);
        assert_eq!(
            split_path(" 総務部 ／ 総務課 ＞ 庶務係 "),
            ["総務部", "総務課", "庶務係"]
        );
        assert_eq!(split_path("/総務部//ｿｳﾑ課>"), ["総務部", "ソウム課"]);
        assert_eq!(
            split_path("総務部 > 情報 政策課"),
            ["総務部", "情報 政策課"]
        );
        assert!(split_path(" / ").is_empty());
        // Each part of a split path is a valid name.
        for part in split_path("総務部／総務課＞庶務係") {
            assert!(DepartmentName::parse(&part).is_ok());
        }
    }

    #[test]
    fn validity() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert!(check_validity(Some(d(2020, 4, 1)), None).is_ok());
        let p = check_validity(Some(d(2020, 4, 1)), Some(d(2020, 3, 31))).unwrap_err();
        assert!(p.en.contains("2020-03-31"), "{p}");
        assert!(is_valid_on(
            Some(d(2020, 4, 1)),
            Some(d(2025, 3, 31)),
            d(2025, 3, 31)
        ));
        assert!(!is_valid_on(
            Some(d(2020, 4, 1)),
            Some(d(2025, 3, 31)),
            d(2025, 4, 1)
        ));
        assert!(!is_valid_on(Some(d(2020, 4, 1)), None, d(2020, 3, 31)));
    }

    #[test]
    fn cycles() {
        let id = |n: u128| Uuid::from_u128(n);
        // Tree: 1 (部) > 2 (課) > 3 (係).
        let chain_of_3 = [id(3), id(2), id(1)];
        // Moving 部 (1) under its own 係 (3) would loop.
        assert!(would_cycle(&chain_of_3, id(1)));
        // Moving a department under itself loops too.
        assert!(would_cycle(&chain_of_3, id(3)));
        // Moving another department (4) under 3 is fine.
        assert!(!would_cycle(&chain_of_3, id(4)));
        // Moving to the top level (no parent) never loops.
        assert!(!would_cycle(&[], id(1)));
    }
}

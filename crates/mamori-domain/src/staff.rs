//! People: staff categories of the basic policy (§2), and the fields of a staff record
//! as they arrive from forms and HR spreadsheets.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::newtype::string_newtype;
use crate::period::Period;
use crate::text::{clean, excerpt, fold_width, is_katakana_reading, parse_bounded, to_katakana};

labelled_enum! {
    /// The kinds of staff the basic policy names (§2 定義). Contractors are not staff of
    /// the organization, but the policy binds them through their contracts, so they are
    /// registered alongside.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum StaffCategory {
        // Besides the code and labels, the words HR exports use for each category.
        Head => ("head", "首長", "Head of the organization", [
            "市長", "町長", "村長", "区長", "知事",
        ]),
        SpecialOfficial => ("special_official", "特別職", "Special official", [
            "副市長", "副町長", "副村長", "副区長", "副知事", "教育長", "特別職員",
        ]),
        Regular => ("regular", "一般職員", "Regular staff", ["正職員", "一般職", "常勤", "職員"]),
        FiscalYearAppointee => ("fiscal_year_appointee", "会計年度任用職員", "Fiscal-year appointee", [
            "会計年度", "会計年度任用",
        ]),
        Temporary => ("temporary", "臨時職員", "Temporary staff", ["臨時", "臨時的任用職員"]),
        Contract => ("contract", "嘱託職員", "Contract staff", ["嘱託", "非常勤嘱託"]),
        Contractor => ("contractor", "委託事業者", "Contractor staff", [
            "委託", "委託先", "業者", "派遣",
        ]),
    }

    /// Accepts the code, either label (any case, width or spacing) and the aliases of
    /// HR exports (市長 → head, 正職員 → regular, 派遣 → contractor …).
    fn parse {
        empty: ("職員区分が入力されていません。", "The staff category is empty."),
        unknown: choices("職員区分", "a staff category"),
    }
}

impl StaffCategory {
    pub fn is_contractor(self) -> bool {
        self == StaffCategory::Contractor
    }

    /// The part-time flag a new record of this category starts with. Every category
    /// can be part-time (the policy names part-time special officials and contract
    /// staff), so it is never presumed: the flag is recorded per person.
    pub fn default_part_time(self) -> bool {
        false
    }
}

/// A staff number (職員番号): 1–20 of A–Z, 0–9, '-' and '_', upper-cased.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct EmployeeNumber(String);

string_newtype!(EmployeeNumber);

impl EmployeeNumber {
    pub const MAX_CHARS: usize = 20;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let n = clean(s).to_ascii_uppercase();
        if n.is_empty() {
            return Err(Problem::new(
                "職員番号が入力されていません。",
                "The staff number is empty.",
            ));
        }
        let allowed = n
            .chars()
            .all(|c| c.is_ascii_uppercase() || c.is_ascii_digit() || c == '-' || c == '_');
        let len = n.chars().count();
        if !allowed || len > Self::MAX_CHARS {
            let v = excerpt(&n);
            return Err(Problem::new(
                format!(
                    "職員番号「{v}」は使えません。英字・数字・ハイフン（-）・アンダーバー（_）だけで、{}文字以内で入力してください。",
                    Self::MAX_CHARS
                ),
                format!(
                    "The staff number \"{v}\" is not allowed: use only letters, digits, '-' and '_', at most {} characters.",
                    Self::MAX_CHARS
                ),
            ));
        }
        Ok(Self(n))
    }
}

/// A person's name as written (山田 太郎); spaces normalized, otherwise untouched.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct PersonName(String);

string_newtype!(PersonName);

impl PersonName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        parse_bounded(s, Self::MAX_CHARS, "氏名", "name").map(Self)
    }
}

/// What the staff list's search matches: employee number, name and reading, kept
/// apart (see [`crate::text::search_key_fields`]).
pub fn search_key(employee_number: &str, name: &str, kana: &str) -> String {
    crate::text::search_key_fields(&[employee_number, name, kana])
}

/// A reading (フリガナ) in full-width katakana, from hiragana or half-width katakana
/// as typed. Whether the field may be left empty is for the caller to decide: an
/// empty value is refused here.
pub fn parse_kana(s: &str) -> Result<String, Problem> {
    const MAX_CHARS: usize = 100;
    let kana = clean(&to_katakana(s));
    if kana.is_empty() {
        return Err(Problem::new(
            "フリガナが入力されていません。",
            "The reading (furigana) is empty.",
        ));
    }
    let v = excerpt(&kana);
    if !is_katakana_reading(&kana) {
        return Err(Problem::new(
            format!(
                "フリガナ「{v}」にカタカナ以外の文字が含まれています。カタカナかひらがなで入力してください。"
            ),
            format!(
                "The reading \"{v}\" contains characters other than kana; write it in katakana or hiragana."
            ),
        ));
    }
    let len = kana.chars().count();
    if len > MAX_CHARS {
        return Err(Problem::new(
            format!("フリガナ「{v}」は{len}文字です。{MAX_CHARS}文字以内で入力してください。"),
            format!("The reading \"{v}\" has {len} characters; at most {MAX_CHARS} are allowed."),
        ));
    }
    Ok(kana)
}

/// A staff member's e-mail address. The domain is lower-cased (it is case-insensitive);
/// the local part is kept as given, since a mail server may distinguish case there.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct StaffEmail(String);

string_newtype!(StaffEmail);

impl StaffEmail {
    /// The limit of a forward path in RFC 5321.
    pub const MAX_CHARS: usize = 254;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        let folded = fold_width(s);
        let addr = folded.trim();
        if addr.is_empty() {
            return Err(Problem::new(
                "メールアドレスが入力されていません。",
                "The e-mail address is empty.",
            ));
        }
        let v = excerpt(addr);
        let invalid = |why_ja: &str, why_en: &str| {
            Problem::new(
                format!("「{v}」はメールアドレスとして正しくありません（{why_ja}）。"),
                format!("\"{v}\" is not a valid e-mail address ({why_en})."),
            )
        };
        if addr.chars().count() > Self::MAX_CHARS {
            return Err(invalid(
                &format!("{}文字を超えています", Self::MAX_CHARS),
                &format!("longer than {} characters", Self::MAX_CHARS),
            ));
        }
        if addr.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(invalid("空白が含まれています", "it contains a space"));
        }
        let mut parts = addr.split('@');
        let (Some(local), Some(domain), None) = (parts.next(), parts.next(), parts.next()) else {
            return Err(invalid(
                "「@」がちょうど1つ必要です",
                "it must contain exactly one '@'",
            ));
        };
        if local.is_empty() {
            return Err(invalid("「@」の前が空です", "nothing before the '@'"));
        }
        if !domain.contains('.') || domain.split('.').any(str::is_empty) {
            return Err(invalid(
                "「@」の後ろは example.lg.jp のようなドメイン名にしてください",
                "the part after '@' must be a domain such as example.lg.jp",
            ));
        }
        Ok(Self(format!("{local}@{}", domain.to_lowercase())))
    }
}

/// Reads a yes/no cell of a spreadsheet as Japanese offices fill them in: ○, ✓, レ,
/// あり, はい, 1, yes (or 非常勤, for the part-time column) for yes; an empty cell, ×,
/// なし, いいえ, 0, no, 常勤 or a dash for no.
pub fn parse_bool_flag(s: &str) -> Result<bool, Problem> {
    const YES: [&str; 15] = [
        "○",
        "◯",
        "●",
        "✓",
        "✔",
        "レ",
        "有",
        "あり",
        "はい",
        "〇",
        "1",
        "true",
        "yes",
        "y",
        "非常勤",
    ];
    // The full-width "－" is folded to "-" before the lookup.
    const NO: [&str; 12] = [
        "",
        "×",
        "✕",
        "無",
        "なし",
        "いいえ",
        "0",
        "false",
        "no",
        "n",
        "常勤",
        "-",
    ];
    let v = clean(s).to_lowercase();
    if YES.contains(&v.as_str()) {
        Ok(true)
    } else if NO.contains(&v.as_str()) {
        Ok(false)
    } else {
        let v = excerpt(&clean(s));
        Err(Problem::new(
            format!(
                "「{v}」は「はい／いいえ」として読み取れません。はいは ○・1・はい・あり、いいえは ×・0・いいえ・なし・空欄で入力してください。"
            ),
            format!(
                "\"{v}\" is not a yes/no value. Use ○, 1, yes or はい for yes; ×, 0, no, いいえ or an empty cell for no."
            ),
        ))
    }
}

/// Checks an employment period (start and end of service); either end may be open.
pub fn check_period(start: Option<NaiveDate>, end: Option<NaiveDate>) -> Result<(), Problem> {
    Period::new(start, end).map(|_| ())
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn category_codes_match_serde_and_parse_back() {
        for c in StaffCategory::ALL {
            assert_eq!(
                serde_json::to_string(&c).unwrap(),
                format!("\"{}\"", c.code())
            );
            assert_eq!(StaffCategory::parse(c.code()).unwrap(), c);
            assert_eq!(StaffCategory::parse(c.label_ja()).unwrap(), c);
            assert_eq!(StaffCategory::parse(c.label_en()).unwrap(), c);
            assert_eq!(
                StaffCategory::parse(&c.label_en().to_uppercase()).unwrap(),
                c
            );
            assert!(!c.default_part_time());
        }
        assert_eq!(
            serde_json::from_str::<StaffCategory>("\"fiscal_year_appointee\"").unwrap(),
            StaffCategory::FiscalYearAppointee
        );
    }

    #[test]
    fn category_labels() {
        assert_eq!(
            StaffCategory::FiscalYearAppointee.label_ja(),
            "会計年度任用職員"
        );
        assert_eq!(StaffCategory::Head.label_en(), "Head of the organization");
        assert_eq!(StaffCategory::Contract.label("en"), "Contract staff");
        assert_eq!(StaffCategory::Contract.label("ja"), "嘱託職員");
    }

    #[test]
    fn category_aliases_of_hr_exports() {
        use StaffCategory::*;
        let cases = [
            ("市長", Head),
            ("知事", Head),
            ("村長", Head),
            ("副市長", SpecialOfficial),
            ("教育長", SpecialOfficial),
            ("特別職員", SpecialOfficial),
            ("正職員", Regular),
            ("一般職", Regular),
            ("常勤", Regular),
            ("職員", Regular),
            ("会計年度", FiscalYearAppointee),
            ("会計年度任用", FiscalYearAppointee),
            ("臨時", Temporary),
            ("臨時的任用職員", Temporary),
            ("嘱託", Contract),
            ("非常勤嘱託", Contract),
            ("委託", Contractor),
            ("委託先", Contractor),
            ("業者", Contractor),
            ("派遣", Contractor),
            (" 一般 職員 ", Regular),
            ("fiscal year appointee", FiscalYearAppointee),
            ("SPECIAL-OFFICIAL", SpecialOfficial),
            ("ｒｅｇｕｌａｒ", Regular),
        ];
        for (s, expected) in cases {
            assert_eq!(StaffCategory::parse(s).unwrap(), expected, "{s}");
        }
        assert!(StaffCategory::Contractor.is_contractor());
        assert!(!StaffCategory::Contract.is_contractor());
    }

    #[test]
    fn unknown_category_lists_the_choices() {
        let p = StaffCategory::parse("アルバイト").unwrap_err();
        assert!(p.ja.contains("「アルバイト」"), "{p}");
        assert!(
            p.ja.contains("会計年度任用職員") && p.en.contains("Fiscal-year appointee"),
            "{p}"
        );
        assert!(StaffCategory::parse(" ").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn employee_numbers() {
        assert_eq!(
            EmployeeNumber::parse(" ａ-００１２ ").unwrap().as_str(),
            "A-0012"
        );
        assert_eq!(
            EmployeeNumber::parse("k_2024_001").unwrap().as_str(),
            "K_2024_001"
        );
        assert_eq!(
            EmployeeNumber::parse(&"9".repeat(20))
                .unwrap()
                .as_str()
                .len(),
            20
        );
        let p = EmployeeNumber::parse("A 0012").unwrap_err();
        assert!(
            p.ja.contains("「A 0012」") && p.en.contains("\"A 0012\""),
            "{p}"
        );
        assert!(EmployeeNumber::parse("職員12").is_err());
        assert!(EmployeeNumber::parse("A/12").is_err());
        assert!(
            EmployeeNumber::parse(&"9".repeat(21))
                .unwrap_err()
                .en
                .contains("at most 20")
        );
        assert!(EmployeeNumber::parse("").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn person_names() {
        assert_eq!(
            PersonName::parse("山田\u{3000}\u{3000}太郎 ")
                .unwrap()
                .as_str(),
            "山田 太郎"
        );
        assert_eq!(
            PersonName::parse("山﨑 花子").unwrap().as_str(),
            "山﨑 花子"
        );
        assert!(PersonName::parse("").unwrap_err().ja.contains("氏名"));
        assert!(PersonName::parse("山田\u{0}太郎").is_err());
        assert!(PersonName::parse(&"あ".repeat(101)).is_err());
    }

    #[test]
    fn kana_readings() {
        assert_eq!(parse_kana("やまだ　たろう").unwrap(), "ヤマダ タロウ");
        assert_eq!(parse_kana("ﾔﾏﾀﾞ  ﾀﾛｳ").unwrap(), "ヤマダ タロウ");
        assert_eq!(parse_kana("ヴァン・ダイク").unwrap(), "ヴァン・ダイク");
        let p = parse_kana("山田 タロウ").unwrap_err();
        assert!(
            p.ja.contains("「山田 タロウ」") && p.en.contains("other than kana"),
            "{p}"
        );
        assert!(parse_kana("YAMADA").is_err());
        assert!(
            parse_kana("")
                .unwrap_err()
                .ja
                .contains("フリガナが入力されていません")
        );
        assert!(
            parse_kana(&"ア".repeat(101))
                .unwrap_err()
                .ja
                .contains("101文字")
        );
    }

    #[test]
    fn emails() {
        assert_eq!(
            StaffEmail::parse(" Taro.Yamada@City.Chiyoda.LG.JP ")
                .unwrap()
                .as_str(),
            "Taro.Yamada@city.chiyoda.lg.jp"
        );
        assert_eq!(
            StaffEmail::parse("ｔａｒｏ＠ｃｉｔｙ．ｌｇ．ｊｐ")
                .unwrap()
                .to_string(),
            "taro@city.lg.jp"
        );
        for (bad, why) in [
            ("taro", "exactly one '@'"),
            ("taro@@city.lg.jp", "exactly one '@'"),
            ("a@b@city.lg.jp", "exactly one '@'"),
            ("@city.lg.jp", "nothing before"),
            ("taro@localhost", "domain"),
            ("taro@city..jp", "domain"),
            ("taro@.city.jp", "domain"),
            ("taro@city.jp.", "domain"),
            ("taro yamada@city.lg.jp", "space"),
            ("taro@city lg.jp", "space"),
        ] {
            let p = StaffEmail::parse(bad).unwrap_err();
            assert!(p.en.contains(why), "{bad}: {p}");
            assert!(p.ja.contains(&format!("「{bad}」")), "{bad}: {p}");
        }
        let long = format!("{}@city.lg.jp", "a".repeat(250));
        assert!(StaffEmail::parse(&long).unwrap_err().en.contains("254"));
        assert!(StaffEmail::parse("").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn bool_flags() {
        for yes in [
            "○",
            "◯",
            "●",
            "✓",
            "✔",
            "レ",
            "ﾚ",
            "有",
            "あり",
            "はい",
            "〇",
            "1",
            "１",
            "TRUE",
            "Yes",
            "y",
            "非常勤",
            " ○ ",
        ] {
            assert!(parse_bool_flag(yes).unwrap(), "{yes}");
        }
        for no in [
            "",
            " ",
            "×",
            "✕",
            "無",
            "なし",
            "いいえ",
            "0",
            "False",
            "NO",
            "n",
            "常勤",
            "-",
            "－",
        ] {
            assert!(!parse_bool_flag(no).unwrap(), "{no:?}");
        }
        let p = parse_bool_flag("たぶん").unwrap_err();
        assert!(
            p.ja.contains("「たぶん」") && p.en.contains("\"たぶん\""),
            "{p}"
        );
        assert!(parse_bool_flag("2").is_err());
    }

    #[test]
    fn employment_period() {
        let d = |m, day| NaiveDate::from_ymd_opt(2025, m, day).unwrap();
        assert!(check_period(Some(d(4, 1)), Some(d(9, 30))).is_ok());
        assert!(check_period(None, None).is_ok());
        let p = check_period(Some(d(4, 1)), Some(d(3, 31))).unwrap_err();
        assert!(p.en.contains("2025-03-31"), "{p}");
    }
}

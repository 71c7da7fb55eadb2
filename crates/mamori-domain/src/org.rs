//! The organization: its local government code (地方公共団体コード), prefecture and name.

use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::newtype::string_newtype;
use crate::text::{clean, excerpt, label_key, parse_bounded};

/// A prefecture, numbered as in JIS X 0401 (the first two digits of a local
/// government code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
pub struct Prefecture {
    pub code: u8,
    pub ja: &'static str,
    pub en: &'static str,
}

const fn pref(code: u8, ja: &'static str, en: &'static str) -> Prefecture {
    Prefecture { code, ja, en }
}

/// The 47 prefectures in JIS order; `PREFECTURES[n - 1].code == n`.
pub const PREFECTURES: [Prefecture; 47] = [
    pref(1, "北海道", "Hokkaido"),
    pref(2, "青森県", "Aomori"),
    pref(3, "岩手県", "Iwate"),
    pref(4, "宮城県", "Miyagi"),
    pref(5, "秋田県", "Akita"),
    pref(6, "山形県", "Yamagata"),
    pref(7, "福島県", "Fukushima"),
    pref(8, "茨城県", "Ibaraki"),
    pref(9, "栃木県", "Tochigi"),
    pref(10, "群馬県", "Gunma"),
    pref(11, "埼玉県", "Saitama"),
    pref(12, "千葉県", "Chiba"),
    pref(13, "東京都", "Tokyo"),
    pref(14, "神奈川県", "Kanagawa"),
    pref(15, "新潟県", "Niigata"),
    pref(16, "富山県", "Toyama"),
    pref(17, "石川県", "Ishikawa"),
    pref(18, "福井県", "Fukui"),
    pref(19, "山梨県", "Yamanashi"),
    pref(20, "長野県", "Nagano"),
    pref(21, "岐阜県", "Gifu"),
    pref(22, "静岡県", "Shizuoka"),
    pref(23, "愛知県", "Aichi"),
    pref(24, "三重県", "Mie"),
    pref(25, "滋賀県", "Shiga"),
    pref(26, "京都府", "Kyoto"),
    pref(27, "大阪府", "Osaka"),
    pref(28, "兵庫県", "Hyogo"),
    pref(29, "奈良県", "Nara"),
    pref(30, "和歌山県", "Wakayama"),
    pref(31, "鳥取県", "Tottori"),
    pref(32, "島根県", "Shimane"),
    pref(33, "岡山県", "Okayama"),
    pref(34, "広島県", "Hiroshima"),
    pref(35, "山口県", "Yamaguchi"),
    pref(36, "徳島県", "Tokushima"),
    pref(37, "香川県", "Kagawa"),
    pref(38, "愛媛県", "Ehime"),
    pref(39, "高知県", "Kochi"),
    pref(40, "福岡県", "Fukuoka"),
    pref(41, "佐賀県", "Saga"),
    pref(42, "長崎県", "Nagasaki"),
    pref(43, "熊本県", "Kumamoto"),
    pref(44, "大分県", "Oita"),
    pref(45, "宮崎県", "Miyazaki"),
    pref(46, "鹿児島県", "Kagoshima"),
    pref(47, "沖縄県", "Okinawa"),
];

impl Prefecture {
    /// The name without 都/府/県 (東京, 大阪); 北海道 keeps its name, as people say it.
    pub fn short_ja(&self) -> &'static str {
        if self.code == 1 {
            return self.ja;
        }
        self.ja.strip_suffix(['都', '府', '県']).unwrap_or(self.ja)
    }
}

impl std::fmt::Display for Prefecture {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.ja)
    }
}

pub fn prefecture_by_code(code: u8) -> Option<&'static Prefecture> {
    PREFECTURES.iter().find(|p| p.code == code)
}

/// Reads a prefecture given as its code ("13", "１３", "1"), its name ("東京都"), its
/// short name ("東京") or its English name ("Tokyo", any case, optionally followed by
/// "Prefecture" or -to/-fu/-ken).
pub fn parse_prefecture(s: &str) -> Result<&'static Prefecture, Problem> {
    let cleaned = clean(s);
    if cleaned.is_empty() {
        return Err(Problem::new(
            "都道府県が入力されていません。",
            "The prefecture is empty.",
        ));
    }
    let found = if cleaned.bytes().all(|b| b.is_ascii_digit()) {
        cleaned
            .parse::<u8>()
            .ok()
            .filter(|_| cleaned.len() <= 2)
            .and_then(prefecture_by_code)
    } else {
        let key = label_key(&cleaned);
        let english = strip_english_suffix(&key);
        PREFECTURES
            .iter()
            .find(|p| key == p.ja || key == p.short_ja() || english == p.en.to_ascii_lowercase())
    };
    found.ok_or_else(|| {
        let v = excerpt(&cleaned);
        Problem::new(
            format!(
                "「{v}」は都道府県として読み取れません。01〜47 の都道府県コードか、「東京都」「東京」「Tokyo」のような名前で入力してください。"
            ),
            format!(
                "\"{v}\" is not a prefecture. Give its code (01 to 47) or its name, such as 東京都, 東京 or Tokyo."
            ),
        )
    })
}

/// "tokyoprefecture", "tokyoto", "aichiken" → the bare romanized name.
fn strip_english_suffix(key: &str) -> &str {
    if let Some(bare) = key.strip_suffix("prefecture") {
        return bare;
    }
    for suffix in ["ken", "fu", "to", "do"] {
        if let Some(bare) = key.strip_suffix(suffix)
            && PREFECTURES.iter().any(|p| p.en.eq_ignore_ascii_case(bare))
        {
            return bare;
        }
    }
    key
}

/// A 地方公共団体コード: two digits of prefecture, three of the body, and a check
/// digit (JIS X 0402), always six ASCII digits.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct LocalGovCode(String);

string_newtype!(LocalGovCode);

impl LocalGovCode {
    /// Accepts full-width digits and surrounding spaces. A five-digit code (as some
    /// lists print it, without the check digit) is refused with the full code in the
    /// message, so the user can copy it, rather than completed silently.
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let code = clean(s);
        if code.is_empty() {
            return Err(Problem::new(
                "地方公共団体コードが入力されていません。",
                "The local government code is empty.",
            ));
        }
        let v = excerpt(&code);
        if !code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(Problem::new(
                format!(
                    "「{v}」は地方公共団体コードではありません。6桁の数字（例: 千代田区は 131016）で入力してください。"
                ),
                format!(
                    "\"{v}\" is not a local government code. Enter its 6 digits (for example 131016 for Chiyoda)."
                ),
            ));
        }
        if code.len() != 5 && code.len() != 6 {
            let n = code.len();
            return Err(Problem::new(
                format!(
                    "「{v}」は{n}桁です。地方公共団体コードは検査数字を含む6桁の数字です（例: 131016）。"
                ),
                format!(
                    "\"{v}\" has {n} digits; a local government code has 6, including the check digit (for example 131016)."
                ),
            ));
        }
        // Digits only, so byte slicing is on character boundaries.
        let (pref_part, _) = code.split_at(2);
        let pref_ok = pref_part
            .parse::<u8>()
            .ok()
            .and_then(prefecture_by_code)
            .is_some();
        if !pref_ok {
            return Err(Problem::new(
                format!(
                    "「{v}」の先頭2桁「{pref_part}」は都道府県コード（01〜47）ではありません。"
                ),
                format!(
                    "The first two digits of \"{v}\" ({pref_part}) are not a prefecture code (01 to 47)."
                ),
            ));
        }
        let (first5, given) = code.split_at(5);
        let expected = Self::check_digit(first5).ok_or_else(|| {
            // Unreachable: `first5` is five ASCII digits. Answer rather than panic.
            Problem::new(
                format!("「{v}」を地方公共団体コードとして読み取れません。"),
                format!("\"{v}\" cannot be read as a local government code."),
            )
        })?;
        if given.is_empty() {
            return Err(Problem::new(
                format!(
                    "「{v}」は5桁です。地方公共団体コードは6桁で、末尾の検査数字が抜けています。正しくは「{first5}{expected}」です。"
                ),
                format!(
                    "\"{v}\" has only 5 digits: the check digit is missing. The full 6-digit code is {first5}{expected}."
                ),
            ));
        }
        if given != expected.to_string() {
            return Err(Problem::new(
                format!(
                    "「{v}」の検査数字（6桁目）が正しくありません。先頭5桁が {first5} なら検査数字は {expected} です。入力に誤りがないか確認してください。"
                ),
                format!(
                    "The check digit (6th digit) of \"{v}\" is wrong: for {first5} it should be {expected}. Check the code for a typo."
                ),
            ));
        }
        Ok(Self(code))
    }

    /// The check digit for the first five digits: weights 6,5,4,3,2, remainder r modulo
    /// 11, check = 11 − r with only its last digit kept (r = 0 gives 1, r = 1 gives 0).
    /// `None` unless `first5` is exactly five ASCII digits.
    pub fn check_digit(first5: &str) -> Option<u8> {
        if first5.len() != 5 || !first5.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let sum: u32 = first5
            .bytes()
            .zip([6u32, 5, 4, 3, 2])
            .map(|(b, w)| u32::from(b - b'0') * w)
            .sum();
        // (11 - r) is in 1..=11, so `% 10` fits a u8.
        Some(((11 - sum % 11) % 10) as u8)
    }

    pub fn prefecture(&self) -> Prefecture {
        let code = self
            .0
            .get(..2)
            .and_then(|p| p.parse::<u8>().ok())
            .and_then(prefecture_by_code);
        // `parse` guarantees a valid prefecture; the fallback is never taken.
        code.copied().unwrap_or(PREFECTURES[0])
    }
}

/// The organization's official name (千代田区, 札幌市).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String")]
pub struct OrgName(String);

string_newtype!(OrgName);

impl OrgName {
    pub const MAX_CHARS: usize = 100;

    pub fn parse(s: &str) -> Result<Self, Problem> {
        parse_bounded(s, Self::MAX_CHARS, "団体名", "organization name").map(Self)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    #[test]
    fn prefectures_are_in_jis_order() {
        for (i, p) in PREFECTURES.iter().enumerate() {
            assert_eq!(usize::from(p.code), i + 1, "{}", p.ja);
            assert!(matches!(
                p.ja.chars().last(),
                Some('都' | '道' | '府' | '県')
            ));
        }
        assert_eq!(PREFECTURES[12].ja, "東京都");
        assert_eq!(PREFECTURES[26].en, "Osaka");
        assert_eq!(PREFECTURES[46].ja, "沖縄県");
        assert_eq!(prefecture_by_code(14).unwrap().ja, "神奈川県");
        assert!(prefecture_by_code(0).is_none());
        assert!(prefecture_by_code(48).is_none());
    }

    #[test]
    fn prefecture_forms() {
        for s in [
            "13",
            "１３",
            " 東京都 ",
            "東京",
            "Tokyo",
            "TOKYO",
            "tokyo-to",
            "Tokyo Prefecture",
        ] {
            assert_eq!(parse_prefecture(s).unwrap().code, 13, "{s}");
        }
        assert_eq!(parse_prefecture("1").unwrap().ja, "北海道");
        assert_eq!(parse_prefecture("01").unwrap().ja, "北海道");
        assert_eq!(parse_prefecture("北海道").unwrap().code, 1);
        assert_eq!(parse_prefecture("hokkaido").unwrap().code, 1);
        assert_eq!(parse_prefecture("京都").unwrap().code, 26);
        assert_eq!(parse_prefecture("京都府").unwrap().code, 26);
        assert_eq!(parse_prefecture("Kyoto-fu").unwrap().code, 26);
        assert_eq!(parse_prefecture("aichi ken").unwrap().code, 23);
        assert_eq!(parse_prefecture("鹿児島").unwrap().code, 46);
    }

    #[test]
    fn unknown_prefectures_are_refused_naming_the_value() {
        for s in ["48", "0", "013", "東都", "Edo"] {
            let p = parse_prefecture(s).unwrap_err();
            assert!(p.ja.contains(&format!("「{s}」")), "{p}");
        }
        assert!(parse_prefecture("").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn check_digits_of_known_codes() {
        for code in ["131016", "011002", "010006", "271004", "401005", "130001"] {
            let (first5, last) = code.split_at(5);
            assert_eq!(
                LocalGovCode::check_digit(first5).unwrap().to_string(),
                last,
                "{code}"
            );
            let parsed = LocalGovCode::parse(code).unwrap();
            assert_eq!(parsed.as_str(), code);
            assert_eq!(parsed.to_string(), code);
        }
        assert_eq!(LocalGovCode::check_digit("1310"), None);
        assert_eq!(LocalGovCode::check_digit("13a01"), None);
        assert_eq!(LocalGovCode::check_digit("１３１０１"), None);
    }

    #[test]
    fn check_digit_edge_remainders() {
        // r = 0: 6*0+5*0+4*0+3*0+2*0 = 0 → 11 → last digit 1.
        assert_eq!(LocalGovCode::check_digit("00000"), Some(1));
        // r = 1: 6*0+5*0+4*0+3*0+2*6 = 12 → r = 1 → 10 → 0.
        assert_eq!(LocalGovCode::check_digit("00006"), Some(0));
        // r = 10: 5*2 = 10 → 1.
        assert_eq!(LocalGovCode::check_digit("02000"), Some(1));
    }

    #[test]
    fn codes_are_normalized() {
        assert_eq!(
            LocalGovCode::parse(" １３１０１６ ").unwrap().as_str(),
            "131016"
        );
        assert_eq!(
            LocalGovCode::parse("131016\u{3000}").unwrap().as_str(),
            "131016"
        );
    }

    #[test]
    fn code_prefecture() {
        assert_eq!(
            LocalGovCode::parse("131016").unwrap().prefecture().ja,
            "東京都"
        );
        assert_eq!(
            LocalGovCode::parse("011002").unwrap().prefecture().ja,
            "北海道"
        );
        assert_eq!(
            LocalGovCode::parse("401005").unwrap().prefecture().en,
            "Fukuoka"
        );
    }

    #[test]
    fn five_digits_are_refused_with_the_full_code() {
        let p = LocalGovCode::parse("13101").unwrap_err();
        assert!(
            p.ja.contains("「13101」") && p.ja.contains("検査数字が抜けています"),
            "{p}"
        );
        assert!(p.ja.contains("131016"), "{p}");
        assert!(
            p.en.contains("check digit is missing") && p.en.contains("131016"),
            "{p}"
        );
    }

    #[test]
    fn wrong_check_digit_names_the_expected_one() {
        let p = LocalGovCode::parse("131017").unwrap_err();
        assert!(
            p.ja.contains("「131017」") && p.ja.contains("検査数字は 6"),
            "{p}"
        );
        assert!(p.en.contains("it should be 6"), "{p}");
        // A transposition is caught too.
        assert!(LocalGovCode::parse("130116").is_err());
    }

    #[test]
    fn malformed_codes_are_refused() {
        let p = LocalGovCode::parse("13-101").unwrap_err();
        assert!(
            p.ja.contains("「13-101」") && p.ja.contains("6桁の数字"),
            "{p}"
        );
        let p = LocalGovCode::parse("1310160").unwrap_err();
        assert!(p.ja.contains("7桁"), "{p}");
        let p = LocalGovCode::parse("481005").unwrap_err();
        assert!(
            p.ja.contains("「48」") && p.en.contains("not a prefecture code"),
            "{p}"
        );
        assert!(LocalGovCode::parse("000001").is_err());
        assert!(LocalGovCode::parse("").unwrap_err().en.contains("empty"));
    }

    proptest::proptest! {
        #[test]
        fn exactly_one_last_digit_is_accepted(
            pref in 1u8..=47,
            body in 0u32..1000,
            last in 0u8..10,
        ) {
            let first5 = format!("{pref:02}{body:03}");
            let expected = LocalGovCode::check_digit(&first5).unwrap();
            let code = format!("{first5}{last}");
            proptest::prop_assert_eq!(LocalGovCode::parse(&code).is_ok(), last == expected);
            // Five digits alone are refused, and the message gives the full code.
            let full = format!("{first5}{expected}");
            let message = LocalGovCode::parse(&first5).unwrap_err().ja;
            proptest::prop_assert!(message.contains(&full), "{}", message);
        }
    }

    #[test]
    fn serde_checks_the_rule() {
        let code = LocalGovCode::parse("131016").unwrap();
        assert_eq!(serde_json::to_string(&code).unwrap(), "\"131016\"");
        let back: LocalGovCode = serde_json::from_str("\"131016\"").unwrap();
        assert_eq!(back, code);
        assert!(serde_json::from_str::<LocalGovCode>("\"131017\"").is_err());
    }

    #[test]
    fn org_names() {
        assert_eq!(OrgName::parse("  千代田区 ").unwrap().as_str(), "千代田区");
        assert_eq!(OrgName::parse("ＡＢＣ町").unwrap().as_str(), "ABC町");
        assert!(
            OrgName::parse("")
                .unwrap_err()
                .ja
                .contains("団体名が入力されていません")
        );
        let long = "あ".repeat(101);
        let p = OrgName::parse(&long).unwrap_err();
        assert!(
            p.ja.contains("101文字") && p.en.contains("at most 100"),
            "{p}"
        );
        assert!(OrgName::parse(&"あ".repeat(100)).is_ok());
    }
}

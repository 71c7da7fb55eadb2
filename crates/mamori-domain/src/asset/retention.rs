//! How long information is kept (保存期間), as registers and filing rules write it.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::text::{excerpt, fold_width};
use crate::wareki::{format_western, parse_date};

/// How long information must be kept. Filing rules (文書管理規程) state it in years
/// (5年保存), as permanent (永年) or as "for as long as it is in use" (常用); a register
/// may instead give the date it may be destroyed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Retention {
    /// Kept until this day, included.
    Until(NaiveDate),
    /// Kept this many years (1–100), counted by the filing rules from when the record
    /// was closed.
    Years(u16),
    /// Kept for good (永年保存).
    Permanent,
    /// Kept while the information is in use (常用), then reviewed.
    WhileInUse,
}

impl Retention {
    pub const MAX_YEARS: u16 = 100;

    /// Reads a retention as registers write it:
    /// - a number of years, 1 to 100: 5年, ５年, 5年間, 10年保存, 保存期間5年, or a bare 5;
    /// - 永年, 永久, 永年保存 for permanent; 常用 for while in use;
    /// - a date in any form [`parse_date`] reads (令和12年3月31日, R12.3.31, 2030-03-31);
    /// - the storage form of [`Retention::code`].
    pub fn parse(s: &str) -> Result<Self, Problem> {
        let compact: String = fold_width(s)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect::<String>()
            .to_lowercase();
        if compact.is_empty() {
            return Err(Problem::new(
                "保存期間が入力されていません。",
                "The retention period is empty.",
            ));
        }
        if let Some(r) = Self::from_code(&compact) {
            return Ok(r);
        }
        match compact.as_str() {
            "永年" | "永久" | "永年保存" | "永久保存" | "permanent" => {
                return Ok(Retention::Permanent);
            }
            "常用" | "常用保存" | "whileinuse" => return Ok(Retention::WhileInUse),
            _ => {}
        }
        if let Some(digits) = years_digits(&compact) {
            return match digits.parse::<u16>() {
                Ok(n) if (1..=Self::MAX_YEARS).contains(&n) => Ok(Retention::Years(n)),
                _ => Err(years_out_of_range(s)),
            };
        }
        match parse_date(s) {
            Ok(d) => Ok(Retention::Until(d)),
            // Text shaped like a date gets the date parser's precise message (such as
            // a day that is not on the calendar); anything else the list of forms.
            Err(p) if looks_like_date(&compact) => Err(p),
            Err(_) => Err(unreadable(s)),
        }
    }

    /// The form people read, which [`Retention::parse`] reads back to the same value:
    /// 5年, 永年, 常用, or the date as 2030-03-31.
    pub fn display(&self) -> String {
        match self {
            Retention::Until(d) => format_western(*d),
            Retention::Years(n) => format!("{n}年"),
            Retention::Permanent => "永年".to_owned(),
            Retention::WhileInUse => "常用".to_owned(),
        }
    }

    /// The storage form: `years:5`, `permanent`, `in_use`, `until:2030-03-31`.
    pub fn code(&self) -> String {
        match self {
            Retention::Until(d) => format!("until:{}", format_western(*d)),
            Retention::Years(n) => format!("years:{n}"),
            Retention::Permanent => "permanent".to_owned(),
            Retention::WhileInUse => "in_use".to_owned(),
        }
    }

    /// Reads exactly what [`Retention::code`] writes (years within 1–100), nothing
    /// looser: stored values are never guessed at.
    pub fn from_code(s: &str) -> Option<Self> {
        match s {
            "permanent" => Some(Retention::Permanent),
            "in_use" => Some(Retention::WhileInUse),
            _ => {
                if let Some(n) = s.strip_prefix("years:") {
                    if n.is_empty() || !n.bytes().all(|b| b.is_ascii_digit()) {
                        return None;
                    }
                    let n: u16 = n.parse().ok()?;
                    (1..=Self::MAX_YEARS)
                        .contains(&n)
                        .then_some(Retention::Years(n))
                } else {
                    let d = s.strip_prefix("until:")?;
                    NaiveDate::parse_from_str(d, "%Y-%m-%d")
                        .ok()
                        .filter(|date| format_western(*date) == d)
                        .map(Retention::Until)
                }
            }
        }
    }
}

/// The digits of a number of years, when `key` (folded, lowercased, without spaces)
/// has one of the shapes 5年, 5年間, 5年保存, 5年間保存, 保存期間5年, 保存期間:5年, or 1–3
/// bare digits. Whether the number is in range is for the caller.
fn years_digits(key: &str) -> Option<&str> {
    let k = key
        .strip_prefix("保存期間")
        .or_else(|| key.strip_prefix("保存年限"))
        .map_or(key, |rest| rest.trim_start_matches(':'));
    let k = k.strip_suffix("保存").unwrap_or(k);
    let k = k.strip_suffix("間").unwrap_or(k);
    let digits = match k.strip_suffix('年') {
        Some(d) => d,
        // A bare number is years only when short: eight digits are a date (20300331).
        None if k.len() <= 3 => k,
        None => return None,
    };
    (!digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())).then_some(digits)
}

/// Whether the text has the shape of a date (年 and 月, or a separator next to a
/// digit), so that the date parser's message is the helpful one. "5ヶ月" is not: it is
/// a period in the wrong unit, better answered with the accepted forms.
fn looks_like_date(key: &str) -> bool {
    let chars: Vec<char> = key.chars().collect();
    let separator_by_digit = chars.windows(2).any(|w| {
        (matches!(w[0], '/' | '.' | '-') && w[1].is_ascii_digit())
            || (w[0].is_ascii_digit() && matches!(w[1], '/' | '.' | '-'))
    });
    separator_by_digit || (key.contains('年') && key.contains('月'))
}

fn years_out_of_range(s: &str) -> Problem {
    let v = excerpt(s.trim());
    Problem::new(
        format!(
            "保存期間「{v}」の年数が範囲外です。1年から{}年までで入力してください（それより長い場合は「永年」）。",
            Retention::MAX_YEARS
        ),
        format!(
            "The retention \"{v}\" is out of range: give 1 to {} years (or 永年 for permanent).",
            Retention::MAX_YEARS
        ),
    )
}

fn unreadable(s: &str) -> Problem {
    let v = excerpt(s.trim());
    Problem::new(
        format!(
            "「{v}」は保存期間として読み取れません。「5年」のような年数（1〜{}年）、「永年」、「常用」、または「令和12年3月31日」「2030-03-31」のような保存期限の日付で入力してください。",
            Retention::MAX_YEARS
        ),
        format!(
            "\"{v}\" is not a retention period. Write a number of years such as 5年 (1 to {}), 永年 (permanent), 常用 (while in use), or the date it may be destroyed, such as 令和12年3月31日 or 2030-03-31.",
            Retention::MAX_YEARS
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn years() {
        for s in [
            "5年",
            "５年",
            "5年間",
            " 5 年 ",
            "05年",
            "5年保存",
            "5年間保存",
            "保存期間5年",
            "保存期間：５年",
            "5",
        ] {
            assert_eq!(Retention::parse(s).unwrap(), Retention::Years(5), "{s}");
        }
        assert_eq!(Retention::parse("10年保存").unwrap(), Retention::Years(10));
        assert_eq!(Retention::parse("100年").unwrap(), Retention::Years(100));
        assert_eq!(Retention::parse("1年").unwrap(), Retention::Years(1));
        for bad in ["0年", "101年", "2030年", "99999999年"] {
            let p = Retention::parse(bad).unwrap_err();
            assert!(
                p.en.contains("1 to 100") && p.ja.contains("範囲外"),
                "{bad}: {p}"
            );
        }
    }

    #[test]
    fn words() {
        for s in [
            "永年",
            "永久",
            "永年保存",
            "永久保存",
            " 永年 ",
            "Permanent",
        ] {
            assert_eq!(Retention::parse(s).unwrap(), Retention::Permanent, "{s}");
        }
        assert_eq!(Retention::parse("常用").unwrap(), Retention::WhileInUse);
        assert_eq!(Retention::parse("in_use").unwrap(), Retention::WhileInUse);
    }

    #[test]
    fn dates() {
        let until = Retention::Until(day(2030, 3, 31));
        for s in [
            "令和12年3月31日",
            "R12.3.31",
            "2030-03-31",
            "２０３０／３／３１",
            "20300331",
        ] {
            assert_eq!(Retention::parse(s).unwrap(), until, "{s}");
        }
        assert_eq!(
            Retention::parse("令和6年4月1日").unwrap(),
            Retention::Until(day(2024, 4, 1))
        );
        // A date that is not on the calendar gets the date's own message.
        let p = Retention::parse("2030-02-30").unwrap_err();
        assert!(
            p.ja.contains("2030") && !p.ja.contains("保存期間として"),
            "{p}"
        );
    }

    #[test]
    fn unreadable_text_lists_the_forms() {
        for bad in ["しばらく", "1年未満", "5ヶ月", "2030"] {
            let p = Retention::parse(bad).unwrap_err();
            assert!(p.ja.contains("永年") && p.ja.contains("常用"), "{bad}: {p}");
            assert!(p.en.contains("number of years"), "{bad}: {p}");
        }
        assert!(Retention::parse(" ").unwrap_err().en.contains("empty"));
    }

    #[test]
    fn display_and_code() {
        let cases = [
            (Retention::Years(5), "5年", "years:5"),
            (Retention::Permanent, "永年", "permanent"),
            (Retention::WhileInUse, "常用", "in_use"),
            (
                Retention::Until(day(2030, 3, 31)),
                "2030-03-31",
                "until:2030-03-31",
            ),
        ];
        for (r, display, code) in cases {
            assert_eq!(r.display(), display);
            assert_eq!(r.code(), code);
            assert_eq!(Retention::from_code(code), Some(r));
        }
        for bad in [
            "years:0",
            "years:101",
            "years:",
            "years:+5",
            "until:2030-3-31",
            "forever",
            "",
        ] {
            assert_eq!(Retention::from_code(bad), None, "{bad}");
        }
    }

    fn any_retention() -> impl Strategy<Value = Retention> {
        prop_oneof![
            (1..=Retention::MAX_YEARS).prop_map(Retention::Years),
            Just(Retention::Permanent),
            Just(Retention::WhileInUse),
            (0i64..(400 * 366)).prop_map(|n| {
                Retention::Until(day(1868, 10, 23) + chrono::Days::new(n.unsigned_abs()))
            }),
        ]
    }

    proptest! {
        #[test]
        fn parse_reads_back_display_and_code(r in any_retention()) {
            prop_assert_eq!(Retention::parse(&r.display()).unwrap(), r);
            prop_assert_eq!(Retention::parse(&r.code()).unwrap(), r);
            prop_assert_eq!(Retention::from_code(&r.code()), Some(r));
        }
    }
}

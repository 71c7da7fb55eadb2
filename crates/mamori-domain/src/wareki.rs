//! Japanese era (和暦) dates: how they are shown and the many ways they are typed.
//!
//! Municipal paperwork is dated in 和暦, and spreadsheets exported from older systems
//! carry every variant (令和6年4月1日, R6.4.1, 令6.4.1, H31.4.30, 20240401). The parser
//! accepts them all and answers with a message showing the accepted forms otherwise.

use chrono::{Datelike, NaiveDate};

use crate::error::Problem;
use crate::text::{excerpt, fold_width};

/// The eras since the calendar reform, oldest first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Era {
    Meiji,
    Taisho,
    Showa,
    Heisei,
    Reiwa,
}

/// `NaiveDate::from_ymd_opt` in a constant; the dates are fixed and checked by a test.
const fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(y, m, d) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

impl Era {
    pub const ALL: [Era; 5] = [Era::Meiji, Era::Taisho, Era::Showa, Era::Heisei, Era::Reiwa];

    /// First day of the era. Meiji is counted from the proclamation (1868-10-23); the
    /// era was made retroactive to the start of that year, but no register here holds
    /// dates that old.
    pub const fn start(self) -> NaiveDate {
        match self {
            Era::Meiji => ymd(1868, 10, 23),
            Era::Taisho => ymd(1912, 7, 30),
            Era::Showa => ymd(1926, 12, 25),
            Era::Heisei => ymd(1989, 1, 8),
            Era::Reiwa => ymd(2019, 5, 1),
        }
    }

    /// 令和, 平成 …
    pub const fn name_ja(self) -> &'static str {
        match self {
            Era::Meiji => "明治",
            Era::Taisho => "大正",
            Era::Showa => "昭和",
            Era::Heisei => "平成",
            Era::Reiwa => "令和",
        }
    }

    /// Reiwa, Heisei …
    pub const fn name_en(self) -> &'static str {
        match self {
            Era::Meiji => "Meiji",
            Era::Taisho => "Taisho",
            Era::Showa => "Showa",
            Era::Heisei => "Heisei",
            Era::Reiwa => "Reiwa",
        }
    }

    /// The one-letter abbreviation of forms and systems: M, T, S, H, R.
    pub const fn letter(self) -> char {
        match self {
            Era::Meiji => 'M',
            Era::Taisho => 'T',
            Era::Showa => 'S',
            Era::Heisei => 'H',
            Era::Reiwa => 'R',
        }
    }

    /// The one-kanji abbreviation (令6.4.1): the first character of the name.
    pub const fn kanji_abbrev(self) -> char {
        match self {
            Era::Meiji => '明',
            Era::Taisho => '大',
            Era::Showa => '昭',
            Era::Heisei => '平',
            Era::Reiwa => '令',
        }
    }
}

/// The era of a day and the year within it (1 for 元年); `None` before Meiji.
pub fn era_of(d: NaiveDate) -> Option<(Era, i32)> {
    Era::ALL
        .iter()
        .rev()
        .find(|e| e.start() <= d)
        .map(|&e| (e, d.year() - e.start().year() + 1))
}

/// 令和7年4月1日, with the first year written 元年. Dates before Meiji are written in
/// the western calendar in the same style (1860年1月1日).
pub fn format_wareki(d: NaiveDate) -> String {
    match era_of(d) {
        Some((era, 1)) => format!("{}元年{}月{}日", era.name_ja(), d.month(), d.day()),
        Some((era, y)) => format!("{}{y}年{}月{}日", era.name_ja(), d.month(), d.day()),
        None => format!("{}年{}月{}日", d.year(), d.month(), d.day()),
    }
}

/// 2025-04-01.
pub fn format_western(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// How a year was written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum YearText<'a> {
    Digits(&'a str),
    /// 元: the first year of an era.
    Gannen,
}

/// Reads a date typed in any of the usual forms (after width folding; spaces ignored):
/// 2024-04-01, 2024/4/1, 2024.4.1, 2024年4月1日, 20240401, 令和6年4月1日, 令和元年5月1日,
/// 令6.4.1, R6.4.1, R06.04.01, r6/4/1, R060401, H31.4.30, 平成31年4月30日, S64.1.7.
///
/// An era date before the era began (R1.4.30) is refused; one after the era ended is
/// accepted and converted (pre-printed forms still say 平成32年).
pub fn parse_date(s: &str) -> Result<NaiveDate, Problem> {
    let compact: String = fold_width(s)
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            // Word processors turn a typed hyphen into one of these; in a date it can
            // only mean the separator.
            '\u{2010}'..='\u{2015}' | '\u{2212}' => '-',
            _ => c,
        })
        .collect();
    if compact.is_empty() {
        return Err(Problem::new(
            "日付が入力されていません。",
            "The date is empty.",
        ));
    }
    let (era, rest) = match strip_era(&compact) {
        Some((era, rest)) => (Some(era), rest),
        None => (None, compact.as_str()),
    };
    let (year, month, day) = split_ymd(rest, era.is_some()).ok_or_else(|| unreadable(s))?;
    let month = small_number(month).ok_or_else(|| unreadable(s))?;
    let day = small_number(day).ok_or_else(|| unreadable(s))?;
    match era {
        None => {
            let YearText::Digits(y) = year else {
                return Err(unreadable(s));
            };
            if y.len() != 4 {
                return Err(unreadable(s));
            }
            let y: i32 = y.parse().map_err(|_| unreadable(s))?;
            NaiveDate::from_ymd_opt(y, month, day).ok_or_else(|| not_on_calendar(s, y, month, day))
        }
        Some(era) => {
            let era_year = match year {
                YearText::Gannen => 1,
                YearText::Digits(y) if y.len() <= 2 => y.parse().map_err(|_| unreadable(s))?,
                YearText::Digits(_) => return Err(era_year_too_large(s, era)),
            };
            if era_year == 0 {
                return Err(Problem::new(
                    format!(
                        "「{}」の年が0になっています。和暦の年は元年（1年）から数えます。",
                        excerpt(s)
                    ),
                    format!(
                        "\"{}\" has year 0; era years count from 1 (元年).",
                        excerpt(s)
                    ),
                ));
            }
            let y = era.start().year() + era_year - 1;
            let date = NaiveDate::from_ymd_opt(y, month, day)
                .ok_or_else(|| not_on_calendar(s, y, month, day))?;
            if date < era.start() {
                return Err(before_era(s, era, date));
            }
            Ok(date)
        }
    }
}

/// Splits an era prefix (令和, 令, R or r) from the rest of the text.
fn strip_era(s: &str) -> Option<(Era, &str)> {
    for era in Era::ALL {
        if let Some(rest) = s.strip_prefix(era.name_ja()) {
            return Some((era, rest));
        }
    }
    let mut chars = s.chars();
    let first = chars.next()?;
    let rest = chars.as_str();
    Era::ALL
        .into_iter()
        .find(|e| first == e.kanji_abbrev() || first.to_ascii_uppercase() == e.letter())
        .map(|e| (e, rest))
}

/// Splits year, month and day in one of three shapes: 2024年4月1日 (日 optional),
/// 2024-4-1 with one separator used twice, or bare digits (8 western, 6 after an era).
fn split_ymd(s: &str, after_era: bool) -> Option<(YearText<'_>, &str, &str)> {
    fn year_text(y: &str, after_era: bool) -> Option<YearText<'_>> {
        if y == "元" && after_era {
            Some(YearText::Gannen)
        } else if !y.is_empty() && y.bytes().all(|b| b.is_ascii_digit()) {
            Some(YearText::Digits(y))
        } else {
            None
        }
    }
    if let Some((y, rest)) = s.split_once('年') {
        let (m, d) = rest.split_once('月')?;
        let d = d.strip_suffix('日').unwrap_or(d);
        return Some((year_text(y, after_era)?, m, d));
    }
    if let Some(sep) = s.chars().find(|c| matches!(c, '-' | '/' | '.')) {
        let mut parts = s.split(sep);
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() {
            return None;
        }
        return Some((year_text(y, after_era)?, m, d));
    }
    let year_len = if after_era { 2 } else { 4 };
    if s.len() == year_len + 4 && s.bytes().all(|b| b.is_ascii_digit()) {
        // All ASCII digits, so these byte offsets are character boundaries.
        let (y, md) = s.split_at(year_len);
        let (m, d) = md.split_at(2);
        return Some((YearText::Digits(y), m, d));
    }
    None
}

/// A month or day: one or two ASCII digits.
fn small_number(s: &str) -> Option<u32> {
    if (1..=2).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit()) {
        s.parse().ok()
    } else {
        None
    }
}

fn unreadable(s: &str) -> Problem {
    let v = excerpt(s.trim());
    Problem::new(
        format!(
            "「{v}」を日付として読み取れません。2025-04-01、2025/4/1、2025年4月1日、令和7年4月1日、R7.4.1 のいずれかの形で入力してください。"
        ),
        format!(
            "\"{v}\" is not a date in a form we read. Write it like 2025-04-01, 2025/4/1, 2025年4月1日, 令和7年4月1日 or R7.4.1."
        ),
    )
}

fn not_on_calendar(s: &str, y: i32, m: u32, d: u32) -> Problem {
    let v = excerpt(s.trim());
    Problem::new(
        format!("「{v}」は暦にない日付です（{y}年{m}月{d}日は存在しません）。"),
        format!("\"{v}\" is not a calendar date: {y}-{m:02}-{d:02} does not exist."),
    )
}

fn era_year_too_large(s: &str, era: Era) -> Problem {
    let v = excerpt(s.trim());
    Problem::new(
        format!(
            "「{v}」の{}の年が大きすぎます。和暦の年は2桁以内で入力してください（西暦なら 2025-04-01 の形で）。",
            era.name_ja()
        ),
        format!(
            "\"{v}\": the {} year is too large. Era years have at most two digits (for a western year write 2025-04-01).",
            era.name_en()
        ),
    )
}

fn before_era(s: &str, era: Era, date: NaiveDate) -> Problem {
    let v = excerpt(s.trim());
    let start = era.start();
    let start_ja = format!("{}元年{}月{}日", era.name_ja(), start.month(), start.day());
    let actual = format_wareki(date);
    Problem::new(
        format!(
            "「{v}」は{}の始まり（{start_ja}）より前の日付です。{}年{}月{}日は{actual}です。",
            era.name_ja(),
            date.year(),
            date.month(),
            date.day()
        ),
        format!(
            "\"{v}\" is before the {} era began ({}). {} is {actual}.",
            era.name_en(),
            format_western(start),
            format_western(date)
        ),
    )
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn era_starts() {
        assert_eq!(Era::Meiji.start(), d(1868, 10, 23));
        assert_eq!(Era::Taisho.start(), d(1912, 7, 30));
        assert_eq!(Era::Showa.start(), d(1926, 12, 25));
        assert_eq!(Era::Heisei.start(), d(1989, 1, 8));
        assert_eq!(Era::Reiwa.start(), d(2019, 5, 1));
    }

    #[test]
    fn era_of_boundaries() {
        assert_eq!(era_of(d(2019, 4, 30)), Some((Era::Heisei, 31)));
        assert_eq!(era_of(d(2019, 5, 1)), Some((Era::Reiwa, 1)));
        assert_eq!(era_of(d(2025, 4, 1)), Some((Era::Reiwa, 7)));
        assert_eq!(era_of(d(1989, 1, 7)), Some((Era::Showa, 64)));
        assert_eq!(era_of(d(1989, 1, 8)), Some((Era::Heisei, 1)));
        assert_eq!(era_of(d(1926, 12, 24)), Some((Era::Taisho, 15)));
        assert_eq!(era_of(d(1868, 10, 22)), None);
    }

    #[test]
    fn formats() {
        assert_eq!(format_wareki(d(2025, 4, 1)), "令和7年4月1日");
        assert_eq!(format_wareki(d(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(format_wareki(d(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(format_wareki(d(1989, 1, 7)), "昭和64年1月7日");
        assert_eq!(format_wareki(d(1860, 1, 1)), "1860年1月1日");
        assert_eq!(format_western(d(2025, 4, 1)), "2025-04-01");
        assert_eq!(format_western(d(987, 4, 1)), "0987-04-01");
    }

    #[test]
    fn western_forms() {
        let apr1 = d(2024, 4, 1);
        for s in [
            "2024-04-01",
            "2024/4/1",
            "2024.4.1",
            "2024年4月1日",
            "2024年4月1",
            "20240401",
            " ２０２４／０４／０１ ",
            "2024 年 4 月 1 日",
            "2024\u{2010}04\u{2010}01",
        ] {
            assert_eq!(parse_date(s).unwrap(), apr1, "{s}");
        }
    }

    #[test]
    fn era_forms() {
        let apr1 = d(2024, 4, 1);
        for s in [
            "令和6年4月1日",
            "令6.4.1",
            "R6.4.1",
            "R06.04.01",
            "r6/4/1",
            "R6-4-1",
            "R060401",
            "Ｒ６．４．１",
            "令和　６年　４月　１日",
        ] {
            assert_eq!(parse_date(s).unwrap(), apr1, "{s}");
        }
        assert_eq!(parse_date("令和元年5月1日").unwrap(), d(2019, 5, 1));
        assert_eq!(parse_date("R元.5.1").unwrap(), d(2019, 5, 1));
        assert_eq!(parse_date("H31.4.30").unwrap(), d(2019, 4, 30));
        assert_eq!(parse_date("平成31年4月30日").unwrap(), d(2019, 4, 30));
        assert_eq!(parse_date("S64.1.7").unwrap(), d(1989, 1, 7));
        assert_eq!(parse_date("平成元年1月8日").unwrap(), d(1989, 1, 8));
        assert_eq!(parse_date("大正元年7月30日").unwrap(), d(1912, 7, 30));
        assert_eq!(parse_date("T15.12.24").unwrap(), d(1926, 12, 24));
        assert_eq!(parse_date("明治45年7月29日").unwrap(), d(1912, 7, 29));
        assert_eq!(parse_date("M45.7.29").unwrap(), d(1912, 7, 29));
    }

    #[test]
    fn dates_after_an_era_ended_are_converted() {
        assert_eq!(parse_date("平成32年3月31日").unwrap(), d(2020, 3, 31));
        assert_eq!(parse_date("H31.5.1").unwrap(), d(2019, 5, 1));
        assert_eq!(parse_date("S65.1.1").unwrap(), d(1990, 1, 1));
    }

    #[test]
    fn dates_before_the_era_began_are_refused() {
        let p = parse_date("R1.4.30").unwrap_err();
        assert!(p.ja.contains("「R1.4.30」"), "{p}");
        assert!(p.ja.contains("令和元年5月1日"), "{p}");
        assert!(p.ja.contains("平成31年4月30日"), "{p}");
        assert!(
            p.en.contains("before the Reiwa era began (2019-05-01)"),
            "{p}"
        );
        assert!(parse_date("令和元年4月1日").is_err());
        assert!(parse_date("H1.1.7").is_err());
        assert!(parse_date("S1.12.24").is_err());
    }

    #[test]
    fn impossible_dates_are_refused_naming_the_value() {
        let p = parse_date("2024-02-30").unwrap_err();
        assert!(
            p.ja.contains("「2024-02-30」") && p.ja.contains("存在しません"),
            "{p}"
        );
        assert!(p.en.contains("2024-02-30 does not exist"), "{p}");
        assert!(parse_date("2023-02-29").is_err());
        assert_eq!(parse_date("2024-02-29").unwrap(), d(2024, 2, 29));
        assert!(parse_date("2024-13-01").is_err());
        let p = parse_date("R6.2.30").unwrap_err();
        assert!(p.ja.contains("2024年2月30日"), "{p}");
        let p = parse_date("R0.5.1").unwrap_err();
        assert!(p.ja.contains("元年"), "{p}");
    }

    #[test]
    fn unreadable_text_shows_accepted_forms() {
        for s in [
            "2024/4",
            "24/4/1",
            "2024-4/1",
            "2024/4/1/1",
            "令和6年4月",
            "R2024.4.1",
            "元年4月1日",
            "X6.4.1",
            "2024-04-01T09:00",
            "2024年4月1日0時",
            "今日",
            "2024/004/1",
        ] {
            let p = parse_date(s).unwrap_err();
            assert!(
                p.ja.contains("令和7年4月1日") || p.ja.contains("大きすぎ"),
                "{s}: {p}"
            );
        }
        let p = parse_date("いつか").unwrap_err();
        assert!(
            p.ja.contains("「いつか」") && p.en.contains("\"いつか\""),
            "{p}"
        );
        assert!(p.en.contains("R7.4.1"), "{p}");
        let p = parse_date("R100.4.1").unwrap_err();
        assert!(p.en.contains("Reiwa year is too large"), "{p}");
        assert_eq!(
            parse_date(" \u{3000}").unwrap_err().en,
            "The date is empty."
        );
    }

    proptest! {
        #[test]
        fn wareki_and_western_round_trip(days in 0i64..73_049) {
            // 1900-01-01 plus up to 200 years.
            let date = d(1900, 1, 1) + chrono::Duration::days(days);
            prop_assert_eq!(parse_date(&format_wareki(date)).unwrap(), date);
            prop_assert_eq!(parse_date(&format_western(date)).unwrap(), date);
        }

        #[test]
        fn arbitrary_text_never_panics(s in any::<String>()) {
            let _ = parse_date(&s);
        }

        #[test]
        fn date_like_text_never_panics(s in "[0-9０-９元年月日令和平成昭RHSrhs./／\\-ー ]{0,14}") {
            let _ = parse_date(&s);
        }
    }
}

/// The Japanese fiscal year (年度) a day falls in: April to the next March.
pub fn fiscal_year(day: NaiveDate) -> i32 {
    use chrono::Datelike;
    if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    }
}

/// A fiscal year as people write it: 令和8年度 (令和元年度 for the first year), from
/// the era its first day (1 April) falls in.
pub fn fiscal_year_label(year: i32) -> String {
    match NaiveDate::from_ymd_opt(year, 4, 1).and_then(era_of) {
        Some((era, 1)) => format!("{}元年度", era.name_ja()),
        Some((era, y)) => format!("{}{y}年度", era.name_ja()),
        None => format!("{year}年度"),
    }
}

#[cfg(test)]
mod fiscal_year_tests {
    use super::*;

    #[test]
    fn fiscal_years_are_named_by_the_era_of_their_first_day() {
        assert_eq!(fiscal_year_label(2026), "令和8年度");
        assert_eq!(fiscal_year_label(2025), "令和7年度");
        // 1 April 2019 was still 平成31年.
        assert_eq!(fiscal_year_label(2019), "平成31年度");
        assert_eq!(fiscal_year_label(2020), "令和2年度");
    }

    #[test]
    fn fiscal_year_turns_on_april_first() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default();
        assert_eq!(fiscal_year(d(2027, 3, 31)), 2026);
        assert_eq!(fiscal_year(d(2027, 4, 1)), 2027);
    }
}

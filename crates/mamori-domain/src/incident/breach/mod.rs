//! Whether a personal-data incident must be reported to the Personal Information
//! Protection Commission (PPC), and by when — for a local government body (行政機関等).
//!
//! Sources (see docs/decisions/028-incidents.md for the reading):
//! - 個人情報の保護に関する法律 第68条 (report, and notice to the persons) and its
//!   enforcement rules 第43条 (the grounds) and 第44条 (速報 and 確報).
//! - For My Number data, 番号法 第29条の4 and the PPC's rule on My Number breaches
//!   (第2条 grounds, 第3条 timing), with the PPC's guideline for public bodies, which
//!   asks them to report even a leak that meets no ground unless the data was
//!   protected.
//!
//! Counting, as the PPC's guidelines read the rules: the day the body knew — any of its
//! staff, in any department — is day 1; weekends and holidays count; a final day that
//! falls on a weekend, a national holiday or the year-end closure (29 Dec – 3 Jan)
//! moves to the next day the office is open. The 速報 is due "promptly", which the PPC
//! reads as roughly 3 to 5 days; the organization sets its own target within that.

use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc, Weekday};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::japan_time;

/// The facts a CSIRT records to assess a breach of personal data (保有個人情報).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facts {
    /// Personal data the body holds is (or may be) leaked, lost or damaged.
    pub personal_data: bool,
    /// 要配慮個人情報 is among it.
    pub sensitive: bool,
    /// Its misuse could cause property damage (財産的被害: card or account numbers …).
    pub financial: bool,
    /// It may have been done with an unauthorized purpose (不正の目的: an attack, theft,
    /// an insider taking data).
    pub wrongful_purpose: bool,
    /// 条例要配慮個人情報 (the ordinance's own sensitive categories) is among it.
    pub ordinance_sensitive: bool,
    /// How many persons (本人の数); `None` when not yet known.
    pub persons: Option<i64>,
    /// The data was protected by strong encryption or an equivalent measure, so the
    /// persons' rights are not at risk (高度な暗号化その他の措置).
    pub protected: bool,
    /// My Number data (特定個人情報) is among it: assessed under its own rule.
    pub my_number: bool,
    /// My Number data held in the information-provision network or the systems of My
    /// Number work (情報提供ネットワークシステム等).
    pub my_number_system: bool,
    /// My Number data was open to an unspecified number of people over a network.
    pub my_number_public: bool,
}

/// A ground that makes a report required.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Ground {
    Sensitive,
    Financial,
    WrongfulPurpose,
    OverHundred,
    OrdinanceSensitive,
    MyNumberSystem,
    MyNumberPublic,
}

impl Ground {
    pub fn label_ja(self) -> &'static str {
        match self {
            Ground::Sensitive => "要配慮個人情報が含まれる（規則第43条第1号）",
            Ground::Financial => "不正に利用されると財産的被害が生じるおそれがある（同第2号）",
            Ground::WrongfulPurpose => "不正の目的をもって行われたおそれがある（同第3号）",
            Ground::OverHundred => "本人の数が100人を超える（同第4号）",
            Ground::OrdinanceSensitive => "条例要配慮個人情報が含まれる（同第5号）",
            Ground::MyNumberSystem => "情報提供ネットワークシステム等の特定個人情報である",
            Ground::MyNumberPublic => "特定個人情報が不特定多数の者に閲覧されるおそれがあった",
        }
    }

    pub fn label_en(self) -> &'static str {
        match self {
            Ground::Sensitive => "Sensitive personal data is involved (rule art. 43 item 1)",
            Ground::Financial => "Its misuse could cause property damage (item 2)",
            Ground::WrongfulPurpose => {
                "It may have been done with an unauthorized purpose (item 3)"
            }
            Ground::OverHundred => "More than 100 persons are involved (item 4)",
            Ground::OrdinanceSensitive => {
                "The ordinance's sensitive personal data is involved (item 5)"
            }
            Ground::MyNumberSystem => {
                "My Number data of the information-provision network or My Number systems"
            }
            Ground::MyNumberPublic => {
                "My Number data could be viewed by an unspecified number of people"
            }
        }
    }
}

/// The assessment's answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// No personal data is involved.
    NoPersonalData,
    /// Protected by strong encryption or its equivalent: no report.
    Protected,
    /// Personal data, but none of the grounds: no report (keep the record).
    NoGround,
    /// A report to the PPC is required, on these grounds; `guideline_only` when only
    /// the PPC's guideline for My Number data at public bodies asks for it.
    Required {
        grounds: Vec<Ground>,
        guideline_only: bool,
    },
}

impl Outcome {
    pub fn is_required(&self) -> bool {
        matches!(self, Outcome::Required { .. })
    }

    /// The answer with its reasons, in words a CISO can sign.
    pub fn reasons(&self) -> Problem {
        match self {
            Outcome::NoPersonalData => Problem::new(
                "保有個人情報の漏えい等ではないため、個人情報保護委員会への報告は不要です。",
                "No personal data held by the body is involved: no report to the PPC is required.",
            ),
            Outcome::Protected => Problem::new(
                "漏えい等した情報は高度な暗号化その他の個人の権利利益を保護するために必要な措置が講じられていたため、報告対象事態に当たらず、報告は不要です（規則第43条第1号括弧書き）。",
                "The data was protected by strong encryption or an equivalent measure, so it is not a reportable event and no report is required (rule art. 43 item 1).",
            ),
            Outcome::NoGround => Problem::new(
                "保有個人情報の漏えい等ですが、規則第43条各号のいずれにも当たらないため、報告は不要です。記録を残し、再発防止を行ってください。",
                "Personal data is involved, but none of the grounds of rule art. 43 applies: no report is required. Keep the record and prevent recurrence.",
            ),
            Outcome::Required {
                grounds,
                guideline_only,
            } => {
                let (ja, en): (Vec<_>, Vec<_>) =
                    grounds.iter().map(|g| (g.label_ja(), g.label_en())).unzip();
                if *guideline_only {
                    Problem::new(
                        "特定個人情報の漏えい等です。報告対象事態には当たりませんが、行政機関等は個人情報保護委員会に報告するものとされています（特定個人情報の適正な取扱いに関するガイドライン（行政機関等編））。",
                        "My Number data is involved. It meets no reporting ground, but the PPC's guideline asks public bodies to report it all the same.",
                    )
                } else {
                    Problem::new(
                        format!(
                            "個人情報保護委員会への報告と本人への通知が必要です（法第68条）。該当: {}",
                            ja.join("、")
                        ),
                        format!(
                            "A report to the PPC and notice to the persons are required (Act art. 68). Grounds: {}",
                            en.join("; ")
                        ),
                    )
                }
            }
        }
    }
}

/// Assesses the facts.
pub fn assess(f: &Facts) -> Outcome {
    if !f.personal_data && !f.my_number {
        return Outcome::NoPersonalData;
    }
    if f.protected {
        return Outcome::Protected;
    }
    let over_hundred = f.persons.is_some_and(|n| n > 100);
    let mut grounds = Vec::new();
    let mut push = |on: bool, g: Ground| {
        if on {
            grounds.push(g);
        }
    };
    push(f.sensitive, Ground::Sensitive);
    push(f.financial, Ground::Financial);
    push(f.wrongful_purpose, Ground::WrongfulPurpose);
    push(over_hundred, Ground::OverHundred);
    push(f.ordinance_sensitive, Ground::OrdinanceSensitive);
    if f.my_number {
        push(f.my_number_system, Ground::MyNumberSystem);
        push(f.my_number_public, Ground::MyNumberPublic);
    }
    match (grounds.is_empty(), f.my_number) {
        (false, _) => Outcome::Required {
            grounds,
            guideline_only: false,
        },
        (true, true) => Outcome::Required {
            grounds,
            guideline_only: true,
        },
        (true, false) => Outcome::NoGround,
    }
}

/// The facts a user typed that cannot stand together, by field.
pub fn check_facts(f: &Facts) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if let Some(n) = f.persons
        && n < 1
    {
        out.push((
            "persons",
            Problem::new(
                "本人の数は 1 以上で入力してください（分からなければ空欄）。",
                "The number of persons is at least 1 (leave it empty when unknown).",
            ),
        ));
    }
    let any_detail = f.sensitive || f.financial || f.ordinance_sensitive || f.persons.is_some();
    if !f.personal_data && !f.my_number && any_detail {
        out.push((
            "personal_data",
            Problem::new(
                "個人情報の項目を選ぶときは「保有個人情報の漏えい等である（おそれを含む）」にも印を付けてください。",
                "Tick \"personal data held by the body is involved\" as well when giving its details.",
            ),
        ));
    }
    if !f.my_number && (f.my_number_system || f.my_number_public) {
        out.push((
            "my_number",
            Problem::new(
                "特定個人情報の項目を選ぶときは「特定個人情報が含まれる」にも印を付けてください。",
                "Tick \"My Number data is involved\" as well when giving its details.",
            ),
        ));
    }
    out
}

crate::labelled::labelled_enum! {
    /// Why the persons are not told one by one (法第68条第2項 ただし書): it is difficult
    /// and an alternative measure is taken (publication, an inquiry desk), or the data
    /// is information the body would not disclose (不開示情報, not for My Number data).
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum NoticeException {
        Difficult => ("difficult", "通知が困難なため代替措置をとる", "Notice is difficult: an alternative measure is taken", ["困難", "代替措置"]),
        NonDisclosable => ("non_disclosable", "不開示情報に当たる", "The data is non-disclosable information", ["不開示情報"]),
    }

    fn parse {
        unknown: choices("通知しない理由", "a reason not to notify"),
    }
}

/// Checks what is recorded of the notice to the persons: `(field, problem)` each.
pub fn check_notice(
    exception: Option<NoticeException>,
    alternative: &str,
    my_number: bool,
    notified: Option<i64>,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    match exception {
        Some(NoticeException::Difficult) if alternative.trim().is_empty() => out.push((
            "alternative",
            Problem::new(
                "通知が困難な場合は、代替措置（公表、問合せ窓口の設置など）を記録してください。",
                "When notice is difficult, record the alternative measure (publication, an inquiry desk …).",
            ),
        )),
        Some(NoticeException::NonDisclosable) if my_number => out.push((
            "exception",
            Problem::new(
                "特定個人情報には不開示情報による例外はありません。",
                "My Number data has no non-disclosable exception.",
            ),
        )),
        _ => {}
    }
    if notified.is_some_and(|n| n < 0) {
        out.push((
            "notified",
            Problem::new(
                "通知した人数は 0 以上です。",
                "The number notified is 0 or more.",
            ),
        ));
    }
    out
}

/// When the reports are due, as dates in Japan.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deadlines {
    /// The organization's target for the 速報 (the rule says "promptly").
    pub preliminary: NaiveDate,
    /// The 確報: 30 days, or 60 with an unauthorized purpose, day 1 being the day of
    /// knowing, moved past a closed day.
    pub final_report: NaiveDate,
}

/// The PPC's reading of "promptly", the end of its range: the default target.
pub const DEFAULT_PRELIMINARY_DAYS: u32 = 3;

/// The dates from the moment the body knew.
pub fn deadlines(
    known_at: DateTime<Utc>,
    wrongful_purpose: bool,
    preliminary_days: u32,
) -> Deadlines {
    let day1 = japan_time::date(known_at);
    let nth = |n: u32| day1 + Duration::days(i64::from(n.max(1)) - 1);
    let mut last = nth(if wrongful_purpose { 60 } else { 30 });
    while office_closed(last) {
        last += Duration::days(1);
    }
    Deadlines {
        preliminary: nth(preliminary_days),
        final_report: last,
    }
}

/// Days left until a due date (negative when overdue), from today in Japan.
pub fn days_left(due: NaiveDate, now: DateTime<Utc>) -> i64 {
    (due - japan_time::date(now)).num_days()
}

/// A day the offices of a Japanese public body are closed (行政機関の休日): Saturday,
/// Sunday, a national holiday, or the year-end closure from 29 December to 3 January.
pub fn office_closed(d: NaiveDate) -> bool {
    matches!(d.weekday(), Weekday::Sat | Weekday::Sun)
        || (d.month() == 12 && d.day() >= 29)
        || (d.month() == 1 && d.day() <= 3)
        || is_national_holiday(d)
}

/// A national holiday under the 国民の祝日に関する法律 as it stands since 2020 (the
/// Emperor's Birthday on 23 February, Sports Day): the fixed days, the Mondays, the
/// equinoxes by the usual formula (valid to 2099), a substitute holiday after one
/// that falls on a Sunday, and a day between two holidays. Years before 2022 (when the
/// Olympics moved days) are outside its use: deadlines are computed from now on.
pub fn is_national_holiday(d: NaiveDate) -> bool {
    if named_holiday(d) {
        return true;
    }
    // 振替休日: the first day after a Sunday holiday that is not itself a holiday.
    let mut back = d - Duration::days(1);
    while named_holiday(back) {
        if back.weekday() == Weekday::Sun {
            return true;
        }
        back -= Duration::days(1);
    }
    // 国民の休日: a weekday between two holidays.
    d.weekday() != Weekday::Sun
        && named_holiday(d - Duration::days(1))
        && named_holiday(d + Duration::days(1))
}

fn named_holiday(d: NaiveDate) -> bool {
    let (m, day) = (d.month(), d.day());
    let nth_monday = |n: u32| d.weekday() == Weekday::Mon && (day - 1) / 7 + 1 == n;
    match m {
        1 => day == 1 || nth_monday(2),
        2 => day == 11 || day == 23,
        3 => day == equinox(d.year(), 20.8431),
        4 => day == 29,
        5 => (3..=5).contains(&day),
        7 => nth_monday(3),
        8 => day == 11,
        9 => nth_monday(3) || day == equinox(d.year(), 23.2488),
        10 => nth_monday(2),
        11 => day == 3 || day == 23,
        _ => false,
    }
}

/// The day of the vernal (base 20.8431) or autumnal (23.2488) equinox, 1980–2099.
fn equinox(year: i32, base: f64) -> u32 {
    let y = f64::from(year - 1980);
    (base + 0.242194 * y - (y / 4.0).floor()) as u32
}

#[cfg(test)]
mod tests;

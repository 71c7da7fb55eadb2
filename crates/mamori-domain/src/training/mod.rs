//! Training and drills (研修・訓練, the policy's §8 human security): courses with whom
//! they bind and how often, where each person stands (done, due, overdue), quizzes
//! scored question by question, and the results of targeted-mail drills.
//!
//! Where someone stands is worked out from the staff register, the roles held and the
//! completions recorded, on the day asked; nothing about it is stored, so a new hire
//! or a new CSIRT member is due from their first day without anyone adding them.

pub mod phishing;
pub mod quiz;

use chrono::{Datelike, Duration, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::labelled::labelled_enum;
use crate::policy::ack;
use crate::role::Role;
use crate::staff::StaffCategory;

labelled_enum! {
    /// How often a person must take a course.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Frequency {
        Annual => ("annual", "毎年度", "Every fiscal year", ["年1回", "毎年"]),
        OnHire => ("on_hire", "採用時", "On hire", ["新規採用時"]),
        OnRole => ("on_role", "役割に就いたとき", "On taking a role", ["任命時"]),
        Once => ("once", "1回", "Once"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("受講の頻度が入力されていません。", "The frequency is empty."),
        unknown: choices("受講の頻度", "a frequency"),
    }
}

labelled_enum! {
    /// What a course is, as the MIC guideline lists the training a body holds.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CourseKind {
        AllStaff => ("all_staff", "全職員研修", "All-staff training"),
        NewHire => ("new_hire", "新規採用職員研修", "New-hire training"),
        Managers => ("managers", "管理職研修", "Managers' training"),
        Csirt => ("csirt", "CISO・CSIRT訓練", "CISO and CSIRT exercise"),
        Phishing => ("phishing", "標的型メール訓練", "Targeted-mail drill"),
        Contractors => ("contractors", "委託事業者向け研修", "Training for contractors' staff"),
        ItStaff => ("it_staff", "情報システム担当者研修", "Training for IT staff"),
        Other => ("other", "その他の研修", "Other training"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("研修の種類が入力されていません。", "The kind of training is empty."),
        unknown: choices("研修の種類", "a kind of training"),
    }
}

labelled_enum! {
    /// How a session is held.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum SessionMode {
        Classroom => ("classroom", "集合研修", "In person"),
        ELearning => ("e_learning", "eラーニング", "E-learning", ["e-learning", "Eラーニング"]),
        Exercise => ("exercise", "訓練・演習", "Exercise"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("実施方法が入力されていません。", "The way it is held is empty."),
        unknown: choices("実施方法", "a way of holding it"),
    }
}

labelled_enum! {
    /// How a completion came to be recorded.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum CompletionSource {
        Trainer => ("trainer", "講師が記録", "Recorded by the trainer"),
        Import => ("import", "出席簿の取込", "Imported attendance"),
        SelfReported => ("self", "本人が受講完了", "Completed by the person"),
        Quiz => ("quiz", "確認テスト合格", "Passed the quiz"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("記録の方法が入力されていません。", "The source is empty."),
        unknown: choices("記録の方法", "a source"),
    }
}

/// Whom a course binds: a rule over the staff register (categories, departments,
/// contractors, as for acknowledgements) and, when `roles` is not empty, only those
/// holding one of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    #[serde(flatten)]
    pub staff: ack::Audience,
    #[serde(default)]
    pub roles: Vec<Role>,
}

impl Audience {
    /// Whether a person of `category`, in a department whose chain from the top is
    /// `chain`, holding `held`, is bound.
    pub fn includes(&self, category: StaffCategory, chain: &[uuid::Uuid], held: &[Role]) -> bool {
        self.staff.includes(category, chain)
            && (self.roles.is_empty() || self.roles.iter().any(|r| held.contains(r)))
    }
}

/// The first day of the fiscal year (April–March) that `day` falls in.
pub fn fiscal_year_start(day: NaiveDate) -> NaiveDate {
    let year = if day.month() >= 4 {
        day.year()
    } else {
        day.year() - 1
    };
    NaiveDate::from_ymd_opt(year, 4, 1).unwrap_or(day)
}

/// The last day of the fiscal year `day` falls in (31 March).
pub fn fiscal_year_end(day: NaiveDate) -> NaiveDate {
    let start = fiscal_year_start(day);
    NaiveDate::from_ymd_opt(start.year() + 1, 3, 31).unwrap_or(day)
}

/// The fiscal year as people name it: the calendar year it starts in.
pub fn fiscal_year(day: NaiveDate) -> i32 {
    fiscal_year_start(day).year()
}

/// What a course asks of those it binds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Obligation {
    pub frequency: Frequency,
    /// Days a newly bound person has (new hire, new role).
    pub grace_days: i32,
    /// The day the course began to bind: a new-hire course binds those hired from
    /// then on, not every long-serving member of staff.
    pub applies_from: NaiveDate,
    /// This fiscal year's deadline for an annual course (the end of its last
    /// session, or the fiscal year's end when none is planned).
    pub year_deadline: NaiveDate,
}

/// Where one person stands on one course.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum Standing {
    Done { on: NaiveDate },
    Due { by: NaiveDate },
    Overdue { by: NaiveDate },
}

impl Standing {
    pub fn is_done(self) -> bool {
        matches!(self, Standing::Done { .. })
    }

    pub fn is_overdue(self) -> bool {
        matches!(self, Standing::Overdue { .. })
    }

    pub fn code(self) -> &'static str {
        match self {
            Standing::Done { .. } => "done",
            Standing::Due { .. } => "due",
            Standing::Overdue { .. } => "overdue",
        }
    }
}

/// Where a person stands, or `None` when the course does not bind them (yet).
///
/// `hired` is their first day; `role_since` the day they took the earliest-held of
/// the course's roles (for a course bound to roles); `last` their latest completion.
pub fn standing(
    o: &Obligation,
    hired: Option<NaiveDate>,
    role_since: Option<NaiveDate>,
    last: Option<NaiveDate>,
    today: NaiveDate,
) -> Option<Standing> {
    let grace = Duration::days(i64::from(o.grace_days.max(0)));
    let (done, due_by) = match o.frequency {
        Frequency::Annual => {
            let fy = fiscal_year_start(today);
            let since = hired.max(role_since).filter(|s| *s > fy);
            let by = since.map_or(o.year_deadline, |s| o.year_deadline.max(s + grace));
            (last.filter(|l| *l >= fy), by)
        }
        Frequency::OnHire => {
            // Those hired before the course began were trained under whatever came
            // before it.
            let h = hired.filter(|h| *h >= o.applies_from)?;
            (last.filter(|l| *l >= h), h + grace)
        }
        Frequency::OnRole => {
            let r = role_since?;
            (last.filter(|l| *l >= r), r.max(o.applies_from) + grace)
        }
        Frequency::Once => (
            last,
            hired.max(Some(o.applies_from)).unwrap_or(today) + grace,
        ),
    };
    Some(match done {
        Some(on) => Standing::Done { on },
        None if today > due_by => Standing::Overdue { by: due_by },
        None => Standing::Due { by: due_by },
    })
}

/// Whether a person is reminded today: 14, 7 and 1 days before their due date, the
/// day after it passes, and every week after that. Reminders follow from the date
/// alone, so the job keeps no record of whom it told.
pub fn reminder_day(standing: Standing, today: NaiveDate) -> bool {
    match standing {
        Standing::Done { .. } => false,
        Standing::Due { by } => matches!((by - today).num_days(), 14 | 7 | 1),
        Standing::Overdue { by } => (today - by).num_days() % 7 == 1,
    }
}

/// A course as written, checked: its title, the days allowed, the pass mark and the
/// attempts. Problems are by field.
pub fn check_course(
    title: &str,
    grace_days: i32,
    pass_percent: i32,
    max_attempts: i32,
) -> Result<(), Vec<(&'static str, Problem)>> {
    let mut errs = Vec::new();
    let t = title.trim();
    if t.is_empty() || t.chars().count() > 200 {
        errs.push((
            "title",
            Problem::new(
                "研修名を200文字以内で入力してください。",
                "Enter a title of up to 200 characters.",
            ),
        ));
    }
    if !(1..=730).contains(&grace_days) {
        errs.push((
            "grace_days",
            Problem::new(
                "受講期限の日数は1〜730日で入力してください。",
                "Allow 1 to 730 days.",
            ),
        ));
    }
    if !(0..=100).contains(&pass_percent) {
        errs.push((
            "pass_percent",
            Problem::new(
                "合格点は0〜100（%）で入力してください。",
                "The pass mark is 0 to 100 (%).",
            ),
        ));
    }
    if !(0..=20).contains(&max_attempts) {
        errs.push((
            "max_attempts",
            Problem::new(
                "受験回数の上限は0〜20で入力してください（0は無制限）。",
                "Allow 0 to 20 attempts (0: no limit).",
            ),
        ));
    }
    if errs.is_empty() { Ok(()) } else { Err(errs) }
}

/// A session's dates, checked: it has a day, and an e-learning window does not end
/// before it opens.
pub fn check_session(
    held_on: Option<NaiveDate>,
    until: Option<NaiveDate>,
) -> Result<NaiveDate, Vec<(&'static str, Problem)>> {
    match (held_on, until) {
        (None, _) => Err(vec![(
            "held_on",
            Problem::new("実施日を入力してください。", "Enter the day it is held."),
        )]),
        (Some(h), Some(u)) if u < h => Err(vec![(
            "until",
            Problem::new(
                "終了日が実施日より前です。",
                "The last day is before the first.",
            ),
        )]),
        (Some(h), _) => Ok(h),
    }
}

/// The code a course is known by (TRN-001).
pub fn course_code(number: i32) -> String {
    format!("TRN-{number:03}")
}

/// The code a session is known by, as attendance sheets name it (S-0001).
pub fn session_code(number: i32) -> String {
    format!("S-{number:04}")
}

/// Reads a session reference as a sheet writes it: `S-0012`, `s12`, `12`, full-width
/// digits too.
pub fn parse_session_code(s: &str) -> Option<i32> {
    let folded = crate::text::fold_width(s.trim()).to_ascii_uppercase();
    let digits = folded
        .strip_prefix("S-")
        .or(folded.strip_prefix('S'))
        .unwrap_or(&folded);
    digits.trim().parse::<i32>().ok().filter(|n| *n > 0)
}

#[cfg(test)]
mod tests;

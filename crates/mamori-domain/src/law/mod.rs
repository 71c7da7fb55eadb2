//! Laws and obligations (法令等の遵守, policy §10): the laws, ordinances and rules that
//! bind the organization's handling of information, each with its obligations (the
//! article and the duty in plain words), the department that owns it, when it was last
//! reviewed and is next due, and its amendments.
//!
//! An obligation is met by policy sections and controls, named as an exception names
//! its rule ([`RuleRef`]); an obligation nothing meets is what an auditor asks about
//! first. An amendment opens a review of its law: the law stands as "amendment to
//! review" until someone records the review. Where a law stands ([`review_status`]) is
//! worked out from those records and the day, never stored.

pub mod standard;

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
pub use crate::exception::RuleRef;
use crate::labelled::labelled_enum;
use crate::wareki::format_western;

labelled_enum! {
    /// What kind of rule a law of the register is.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Kind {
        Law => ("law", "法律", "Act"),
        CabinetOrder => ("cabinet_order", "政令", "Cabinet order"),
        MinisterialOrdinance => ("ministerial_ordinance", "府省令・委員会規則", "Ministerial ordinance", ["省令"]),
        Ordinance => ("ordinance", "条例", "Ordinance"),
        /// The organization's own 規則 (made by its head).
        Regulation => ("regulation", "規則", "Regulation"),
        InternalRule => ("internal_rule", "要綱・訓令・内部規程", "Internal rule", ["要綱", "訓令", "内部規程"]),
        Guideline => ("guideline", "ガイドライン・指針", "Guideline", ["ガイドライン", "指針"]),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("種別が入力されていません。", "The kind is empty."),
        unknown: choices("法令等の種別", "a kind of law"),
    }
}

labelled_enum! {
    /// Where a law stands on a day, as to its review.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum Review {
        Current => ("current", "見直し済み", "Reviewed"),
        /// The next review is within [`DUE_SOON_DAYS`].
        DueSoon => ("due_soon", "見直し期限間近", "Review due soon"),
        Overdue => ("overdue", "見直し期限切れ", "Review overdue"),
        /// An amendment was recorded and has not been reviewed yet.
        Amended => ("amended", "改正の確認待ち", "Amendment to review"),
        Unscheduled => ("unscheduled", "見直し日未設定", "No review date"),
        /// No longer in force; kept for the record.
        Repealed => ("repealed", "廃止", "Repealed"),
    }

    /// Accepts the code or either label.
    fn parse {
        empty: ("見直しの状況が入力されていません。", "The review status is empty."),
        unknown: choices("見直しの状況", "a review status"),
    }
}

impl Review {
    /// Whether the law is owed a review now: the compliance view lists these.
    pub fn wants_review(self) -> bool {
        matches!(
            self,
            Review::Overdue | Review::Amended | Review::Unscheduled
        )
    }
}

/// Days before the next review from which a law shows as due soon.
pub const DUE_SOON_DAYS: i64 = 30;

/// Days before the next review on which the owning department is reminded (and the day
/// after, when it is overdue).
pub const REMIND_DAYS: [u32; 2] = [30, 0];

/// Where a law stands on `today`. An open amendment outranks the calendar: the law has
/// changed, whatever the date of the next review.
pub fn review_status(
    repealed: bool,
    open_amendments: bool,
    next_review: Option<NaiveDate>,
    today: NaiveDate,
) -> Review {
    if repealed {
        return Review::Repealed;
    }
    if open_amendments {
        return Review::Amended;
    }
    match next_review {
        None => Review::Unscheduled,
        Some(d) if today > d => Review::Overdue,
        Some(d) if (d - today).num_days() <= DUE_SOON_DAYS => Review::DueSoon,
        Some(_) => Review::Current,
    }
}

/// The next review after one on `reviewed`, `months` later (the last day of the month
/// when that month is shorter).
pub fn next_review(reviewed: NaiveDate, months: u32) -> NaiveDate {
    reviewed
        .checked_add_months(Months::new(months))
        .unwrap_or(NaiveDate::MAX)
}

/// Checks a law as entered: a title, and a review cycle of 1 to 60 months.
pub fn check_law(title: &str, review_months: u32) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if title.trim().is_empty() {
        out.push((
            "title",
            Problem::new("法令等の名称を入力してください。", "Give the law's title."),
        ));
    }
    if !(1..=60).contains(&review_months) {
        out.push((
            "review_months",
            Problem::new(
                "見直しの周期は 1 か月から 60 か月の間で指定してください。",
                "The review cycle must be between 1 and 60 months.",
            ),
        ));
    }
    out
}

/// Checks an obligation as entered: the article and the duty.
pub fn check_obligation(article: &str, duty: &str) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if article.trim().is_empty() {
        out.push((
            "article",
            Problem::new(
                "条項を入力してください（例: 第66条）。",
                "Give the article (e.g. Article 66).",
            ),
        ));
    }
    if duty.trim().is_empty() {
        out.push((
            "duty",
            Problem::new(
                "義務の内容を入力してください。",
                "Say what the obligation requires.",
            ),
        ));
    }
    out
}

/// Checks an amendment as entered: when it was promulgated, what it changes, and an
/// effective date (if given) not before the promulgation.
pub fn check_amendment(
    promulgated: Option<NaiveDate>,
    effective: Option<NaiveDate>,
    summary: &str,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if promulgated.is_none() {
        out.push((
            "promulgated_on",
            Problem::new(
                "公布日を入力してください。",
                "Give the day the amendment was promulgated.",
            ),
        ));
    }
    if summary.trim().is_empty() {
        out.push((
            "summary",
            Problem::new(
                "改正の内容を入力してください。",
                "Say what the amendment changes.",
            ),
        ));
    }
    if let (Some(p), Some(e)) = (promulgated, effective)
        && e < p
    {
        let (p, e) = (format_western(p), format_western(e));
        out.push((
            "effective_on",
            Problem::new(
                format!("施行日（{e}）が公布日（{p}）より前になっています。"),
                format!("The effective day ({e}) is before the promulgation ({p})."),
            ),
        ));
    }
    out
}

/// Checks a review as recorded: its day (not after `today`) and what was found.
pub fn check_review(
    reviewed_on: Option<NaiveDate>,
    finding: &str,
    today: NaiveDate,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    match reviewed_on {
        None => out.push((
            "reviewed_on",
            Problem::new(
                "見直しを行った日を入力してください。",
                "Give the day of the review.",
            ),
        )),
        Some(d) if d > today => out.push((
            "reviewed_on",
            Problem::new(
                format!("見直しの日（{}）が未来になっています。", format_western(d)),
                format!(
                    "The day of the review ({}) is in the future.",
                    format_western(d)
                ),
            ),
        )),
        Some(_) => {}
    }
    if finding.trim().is_empty() {
        out.push((
            "finding",
            Problem::new(
                "見直しの結果（対応が必要な事項、または変更なし）を入力してください。",
                "Say what the review found (what must change, or that nothing does).",
            ),
        ));
    }
    out
}

/// A law's number as people write it: `LAW-0007`.
pub fn code(number: i32) -> String {
    format!("LAW-{number:04}")
}

/// Reads `LAW-0007` (any case, full width folded) back to its number.
pub fn parse_code(s: &str) -> Option<i32> {
    let s = crate::text::fold_width(s);
    crate::exception::numbered(s.trim(), "LAW-")?.parse().ok()
}

#[cfg(test)]
mod tests;

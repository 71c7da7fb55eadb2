//! Acknowledgement of a policy version by those it binds (the policy's §5: every staff
//! member complies, without exception). A campaign names who must confirm — everyone,
//! or some categories of staff and some departments, contractors' staff only when it
//! says so — and by when. The audience is a rule over the staff register, read when it
//! is needed, so someone hired after the campaign began is in it from their first day,
//! with their own time to confirm.

use chrono::{Duration, NaiveDate};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::Problem;
use crate::staff::StaffCategory;

/// Who must acknowledge.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Audience {
    /// Empty: every category of staff (contractors' staff only with `contractors`).
    #[serde(default)]
    pub categories: Vec<StaffCategory>,
    /// Empty: every department; otherwise these and the departments under them.
    #[serde(default)]
    pub departments: Vec<Uuid>,
    /// Contractors' staff (委託事業者) who handle the organization's assets.
    #[serde(default)]
    pub contractors: bool,
}

impl Audience {
    /// Whether a person of `category`, in a department whose chain from the top is
    /// `chain` (their own last), is bound.
    pub fn includes(&self, category: StaffCategory, chain: &[Uuid]) -> bool {
        let by_category = if self.categories.is_empty() {
            category != StaffCategory::Contractor || self.contractors
        } else {
            self.categories.contains(&category)
                || (category == StaffCategory::Contractor && self.contractors)
        };
        let by_department =
            self.departments.is_empty() || chain.iter().any(|d| self.departments.contains(d));
        by_category && by_department
    }

    pub fn is_everyone(&self) -> bool {
        self.categories.is_empty() && self.departments.is_empty()
    }
}

/// How long a new hire has to confirm unless the campaign says otherwise.
pub const DEFAULT_NEW_HIRE_DAYS: i32 = 30;
/// How often reminders go out unless the campaign says otherwise.
pub const DEFAULT_REMIND_DAYS: i32 = 7;

/// The day a person must have confirmed by: the campaign's, or for someone who
/// started after the campaign began, `new_hire_days` after their first day if later.
pub fn due_for(
    campaign_start: NaiveDate,
    due_on: NaiveDate,
    new_hire_days: i32,
    start_date: Option<NaiveDate>,
) -> NaiveDate {
    match start_date {
        Some(s) if s > campaign_start => due_on.max(s + Duration::days(i64::from(new_hire_days))),
        _ => due_on,
    }
}

/// Whether reminders are due today: never with an interval of 0; otherwise when none
/// was sent yet or the last is `every` days old.
pub fn reminder_due(last: Option<NaiveDate>, every: i32, today: NaiveDate) -> bool {
    every > 0 && last.is_none_or(|l| (today - l).num_days() >= i64::from(every))
}

/// A campaign's dates and intervals, checked. Problems are by field.
pub fn check_campaign(
    due_on: Option<NaiveDate>,
    remind_every_days: i32,
    new_hire_days: i32,
    today: NaiveDate,
) -> Result<NaiveDate, Vec<(&'static str, Problem)>> {
    let mut errs = Vec::new();
    match due_on {
        None => errs.push((
            "due_on",
            Problem::new("期限を入力してください。", "Enter the date it is due."),
        )),
        Some(d) if d < today => errs.push((
            "due_on",
            Problem::new("期限が過去の日付です。", "The due date has passed."),
        )),
        Some(_) => {}
    }
    if !(0..=90).contains(&remind_every_days) {
        errs.push((
            "remind_every_days",
            Problem::new(
                "督促の間隔は0〜90日で入力してください（0は督促しない）。",
                "Remind every 0 to 90 days (0: no reminders).",
            ),
        ));
    }
    if !(1..=365).contains(&new_hire_days) {
        errs.push((
            "new_hire_days",
            Problem::new(
                "新規採用者の期限は1〜365日で入力してください。",
                "Give new hires 1 to 365 days.",
            ),
        ));
    }
    match due_on {
        Some(d) if errs.is_empty() => Ok(d),
        _ => Err(errs),
    }
}

/// Counts of one group (a department, a category, or everyone).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tally {
    pub required: u32,
    pub done: u32,
    /// Not done and past their own due date.
    pub overdue: u32,
}

impl Tally {
    pub fn add(&mut self, done: bool, overdue: bool) {
        self.required += 1;
        self.done += u32::from(done);
        self.overdue += u32::from(!done && overdue);
    }

    /// Done as a whole percentage, rounded down (100 only when everyone is done); 100
    /// for an empty group, which owes nothing.
    pub fn percent(&self) -> u32 {
        (self.done * 100).checked_div(self.required).unwrap_or(100)
    }

    pub fn pending(&self) -> u32 {
        self.required - self.done
    }
}

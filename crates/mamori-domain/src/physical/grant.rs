//! Who may enter an area unescorted: grants to a person or to a role, each with a
//! reason and a validity period, and the periodic review in which the area's manager
//! confirms or removes each name. A grant not confirmed in a review lapses when the
//! review closes or passes its due day; nothing about lapsing is stored.

use chrono::{Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::error::Problem;

/// The most a grant may run for: access is re-granted, not kept open.
pub const MAX_YEARS: u32 = 5;

/// A grant's dates, as stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GrantDates {
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// The day it was granted (its place against reviews).
    pub granted_on: NaiveDate,
    /// The last day a review confirmed it.
    pub confirmed_on: Option<NaiveDate>,
    pub removed_on: Option<NaiveDate>,
}

/// A review of an area's list: opened on a day, due by another, perhaps closed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Review {
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
}

impl Review {
    /// Whether the review is over: closed, or past its due day.
    pub fn is_over(&self, today: NaiveDate) -> bool {
        self.closed_on.is_some() || self.due_on < today
    }
}

/// Where a grant stands on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Standing {
    Active,
    /// Awaiting the manager's confirmation in the review under way.
    Unconfirmed,
    NotYet,
    Expired,
    /// Not confirmed in a review that is over.
    Lapsed,
    Removed,
}

impl Standing {
    /// Whether the person may enter unescorted.
    pub fn admits(self) -> bool {
        matches!(self, Standing::Active | Standing::Unconfirmed)
    }

    pub fn code(self) -> &'static str {
        match self {
            Standing::Active => "active",
            Standing::Unconfirmed => "unconfirmed",
            Standing::NotYet => "not_yet",
            Standing::Expired => "expired",
            Standing::Lapsed => "lapsed",
            Standing::Removed => "removed",
        }
    }

    pub fn label(self, lang: &str) -> &'static str {
        let (ja, en) = match self {
            Standing::Active => ("有効", "Active"),
            Standing::Unconfirmed => ("見直し中（未確認）", "Awaiting review"),
            Standing::NotYet => ("開始前", "Not yet valid"),
            Standing::Expired => ("期限切れ", "Expired"),
            Standing::Lapsed => (
                "見直しで未確認のため失効",
                "Lapsed (not confirmed in review)",
            ),
            Standing::Removed => ("取消し", "Removed"),
        };
        if lang == "en" { en } else { ja }
    }
}

/// Where a grant stands on `today`, given the area's latest review (if any).
pub fn standing(g: &GrantDates, review: Option<&Review>, today: NaiveDate) -> Standing {
    if g.removed_on.is_some_and(|d| d <= today) {
        return Standing::Removed;
    }
    if today < g.valid_from {
        return Standing::NotYet;
    }
    if today > g.valid_to {
        return Standing::Expired;
    }
    if let Some(r) = review
        && needs_confirming(g, r)
    {
        return if r.is_over(today) {
            Standing::Lapsed
        } else {
            Standing::Unconfirmed
        };
    }
    Standing::Active
}

/// Whether a review asks about this grant and it has not been confirmed in it: it
/// was granted before the review opened and not confirmed since.
pub fn needs_confirming(g: &GrantDates, r: &Review) -> bool {
    g.granted_on < r.opened_on && g.confirmed_on.is_none_or(|c| c < r.opened_on)
}

/// Whether the grant admitted its holder on `day` (for an entry of that day), as
/// far as its dates go; a review lapses it from the day the review is over.
pub fn admitted_on(g: &GrantDates, review: Option<&Review>, day: NaiveDate) -> bool {
    if g.removed_on.is_some_and(|d| d <= day) || day < g.valid_from || day > g.valid_to {
        return false;
    }
    match review {
        Some(r) if needs_confirming(g, r) => {
            let over_from = r.closed_on.unwrap_or(r.due_on + chrono::Duration::days(1));
            day < over_from
        }
        _ => true,
    }
}

/// Checks a grant as entered: a reason, and a validity period that ends, no earlier
/// than it starts and no longer than [`MAX_YEARS`].
pub fn check_grant(
    reason: &str,
    valid_from: NaiveDate,
    valid_to: NaiveDate,
) -> Vec<(&'static str, Problem)> {
    let mut out = Vec::new();
    if reason.trim().is_empty() {
        out.push((
            "reason",
            Problem::new(
                "許可の理由を入力してください。",
                "Give the reason for the grant.",
            ),
        ));
    }
    if valid_to < valid_from {
        out.push((
            "valid_to",
            Problem::new(
                "有効期限が開始日より前になっています。",
                "The grant ends before it starts.",
            ),
        ));
    } else if valid_from
        .checked_add_months(Months::new(12 * MAX_YEARS))
        .is_some_and(|limit| valid_to > limit)
    {
        out.push((
            "valid_to",
            Problem::new(
                format!("有効期間は {MAX_YEARS} 年以内にしてください。"),
                format!("A grant runs for at most {MAX_YEARS} years."),
            ),
        ));
    }
    out
}

/// Whether an area's list is due for review: its last review opened more than
/// `months` ago (or never, counting from when the area was set up).
pub fn review_due(
    last_opened: Option<NaiveDate>,
    set_up: NaiveDate,
    months: u32,
    today: NaiveDate,
) -> bool {
    let since = last_opened.unwrap_or(set_up);
    since
        .checked_add_months(Months::new(months))
        .is_some_and(|d| d <= today)
}

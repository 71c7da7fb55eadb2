//! Date ranges with open ends: a staff member's employment, a role's term, a
//! department's validity. One type so "is it in force on this day" is decided the same
//! way everywhere.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::wareki::format_western;

/// From one day to another, both included; `None` leaves that end open.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Period {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl Period {
    /// Refuses an end before the start. A period of one day (`from == to`) is allowed.
    pub fn new(from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Self, Problem> {
        if let (Some(f), Some(t)) = (from, to)
            && t < f
        {
            let (f, t) = (format_western(f), format_western(t));
            return Err(Problem::new(
                format!("終了日（{t}）が開始日（{f}）より前になっています。"),
                format!("The end date ({t}) is before the start date ({f})."),
            ));
        }
        Ok(Self { from, to })
    }

    /// A period without bounds: always in force.
    pub fn open() -> Self {
        Self::default()
    }

    /// Whether `day` falls within the period, both ends included.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= day) && self.to.is_none_or(|t| day <= t)
    }
}

/// Whether someone is reminded of a last day `until` on `today`: on each of the `days`
/// before it (0: the last day itself), and the day after, when it has passed. Worked
/// out from the dates alone, so the daily jobs that remind keep no state.
pub fn reminder(until: NaiveDate, today: NaiveDate, days: &[u32]) -> Option<Reminder> {
    let left = (until - today).num_days();
    if left == -1 {
        Some(Reminder::Lapsed)
    } else if left >= 0 && days.contains(&(left as u32)) {
        Some(Reminder::Ending {
            days_left: left as u32,
        })
    } else {
        None
    }
}

/// What a reminder tells.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reminder {
    /// The date comes in so many days (0: it is today).
    Ending { days_left: u32 },
    /// It was yesterday.
    Lapsed,
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn end_before_start_is_refused_naming_both_dates() {
        let p = Period::new(Some(d(2025, 4, 1)), Some(d(2025, 3, 31))).unwrap_err();
        assert!(
            p.ja.contains("2025-03-31") && p.ja.contains("2025-04-01"),
            "{p}"
        );
        assert!(p.en.contains("before the start date (2025-04-01)"), "{p}");
    }

    #[test]
    fn one_day_and_open_periods_are_allowed() {
        assert!(Period::new(Some(d(2025, 4, 1)), Some(d(2025, 4, 1))).is_ok());
        assert!(Period::new(None, Some(d(2025, 4, 1))).is_ok());
        assert!(Period::new(Some(d(2025, 4, 1)), None).is_ok());
        assert_eq!(Period::new(None, None).unwrap(), Period::open());
    }

    #[test]
    fn contains_includes_both_ends() {
        let fy = Period::new(Some(d(2025, 4, 1)), Some(d(2026, 3, 31))).unwrap();
        assert!(!fy.contains(d(2025, 3, 31)));
        assert!(fy.contains(d(2025, 4, 1)));
        assert!(fy.contains(d(2026, 3, 31)));
        assert!(!fy.contains(d(2026, 4, 1)));
        let from_only = Period::new(Some(d(2025, 4, 1)), None).unwrap();
        assert!(from_only.contains(d(2099, 1, 1)));
        assert!(!from_only.contains(d(2025, 3, 31)));
        let until_only = Period::new(None, Some(d(2025, 3, 31))).unwrap();
        assert!(until_only.contains(d(1990, 1, 1)));
        assert!(!until_only.contains(d(2025, 4, 1)));
        assert!(Period::open().contains(d(2025, 4, 1)));
    }
}

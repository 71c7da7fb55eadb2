//! Japan time: UTC+9 all year (Japan keeps no summer time). Times people type, days a
//! deadline falls on and the year of a number are Japan's, whatever clock the server
//! keeps.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};

/// Japan's offset from UTC.
pub const OFFSET: Duration = Duration::hours(9);

/// The wall-clock time in Japan at an instant.
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    (t + OFFSET).naive_utc()
}

/// The date in Japan at an instant.
pub fn date(t: DateTime<Utc>) -> NaiveDate {
    local(t).date()
}

/// The instant of a wall-clock time in Japan.
pub fn instant(local: NaiveDateTime) -> DateTime<Utc> {
    local.and_utc() - OFFSET
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn japan_is_nine_hours_ahead_and_round_trips() {
        let t: DateTime<Utc> = "2026-12-31T15:30:00Z".parse().unwrap();
        assert_eq!(date(t).to_string(), "2027-01-01");
        assert_eq!(instant(local(t)), t);
    }
}

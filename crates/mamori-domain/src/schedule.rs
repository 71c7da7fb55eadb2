//! When a recurring job runs next. Daily times are Japan time (UTC+9 all year: Japan
//! keeps no summer time), since the people reading a morning digest are in Japan
//! whatever clock the server keeps.

use chrono::{DateTime, Duration, NaiveTime, Utc};

/// A job's rhythm.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Schedule {
    /// Every so often, counted from the end of the last run.
    Every(Duration),
    /// Once a day at this time of day in Japan.
    DailyAt { hour: u32, minute: u32 },
}

impl Schedule {
    /// The next time the job is due, strictly after `after`.
    pub fn next_after(self, after: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Schedule::Every(d) => after + d.max(Duration::seconds(1)),
            Schedule::DailyAt { hour, minute } => {
                let at = NaiveTime::from_hms_opt(hour.min(23), minute.min(59), 0)
                    .unwrap_or(NaiveTime::MIN);
                let candidate =
                    crate::japan_time::instant(crate::japan_time::date(after).and_time(at));
                if candidate > after {
                    candidate
                } else {
                    candidate + Duration::days(1)
                }
            }
        }
    }

    /// When a job newly known to the database first runs: an interval job at once, a
    /// daily job at its next time (not whenever the server happened to start).
    pub fn first_after(self, now: DateTime<Utc>) -> DateTime<Utc> {
        match self {
            Schedule::Every(_) => now,
            Schedule::DailyAt { .. } => self.next_after(now),
        }
    }
}

/// How often a running job renews its lease: three times per lease, so a renewal late
/// by a busy second or two never lets the lease lapse under a live holder, while a
/// crashed holder's job passes to another server within one lease.
pub fn lease_renewal(lease: Duration) -> Duration {
    (lease / 3).max(Duration::seconds(1))
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
mod tests {
    use super::*;

    fn utc(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
    }

    #[test]
    fn daily_times_are_japan_time() {
        let eight = Schedule::DailyAt { hour: 8, minute: 0 };
        // 07:00 JST → 08:00 JST the same day (23:00 UTC the day before).
        assert_eq!(
            eight.next_after(utc("2026-12-05T22:00:00Z")),
            utc("2026-12-05T23:00:00Z")
        );
        // Exactly at the time → the next day.
        assert_eq!(
            eight.next_after(utc("2026-12-05T23:00:00Z")),
            utc("2026-12-06T23:00:00Z")
        );
        // 12:00 JST → tomorrow 08:00 JST.
        assert_eq!(
            eight.next_after(utc("2026-12-06T03:00:00Z")),
            utc("2026-12-06T23:00:00Z")
        );
    }

    #[test]
    fn intervals_count_from_the_last_run() {
        let t = utc("2026-12-06T00:00:00Z");
        assert_eq!(
            Schedule::Every(Duration::minutes(5)).next_after(t),
            t + Duration::minutes(5)
        );
        assert_eq!(
            Schedule::Every(Duration::zero()).next_after(t),
            t + Duration::seconds(1)
        );
    }

    #[test]
    fn a_new_daily_job_waits_for_its_time_and_an_interval_job_does_not() {
        let t = utc("2026-12-06T01:00:00Z");
        assert_eq!(Schedule::Every(Duration::minutes(5)).first_after(t), t);
        assert_eq!(
            Schedule::DailyAt { hour: 8, minute: 0 }.first_after(t),
            utc("2026-12-06T23:00:00Z")
        );
    }

    #[test]
    fn a_lease_is_renewed_three_times_over_and_never_busily() {
        assert_eq!(lease_renewal(Duration::seconds(60)), Duration::seconds(20));
        assert_eq!(lease_renewal(Duration::seconds(2)), Duration::seconds(1));
    }
}

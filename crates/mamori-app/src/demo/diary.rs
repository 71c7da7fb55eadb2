//! A copy of the app whose clock the demo's loaders set to the moment of each step, so
//! a year of work is recorded as it would have been, in order. Moments after the real
//! present are held at the present, so nothing is dated in the future.

use std::sync::Arc;

use chrono::{DateTime, NaiveDate, NaiveTime, TimeZone, Utc};

use crate::{App, FixedClock};

/// A copy of the app whose clock the loader sets to the day of each step. Days after
/// the real present are held at the present, so nothing is dated in the future.
pub(super) struct Diary {
    pub(super) app: App,
    clock: Arc<FixedClock>,
    limit: DateTime<Utc>,
}

impl Diary {
    pub(super) fn new(app: &App) -> Self {
        let limit = app.now();
        let clock = Arc::new(FixedClock::new(limit));
        let mut copy = app.clone();
        copy.clock = clock.clone();
        Self {
            app: copy,
            clock,
            limit,
        }
    }

    /// The app as of 9:00 (JST) on `day`, plus `minutes`.
    pub(super) fn on(&self, day: NaiveDate, minutes: u32) -> &App {
        let start = Utc.from_utc_datetime(&day.and_time(NaiveTime::MIN));
        let t = start + chrono::Duration::minutes(i64::from(minutes.min(9 * 60)));
        self.clock.set(t.min(self.limit));
        &self.app
    }

    /// The app as of `t`.
    pub(super) fn at(&self, t: DateTime<Utc>) -> &App {
        self.clock.set(t.min(self.limit));
        &self.app
    }
}

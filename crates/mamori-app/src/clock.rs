//! Time and randomness, injected so that deadlines, sessions and the audit chain are
//! testable with a fixed clock and deterministic bytes.

use std::sync::Mutex;

use chrono::{DateTime, NaiveDate, Timelike, Utc};

pub trait Clock: Send + Sync {
    /// Now, truncated to microseconds: the precision both databases keep, so a value
    /// read back equals the value written.
    fn now(&self) -> DateTime<Utc>;

    /// Today in Japan, which is the calendar municipal business runs on.
    fn today(&self) -> NaiveDate {
        (self.now() + chrono::Duration::hours(9)).date_naive()
    }
}

fn truncate_micros(t: DateTime<Utc>) -> DateTime<Utc> {
    let nanos = t.nanosecond() / 1000 * 1000;
    t.with_nanosecond(nanos).unwrap_or(t)
}

pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        truncate_micros(Utc::now())
    }
}

/// A clock tests set and advance by hand.
pub struct FixedClock(Mutex<DateTime<Utc>>);

impl FixedClock {
    pub fn new(t: DateTime<Utc>) -> Self {
        Self(Mutex::new(truncate_micros(t)))
    }

    pub fn advance(&self, d: chrono::Duration) {
        if let Ok(mut t) = self.0.lock() {
            *t += d;
        }
    }

    pub fn set(&self, t: DateTime<Utc>) {
        if let Ok(mut g) = self.0.lock() {
            *g = truncate_micros(t);
        }
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
            .lock()
            .map(|t| *t)
            .unwrap_or_else(|e| *e.into_inner())
    }
}

pub trait Random: Send + Sync {
    fn fill(&self, buf: &mut [u8]);
}

/// The operating system's CSPRNG.
pub struct OsRandom;

impl Random for OsRandom {
    fn fill(&self, buf: &mut [u8]) {
        // getrandom only fails when the OS has no entropy source at all; there is no
        // safe way to continue issuing sessions then, so stop the process loudly.
        if let Err(e) = getrandom::fill(buf) {
            tracing::error!(error = %e, "operating system random source failed");
            std::process::abort();
        }
    }
}

/// Deterministic bytes for tests (a counter-based SplitMix64 stream).
pub struct SeededRandom(Mutex<u64>);

impl SeededRandom {
    pub fn new(seed: u64) -> Self {
        Self(Mutex::new(seed))
    }
}

impl Random for SeededRandom {
    fn fill(&self, buf: &mut [u8]) {
        let Ok(mut state) = self.0.lock() else { return };
        for chunk in buf.chunks_mut(8) {
            *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = *state;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^= z >> 31;
            chunk.copy_from_slice(&z.to_le_bytes()[..chunk.len()]);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn today_is_japanese_date() {
        // 2026-03-31 16:00 UTC is already April 1 in Japan: the new fiscal year.
        let c = FixedClock::new("2026-03-31T16:00:00Z".parse().unwrap());
        assert_eq!(c.today(), NaiveDate::from_ymd_opt(2026, 4, 1).unwrap());
    }

    #[test]
    fn clock_keeps_microseconds_only() {
        let c = FixedClock::new("2026-04-01T00:00:00.123456789Z".parse().unwrap());
        assert_eq!(c.now().nanosecond(), 123_456_000);
    }

    #[test]
    fn seeded_random_is_deterministic() {
        let (a, b) = (SeededRandom::new(7), SeededRandom::new(7));
        let (mut x, mut y) = ([0u8; 13], [0u8; 13]);
        a.fill(&mut x);
        b.fill(&mut y);
        assert_eq!(x, y);
        assert_ne!(x, [0u8; 13]);
    }
}

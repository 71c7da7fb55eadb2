//! Summaries of latency samples: nearest-rank percentiles, throughput, and ratios
//! against the baseline. Pure functions, tested on known data.

use std::time::Duration;

/// The `p`-th percentile (0–100) of samples sorted ascending, by the nearest-rank
/// method: the smallest sample with at least `p` % of the samples at or below it.
/// Zero for no samples.
pub fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let n = sorted.len();
    let rank = ((p.clamp(0.0, 100.0) / 100.0) * n as f64).ceil() as usize;
    let index = rank.clamp(1, n) - 1;
    sorted.get(index).copied().unwrap_or(Duration::ZERO)
}

/// The median of a few measurements (the lower middle one for an even count, so it
/// is always a value that was measured).
pub fn median(values: &[Duration]) -> Duration {
    let mut v = values.to_vec();
    v.sort_unstable();
    percentile(&v, 50.0)
}

/// What one load run measured.
#[derive(Debug, Clone, PartialEq)]
pub struct Summary {
    /// Successful (2xx, body read) requests.
    pub ok: u64,
    /// Non-2xx responses and transport errors.
    pub errors: u64,
    /// Wall time of the measured run.
    pub elapsed: Duration,
    /// Successful requests per second.
    pub rps: f64,
    pub mean: Duration,
    pub p50: Duration,
    pub p99: Duration,
    pub max: Duration,
}

/// Summarizes the latencies of successful requests over a run of `elapsed`.
pub fn summarize(mut samples: Vec<Duration>, errors: u64, elapsed: Duration) -> Summary {
    samples.sort_unstable();
    let ok = samples.len() as u64;
    let total_ns: u128 = samples.iter().map(Duration::as_nanos).sum();
    let mean = match total_ns.checked_div(u128::from(ok)) {
        Some(ns) => Duration::from_nanos(u64::try_from(ns).unwrap_or(u64::MAX)),
        None => Duration::ZERO,
    };
    let secs = elapsed.as_secs_f64();
    Summary {
        ok,
        errors,
        elapsed,
        rps: if secs > 0.0 { ok as f64 / secs } else { 0.0 },
        mean,
        p50: percentile(&samples, 50.0),
        p99: percentile(&samples, 99.0),
        max: samples.last().copied().unwrap_or(Duration::ZERO),
    }
}

/// `a / b`, or `None` when `b` is zero.
pub fn ratio(a: f64, b: f64) -> Option<f64> {
    (b > 0.0 && a.is_finite()).then(|| a / b)
}

/// Milliseconds with a precision that suits the size.
pub fn fmt_ms(d: Duration) -> String {
    let ms = d.as_secs_f64() * 1000.0;
    if ms < 10.0 {
        format!("{ms:.2} ms")
    } else if ms < 100.0 {
        format!("{ms:.1} ms")
    } else {
        format!("{ms:.0} ms")
    }
}

/// A ratio as `12.3×`, `0.25×`, or with two significant digits when small
/// (`0.0026×`); `–` when there is none.
pub fn fmt_ratio(r: Option<f64>) -> String {
    match r {
        Some(r) if r >= 10.0 => format!("{r:.1}×"),
        Some(r) if r >= 0.1 => format!("{r:.2}×"),
        Some(r) if r > 0.0 => {
            let decimals = (-r.log10()).floor() as usize + 2;
            format!("{r:.decimals$}×")
        }
        Some(_) => "0×".into(),
        None => "–".into(),
    }
}

/// A count or rate rounded to a whole number, with thousands separators: `12,345`.
pub fn thousands(v: f64) -> String {
    let n = v.round().max(0.0) as u64;
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Whether a target was met, for the targets section.
pub fn met(ok: bool) -> &'static str {
    if ok { "met" } else { "NOT met" }
}

/// A duration in seconds from one second up, in milliseconds below.
pub fn fmt_secs(d: Duration) -> String {
    if d >= Duration::from_secs(1) {
        format!("{:.2} s", d.as_secs_f64())
    } else {
        fmt_ms(d)
    }
}

/// Terminal columns of a text: East Asian wide characters (kana, kanji, full-width
/// forms) take two.
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match u32::from(c) {
            0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// `s` padded with spaces to `width` terminal columns.
pub fn pad(s: &str, width: usize) -> String {
    let w = display_width(s);
    format!("{s}{}", " ".repeat(width.saturating_sub(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(v: u64) -> Duration {
        Duration::from_millis(v)
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        let data: Vec<Duration> = (1..=100).map(ms).collect();
        assert_eq!(percentile(&data, 50.0), ms(50));
        assert_eq!(percentile(&data, 99.0), ms(99));
        assert_eq!(percentile(&data, 100.0), ms(100));
        assert_eq!(percentile(&data, 0.0), ms(1));
        assert_eq!(percentile(&data, 1.0), ms(1));
        assert_eq!(percentile(&data, 1.5), ms(2));

        let ten: Vec<Duration> = (1..=10).map(ms).collect();
        assert_eq!(percentile(&ten, 50.0), ms(5));
        assert_eq!(percentile(&ten, 99.0), ms(10));
        assert_eq!(percentile(&ten, 90.0), ms(9));

        assert_eq!(percentile(&[ms(7)], 99.0), ms(7));
        assert_eq!(percentile(&[], 50.0), Duration::ZERO);
    }

    #[test]
    fn median_of_unsorted_values() {
        assert_eq!(median(&[ms(30), ms(10), ms(20)]), ms(20));
        assert_eq!(median(&[ms(40), ms(10), ms(30), ms(20)]), ms(20));
        assert_eq!(median(&[]), Duration::ZERO);
    }

    #[test]
    fn summary_of_known_samples() {
        // 1..=1000 ms, shuffled deterministically; 5 errors; over 2 s.
        let mut samples: Vec<Duration> = (1..=1000).map(ms).collect();
        samples.reverse();
        samples.swap(0, 500);
        let s = summarize(samples, 5, Duration::from_secs(2));
        assert_eq!(s.ok, 1000);
        assert_eq!(s.errors, 5);
        assert!((s.rps - 500.0).abs() < 1e-9);
        assert_eq!(s.p50, ms(500));
        assert_eq!(s.p99, ms(990));
        assert_eq!(s.max, ms(1000));
        assert_eq!(s.mean, Duration::from_micros(500_500));
    }

    #[test]
    fn summary_of_nothing() {
        let s = summarize(Vec::new(), 3, Duration::ZERO);
        assert_eq!(s.ok, 0);
        assert_eq!(s.errors, 3);
        assert_eq!(s.rps, 0.0);
        assert_eq!(s.p99, Duration::ZERO);
        assert_eq!(s.max, Duration::ZERO);
    }

    #[test]
    fn ratios_and_formatting() {
        assert_eq!(ratio(50.0, 200.0), Some(0.25));
        assert_eq!(ratio(1.0, 0.0), None);
        assert_eq!(fmt_ratio(Some(0.25)), "0.25×");
        assert_eq!(fmt_ratio(Some(12.34)), "12.3×");
        assert_eq!(fmt_ratio(None), "–");
        assert_eq!(fmt_ratio(Some(0.00259)), "0.0026×");
        assert_eq!(fmt_ratio(Some(0.05)), "0.050×");
        assert_eq!(fmt_ratio(Some(0.0)), "0×");
        assert_eq!(fmt_ms(Duration::from_micros(1234)), "1.23 ms");
        assert_eq!(fmt_ms(Duration::from_micros(12_340)), "12.3 ms");
        assert_eq!(fmt_ms(Duration::from_millis(250)), "250 ms");
    }

    #[test]
    fn thousands_and_seconds() {
        assert_eq!(thousands(0.0), "0");
        assert_eq!(thousands(999.4), "999");
        assert_eq!(thousands(1234.5), "1,235");
        assert_eq!(thousands(1_234_567.0), "1,234,567");
        assert_eq!(thousands(-3.0), "0");
        assert_eq!(fmt_secs(Duration::from_millis(2500)), "2.50 s");
        assert_eq!(fmt_secs(Duration::from_millis(250)), "250 ms");
        assert_eq!(met(true), "met");
        assert_eq!(met(false), "NOT met");
    }

    #[test]
    fn wide_characters_take_two_columns() {
        assert_eq!(display_width("q=ヤマ"), 6);
        assert_eq!(display_width("ベンチ市"), 8);
        assert_eq!(pad("q=ヤマ", 8), "q=ヤマ  ");
        assert_eq!(pad("abc", 2), "abc");
    }
}

//! The results of the `platform` scenario: the setup commands, start-up and memory
//! beside the baseline process, the load per target beside the constant handler, and
//! the targets.

use std::time::Duration;

use crate::load::{LoadPlan, Target};
use crate::procs::Memory;
use crate::stats::{Summary, fmt_ms, fmt_ratio, median, met, pad, ratio, thousands};

const TARGET_READY: Duration = Duration::from_millis(300);
const TARGET_IDLE_RSS_MIB: f64 = 30.0;
const TARGET_LIST_P99: Duration = Duration::from_millis(10);

/// The timed starts of one server, and the memory of the last one.
pub(super) struct Started {
    /// From spawn to `/readyz` = 200, one per start.
    pub ready: Vec<Duration>,
    pub at_ready: Memory,
    /// After a second of idling.
    pub idle: Memory,
}

/// One target under load.
pub(super) struct Measured {
    pub target: Target,
    /// The probe's status and body size, before the load.
    pub status: u16,
    pub bytes: usize,
    pub summary: Summary,
}

/// Everything the report prints.
pub(super) struct Figures {
    pub staff: usize,
    pub plan: LoadPlan,
    pub cores: usize,
    /// `mamori admin init` and `mamori import staff`, whole commands.
    pub init: Duration,
    pub import: Duration,
    pub mamori: Started,
    pub base: Started,
    /// mamori's memory once the load is over.
    pub after_load: Memory,
    /// The baseline's target first.
    pub measured: Vec<Measured>,
}

fn mib(v: f64) -> String {
    format!("{v:.1} MiB")
}

/// Everything from `== results ==` to the closing caveat.
pub(super) fn results(f: &Figures) {
    println!();
    println!("== results ==");
    println!();
    setup(f);
    println!();
    start_up(f);
    println!();
    load(f);
    println!();
    targets(f);
    println!();
    println!(
        "caveat: {} core(s) shared by the load generator ({} workers), the server and the baseline.",
        f.cores, f.plan.concurrency
    );
}

fn setup(f: &Figures) {
    let rows_per_s = f.staff as f64 / f.import.as_secs_f64().max(1e-9);
    println!("setup");
    println!(
        "  {} {:>10}",
        pad("admin init (whole command)", 44),
        fmt_ms(f.init)
    );
    println!(
        "  {} {:>10}   {} rows/s",
        pad(
            &format!(
                "import staff, {} rows (whole command)",
                thousands(f.staff as f64)
            ),
            44
        ),
        format!("{:.2} s", f.import.as_secs_f64()),
        thousands(rows_per_s)
    );
}

fn start_up(f: &Figures) {
    let (m, b) = (&f.mamori, &f.base);
    let (ready_median, base_ready_median) = (median(&m.ready), median(&b.ready));
    let min = |v: &[Duration]| v.iter().min().copied().unwrap_or_default();
    let (ready_min, base_ready_min) = (min(&m.ready), min(&b.ready));
    println!(
        "{:<36} {:>12} {:>12} {:>12}",
        "start-up and memory", "mamori", "baseline", "mamori÷base"
    );
    let row = |label: &str, a: String, b: String, r: Option<f64>| {
        println!("  {label:<34} {a:>12} {b:>12} {:>12}", fmt_ratio(r));
    };
    row(
        &format!("spawn → /readyz 200, median of {}", m.ready.len()),
        fmt_ms(ready_median),
        fmt_ms(base_ready_median),
        ratio(ready_median.as_secs_f64(), base_ready_median.as_secs_f64()),
    );
    row(
        "spawn → /readyz 200, min",
        fmt_ms(ready_min),
        fmt_ms(base_ready_min),
        ratio(ready_min.as_secs_f64(), base_ready_min.as_secs_f64()),
    );
    row(
        "RSS right after ready",
        mib(m.at_ready.rss_mib()),
        mib(b.at_ready.rss_mib()),
        ratio(m.at_ready.rss_mib(), b.at_ready.rss_mib()),
    );
    row(
        "RSS after 1 s idle",
        mib(m.idle.rss_mib()),
        mib(b.idle.rss_mib()),
        ratio(m.idle.rss_mib(), b.idle.rss_mib()),
    );
    row(
        "RSS after load",
        mib(f.after_load.rss_mib()),
        "–".into(),
        None,
    );
    row(
        "peak RSS (VmHWM) after load",
        mib(f.after_load.hwm_mib()),
        "–".into(),
        None,
    );
}

fn load(f: &Figures) {
    println!(
        "load: {} workers, keep-alive, {:.2} s per target after {:.2} s warm-up; latency of 2xx responses",
        f.plan.concurrency,
        f.plan.duration.as_secs_f64(),
        f.plan.warmup.as_secs_f64()
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>10} {:>9}",
        "target", "req/s", "p50", "p99", "max", "errors", "bytes", "req/s÷base", "p99÷base"
    );
    let base = f.measured.first().map(|m| &m.summary);
    for m in &f.measured {
        let (rps_r, p99_r) = match base {
            Some(b) => (
                ratio(m.summary.rps, b.rps),
                ratio(m.summary.p99.as_secs_f64(), b.p99.as_secs_f64()),
            ),
            None => (None, None),
        };
        let status = if (200..300).contains(&m.status) {
            String::new()
        } else {
            format!(" (probe: HTTP {})", m.status)
        };
        println!(
            "  {} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>10} {:>9}{status}",
            pad(&m.target.name, 34),
            thousands(m.summary.rps),
            fmt_ms(m.summary.p50),
            fmt_ms(m.summary.p99),
            fmt_ms(m.summary.max),
            m.summary.errors,
            m.bytes,
            fmt_ratio(rps_r),
            fmt_ratio(p99_r),
        );
    }
}

fn targets(f: &Figures) {
    let ready_median = median(&f.mamori.ready);
    println!("targets (informational; the bench never fails on timing)");
    let goal = |what: &str, limit: String, measured: String, ok: bool| {
        println!(
            "  {} {:>10} {:>12}   {}",
            pad(what, 44),
            limit,
            measured,
            met(ok)
        );
    };
    goal(
        "ready: spawn → /readyz 200 (median)",
        format!("≤ {}", fmt_ms(TARGET_READY)),
        fmt_ms(ready_median),
        ready_median <= TARGET_READY,
    );
    goal(
        "idle RSS (after 1 s idle)",
        format!("≤ {TARGET_IDLE_RSS_MIB:.0} MiB"),
        mib(f.mamori.idle.rss_mib()),
        f.mamori.idle.rss_mib() <= TARGET_IDLE_RSS_MIB,
    );
    for m in f.measured.iter().skip(1) {
        goal(
            &format!("p99 {}", m.target.name),
            format!("≤ {}", fmt_ms(TARGET_LIST_P99)),
            fmt_ms(m.summary.p99),
            m.summary.p99 <= TARGET_LIST_P99 && m.summary.ok > 0 && m.summary.errors == 0,
        );
    }
}

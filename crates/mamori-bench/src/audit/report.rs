//! The results of the `audit` scenario: per database the append runs beside their raw
//! baselines and verification beside plain SHA-256, then the sign-in latencies and
//! the targets.

use std::time::Duration;

use super::append::{AppendFigures, WRITERS};
use super::raw::BATCH_ROWS;
use super::sign_in::SignInFigures;
use super::verify::VerifyFigures;
use crate::stats::{Summary, fmt_ms, fmt_ratio, fmt_secs, met, pad, percentile, ratio, thousands};

/// Verification throughput should be at least this share of plain SHA-256's.
const TARGET_VERIFY_RATIO: f64 = 0.5;
const LABEL: usize = 44;

/// Everything measured on one database.
pub struct DbFigures {
    pub label: String,
    /// What a commit waits for, as the database reports it.
    pub durability: String,
    pub append: AppendFigures,
    pub verify: VerifyFigures,
}

/// Everything from `== results ==` to the targets.
pub(super) fn results(dbs: &[DbFigures], sign_in: &SignInFigures) {
    println!();
    println!("== results ==");
    for db in dbs {
        println!();
        print_append(db);
        println!();
        print_verify(db);
    }
    println!();
    print_sign_in(sign_in);
    println!();
    println!("targets (informational; the bench never fails on timing)");
    for db in dbs {
        let v = &db.verify;
        for (what, d) in [
            ("verify in memory", v.in_memory),
            ("verify including DB reads", v.verify_chain),
        ] {
            let r = v.to_sha(d);
            println!(
                "  {} {:>10} {:>10}   {}",
                pad(&format!("{}: {what} ÷ plain SHA-256", db.label), 56),
                format!("≥ {}", fmt_ratio(Some(TARGET_VERIFY_RATIO))),
                fmt_ratio(r),
                met(r.is_some_and(|r| r >= TARGET_VERIFY_RATIO))
            );
        }
    }
}

fn print_append(db: &DbFigures) {
    let a = &db.append;
    let n = thousands(a.entries as f64);
    println!(
        "audit append, {} ({}), {n} entries per run",
        db.label, db.durability
    );
    println!(
        "  {} {:>10} {:>9} {:>9} {:>9} {:>9} {:>11}",
        pad("", LABEL),
        "entries/s",
        "p50",
        "p99",
        "max",
        "total",
        "chained÷raw"
    );
    let each = |label: &str, s: &Summary, base: Option<&Summary>| {
        println!(
            "  {} {:>10} {:>9} {:>9} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            thousands(s.rps),
            fmt_ms(s.p50),
            fmt_ms(s.p99),
            fmt_ms(s.max),
            fmt_secs(s.elapsed),
            base.map_or("–".into(), |b| fmt_ratio(ratio(s.rps, b.rps))),
        );
    };
    let batch = |label: &str, d: Duration, base: Option<Duration>| {
        let rate = |d: Duration| ratio(a.entries as f64, d.as_secs_f64()).unwrap_or(0.0);
        println!(
            "  {} {:>10} {:>9} {:>9} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            thousands(rate(d)),
            "–",
            "–",
            "–",
            fmt_secs(d),
            base.map_or("–".into(), |b| fmt_ratio(ratio(rate(d), rate(b)))),
        );
    };
    each(
        "raw INSERT, 1 writer, 1 tx each (baseline)",
        &a.raw_single,
        None,
    );
    each(
        "audit::append, 1 writer, 1 tx each",
        &a.chained_single,
        Some(&a.raw_single),
    );
    each(
        &format!("raw INSERT, {WRITERS} writers, 1 tx each (baseline)"),
        &a.raw_concurrent,
        None,
    );
    each(
        &format!("audit::append, {WRITERS} writers, 1 tx each"),
        &a.chained_concurrent,
        Some(&a.raw_concurrent),
    );
    batch(
        &format!("raw INSERT of {n}, 1 tx (baseline)"),
        a.raw_batch,
        None,
    );
    batch(
        &format!("audit::append_many of {n}, 1 tx"),
        a.chained_batch,
        Some(a.raw_batch),
    );
    println!(
        "  (latency per transaction, from begin_write to commit; with {WRITERS} writers it includes the wait for the writer;"
    );
    println!(
        "   the batch rows write multi-row INSERTs of up to {} rows, as append_many does)",
        thousands(BATCH_ROWS as f64)
    );
}

fn print_verify(db: &DbFigures) {
    let v = &db.verify;
    println!(
        "audit verify, {}: {} entries in {} chains, {:.2} MB of canonical bytes; median of {} passes",
        db.label,
        thousands(v.entries as f64),
        v.chains,
        v.bytes as f64 / 1e6,
        v.passes
    );
    println!(
        "  {} {:>10} {:>9} {:>9} {:>11}",
        pad("", LABEL),
        "entries/s",
        "MB/s",
        "time",
        "÷SHA-256"
    );
    let row = |label: &str, d: Duration, r: Option<f64>| {
        println!(
            "  {} {:>10} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            thousands(v.per_s(d)),
            format!("{:.1}", v.mb_per_s(d)),
            fmt_ms(d),
            fmt_ratio(r),
        );
    };
    row("plain SHA-256, bytes in memory (baseline)", v.sha256, None);
    row(
        "verify in memory (ChainVerifier::check)",
        v.in_memory,
        v.to_sha(v.in_memory),
    );
    row(
        "verify including DB reads (verify_chain)",
        v.verify_chain,
        v.to_sha(v.verify_chain),
    );
    row("  of which reading rows alone (audit::batch)", v.read, None);
    println!(
        "  (÷SHA-256: throughput as a share of plain SHA-256's; verify also builds each entry's canonical bytes,"
    );
    println!("   hex-encodes the hash and compares links; verify_chain also reads the rows)");
}

fn print_sign_in(s: &SignInFigures) {
    let sorted = |v: &[Duration]| {
        let mut v = v.to_vec();
        v.sort_unstable();
        v
    };
    let (hash, verify, login) = (sorted(&s.hash), sorted(&s.verify), sorted(&s.login));
    let verify_p50 = percentile(&verify, 50.0);
    println!(
        "sign-in: {} {} (parameters from the stored hash); {} runs each after 1 warm-up; p99 of {} runs is the slowest",
        s.algorithm, s.params, s.runs, s.runs
    );
    println!(
        "  {} {:>9} {:>9} {:>9} {:>11}",
        pad("", LABEL),
        "p50",
        "p99",
        "max",
        "p50÷verify"
    );
    let row = |label: &str, v: &[Duration], baseline: bool| {
        let p50 = percentile(v, 50.0);
        println!(
            "  {} {:>9} {:>9} {:>9} {:>11}",
            pad(label, LABEL),
            fmt_ms(p50),
            fmt_ms(percentile(v, 99.0)),
            fmt_ms(v.last().copied().unwrap_or_default()),
            if baseline {
                "–".into()
            } else {
                fmt_ratio(ratio(p50.as_secs_f64(), verify_p50.as_secs_f64()))
            },
        );
    };
    row("passwords::hash", &hash, false);
    row("passwords::verify (baseline)", &verify, true);
    row("App::login (SQLite, 1 commit with audit)", &login, false);
}

//! The printed report of the `risks` scenario: what was generated, then per database
//! how the risks were loaded, the register and heat map under load beside the axum
//! baseline, the campaign's draft generation, the SoA export beside rust_xlsxwriter,
//! and a line per target.

use std::path::Path;
use std::time::Duration;

use super::{
    API_WORKERS, DRAFT_ASSETS, DbFigures, Generated, Options, PG_URL_VAR, SOA_CATALOG, TARGET_P99,
    is_heatmap, seed,
};
use crate::assets::Measured;
use crate::procs::{Memory, cpu_model};
use crate::stats::{fmt_ms, fmt_ratio, fmt_secs, met, pad, ratio, thousands};

const LABEL: usize = 58;

fn count(n: usize) -> String {
    thousands(n as f64)
}

fn mb(bytes: u64) -> String {
    format!("{:.2} MB", bytes as f64 / 1e6)
}

fn mib(m: &Memory) -> String {
    if m.hwm_kib == 0 {
        "–".into()
    } else {
        format!("{:.0} MiB", m.hwm_mib())
    }
}

pub fn header(opts: &Options, version: &str, cores: usize, g: &Generated, dir: &Path, fs: &str) {
    let c = &g.composition;
    println!("== mamori-bench risks ==");
    println!("binary:      {} ({version})", opts.mamori.display());
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!(
        "assets:      {} assets (seed {}) in {} sections, {} CSV; 部01/課0101 holds {} of them (the campaign's department)",
        count(c.assets),
        opts.seed,
        c.sections,
        mb(g.csv_bytes as u64),
        count(g.heavy_assets)
    );
    let kinds: Vec<String> = g
        .kinds
        .iter()
        .map(|(k, n)| format!("{} {}", count(*n), k.label()))
        .collect();
    println!(
        "risks:       {} over those sections, 1–3 linked assets each, {} threats, IPA method: {}",
        count(g.risks),
        seed::THREATS.len(),
        kinds.join(", ")
    );
    println!(
        "             q={} in {} titles; the first {} through POST /api/v1/risks ({API_WORKERS} workers), the rest in bulk through the store",
        seed::SEARCH,
        count(g.searched),
        count(g.api_risks)
    );
    let levels: Vec<String> = opts.concurrency.iter().map(ToString::to_string).collect();
    println!(
        "load:        {} workers; {:.2} s warm-up + {:.2} s per target",
        levels.join(" and "),
        opts.warmup.as_secs_f64(),
        opts.duration.as_secs_f64()
    );
    println!(
        "SQLite:      {} ({fs}); WAL, synchronous=FULL",
        dir.display()
    );
    match &opts.pg_url {
        Some(url) => println!(
            "PostgreSQL:  {} (from {PG_URL_VAR}; a scratch database is created there and dropped)",
            mamori_store::redact(url)
        ),
        None => println!("PostgreSQL:  skipped (no database: {PG_URL_VAR} is not set)"),
    }
    println!(
        "caveat:      the load generator, the baselines and the server share these {cores} core(s);"
    );
    println!("             the ratio to the baseline measured in this same run is the figure.");
    println!();
}

pub fn results(opts: &Options, g: &Generated, dbs: &[DbFigures]) {
    println!();
    println!("== results ==");
    for db in dbs {
        println!();
        loading(db, g);
        for (concurrency, rows) in &db.lists {
            println!();
            list(db, *concurrency, rows, opts);
        }
        println!();
        draft(db, g);
        println!();
        soa(db);
    }
    println!();
    println!(
        "targets (informational; the bench never fails on timing): register and heat map p99 ≤ {}",
        fmt_ms(TARGET_P99)
    );
    for db in dbs {
        targets(db);
    }
}

fn loading(db: &DbFigures, g: &Generated) {
    let l = &db.loaded;
    println!(
        "setup, {}: import of {} assets {} (peak RSS {}); server ready in {}, RSS {:.1} MiB, after the load {:.1} MiB",
        db.label,
        count(g.composition.assets),
        fmt_secs(db.import.elapsed),
        mib(&db.import.peak),
        fmt_ms(db.ready),
        db.mem_ready.rss_mib(),
        db.mem_after.rss_mib()
    );
    let a = &l.api;
    println!(
        "  {} {:>9} {:>9} {:>9} {:>9}",
        pad("loading the risks", LABEL),
        "risks",
        "time",
        "risks/s",
        "p99"
    );
    println!(
        "  {} {:>9} {:>9} {:>9} {:>9}{}",
        pad(
            &format!("POST /api/v1/risks, {API_WORKERS} workers (each its own tx)"),
            LABEL
        ),
        count(a.ok as usize),
        fmt_secs(a.elapsed),
        thousands(a.rps),
        fmt_ms(a.p99),
        if a.errors > 0 {
            format!("  ({} refused)", a.errors)
        } else {
            String::new()
        }
    );
    let bulk_rate = ratio(l.bulk as f64, l.bulk_time.as_secs_f64()).unwrap_or(0.0);
    println!(
        "  {} {:>9} {:>9} {:>9} {:>9}",
        pad("store insert_many + asset links, 1 tx (bulk)", LABEL),
        count(l.bulk),
        fmt_secs(l.bulk_time),
        thousands(bulk_rate),
        "–"
    );
    let projected = ratio(g.risks as f64, a.rps).map(Duration::from_secs_f64);
    println!(
        "  in the database: {} risks, {} risk–asset links ({} written in bulk); all {} through the API would take ≈ {}",
        thousands(l.risks as f64),
        thousands(l.links as f64),
        count(l.bulk_links),
        count(g.risks),
        projected.map_or("–".into(), fmt_secs)
    );
    if let Some(e) = &l.api_error {
        println!("  first refusal: {e}");
    }
}

fn list(db: &DbFigures, concurrency: usize, rows: &[Measured], opts: &Options) {
    println!(
        "register and heat map over HTTP, {}, {concurrency} workers: {:.2} s warm-up + {:.2} s per target",
        db.label,
        opts.warmup.as_secs_f64(),
        opts.duration.as_secs_f64()
    );
    println!(
        "  {} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9} {:>6} {:>9} {:>8}",
        pad("target", 34),
        "matches",
        "bytes",
        "req/s",
        "p50",
        "p99",
        "max",
        "errors",
        "p99÷base",
        format!("≤ {} ms", TARGET_P99.as_millis())
    );
    let base = rows.first().map(|m| m.summary.p99.as_secs_f64());
    for (i, m) in rows.iter().enumerate() {
        let s = &m.summary;
        let status = if (200..300).contains(&m.status) {
            String::new()
        } else {
            format!(" (probe: HTTP {})", m.status)
        };
        println!(
            "  {} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9} {:>6} {:>9} {:>8}{status}",
            pad(&m.target.name, 34),
            m.matches.map_or("–".into(), |n| thousands(n as f64)),
            thousands(m.bytes as f64),
            thousands(s.rps),
            fmt_ms(s.p50),
            fmt_ms(s.p99),
            fmt_ms(s.max),
            s.errors,
            if i == 0 {
                "–".into()
            } else {
                fmt_ratio(base.and_then(|b| ratio(s.p99.as_secs_f64(), b)))
            },
            if i == 0 { "" } else { met(ok(m)) },
        );
    }
}

fn ok(m: &Measured) -> bool {
    m.summary.p99 <= TARGET_P99 && m.summary.ok > 0 && m.summary.errors == 0
}

fn draft(db: &DbFigures, g: &Generated) {
    println!(
        "campaign draft generation, {}: POST /api/v1/campaigns/{{id}}/draft for 部01/課0101 ({} assets in use; issue: {})",
        db.label,
        count(g.heavy_assets),
        count(DRAFT_ASSETS)
    );
    match &db.draft {
        Ok(d) => {
            let n = |v: &serde_json::Value, k: &str| {
                v[k].as_u64().map_or("–".into(), |n| thousands(n as f64))
            };
            for (label, t, body) in [
                ("first run", d.first, &d.first_body),
                ("second run (idempotent)", d.second, &d.second_body),
            ] {
                println!(
                    "  {} {:>9}   {} risks drafted, {} asset links, {} already there",
                    pad(label, 28),
                    fmt_ms(t),
                    n(body, "risks"),
                    n(body, "links"),
                    n(body, "existing")
                );
            }
        }
        Err(e) => println!("  not measured: {e}"),
    }
}

fn soa(db: &DbFigures) {
    match &db.soa {
        Ok(s) => {
            println!(
                "SoA export, {}: {SOA_CATALOG}, {} rows × {} columns",
                db.label,
                count(s.rows),
                s.columns
            );
            println!(
                "  {} {:>9} {:>9} {:>9} {:>9}",
                pad("", LABEL),
                "time",
                "size",
                "peak RSS",
                "÷raw"
            );
            let raw = s.raw.as_secs_f64();
            println!(
                "  {} {:>9} {:>9} {:>9} {:>9}",
                pad("rust_xlsxwriter, same cells, in process (baseline)", LABEL),
                fmt_ms(s.raw),
                mb(s.raw_bytes as u64),
                "–",
                "–"
            );
            for (label, run, bytes) in [
                (
                    "mamori export soa --format xlsx (whole command)",
                    &s.xlsx,
                    s.xlsx_bytes,
                ),
                (
                    "mamori export soa --format csv (whole command)",
                    &s.csv,
                    s.csv_bytes,
                ),
            ] {
                println!(
                    "  {} {:>9} {:>9} {:>9} {:>9}",
                    pad(label, LABEL),
                    fmt_ms(run.elapsed),
                    mb(bytes),
                    mib(&run.peak),
                    fmt_ratio(ratio(run.elapsed.as_secs_f64(), raw))
                );
            }
            println!(
                "  (a whole command includes process start, opening the database and signing the audit log)"
            );
        }
        Err(e) => println!("SoA export, {}: not measured: {e}", db.label),
    }
}

fn targets(db: &DbFigures) {
    for (concurrency, rows) in &db.lists {
        for (what, heat) in [("register", false), ("heat map", true)] {
            let of: Vec<&Measured> = rows
                .iter()
                .skip(1)
                .filter(|m| is_heatmap(&m.target) == heat)
                .collect();
            let n_ok = of.iter().filter(|m| ok(m)).count();
            let worst = of.iter().max_by_key(|m| m.summary.p99);
            println!(
                "  {} {:>9} {:>10}   {}{}",
                pad(
                    &format!(
                        "{}: {what} p99, {concurrency} workers, worst of {} ({n_ok} met)",
                        db.label,
                        of.len()
                    ),
                    60
                ),
                format!("≤ {}", fmt_ms(TARGET_P99)),
                worst.map_or("–".into(), |m| fmt_ms(m.summary.p99)),
                met(n_ok == of.len() && !of.is_empty()),
                worst
                    .filter(|m| !ok(m))
                    .map(|m| format!("  (worst: {})", m.target.name))
                    .unwrap_or_default()
            );
        }
    }
    match &db.draft {
        Ok(d) => println!(
            "  {} {:>9} {:>10}   (no target)",
            pad(&format!("{}: draft generation, 部01/課0101", db.label), 60),
            "",
            fmt_ms(d.first)
        ),
        Err(_) => println!(
            "  {}   not measured",
            pad(&format!("{}: draft generation", db.label), 60)
        ),
    }
    match &db.soa {
        Ok(s) => println!(
            "  {} {:>9} {:>10}   (no target; {} rust_xlsxwriter's time)",
            pad(&format!("{}: SoA export xlsx, whole command", db.label), 60),
            "",
            fmt_ms(s.xlsx.elapsed),
            fmt_ratio(ratio(s.xlsx.elapsed.as_secs_f64(), s.raw.as_secs_f64()))
        ),
        Err(_) => println!(
            "  {}   not measured",
            pad(&format!("{}: SoA export", db.label), 60)
        ),
    }
}

//! The printed report of the `assets` scenario: what was generated, then per database
//! the import beside its raw baseline, the server, the list under load beside the axum
//! baseline, the export, and the targets.

use std::path::Path;
use std::time::Duration;

use super::register::{self, Composition};
use super::{
    DbFigures, Measured, Options, PG_URL_VAR, TARGET_DOWNLOAD_START, TARGET_EXPORT_RSS_MIB,
    TARGET_IDLE_RSS_MIB, TARGET_IMPORT_FAIR, TARGET_IMPORT_PG, TARGET_IMPORT_RSS_MIB,
    TARGET_IMPORT_SQLITE, TARGET_LIST_P99,
};
use crate::procs::{Finished, Memory, cpu_model};
use crate::stats::{fmt_ms, fmt_ratio, fmt_secs, met, pad, ratio, thousands};

const LABEL: usize = 62;

fn mb(bytes: u64) -> String {
    format!("{:.1} MB", bytes as f64 / 1e6)
}

fn mib(m: &Memory) -> String {
    if m.hwm_kib == 0 {
        "–".into()
    } else {
        format!("{:.0} MiB", m.hwm_mib())
    }
}

fn percent(part: usize, of: usize) -> String {
    format!("{:.1} %", 100.0 * part as f64 / of.max(1) as f64)
}

fn count(n: usize) -> String {
    thousands(n as f64)
}

#[allow(clippy::too_many_arguments)]
pub fn header(
    opts: &Options,
    version: &str,
    cores: usize,
    c: &Composition,
    csv_bytes: usize,
    generated: Duration,
    dir: &Path,
    fs: &str,
) {
    let data = c.paper + c.electronic;
    println!("== mamori-bench assets ==");
    println!("binary:      {} ({version})", opts.mamori.display());
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!(
        "register:    {} assets (seed {}, generated in {}): UTF-8 CSV, {} columns, {}",
        count(c.assets),
        opts.seed,
        fmt_secs(generated),
        register::COLUMNS,
        mb(csv_bytes as u64)
    );
    println!(
        "             {} data ({} paper, {} electronic), {} hardware, {} software, {} facilities, {} networks",
        count(data),
        count(c.paper),
        count(c.electronic),
        count(c.hardware),
        count(c.software),
        count(c.facilities),
        count(c.networks)
    );
    println!(
        "             {} sections (課) under {} 部, created by the import; {} relations",
        c.sections,
        c.bu,
        count(c.relations)
    );
    let personal = c.personal + c.sensitive + c.my_number;
    println!(
        "             personal data on {} of the data assets ({}): {} 個人情報, {} 要配慮個人情報, {} 特定個人情報",
        count(personal),
        percent(personal, data),
        count(c.personal),
        count(c.sensitive),
        count(c.my_number)
    );
    println!(
        "             q={} in {} names ({}); {} review dates before 2026-11-01",
        register::SEARCH,
        count(c.searched),
        percent(c.searched, c.assets),
        count(c.review_past)
    );
    let levels: Vec<String> = opts.concurrency.iter().map(ToString::to_string).collect();
    println!(
        "load:        {} workers; {:.2} s warm-up + {:.2} s per target",
        levels.join(" and "),
        opts.warmup.as_secs_f64(),
        opts.duration.as_secs_f64()
    );
    println!(
        "SQLite:      {} ({fs}); WAL, synchronous=FULL: every commit waits for an fsync",
        dir.display()
    );
    match &opts.pg_url {
        Some(url) => println!(
            "PostgreSQL:  {} (from {PG_URL_VAR}; the bench creates a scratch database there and drops it)",
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

pub fn results(opts: &Options, c: &Composition, csv_bytes: usize, dbs: &[DbFigures]) {
    println!();
    println!("== results ==");
    for db in dbs {
        println!();
        import(db, c, csv_bytes);
        println!();
        server(db);
        for (concurrency, rows) in &db.lists {
            println!();
            list(db, *concurrency, rows, opts);
        }
        println!();
        export(db);
    }
    println!();
    println!("targets (informational; the bench never fails on timing)");
    for db in dbs {
        targets(db, c.assets);
    }
}

fn rows_per_s(rows: usize, d: Duration) -> f64 {
    ratio(rows as f64, d.as_secs_f64()).unwrap_or(0.0)
}

fn import(db: &DbFigures, c: &Composition, csv_bytes: usize) {
    let n = c.assets;
    println!(
        "import, {}: {} rows × {} columns, {} CSV",
        db.label,
        count(n),
        register::COLUMNS,
        mb(csv_bytes as u64)
    );
    println!(
        "  {} {:>9} {:>9} {:>9} {:>9}",
        pad("", LABEL),
        "time",
        "rows/s",
        "peak RSS",
        "÷raw"
    );
    let row = |label: &str, d: Duration, mem: String, base: bool| {
        println!(
            "  {} {:>9} {:>9} {:>9} {:>9}",
            pad(label, LABEL),
            fmt_secs(d),
            thousands(rows_per_s(n, d)),
            mem,
            if base {
                "–".into()
            } else {
                fmt_ratio(ratio(d.as_secs_f64(), db.fair.as_secs_f64()))
            }
        );
    };
    row(
        "fair raw baseline: the import's rows, same schema, 1 tx",
        db.fair,
        "–".into(),
        true,
    );
    row(
        "mamori import assets --create-departments (whole command)",
        db.import.elapsed,
        mib(&db.import.peak),
        false,
    );
    row(
        "  of it, as --dry-run: start, read, validate, check relations",
        db.dry_run.elapsed,
        mib(&db.dry_run.peak),
        false,
    );
    println!(
        "  (÷raw: divided by the baseline, which inserts the very departments, assets, relations and"
    );
    println!(
        "   audit entries the import wrote into a copy of the database taken before it, values bound from memory)"
    );
    let w = &db.written;
    let files = w
        .db_bytes
        .map(|b| format!("; database files {}", mb(b)))
        .unwrap_or_default();
    println!(
        "  written: {} assets, {} departments, {} relations, {} audit entries{files}",
        thousands(w.assets as f64),
        thousands(w.departments as f64),
        thousands(w.relations as f64),
        thousands(w.audit_entries as f64),
    );
    println!(
        "  (admin init before it: {}; times are whole commands, spawn to exit; peak RSS is the child's VmHWM)",
        fmt_secs(db.init)
    );
}

fn server(db: &DbFigures) {
    println!(
        "server, {}: mamori serve on the imported database",
        db.label
    );
    println!(
        "  spawn → /readyz 200 {}; RSS right after ready {:.1} MiB, after the load {:.1} MiB, {} s later {:.1} MiB (peak {:.1} MiB)",
        fmt_ms(db.ready),
        db.mem_ready.rss_mib(),
        db.mem_after.rss_mib(),
        db.idle.as_secs(),
        db.mem_idle.rss_mib(),
        db.mem_idle.hwm_mib()
    );
    for d in &db.downloads {
        println!(
            "  GET /assets/export.{} (all {} bytes): response after {}, first byte after {}, done after {}",
            d.format,
            thousands(d.bytes as f64),
            fmt_ms(d.start),
            fmt_ms(d.first_byte),
            fmt_secs(d.total)
        );
    }
    println!(
        "  RSS after the downloads {:.1} MiB (peak {:.1} MiB)",
        db.mem_downloads.rss_mib(),
        db.mem_downloads.hwm_mib()
    );
}

fn list(db: &DbFigures, concurrency: usize, rows: &[Measured], opts: &Options) {
    println!(
        "list over HTTP, {}, {concurrency} workers: {:.2} s warm-up + {:.2} s per target; latency of 2xx responses",
        db.label,
        opts.warmup.as_secs_f64(),
        opts.duration.as_secs_f64()
    );
    println!(
        "  {} {:>8} {:>8} {:>8} {:>9} {:>9} {:>9} {:>6} {:>9} {:>8}",
        pad("target", 38),
        "matches",
        "bytes",
        "req/s",
        "p50",
        "p99",
        "max",
        "errors",
        "p99÷base",
        format!("≤ {} ms", TARGET_LIST_P99.as_millis())
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
            pad(&m.target.name, 38),
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
            if i == 0 { "" } else { met(list_ok(m)) },
        );
    }
}

fn list_ok(m: &Measured) -> bool {
    m.summary.p99 <= TARGET_LIST_P99 && m.summary.ok > 0 && m.summary.errors == 0
}

fn export(db: &DbFigures) {
    println!("export, {}: whole commands, all assets", db.label);
    println!(
        "  {} {:>9} {:>9} {:>9}",
        pad("", LABEL),
        "time",
        "size",
        "peak RSS"
    );
    for e in &db.exports {
        let run: &Finished = &e.run;
        println!(
            "  {} {:>9} {:>9} {:>9}",
            pad(
                &format!("mamori export assets --format {} --all", e.format),
                LABEL
            ),
            fmt_secs(run.elapsed),
            mb(e.bytes),
            mib(&run.peak)
        );
    }
}

fn targets(db: &DbFigures, assets: usize) {
    let goal = |what: &str, limit: String, measured: String, ok: bool| {
        println!(
            "  {} {:>10} {:>12}   {}",
            pad(&format!("{}: {what}", db.label), 52),
            limit,
            measured,
            met(ok)
        );
    };
    let limit = if db.label == "PostgreSQL" {
        TARGET_IMPORT_PG
    } else {
        TARGET_IMPORT_SQLITE
    };
    goal(
        &format!(
            "import, whole command ({} rows/s)",
            thousands(rows_per_s(assets, db.import.elapsed))
        ),
        format!("≤ {}", fmt_secs(limit)),
        fmt_secs(db.import.elapsed),
        db.import.elapsed <= limit,
    );
    let r = ratio(db.import.elapsed.as_secs_f64(), db.fair.as_secs_f64());
    goal(
        "import time ÷ fair raw baseline",
        format!("≤ {}", fmt_ratio(Some(TARGET_IMPORT_FAIR))),
        fmt_ratio(r),
        r.is_some_and(|r| r <= TARGET_IMPORT_FAIR),
    );
    let peak = |m: &crate::procs::Memory| m.hwm_mib();
    goal(
        "import peak RSS",
        format!("≤ {TARGET_IMPORT_RSS_MIB:.0} MiB"),
        mib(&db.import.peak),
        peak(&db.import.peak) > 0.0 && peak(&db.import.peak) <= TARGET_IMPORT_RSS_MIB,
    );
    for e in &db.exports {
        goal(
            &format!("export --format {} peak RSS", e.format),
            format!("≤ {TARGET_EXPORT_RSS_MIB:.0} MiB"),
            mib(&e.run.peak),
            peak(&e.run.peak) > 0.0 && peak(&e.run.peak) <= TARGET_EXPORT_RSS_MIB,
        );
    }
    for d in &db.downloads {
        goal(
            &format!("download export.{}: response starts", d.format),
            format!("≤ {}", fmt_ms(TARGET_DOWNLOAD_START)),
            fmt_ms(d.start),
            d.start <= TARGET_DOWNLOAD_START,
        );
    }
    goal(
        &format!("server RSS {} s after the list load", db.idle.as_secs()),
        format!("≤ {TARGET_IDLE_RSS_MIB:.0} MiB"),
        format!("{:.0} MiB", db.mem_idle.rss_mib()),
        db.mem_idle.rss_mib() <= TARGET_IDLE_RSS_MIB,
    );
    for (concurrency, rows) in &db.lists {
        let lists: Vec<&Measured> = rows.iter().skip(1).collect();
        let ok = lists.iter().filter(|m| list_ok(m)).count();
        let worst = lists.iter().max_by_key(|m| m.summary.p99);
        let measured = worst.map_or("–".into(), |m| fmt_ms(m.summary.p99));
        goal(
            &format!(
                "list p99, {concurrency} workers, worst of {} ({} met)",
                lists.len(),
                ok
            ),
            format!("≤ {}", fmt_ms(TARGET_LIST_P99)),
            measured,
            ok == lists.len(),
        );
        if let Some(w) = worst.filter(|m| !list_ok(m)) {
            println!("  {}   worst: {}", pad("", 52), w.target.name);
        }
    }
}

//! `mamori-bench physical`: the entry log at the size issue 16 names, on SQLite and
//! (with `MAMORI_BENCH_PG_URL`) PostgreSQL:
//!
//! 1. one area with 500 badge holders, half of them on its authorized list, and a
//!    month's door log of 1,000,000 rows (one row per stay) written as a CSV;
//! 2. `mamori import entries FILE --area BENCH-SR`, timed whole with its peak memory,
//!    beside a raw insert of the very rows it wrote (read back, moved to a second area,
//!    inserted in one transaction of multi-row INSERTs on the same driver);
//! 3. reconciling that month through the use case;
//! 4. `mamori serve`, and the log filtered to the area and one week (API and page)
//!    under closed-loop load beside the raw axum baseline.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use chrono::{Datelike, Duration as Span, NaiveDate, NaiveTime};
use mamori_app::physical::{BadgeInput, GrantInput, PlaceInput};
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_store::entity::area_entry;
use uuid::Uuid;

use crate::assets::fair::{Rows, insert_tables};
use crate::binary::{Db, mamori_measured};
use crate::both::As;
use crate::load::LoadPlan;
use crate::stats::{Summary, fmt_ms, fmt_ratio, fmt_secs, ratio, thousands};

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub rows: usize,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;
const HOLDERS: usize = 500;
const AREA: &str = "BENCH-SR";
const RAW_AREA: &str = "BENCH-RAW";

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

/// One database's figures.
struct Figures {
    label: &'static str,
    import: Duration,
    peak_mib: f64,
    raw: Duration,
    flagged: usize,
    reconcile: Duration,
    targets: Vec<(&'static str, Summary)>,
}

pub async fn run(opts: &Options) -> Result<()> {
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let client = crate::load::client(WORKERS)?;
    let plan = LoadPlan {
        concurrency: WORKERS,
        warmup: opts.warmup,
        duration: opts.duration,
    };
    let base = crate::both::baseline_get(&client, plan).await?;
    let (figures, pg_note) = crate::both::on_each_database(
        tmp.path(),
        opts.pg_url.as_deref(),
        "physical",
        |label, db| async move { measure(opts, label, &db, plan).await },
    )
    .await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "physical — a month's door log of {} rows in one area, {HOLDERS} badge holders, half authorized; {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.rows as f64),
        opts.duration.as_secs_f64()
    );
    for f in &figures {
        let rate = opts.rows as f64 / f.import.as_secs_f64().max(1e-9);
        println!();
        println!("{}", f.label);
        println!(
            "  import (whole command): {} — {} rows/s, peak RSS {:.0} MiB; {} flagged",
            fmt_secs(f.import),
            thousands(rate),
            f.peak_mib,
            thousands(f.flagged as f64)
        );
        println!(
            "  raw insert of the same rows, one transaction: {} — import ÷ raw {}",
            fmt_secs(f.raw),
            fmt_ratio(ratio(f.import.as_secs_f64(), f.raw.as_secs_f64()))
        );
        println!(
            "  reconcile the month (use case): {}",
            fmt_secs(f.reconcile)
        );
        for (name, s) in &f.targets {
            println!(
                "  {name}: p50 {} p99 {} ({} req/s) — ÷ axum baseline p50 {} p99 {}",
                fmt_ms(s.p50),
                fmt_ms(s.p99),
                thousands(s.rps),
                fmt_ratio(ratio(s.p50.as_secs_f64(), base.p50.as_secs_f64())),
                fmt_ratio(ratio(s.p99.as_secs_f64(), base.p99.as_secs_f64())),
            );
        }
    }
    println!(
        "  (axum baseline: p50 {} p99 {})",
        fmt_ms(base.p50),
        fmt_ms(base.p99)
    );
    if let Some(n) = pg_note {
        println!("{n}");
    }
    Ok(())
}

fn open_app(store: Store) -> App {
    App::new(
        store,
        Arc::new(SystemClock),
        Arc::new(OsRandom),
        AppConfig::default(),
    )
}

/// The month the log covers: the one before last, so it is over and in the past.
fn month(today: NaiveDate) -> NaiveDate {
    let first = today.with_day(1).unwrap_or(today);
    first
        .checked_sub_months(chrono::Months::new(2))
        .unwrap_or(first)
}

/// Sets up the areas, the holders and their badges and grants; returns the two areas.
async fn seed_with(app: &App, store: &Store) -> Result<(Uuid, Uuid)> {
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    let staff = crate::data::seed_register(store, cli.org_id, HOLDERS, 10).await?;
    let place = |kind: &str, code: &str, parent: Option<Uuid>| PlaceInput {
        kind: kind.into(),
        code: code.into(),
        name: format!("ベンチ {code}"),
        parent,
        level: if kind == "area" {
            "system_room".into()
        } else {
            String::new()
        },
        hours: if kind == "area" {
            "08:00-20:00".into()
        } else {
            String::new()
        },
        ..PlaceInput::default()
    };
    let b = app
        .create_place(&cli, &place("building", "BENCH", None))
        .await
        .map_err(err)?;
    let f = app
        .create_place(&cli, &place("floor", "BENCH-1F", Some(b)))
        .await
        .map_err(err)?;
    let area = app
        .create_place(&cli, &place("area", AREA, Some(f)))
        .await
        .map_err(err)?;
    let raw = app
        .create_place(&cli, &place("area", RAW_AREA, Some(f)))
        .await
        .map_err(err)?;
    let today = app.today();
    for (i, s) in staff.iter().enumerate() {
        let badge = BadgeInput {
            number: format!("B{i:05}"),
            employee_number: s.employee_number.clone(),
            label: String::new(),
        };
        app.add_badge(&cli, &badge).await.map_err(err)?;
        if i % 2 == 0 {
            let grant = GrantInput {
                employee_number: s.employee_number.clone(),
                reason: "ベンチ".into(),
                valid_from: (today - Span::days(400)).to_string(),
                valid_to: (today + Span::days(400)).to_string(),
                ..GrantInput::default()
            };
            app.add_grant(&cli, area, &grant).await.map_err(err)?;
        }
    }
    Ok((area, raw))
}

/// The door log: `rows` stays spread over the month, badges in turn, one in a
/// thousand without an exit.
fn door_log(rows: usize, first: NaiveDate) -> String {
    let mut out = String::with_capacity(rows * 48);
    out.push_str("入室日時,退室日時,カード番号\n");
    let start = first.and_time(NaiveTime::MIN);
    let step = (30.0 * 86_400.0) / rows.max(1) as f64;
    for i in 0..rows {
        let secs = (i as f64 * step) as i64;
        let inn = start + Span::seconds(secs);
        let out_at = inn + Span::minutes(20);
        let badge = i % HOLDERS;
        if i % 1_000 == 999 {
            let _ = writeln!(out, "{},,B{badge:05}", inn.format("%Y-%m-%d %H:%M:%S"));
        } else {
            let _ = writeln!(
                out,
                "{},{},B{badge:05}",
                inn.format("%Y-%m-%d %H:%M:%S"),
                out_at.format("%Y-%m-%d %H:%M:%S")
            );
        }
    }
    out
}

async fn measure(opts: &Options, label: &'static str, db: &Db, plan: LoadPlan) -> Result<Figures> {
    let bin = &opts.mamori;
    let (token, url) = crate::both::ready(bin, db).await?;
    let store = Store::open(&url, 8).await.map_err(err)?;
    let app = open_app(store.clone());
    let (area, raw_area) = seed_with(&app, &store).await?;
    let first = month(app.today());
    let file = db.data_dir.join("door-log.csv");
    std::fs::write(&file, door_log(opts.rows, first))?;
    store.close().await.map_err(err)?;
    drop(app);

    println!("  import of {} rows …", thousands(opts.rows as f64));
    let path = file.to_string_lossy().into_owned();
    let done = mamori_measured(bin, db, &["import", "entries", &path, "--area", AREA]).await?;

    // The raw baseline: the rows the import wrote, in the second area.
    let store = Store::open(&url, 8).await.map_err(err)?;
    let app = open_app(store.clone());
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    let (from, until) = (
        mamori_domain::japan_time::instant(first.and_time(NaiveTime::MIN)),
        mamori_domain::japan_time::instant(
            first
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(first)
                .and_time(NaiveTime::MIN),
        ),
    );
    let filter = mamori_store::physical::entries::EntryFilter {
        areas: vec![area],
        from: Some(from),
        until: Some(until),
        ..Default::default()
    };
    let written: Vec<area_entry::Model> =
        mamori_store::physical::entries::export(store.conn(), cli.org_id, &filter, u64::MAX >> 1)
            .await
            .map_err(err)?;
    let flagged = written.iter().filter(|e| e.flags != 0).count();
    anyhow::ensure!(
        written.len() == opts.rows,
        "the import wrote {} rows of {}",
        written.len(),
        opts.rows
    );
    let moved: Vec<area_entry::Model> = written
        .into_iter()
        .map(|e| area_entry::Model {
            id: Uuid::now_v7(),
            area_id: raw_area,
            ..e
        })
        .collect();
    println!("  raw insert …");
    let started = Instant::now();
    let tx = store.begin_write().await.map_err(err)?;
    insert_tables(&*tx, store.backend(), vec![Rows::of(moved)]).await?;
    tx.commit().await.map_err(err)?;
    let raw = started.elapsed();

    println!("  reconcile …");
    let started = Instant::now();
    app.reconcile_month(&cli, area, &first.format("%Y-%m").to_string())
        .await
        .map_err(err)?;
    let reconcile = started.elapsed();
    store.close().await.map_err(err)?;
    drop(app);

    let week_from = first + Span::days(7);
    let week_until = week_from + Span::days(6);
    let q = format!("area={AREA}&from={week_from}&until={week_until}");
    let gets = [
        (
            "log, one area and one week, API",
            format!("/api/v1/entries?{q}"),
            As::Api,
        ),
        (
            "log, one area and one week, page",
            format!("/entries?{q}"),
            As::Page,
        ),
        (
            "log, one area, flagged, page",
            format!("/entries?area={AREA}&flags=flagged"),
            As::Page,
        ),
    ];
    let out = crate::both::serve_and_load(bin, db, &token, plan, &gets).await?;
    Ok(Figures {
        label,
        import: done.elapsed,
        peak_mib: done.peak.hwm_mib(),
        raw,
        flagged,
        reconcile,
        targets: gets.iter().map(|g| g.0).zip(out).collect(),
    })
}

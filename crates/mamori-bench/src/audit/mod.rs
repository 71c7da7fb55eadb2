//! `mamori-bench audit`: what the tamper-evident audit log costs. Unlike `platform`
//! it runs in process, through the real store and use-case code:
//!
//! 1. appending to an organization's hash chain on SQLite — one writer, eight
//!    concurrent writers, and one batch — beside raw single-row INSERTs of the same
//!    column values into a plain table on the same connection (`append.rs`, `raw.rs`);
//! 2. verifying the chains, with and without the database reads, beside plain
//!    SHA-256 over the same canonical bytes already in memory (`verify.rs`);
//! 3. sign-in: argon2id hashing and verification, and the whole `App::login`;
//! 4. the same appends and verification on PostgreSQL when `MAMORI_BENCH_PG_URL`
//!    names a scratch database.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing (it does fail when a chain it wrote does not verify).
//!
//! This file drives the scenario; the steps and the report are in the files beside
//! it, which import one another but nothing from here.

mod append;
mod db;
mod entries;
mod raw;
mod report;
mod sign_in;
mod verify;

use anyhow::{Context, Result};
use mamori_store::Store;

pub use append::{AppendFigures, WRITERS};
pub use db::new_org;
pub use entries::{chained_rows, new_entries};
pub use raw::RawTable;
pub use report::DbFigures;
pub use sign_in::{PASSWORD, SignInFigures, measure_sign_in};
pub use verify::{VerifyFigures, measure_verify};

use crate::procs::{cpu_model, fs_type};
use crate::stats::thousands;

/// Environment variable naming a scratch PostgreSQL database for step 4.
pub const PG_URL_VAR: &str = "MAMORI_BENCH_PG_URL";

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    /// Entries per append run.
    pub entries: usize,
    /// Timed passes of each verification figure; the median is reported.
    pub verify_passes: usize,
    /// Timed runs of each sign-in figure, after one warm-up.
    pub sign_in_runs: usize,
    /// A scratch PostgreSQL database (`MAMORI_BENCH_PG_URL`).
    pub pg_url: Option<String>,
}

/// The whole scenario.
pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let sqlite_dir = tmp.path().join("audit");
    let sign_in_dir = tmp.path().join("sign-in");
    let url = mamori_store::sqlite_url_for_dir(&sqlite_dir)?;
    let fs = fs_type(&sqlite_dir).unwrap_or_else(|| "unknown file system".into());

    println!("== mamori-bench audit ==");
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!(
        "runs:        {} entries per append run, {WRITERS} concurrent writers; verify: median of {} passes; sign-in: {} runs after 1 warm-up",
        thousands(opts.entries as f64),
        opts.verify_passes,
        opts.sign_in_runs
    );
    println!(
        "SQLite:      {} ({fs}); WAL, synchronous=FULL: every commit waits for an fsync,",
        sqlite_dir.display()
    );
    println!(
        "             so one transaction per entry measures the disk's flush as much as Mamori."
    );
    match &opts.pg_url {
        Some(url) => println!(
            "PostgreSQL:  {} (from {PG_URL_VAR}; the bench removes its rows afterwards)",
            mamori_store::redact(url)
        ),
        None => println!(
            "PostgreSQL:  skipped ({PG_URL_VAR} is not set; set it to a scratch database's postgres:// URL to include it)"
        ),
    }
    println!("caveat:      the writers, the database and the hashing share these {cores} core(s);");
    println!("             the ratio to the baseline measured in this same run is the figure.");
    println!();

    let total_steps = if opts.pg_url.is_some() { 3 } else { 2 };
    println!("[1/{total_steps}] SQLite: append and verify …");
    let store = db::open(&url).await?;
    let sqlite = measure_db(&store, "SQLite", opts).await?;
    store.close().await?;

    let mut dbs = vec![sqlite];
    if let Some(pg_url) = &opts.pg_url {
        println!("[2/{total_steps}] PostgreSQL: append and verify …");
        let store = db::open(pg_url)
            .await
            .with_context(|| format!("opening {}", mamori_store::redact(pg_url)))?;
        let pg = measure_db(&store, "PostgreSQL", opts).await;
        store.close().await?;
        dbs.push(pg?);
    }

    println!(
        "[{total_steps}/{total_steps}] sign-in: {} × hash, verify and App::login …",
        opts.sign_in_runs
    );
    let sign_in = measure_sign_in(&sign_in_dir, opts.sign_in_runs).await?;

    report::results(&dbs, &sign_in);
    if opts.pg_url.is_none() {
        println!();
        println!("PostgreSQL: skipped ({PG_URL_VAR} not set).");
    }
    Ok(())
}

/// Steps 1 and 2 on one store: the append runs beside their raw baselines, then
/// verification of the three chains written.
pub async fn measure_db(store: &Store, label: &str, opts: &Options) -> Result<DbFigures> {
    let step = |what: &str| println!("  {label}: {what} …");
    let n = opts.entries;
    let table = RawTable::create(store).await?;
    let orgs = [
        new_org(store, "1 writer").await?,
        new_org(store, "8 writers").await?,
        new_org(store, "batch").await?,
    ];

    let result = async {
        let append = append::measure(store, &table, orgs, n, &step).await?;
        step(&format!(
            "verify {} chains × {} passes",
            orgs.len(),
            opts.verify_passes
        ));
        let verify = measure_verify(store, &orgs, n as u64, opts.verify_passes).await?;
        anyhow::Ok(DbFigures {
            label: label.to_owned(),
            durability: db::durability(store).await,
            append,
            verify,
        })
    }
    .await;

    if store.backend() == sea_orm::DbBackend::Postgres {
        // A scratch database still should not keep what a bench wrote.
        let cleaned = match table.drop_table(store).await {
            Ok(()) => db::remove_orgs(store, &orgs).await,
            Err(e) => Err(e),
        };
        if let Err(e) = cleaned {
            println!("  warning: could not remove the bench's rows from {label}: {e:#}");
        }
    }
    result
}

//! `mamori-bench assets`: the information asset register at the size of a large city
//! (issue 4), driven through the release `mamori` binary as in production:
//!
//! 1. a generated register of 100,000 assets in 200 sections, with relations, as a
//!    UTF-8 CSV in the importer's columns (see [`register`]);
//! 2. `mamori import assets FILE --create-departments` on a fresh database, timed as a
//!    whole command with its peak memory, and a `--dry-run` of it before, which
//!    separates reading and validating from writing;
//! 3. beside it, the very rows the import wrote inserted into a copy of the database
//!    as it was before, in one transaction on the same driver (see [`fair`]): the fair
//!    raw baseline of the import;
//! 4. `mamori serve` on that database, and the filtered list over HTTP (JSON API with
//!    a bearer token, and the HTML page of the signed-in CISO) under the load
//!    generator at a modest concurrency and at 16, beside the raw axum baseline;
//!    then the server's memory 30 s after the load, and the register downloaded as CSV
//!    and .xlsx over HTTP (when the response starts, when its first byte arrives);
//! 5. `mamori export assets --all` as .xlsx (and CSV), timed, with the file size and
//!    peak memory;
//! 6. the same on PostgreSQL when `MAMORI_BENCH_PG_URL` names a server.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

pub mod fair;
mod measure;
pub mod register;
mod report;
pub(crate) mod scratch;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use mamori_store::Store;
use sea_orm::{ConnectionTrait, Statement};
use uuid::Uuid;

use crate::binary::{self, Db};
use crate::load::{self, LoadPlan, Target};
use crate::procs::{Finished, Memory};
use crate::stats::Summary;
use crate::{baseline, procs::fs_type};

/// Environment variable naming a PostgreSQL server (the audit scenario's).
pub const PG_URL_VAR: &str = crate::audit::PG_URL_VAR;
/// The whole import command on SQLite (≥ 20,000 rows/s at 100,000) and on PostgreSQL.
pub const TARGET_IMPORT_SQLITE: Duration = Duration::from_secs(5);
pub const TARGET_IMPORT_PG: Duration = Duration::from_secs(7);
/// Import time at most this many times the fair raw baseline's.
pub const TARGET_IMPORT_FAIR: f64 = 1.5;
/// Peak memory of the import of a 100,000-row CSV, and of an export of all of it.
pub const TARGET_IMPORT_RSS_MIB: f64 = 150.0;
pub const TARGET_EXPORT_RSS_MIB: f64 = 100.0;
/// The server's memory 30 s after the list load ends.
pub const TARGET_IDLE_RSS_MIB: f64 = 100.0;
/// How long the server rests after the list load before its memory is read again.
pub const IDLE: Duration = Duration::from_secs(30);
/// A download's response (headers) starting.
pub const TARGET_DOWNLOAD_START: Duration = Duration::from_millis(200);
pub const TARGET_LIST_P99: Duration = Duration::from_millis(20);
pub const PER_PAGE: usize = 50;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    /// Assets in the register (rounded up to whole blocks of 100).
    pub assets: usize,
    pub seed: u64,
    /// Load-generator workers; each level loads every target.
    pub concurrency: Vec<usize>,
    pub warmup: Duration,
    pub duration: Duration,
    /// A PostgreSQL server to create a scratch database on (`MAMORI_BENCH_PG_URL`).
    pub pg_url: Option<String>,
    /// Keep the temporary directory (data, CSV, exports, server logs).
    pub keep: bool,
    /// How long the server rests after the list load before its memory is read again.
    pub idle: Duration,
}

/// What an import wrote, counted in the database afterwards.
#[derive(Debug, Clone, Default)]
pub struct Written {
    pub assets: u64,
    pub departments: u64,
    pub relations: u64,
    pub audit_entries: u64,
    /// The SQLite files (database and WAL), when on SQLite.
    pub db_bytes: Option<u64>,
}

/// One target under load.
pub struct Measured {
    pub target: Target,
    /// The filter's `total`, read from the JSON list.
    pub matches: Option<u64>,
    pub status: u16,
    pub bytes: usize,
    pub summary: Summary,
}

/// One export command.
pub struct Export {
    pub format: &'static str,
    pub run: Finished,
    pub bytes: u64,
}

/// The register downloaded over HTTP by the signed-in CISO.
pub struct Download {
    pub format: &'static str,
    /// From the request to the response's status and headers.
    pub start: Duration,
    /// To the first byte of the body.
    pub first_byte: Duration,
    pub total: Duration,
    pub bytes: u64,
}

/// Everything measured on one database.
pub struct DbFigures {
    pub label: String,
    pub init: Duration,
    pub dry_run: Finished,
    pub import: Finished,
    /// The fair raw baseline: the import's rows into the database as it was before.
    pub fair: Duration,
    pub written: Written,
    pub ready: Duration,
    pub mem_ready: Memory,
    pub mem_after: Memory,
    /// [`Options::idle`] after the list load.
    pub mem_idle: Memory,
    pub idle: Duration,
    pub downloads: Vec<Download>,
    /// After the downloads.
    pub mem_downloads: Memory,
    /// Per concurrency level, every target.
    pub lists: Vec<(usize, Vec<Measured>)>,
    pub exports: Vec<Export>,
}

/// The whole scenario.
pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let dir = tmp.path().to_owned();

    let t = Instant::now();
    let reg = register::generate(opts.assets, opts.seed);
    let bytes = register::csv(&reg.rows);
    let generated = t.elapsed();
    let limit = mamori_app::AppConfig::default().max_import_bytes;
    if bytes.len() > limit {
        bail!(
            "the register's CSV is {} bytes, above the importer's limit of {limit}; use fewer --assets",
            bytes.len()
        );
    }
    let csv_path = dir.join("assets.csv");
    std::fs::write(&csv_path, &bytes).context("writing the register CSV")?;

    let version = binary::version(&opts.mamori).await;
    let fs = fs_type(&dir).unwrap_or_else(|| "unknown file system".into());
    report::header(
        opts,
        &version,
        cores,
        &reg.composition,
        bytes.len(),
        generated,
        &dir,
        &fs,
    );

    let baseline = baseline::InProcess::start(cores)?;
    let steps = if opts.pg_url.is_some() { 2 } else { 1 };
    println!("[1/{steps}] SQLite …");
    let sqlite_db = Db::sqlite(&dir.join("data"));
    let mut dbs = vec![];
    let sqlite = measure::measure_db(
        opts,
        "SQLite",
        &sqlite_db,
        None,
        &dir,
        &csv_path,
        &reg,
        baseline.addr,
    )
    .await;
    dbs.push(sqlite?);

    let mut pg_note = None;
    if let Some(admin_url) = &opts.pg_url {
        println!("[2/{steps}] PostgreSQL …");
        match scratch::Scratch::create(admin_url, "assets").await {
            Ok(scratch) => {
                println!("  scratch database {}", scratch.name());
                let db = Db {
                    data_dir: dir.join("pg-data"),
                    url: Some(scratch.url.clone()),
                };
                let pg = measure::measure_db(
                    opts,
                    "PostgreSQL",
                    &db,
                    Some(&scratch),
                    &dir,
                    &csv_path,
                    &reg,
                    baseline.addr,
                )
                .await;
                if let Err(e) = scratch.drop_database().await {
                    println!("  warning: could not drop the scratch database: {e:#}");
                }
                dbs.push(pg?);
            }
            Err(e) => pg_note = Some(format!("skipped (no database: {e:#})")),
        }
    } else {
        pg_note = Some(format!(
            "skipped (no database: {PG_URL_VAR} is not set; set it to a postgres:// URL whose role may CREATE DATABASE)"
        ));
    }
    baseline.stop()?;

    report::results(opts, &reg.composition, bytes.len(), &dbs);
    if let Some(note) = pg_note {
        println!();
        println!("PostgreSQL: {note}");
    }
    if opts.keep {
        println!("kept: {}", tmp.keep().display());
    }
    Ok(())
}

/// Loads every target at every concurrency level (`plan` of a level), probing each
/// first and warning when it does not answer 2xx; `matches` are the targets' totals.
pub(crate) async fn load_levels(
    client: &reqwest::Client,
    targets: &[Target],
    matches: &[Option<u64>],
    levels: &[usize],
    plan: impl Fn(usize) -> LoadPlan,
    step: impl Fn(&str),
) -> Result<Vec<(usize, Vec<Measured>)>> {
    let mut lists = Vec::new();
    for &concurrency in levels {
        step(&format!(
            "{} targets × {concurrency} workers",
            targets.len()
        ));
        let plan = plan(concurrency);
        let mut rows = Vec::with_capacity(targets.len());
        for (i, target) in targets.iter().enumerate() {
            let (status, bytes, excerpt) = load::probe(client, target).await?;
            if !(200..300).contains(&status) {
                println!("    warning: {} answered {status}: {excerpt}", target.name);
            }
            let summary = load::run(client, target, plan).await?;
            rows.push(Measured {
                target: target.clone(),
                matches: matches.get(i).copied().flatten(),
                status,
                bytes,
                summary,
            });
        }
        lists.push((concurrency, rows));
    }
    Ok(lists)
}

/// `SELECT COUNT(*)` of a table.
pub(crate) async fn count_rows(store: &Store, table: &str) -> Result<u64> {
    let row = store
        .conn()
        .query_one_raw(Statement::from_string(
            store.backend(),
            format!("SELECT COUNT(*) FROM {table}"),
        ))
        .await?
        .ok_or_else(|| anyhow!("no count of {table}"))?;
    let n: i64 = row.try_get_by_index(0)?;
    Ok(u64::try_from(n).unwrap_or(0))
}

/// Counts what the import wrote (the database holds nothing else but the CISO's
/// organization, account and their audit entries).
async fn written(url: &str, data_dir: &Path, sqlite: bool) -> Result<Written> {
    let store = Store::connect(url, 2).await?;
    let counted = async {
        anyhow::Ok(Written {
            assets: count_rows(&store, "assets").await?,
            departments: count_rows(&store, "departments").await?,
            relations: count_rows(&store, "asset_relations").await?,
            audit_entries: count_rows(&store, "audit_log").await?,
            db_bytes: None,
        })
    }
    .await;
    store.close().await?;
    let mut w = counted?;
    if sqlite {
        let size = |f: &str| std::fs::metadata(data_dir.join(f)).map_or(0, |m| m.len());
        w.db_bytes = Some(size("mamori.db") + size("mamori.db-wal"));
    }
    Ok(w)
}

/// The id of 部01, whose subtree the department filter asks for.
async fn top_department(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    token: &str,
) -> Result<Uuid> {
    department_id(client, addr, token, "部01").await
}

/// The id of the department at `path` (`部01/課0101`), from the API's list.
pub(crate) async fn department_id(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    token: &str,
    path: &str,
) -> Result<Uuid> {
    department_ids(client, addr, token)
        .await?
        .remove(path)
        .ok_or_else(|| anyhow!("no department {path} after the import"))
}

/// Every department's id by its path (`部01/課0101`), from the API's list.
pub(crate) async fn department_ids(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    token: &str,
) -> Result<std::collections::HashMap<String, Uuid>> {
    let res = client
        .get(format!("http://{addr}/api/v1/departments"))
        .headers(binary::api_headers(token)?)
        .send()
        .await
        .context("GET /api/v1/departments")?;
    let list: serde_json::Value = res.json().await.context("the department list")?;
    Ok(list
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|d| {
            let path = d["path"].as_str()?.to_owned();
            let id = Uuid::parse_str(d["id"].as_str()?).ok()?;
            Some((path, id))
        })
        .collect())
}

/// The `total` of a JSON list target; `None` for anything else.
pub(crate) async fn total(client: &reqwest::Client, target: &Target) -> Option<u64> {
    if !target.url.path().starts_with("/api/") {
        return None;
    }
    let res = client
        .get(target.url.clone())
        .headers(target.headers.clone())
        .send()
        .await
        .ok()?;
    let v: serde_json::Value = res.json().await.ok()?;
    v["total"].as_u64()
}

/// The filters of the list, as (label, query parameters); the API and the page take
/// the same ones, except that the page reads a checkbox (`overdue=1`) where the API
/// reads a boolean.
fn filters(dept: Uuid, assets: usize, page: bool) -> Vec<(String, Vec<(&'static str, String)>)> {
    let deep = (assets.div_ceil(PER_PAGE) / 2).max(1);
    let flag = if page { "1" } else { "true" };
    let p = |k: &'static str, v: &str| (k, v.to_owned());
    vec![
        ("no filter, page 1".into(), vec![]),
        (format!("page {deep}"), vec![p("page", &deep.to_string())]),
        ("kind=hardware".into(), vec![p("kind", "hardware")]),
        (
            "department=部01 (subtree)".into(),
            vec![p("department", &dept.to_string())],
        ),
        ("c=3B".into(), vec![p("c", "3B")]),
        ("personal_data=any".into(), vec![p("personal_data", "any")]),
        ("overdue".into(), vec![p("overdue", flag)]),
        (
            format!("q={}", register::SEARCH),
            vec![p("q", register::SEARCH)],
        ),
        (
            "data_electronic & c=2 & lgwan".into(),
            vec![
                p("kind", "data_electronic"),
                p("c", "2"),
                p("network_layer", "lgwan"),
            ],
        ),
    ]
}

fn targets(
    base: std::net::SocketAddr,
    addr: std::net::SocketAddr,
    token: &str,
    cookie: &str,
    dept: Uuid,
    assets: usize,
) -> Result<Vec<Target>> {
    let per_page = PER_PAGE.to_string();
    let mut out = vec![Target {
        name: "baseline: constant JSON (axum)".into(),
        url: reqwest::Url::parse(&format!("http://{base}/"))?,
        headers: reqwest::header::HeaderMap::new(),
    }];
    for (kind, path, headers) in [
        ("API", "/api/v1/assets", binary::api_headers(token)?),
        ("HTML", "/assets", binary::page_headers(cookie)?),
    ] {
        for (label, mut params) in filters(dept, assets, kind == "HTML") {
            params.push(("per_page", per_page.clone()));
            out.push(Target {
                name: format!("{kind} {label}"),
                url: reqwest::Url::parse_with_params(&format!("http://{addr}{path}"), &params)
                    .context("a target URL")?,
                headers: headers.clone(),
            });
        }
    }
    Ok(out)
}

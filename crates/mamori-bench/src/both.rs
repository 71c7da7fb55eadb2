//! What the database scenarios share: the raw axum baseline's GET measured once, the
//! median of repeated in-process timings, and the scenario's measurements run on SQLite
//! and, when `MAMORI_BENCH_PG_URL` names a server, on a scratch PostgreSQL database
//! dropped afterwards.

use std::path::Path;

use std::time::Duration;

use anyhow::Result;

use crate::assets::scratch;
use crate::baseline;
use crate::binary::Db;
use crate::load::{self, LoadPlan, Target};
use crate::stats::{Summary, fmt_ms, fmt_ratio, ratio, thousands};

/// The raw axum baseline answering a GET, under the same load plan as the targets.
pub async fn baseline_get(client: &reqwest::Client, plan: LoadPlan) -> Result<Summary> {
    let base = baseline::InProcess::start(2)?;
    let target = Target {
        name: "baseline".into(),
        url: format!("http://{}/", base.addr).parse()?,
        headers: Default::default(),
    };
    let got = load::run(client, &target, plan).await?;
    base.stop()?;
    Ok(got)
}

/// What a database scenario starts from: a scratch directory, the load plan of
/// `workers`, and the raw axum baseline measured under it.
pub async fn prepare(
    workers: usize,
    warmup: Duration,
    duration: Duration,
) -> Result<(tempfile::TempDir, LoadPlan, Summary)> {
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .map_err(|e| anyhow::anyhow!("cannot create a temporary directory: {e}"))?;
    let client = load::client(workers)?;
    let plan = LoadPlan {
        concurrency: workers,
        warmup,
        duration,
    };
    let base = baseline_get(&client, plan).await?;
    Ok((tmp, plan, base))
}

/// Runs `measure` on SQLite in `tmp`, then on PostgreSQL when `pg_url` is given;
/// returns the figures and, when PostgreSQL was skipped, the line saying so.
pub async fn on_each_database<T, F, Fut>(
    tmp: &Path,
    pg_url: Option<&str>,
    scenario: &str,
    mut measure: F,
) -> Result<(Vec<T>, Option<&'static str>)>
where
    F: FnMut(&'static str, Db) -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    println!("[1] SQLite …");
    let mut figures = vec![measure("SQLite", Db::sqlite(&tmp.join("data"))).await?];
    let Some(admin_url) = pg_url else {
        return Ok((
            figures,
            Some("PostgreSQL: skipped (MAMORI_BENCH_PG_URL is not set)"),
        ));
    };
    println!("[2] PostgreSQL …");
    let scratch = scratch::Scratch::create(admin_url, scenario).await?;
    let db = Db {
        data_dir: tmp.join("pg-data"),
        url: Some(scratch.url.clone()),
    };
    let pg = measure("PostgreSQL", db).await;
    let _ = scratch.drop_database().await;
    figures.push(pg?);
    Ok((figures, None))
}

/// Whether a target is read with the API token or the page session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum As {
    Api,
    Page,
}

/// Starts `mamori serve` on `db`, signs in, and runs each GET `(name, path, as)` under
/// `plan` (each first checked to answer 200); stops the server and returns the
/// figures in order.
pub async fn serve_and_load(
    bin: &Path,
    db: &Db,
    token: &str,
    plan: LoadPlan,
    gets: &[(&'static str, String, As)],
) -> Result<Vec<Summary>> {
    let port = crate::procs::free_port()?;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let log = db.data_dir.join("serve.log");
    let server = crate::procs::start(
        crate::binary::serve_command(bin, db, addr),
        addr,
        &log,
        std::time::Duration::from_secs(60),
    )
    .await?;
    let client = load::client(plan.concurrency)?;
    let cookie = crate::binary::sign_in(&client, addr).await?;
    let api = crate::binary::api_headers(token)?;
    let page = crate::binary::page_headers(&cookie)?;
    let mut out = Vec::new();
    for (name, path, how) in gets {
        let t = Target {
            name: (*name).into(),
            url: format!("http://{addr}{path}").parse()?,
            headers: if *how == As::Api {
                api.clone()
            } else {
                page.clone()
            },
        };
        let (status, _, excerpt) = load::probe(&client, &t).await?;
        anyhow::ensure!(status == 200, "{} answered {status}: {excerpt}", t.name);
        out.push(load::run(&client, &t, plan).await?);
    }
    server.stop(std::time::Duration::from_secs(10)).await?;
    Ok(out)
}

/// The median of nine runs of `f`, each returning the time it measured.
pub async fn median<F, Fut>(f: F) -> Result<Duration>
where
    F: Fn() -> Fut,
    Fut: std::future::Future<Output = Result<Duration>>,
{
    let mut times = Vec::new();
    for _ in 0..9 {
        times.push(f().await?);
    }
    times.sort();
    Ok(times[times.len() / 2])
}

/// A register scenario's figures on one database: how long writing the register took,
/// one filtered page through the use case beside the store's query alone, and each
/// HTTP target under load.
pub struct Figures {
    pub label: String,
    pub seed: Duration,
    pub page_in_process: Duration,
    pub raw_query: Duration,
    pub targets: Vec<(&'static str, Summary)>,
}

/// Prints each database's figures, every target beside the baseline's p99.
pub fn print(figures: &[Figures], base: &Summary, pg_note: Option<&str>) {
    for f in figures {
        println!("{}:", f.label);
        println!(
            "  register written                        in {:.1} s",
            f.seed.as_secs_f64()
        );
        println!(
            "  one filtered page, use case            {}   the store's query alone {}  {}",
            fmt_ms(f.page_in_process),
            fmt_ms(f.raw_query),
            fmt_ratio(ratio(
                f.page_in_process.as_secs_f64(),
                f.raw_query.as_secs_f64()
            ))
        );
        for (what, s) in &f.targets {
            println!(
                "  {what:<44} p50 {:>8}  p99 {:>8}  {:>9}/s   baseline p99 {:>8}  {}",
                fmt_ms(s.p50),
                fmt_ms(s.p99),
                thousands(s.rps),
                fmt_ms(base.p99),
                fmt_ratio(ratio(s.p99.as_secs_f64(), base.p99.as_secs_f64()))
            );
        }
    }
    if let Some(n) = pg_note {
        println!("{n}");
    }
}

/// Readies a scenario's database as an operator would (`mamori admin init`, an API
/// token); the token and the URL the scenario's store opens.
pub async fn ready(bin: &Path, db: &Db) -> Result<(String, String)> {
    crate::binary::admin_init(bin, db).await?;
    let token = crate::binary::create_token(bin, db).await?;
    let url = match &db.url {
        Some(u) => u.clone(),
        None => mamori_app::sqlite_url_for_dir(&db.data_dir).map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    Ok((token, url))
}

/// What a scenario measured before serving: its label, how long seeding took, one
/// filtered page through the use case and the store's query alone.
pub struct InProcess {
    pub label: &'static str,
    pub seed: Duration,
    pub page_in_process: Duration,
    pub raw_query: Duration,
}

/// Serves `db` and loads each GET `(name, path, as)`; the scenario's figures.
pub async fn load_targets(
    bin: &Path,
    db: &Db,
    token: &str,
    plan: LoadPlan,
    measured: InProcess,
    gets: &[(&'static str, String, As)],
) -> Result<Figures> {
    let out = serve_and_load(bin, db, token, plan, gets).await?;
    Ok(Figures {
        label: measured.label.into(),
        seed: measured.seed,
        page_in_process: measured.page_in_process,
        raw_query: measured.raw_query,
        targets: gets.iter().map(|g| g.0).zip(out).collect(),
    })
}

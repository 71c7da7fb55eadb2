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
use crate::stats::Summary;

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
    gets: &[(&str, String, As)],
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

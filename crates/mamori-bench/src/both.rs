//! What the database scenarios share: the raw axum baseline's GET measured once, and
//! the scenario's measurements run on SQLite and, when `MAMORI_BENCH_PG_URL` names a
//! server, on a scratch PostgreSQL database dropped afterwards.

use std::path::Path;

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

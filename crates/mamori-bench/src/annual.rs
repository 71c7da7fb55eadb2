//! `mamori-bench annual`: the annual report and the CISO's calendar at the size issue
//! 17 names, on SQLite and (with `MAMORI_BENCH_PG_URL`) PostgreSQL:
//!
//! 1. a city of 100,000 assets (imported by `mamori import assets`), 5,000 staff,
//!    10,000 risks over the register and 2,000 incidents (written through the store);
//! 2. this fiscal year's report counted through the use case beside the register's
//!    grouped count alone (the report's largest query), and its PDF rendered;
//! 3. `mamori serve`: the report's PDF asked for over HTTP, with the server's memory
//!    before and after (peak), then the CISO's calendar of what is due (every kind,
//!    the whole organization) under closed-loop load beside the raw axum baseline.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_domain::review::annual::ReportYear;
use uuid::Uuid;

use crate::assets::register;
use crate::binary::{self, Db};
use crate::both::median;
use crate::load::{self, LoadPlan, Target};
use crate::stats::{Summary, fmt_ms, fmt_ratio, ratio, thousands};

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub assets: usize,
    pub risks: usize,
    pub incidents: usize,
    pub staff: usize,
    pub seed: u64,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;
const DEPARTMENTS: usize = 20;
/// PDFs asked for over HTTP, one after another.
const PDF_REQUESTS: usize = 5;

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

/// One database's figures.
struct Measured {
    label: &'static str,
    seed: Duration,
    report: Duration,
    raw_count: Duration,
    pdf_render: Duration,
    pdf_bytes: usize,
    pdf_http: Duration,
    rss_before: f64,
    hwm_after: f64,
    due_items: u64,
    calendar: Summary,
}

pub async fn run(opts: &Options) -> Result<()> {
    let (tmp, plan, base) = crate::both::prepare(WORKERS, opts.warmup, opts.duration).await?;
    let (figures, pg_note) =
        crate::both::on_each_database(tmp.path(), opts.pg_url.as_deref(), "annual", {
            let tmp = tmp.path().to_owned();
            move |label, db| {
                let tmp = tmp.clone();
                async move { measure(opts, label, &db, &tmp, plan).await }
            }
        })
        .await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "annual — {} assets, {} staff, {} risks, {} incidents; {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.assets as f64),
        thousands(opts.staff as f64),
        thousands(opts.risks as f64),
        thousands(opts.incidents as f64),
        opts.duration.as_secs_f64()
    );
    for m in &figures {
        println!("{}:", m.label);
        println!(
            "  city written                            in {:.1} s",
            m.seed.as_secs_f64()
        );
        println!(
            "  the year's report counted, use case     {}   the register's grouped count alone {}  {}",
            fmt_ms(m.report),
            fmt_ms(m.raw_count),
            fmt_ratio(ratio(m.report.as_secs_f64(), m.raw_count.as_secs_f64()))
        );
        println!(
            "  its PDF rendered                        {}   ({} KB)",
            fmt_ms(m.pdf_render),
            m.pdf_bytes / 1024
        );
        println!(
            "  the PDF over HTTP (counted + rendered)  {}   server memory {:.0} MiB before, peak {:.0} MiB after",
            fmt_ms(m.pdf_http),
            m.rss_before,
            m.hwm_after
        );
        println!(
            "  the CISO's calendar ({} items)  p50 {:>8}  p99 {:>8}  {:>9}/s   baseline p99 {:>8}  {}",
            thousands(m.due_items as f64),
            fmt_ms(m.calendar.p50),
            fmt_ms(m.calendar.p99),
            thousands(m.calendar.rps),
            fmt_ms(base.p99),
            fmt_ratio(ratio(m.calendar.p99.as_secs_f64(), base.p99.as_secs_f64()))
        );
    }
    if let Some(n) = pg_note {
        println!("{n}");
    }
    Ok(())
}

async fn measure(
    opts: &Options,
    label: &'static str,
    db: &Db,
    tmp: &std::path::Path,
    plan: LoadPlan,
) -> Result<Measured> {
    let bin = &opts.mamori;
    let step = |what: &str| println!("  {label}: {what} …");
    let (token, url) = crate::both::ready(bin, db).await?;
    let started = Instant::now();
    step("import assets");
    let reg = register::generate_with(opts.assets, opts.seed, 1);
    let csv = tmp.join(format!("assets-{}.csv", label.to_lowercase()));
    std::fs::write(&csv, register::csv(&reg.rows)).context("writing the register CSV")?;
    let csv = csv.to_string_lossy().into_owned();
    binary::mamori_cmd(bin, db, &["import", "assets", &csv, "--create-departments"]).await?;
    step("staff, risks and incidents");
    let store = Store::open(&url, 8).await.map_err(err)?;
    let app = App::new(
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(OsRandom),
        AppConfig::default(),
    );
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    crate::data::seed_register(&store, cli.org_id, opts.staff, DEPARTMENTS).await?;
    // The risks name the catalog's threats, seeded on first reading.
    app.threats(&cli).await.map_err(err)?;
    let sections = crate::risks::seed::assets_by_section(&reg.rows);
    let specs = crate::risks::seed::generate(opts.risks, opts.seed, &sections);
    let departments = department_paths(&store, cli.org_id).await?;
    crate::risks::loading::bulk_insert(&url, &specs, &departments, app.today()).await?;
    crate::incidents::seed::build(&url, &db.data_dir, opts.incidents).await?;
    let seed = started.elapsed();

    step("the report in process");
    let year = ReportYear::year_of(app.today());
    let report = median(|| async {
        let t = Instant::now();
        app.annual_report(&cli, year, None).await.map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let y = ReportYear::new(year, None, app.today()).map_err(|e| anyhow!("{}", e.en))?;
    let midnight = |d: chrono::NaiveDate| {
        mamori_domain::japan_time::instant(d.and_hms_opt(0, 0, 0).unwrap_or_default())
    };
    let span = mamori_store::review::annual::figures::Span {
        from: y.from,
        as_of: y.as_of,
        from_at: midnight(y.from),
        end_at: midnight(y.end_exclusive()),
    };
    let raw_count = median(|| async {
        let t = Instant::now();
        mamori_store::review::annual::figures::assets(store.conn(), cli.org_id, &span)
            .await
            .map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let page = app.annual_report(&cli, year, None).await.map_err(err)?;
    let lang = mamori_web::i18n::Lang::Ja;
    let pdf_render = median(|| async {
        let t = Instant::now();
        mamori_web::pdf::annual_report(&page.report, lang).map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let pdf_bytes = mamori_web::pdf::annual_report(&page.report, lang)
        .map_err(err)?
        .len();
    store.close().await.map_err(err)?;

    step("serve");
    let port = crate::procs::free_port()?;
    let addr: std::net::SocketAddr = format!("127.0.0.1:{port}").parse()?;
    let server = crate::procs::start(
        binary::serve_command(bin, db, addr),
        addr,
        &db.data_dir.join("serve.log"),
        binary::START_TIMEOUT,
    )
    .await?;
    let served = serve(&server, addr, &token, year, plan).await;
    server.stop(binary::STOP_GRACE).await?;
    let (pdf_http, rss_before, hwm_after, due_items, calendar) = served?;
    Ok(Measured {
        label,
        seed,
        report,
        raw_count,
        pdf_render,
        pdf_bytes,
        pdf_http,
        rss_before,
        hwm_after,
        due_items,
        calendar,
    })
}

/// The PDF over HTTP with the server's memory around it, then the calendar under load.
async fn serve(
    server: &crate::procs::Server,
    addr: std::net::SocketAddr,
    token: &str,
    year: i32,
    plan: LoadPlan,
) -> Result<(Duration, f64, f64, u64, Summary)> {
    let client = load::client(plan.concurrency)?;
    let api = binary::api_headers(token)?;
    let before = crate::procs::memory(server.pid())?;
    let mut times = Vec::new();
    for _ in 0..PDF_REQUESTS {
        let t = Instant::now();
        let r = client
            .get(format!(
                "http://{addr}/api/v1/reports/annual?year={year}&format=pdf"
            ))
            .headers(api.clone())
            .send()
            .await?;
        anyhow::ensure!(
            r.status() == 200,
            "the report's PDF answered {}",
            r.status()
        );
        let body = r.bytes().await?;
        anyhow::ensure!(body.starts_with(b"%PDF"), "not a PDF");
        times.push(t.elapsed());
    }
    times.sort();
    let after = crate::procs::memory(server.pid())?;
    let calendar = Target {
        name: "calendar".into(),
        url: format!("http://{addr}/api/v1/due?scope=all").parse()?,
        headers: api.clone(),
    };
    let (status, _, excerpt) = load::probe(&client, &calendar).await?;
    anyhow::ensure!(status == 200, "the calendar answered {status}: {excerpt}");
    let listed: serde_json::Value = client
        .get(calendar.url.clone())
        .headers(api.clone())
        .send()
        .await?
        .json()
        .await?;
    let items = listed["items"].as_array().map_or(0, |a| a.len() as u64);
    let summary = load::run(&client, &calendar, plan).await?;
    Ok((
        times[times.len() / 2],
        before.rss_mib(),
        after.hwm_mib(),
        items,
        summary,
    ))
}

/// Every department by its path (部01/課0101), as the register's rows name them.
async fn department_paths(store: &Store, org: Uuid) -> Result<HashMap<String, Uuid>> {
    let all = mamori_store::departments::all(store.conn(), org)
        .await
        .map_err(err)?;
    let by_id: HashMap<Uuid, &mamori_store::entity::department::Model> =
        all.iter().map(|d| (d.id, d)).collect();
    Ok(all
        .iter()
        .map(|d| {
            let mut names = vec![d.name.clone()];
            let mut at = d.parent_id;
            while let Some(p) = at.and_then(|id| by_id.get(&id)) {
                names.push(p.name.clone());
                at = p.parent_id;
            }
            names.reverse();
            (names.join("/"), d.id)
        })
        .collect())
}

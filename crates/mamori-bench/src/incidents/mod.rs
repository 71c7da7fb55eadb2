//! `mamori-bench incidents`: the incident module at the size of a large city (issue
//! 13), through the release `mamori` binary as in production:
//!
//! 1. a fresh database with 10,000 incidents over two years written in bulk through
//!    the store, 20 open personal-data breaches filed and assessed through the use
//!    cases (so the dashboard shows 20 確報 clocks), a webhook source, a syslog source
//!    and a ransomware rule (see [`seed`]);
//! 2. `mamori serve` with its syslog port, and the register (JSON API and HTML page)
//!    and the dashboard under closed-loop load beside the raw axum baseline;
//! 3. webhook ingest with the rule applied: one event per request (latency) and a
//!    hundred per request (throughput), beside the baseline's POST that only parses
//!    the JSON (see [`ingest`]);
//! 4. a burst of syslog datagrams until stored, beside a raw UDP receiver that parses
//!    the same lines with the same parser and stores nothing;
//! 5. the same on PostgreSQL when `MAMORI_BENCH_PG_URL` names a server.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

pub mod ingest;
pub mod seed;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};

use crate::binary::{self, Db};
use crate::load::{self, LoadPlan, Target};
use crate::stats::{Summary, fmt_ms, fmt_ratio, ratio, thousands};
use crate::{baseline, procs};

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub incidents: usize,
    pub syslog_lines: u64,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;

struct Figures {
    label: String,
    bulk: Duration,
    api: Summary,
    html: Summary,
    dashboard: Summary,
    hook_one: Summary,
    hook_batch: Summary,
    sent: u64,
    send_time: Duration,
    syslog_stored: u64,
    syslog_time: Duration,
}

pub async fn run(opts: &Options) -> Result<()> {
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let base = baseline::InProcess::start(2)?;
    let client = load::client(WORKERS)?;
    let plan = LoadPlan {
        concurrency: WORKERS,
        warmup: opts.warmup,
        duration: opts.duration,
    };
    let base_get = load::run(
        &client,
        &Target {
            name: "baseline".into(),
            url: format!("http://{}/", base.addr).parse()?,
            headers: Default::default(),
        },
        plan,
    )
    .await?;
    let base_post = ingest::post_load(
        &client,
        &format!("http://{}/ingest", base.addr),
        &Default::default(),
        WORKERS,
        1,
        (opts.warmup, opts.duration),
        Arc::new(AtomicU64::new(0)),
    )
    .await?;
    base.stop()?;
    let (raw_got, raw_time) = ingest::raw_syslog(opts.syslog_lines).await?;

    let (figures, pg_note) = crate::both::on_each_database(
        tmp.path(),
        opts.pg_url.as_deref(),
        "incidents",
        |label, db| async move { measure(opts, label, &db).await },
    )
    .await?;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "incidents — {} incidents, {} breach clocks, {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.incidents as f64),
        seed::CLOCKS,
        opts.duration.as_secs_f64()
    );
    let row = |what: &str, s: &Summary, b: &Summary| {
        println!(
            "  {what:<34} p50 {:>8}  p99 {:>8}  {:>9}/s   baseline p99 {:>8}  {}",
            fmt_ms(s.p50),
            fmt_ms(s.p99),
            thousands(s.rps),
            fmt_ms(b.p99),
            fmt_ratio(ratio(s.p99.as_secs_f64(), b.p99.as_secs_f64()))
        );
    };
    for f in &figures {
        println!("{}:", f.label);
        println!(
            "  {} incidents written in bulk   {}",
            thousands(opts.incidents as f64),
            fmt_ms(f.bulk)
        );
        row("register, API (50 per page)", &f.api, &base_get);
        row("register, HTML page", &f.html, &base_get);
        row("dashboard with 20 breach clocks", &f.dashboard, &base_get);
        row("webhook, 1 event per request", &f.hook_one, &base_post);
        println!(
            "  webhook, 100 events per request    p99 {:>8}  {} events/s sustained (errors {})",
            fmt_ms(f.hook_batch.p99),
            thousands(f.hook_batch.rps * 100.0),
            f.hook_batch.errors
        );
        let stored_rate = f.syslog_stored as f64 / f.syslog_time.as_secs_f64().max(1e-9);
        let raw_rate = raw_got as f64 / raw_time.as_secs_f64().max(1e-9);
        println!(
            "  syslog UDP: {} sent in {}, {} stored in {} → {} events/s (lost {}); raw receive+parse {} lines/s ({} of {}); {}",
            thousands(f.sent as f64),
            fmt_ms(f.send_time),
            thousands(f.syslog_stored as f64),
            fmt_ms(f.syslog_time),
            thousands(stored_rate),
            f.sent.saturating_sub(f.syslog_stored),
            thousands(raw_rate),
            thousands(raw_got as f64),
            thousands(opts.syslog_lines as f64),
            fmt_ratio(ratio(raw_rate, stored_rate))
        );
    }
    if let Some(n) = pg_note {
        println!("{n}");
    }
    Ok(())
}

async fn measure(opts: &Options, label: &str, db: &Db) -> Result<Figures> {
    let bin = &opts.mamori;
    binary::admin_init(bin, db).await?;
    let token = binary::create_token(bin, db).await?;
    let url = match &db.url {
        Some(u) => u.clone(),
        None => mamori_app::sqlite_url_for_dir(&db.data_dir).map_err(|e| anyhow::anyhow!("{e}"))?,
    };
    let scene = seed::build(&url, &db.data_dir, opts.incidents).await?;
    let port = procs::free_port()?;
    let udp_port = std::net::UdpSocket::bind("127.0.0.1:0")?
        .local_addr()?
        .port();
    let addr = format!("127.0.0.1:{port}").parse()?;
    let mut cmd = binary::serve_command(bin, db, addr);
    cmd.env("MAMORI_SYSLOG_UDP", format!("127.0.0.1:{udp_port}"));
    let log = db.data_dir.join("serve.log");
    let server = procs::start(cmd, addr, &log, Duration::from_secs(60)).await?;
    let client = load::client(WORKERS)?;
    let cookie = binary::sign_in(&client, addr).await?;
    let api = binary::api_headers(&token)?;
    let page = binary::page_headers(&cookie)?;
    let plan = LoadPlan {
        concurrency: WORKERS,
        warmup: opts.warmup,
        duration: opts.duration,
    };
    let get = |name: &str, path: &str, headers: &reqwest::header::HeaderMap| -> Result<Target> {
        Ok(Target {
            name: name.into(),
            url: format!("http://{addr}{path}").parse()?,
            headers: headers.clone(),
        })
    };
    let targets = [
        get("api", "/api/v1/incidents?per_page=50", &api)?,
        get("html", "/incidents", &page)?,
        get("dashboard", "/", &page)?,
    ];
    let mut lists = Vec::new();
    for t in &targets {
        let (status, _, excerpt) = load::probe(&client, t).await?;
        anyhow::ensure!(status == 200, "{} answered {status}: {excerpt}", t.name);
        lists.push(load::run(&client, t, plan).await?);
    }
    let [api_s, html_s, dash_s]: [Summary; 3] = lists
        .try_into()
        .map_err(|_| anyhow::anyhow!("three lists"))?;

    let hook = format!("http://{addr}{}", scene.webhook_path);
    let mut hook_headers = reqwest::header::HeaderMap::new();
    hook_headers.insert(
        reqwest::header::AUTHORIZATION,
        format!("Bearer {}", scene.secret).parse()?,
    );
    let counter = Arc::new(AtomicU64::new(1_000_000));
    let hook_one = ingest::post_load(
        &client,
        &hook,
        &hook_headers,
        WORKERS,
        1,
        (opts.warmup, opts.duration),
        counter.clone(),
    )
    .await?;
    let hook_batch = ingest::post_load(
        &client,
        &hook,
        &hook_headers,
        WORKERS,
        100,
        (opts.warmup, opts.duration),
        counter,
    )
    .await?;

    let base_url = format!("http://{addr}");
    let before = ingest::stored(&client, &base_url, &api).await?;
    let started = Instant::now();
    let to = format!("127.0.0.1:{udp_port}").parse()?;
    let send_time = ingest::blast(to, opts.syslog_lines, 0).await?;
    let (after, syslog_time) = ingest::until_stored(
        &client,
        &base_url,
        &api,
        before + opts.syslog_lines,
        started,
    )
    .await?;
    server.stop(Duration::from_secs(10)).await?;
    Ok(Figures {
        label: label.into(),
        bulk: scene.bulk_time,
        api: api_s,
        html: html_s,
        dashboard: dash_s,
        hook_one,
        hook_batch,
        sent: opts.syslog_lines,
        send_time,
        syslog_stored: after - before,
        syslog_time,
    })
}

//! `mamori-bench platform`: how fast Mamori starts, how little memory it holds, how
//! fast it imports staff, and how its staff list (API and page) holds up under
//! concurrent load with 10,000 staff — each figure beside a raw axum baseline measured
//! in the same run, because on a shared two-core machine the ratio is the figure that
//! means something. Targets are printed with whether they are met; timing never makes
//! the bench fail.
//!
//! It builds nothing: it runs the `mamori` binary it is given, and for the baseline
//! process this bench's own executable (`mamori-bench baseline-server`).

mod report;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, anyhow};
use reqwest::header::HeaderMap;

use self::report::{Figures, Measured, Started};
use crate::binary::{self, Db, START_TIMEOUT, STOP_GRACE, mamori_cmd};
use crate::load::{self, LoadPlan, Target};
use crate::procs::{self, Server, cpu_model};
use crate::stats::{fmt_ms, pad, thousands};
use crate::{baseline, data};

const PER_PAGE: usize = 50;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    /// Staff to import.
    pub staff: usize,
    /// Timed starts of each server.
    pub starts: usize,
    pub plan: LoadPlan,
    /// Keep the temporary directory (data, staff CSV, server logs).
    pub keep: bool,
}

/// The whole scenario.
pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let plan = opts.plan;
    let version = binary::version(&opts.mamori).await;
    println!("== mamori-bench platform ==");
    println!("binary:      {} ({version})", opts.mamori.display());
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!(
        "load:        {} workers, {:.2} s warm-up + {:.2} s per target; {} staff",
        plan.concurrency,
        plan.warmup.as_secs_f64(),
        plan.duration.as_secs_f64(),
        opts.staff
    );
    println!(
        "caveat:      the load generator, the baseline and the server share these {cores} core(s):"
    );
    println!("             absolute req/s understate and latencies overstate a dedicated server;");
    println!("             the ratio to the baseline measured in this same run is the figure.");
    println!();

    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let dir = tmp.path().to_owned();
    let db = Db::sqlite(&dir.join("data"));
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs)?;

    // 1. Organization and administrator.
    println!("[1/6] admin init …");
    let t = Instant::now();
    binary::admin_init(&opts.mamori, &db).await?;
    let init = t.elapsed();

    // 2. Staff import.
    println!("[2/6] import {} staff …", opts.staff);
    let csv_path = dir.join("staff.csv");
    std::fs::write(&csv_path, data::staff_csv(opts.staff)).context("writing the staff CSV")?;
    let csv_arg = csv_path.to_string_lossy().into_owned();
    let t = Instant::now();
    mamori_cmd(
        &opts.mamori,
        &db,
        &["import", "staff", &csv_arg, "--create-departments"],
    )
    .await?;
    let import = t.elapsed();

    // 3. API token.
    let token = binary::create_token(&opts.mamori, &db).await?;

    // 4. Start-up, 5. idle memory: mamori, then the baseline as a process.
    println!("[3/6] {} timed starts of mamori serve …", opts.starts);
    let (mamori, server) = timed_starts("mamori", opts.starts, &logs, |addr| {
        Ok(binary::serve_command(&opts.mamori, &db, addr))
    })
    .await?;
    println!(
        "[4/6] {} timed starts of the baseline process …",
        opts.starts
    );
    let (base, base_proc) = timed_starts("baseline", opts.starts, &logs, baseline_command).await?;
    base_proc.stop(STOP_GRACE).await?;

    // 6. Load.
    let client = load::client(plan.concurrency)?;
    let cookie = binary::sign_in(&client, server.addr).await?;
    let in_process = baseline::InProcess::start(cores)?;
    let targets = targets(in_process.addr, server.addr, &token, &cookie, opts.staff)?;
    println!(
        "[5/6] load: {} targets × {:.2} s …",
        targets.len(),
        (plan.warmup + plan.duration).as_secs_f64()
    );
    let mut measured = Vec::with_capacity(targets.len());
    for target in targets {
        let (status, bytes, excerpt) = load::probe(&client, &target).await?;
        if !(200..300).contains(&status) {
            println!("  warning: {} answered {status}: {excerpt}", target.name);
        }
        let summary = load::run(&client, &target, plan).await?;
        println!(
            "  {} {:>8} req/s  p50 {:>9}  p99 {:>9}  ({} B/response, {} errors)",
            pad(&target.name, 34),
            thousands(summary.rps),
            fmt_ms(summary.p50),
            fmt_ms(summary.p99),
            bytes,
            summary.errors
        );
        measured.push(Measured {
            target,
            status,
            bytes,
            summary,
        });
    }
    let after_load = procs::memory(server.pid())?;
    println!("[6/6] stopping …");
    let server_log = server.log.clone();
    server.stop(STOP_GRACE).await?;
    in_process.stop()?;

    report::results(&Figures {
        staff: opts.staff,
        plan,
        cores,
        init,
        import,
        mamori,
        base,
        after_load,
        measured,
    });
    if opts.keep {
        let kept = tmp.keep();
        println!(
            "kept: {} (server log {})",
            kept.display(),
            kept.join("logs")
                .join(server_log.file_name().unwrap_or_default())
                .display()
        );
    }
    Ok(())
}

/// The baseline as a process: this executable's hidden `baseline-server` command.
fn baseline_command(addr: SocketAddr) -> Result<std::process::Command> {
    let mut c = std::process::Command::new(std::env::current_exe()?);
    c.arg("baseline-server")
        .arg("--listen")
        .arg(addr.to_string());
    Ok(c)
}

/// Starts a server `starts` times, timing spawn → `/readyz` = 200, and stops all but
/// the last; reads the last one's memory right after it is ready and after a second
/// of idling, and returns it running.
async fn timed_starts(
    label: &str,
    starts: usize,
    logs: &Path,
    command: impl Fn(SocketAddr) -> Result<std::process::Command>,
) -> Result<(Started, Server)> {
    let mut ready = Vec::with_capacity(starts);
    let mut last = None;
    for i in 0..starts {
        let addr = SocketAddr::from(([127, 0, 0, 1], procs::free_port()?));
        let log = logs.join(format!("{label}-{}.log", i + 1));
        let server = procs::start(command(addr)?, addr, &log, START_TIMEOUT)
            .await
            .with_context(|| format!("starting {label}"))?;
        ready.push(server.ready_after);
        if i + 1 < starts {
            server.stop(STOP_GRACE).await?;
        } else {
            last = Some(server);
        }
    }
    let server = last.ok_or_else(|| anyhow!("no start of {label}"))?;
    let at_ready = procs::memory(server.pid())?;
    tokio::time::sleep(std::time::Duration::from_secs(1)).await;
    let idle = procs::memory(server.pid())?;
    Ok((
        Started {
            ready,
            at_ready,
            idle,
        },
        server,
    ))
}

/// The baseline's constant handler first: the report divides by its figures.
fn targets(
    base: SocketAddr,
    addr: SocketAddr,
    token: &str,
    cookie: &str,
    staff: usize,
) -> Result<Vec<Target>> {
    let api = binary::api_headers(token)?;
    let page = binary::page_headers(cookie)?;
    let pages = staff.div_ceil(PER_PAGE);
    let deep = (pages * 3 / 4).max(1);
    let per_page = PER_PAGE.to_string();
    let list = format!("http://{addr}/api/v1/staff");
    let url = |base: &str, params: &[(&str, &str)]| {
        reqwest::Url::parse_with_params(base, params).context("a target URL")
    };
    Ok(vec![
        Target {
            name: "baseline: constant JSON (axum)".into(),
            url: url(&format!("http://{base}/"), &[])?,
            headers: HeaderMap::new(),
        },
        Target {
            name: format!("API staff list, page 1 of {pages}"),
            url: url(&list, &[("per_page", &per_page)])?,
            headers: api.clone(),
        },
        Target {
            name: format!("API staff search q={}", data::SEARCH),
            url: url(&list, &[("q", data::SEARCH), ("per_page", &per_page)])?,
            headers: api.clone(),
        },
        Target {
            name: format!("API staff list, page {deep} of {pages}"),
            url: url(
                &list,
                &[("page", &deep.to_string()), ("per_page", &per_page)],
            )?,
            headers: api,
        },
        Target {
            name: "HTML page /staff (signed in)".into(),
            url: url(&format!("http://{addr}/staff"), &[])?,
            headers: page,
        },
    ])
}

//! `mamori-bench [platform]`: how fast Mamori starts, how little memory it holds, how
//! fast it imports staff, and how its staff list (API and page) holds up under
//! concurrent load with 10,000 staff — each figure beside a raw axum baseline measured
//! in the same run, because on a shared two-core machine the ratio is the figure that
//! means something. Targets are printed with whether they are met; timing never makes
//! the bench fail.
//!
//! It builds nothing: it runs the `mamori` binary found next to its own executable
//! (`cargo build --release -p mamori -p mamori-bench` puts both in `target/release`),
//! or the one given with `--mamori`.
//!
//! `mamori-bench audit [--quick] [--entries N]`: what the audit chain costs to append
//! and verify, and what a sign-in costs, measured in process (see
//! `mamori_bench::audit`); it needs no `mamori` binary.
//!
//! `mamori-bench assets [--quick] [--assets N]`: import, filtered list and export of a
//! 100,000-asset register through the `mamori` binary, beside raw INSERTs and the axum
//! baseline, on SQLite and (with MAMORI_BENCH_PG_URL) PostgreSQL (see
//! `mamori_bench::assets`).
//!
//! `mamori-bench risks [--quick] [--risks N] [--assets N]`: 10,000 risks over a
//! 100,000-asset register — the register's filters and the heat map under load beside
//! the axum baseline, a campaign's draft generation for a 2,000-asset section, and the
//! SoA export beside rust_xlsxwriter (see `mamori_bench::risks`).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use clap::{Parser, ValueEnum};
use mamori_bench::binary::{self, Db, mamori_cmd};
use mamori_bench::load::{LoadPlan, Target};
use mamori_bench::procs::cpu_model;
use mamori_bench::procs::{Memory, Server};
use mamori_bench::stats::{Summary, fmt_ms, fmt_ratio, median, met, pad, ratio, thousands};
use mamori_bench::{baseline, data, load, procs};
use reqwest::header::HeaderMap;

const PER_PAGE: usize = 50;

const TARGET_READY: Duration = Duration::from_millis(300);
const TARGET_IDLE_RSS_MIB: f64 = 30.0;
const TARGET_LIST_P99: Duration = Duration::from_millis(10);

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Scenario {
    /// Start-up, idle memory, staff import, and staff list throughput and latency,
    /// beside a raw axum baseline.
    Platform,
    /// Audit chain append (SQLite, and PostgreSQL with MAMORI_BENCH_PG_URL) and
    /// verification beside raw INSERTs and plain SHA-256; sign-in latency.
    Audit,
    /// Asset register: import of 100,000 assets beside raw INSERTs, filtered lists
    /// under load beside the axum baseline, export (SQLite, and PostgreSQL with
    /// MAMORI_BENCH_PG_URL).
    Assets,
    /// Risk register: 10,000 risks over 100,000 assets; filtered register and heat
    /// map under load beside the axum baseline, campaign draft generation, SoA export
    /// (SQLite, and PostgreSQL with MAMORI_BENCH_PG_URL).
    Risks,
    /// Serve the raw baseline as a process of its own (used by `platform`).
    #[value(hide = true)]
    BaselineServer,
}

#[derive(Parser)]
#[command(
    name = "mamori-bench",
    about = "Mamori benchmarks: figures and ratios against a raw axum baseline measured in the same run"
)]
struct Cli {
    #[arg(value_enum, default_value_t = Scenario::Platform)]
    scenario: Scenario,
    /// The mamori binary (default: `mamori` next to this executable).
    #[arg(long)]
    mamori: Option<PathBuf>,
    /// A short run for smoke tests: 1 s per target, 2,000 staff; audit: 500 entries,
    /// 3 verify passes, 5 sign-ins; assets: 2,000 assets; risks: 2,000 assets, 1,000 risks.
    #[arg(long)]
    quick: bool,
    /// Audit entries per append run [default: 5000, 500 with --quick] (audit only).
    #[arg(long)]
    entries: Option<usize>,
    /// Concurrent workers of the load generator (assets: loads at 4 workers and at this).
    #[arg(long, default_value_t = 16)]
    concurrency: usize,
    /// Seconds of measured load per target [default: 5, assets 3, 1 with --quick].
    #[arg(long)]
    duration: Option<f64>,
    /// Seconds of warm-up per target, not measured [default: 1, assets 0.5, 0.25 with
    /// --quick].
    #[arg(long)]
    warmup: Option<f64>,
    /// Staff to import [default: 10000, 2000 with --quick].
    #[arg(long)]
    staff: Option<usize>,
    /// Assets in the generated register, rounded up to hundreds [default: 100000, 2000
    /// with --quick] (assets and risks).
    #[arg(long)]
    assets: Option<usize>,
    /// Risks in the generated risk register [default: 10000, 1000 with --quick] (risks
    /// only).
    #[arg(long)]
    risks: Option<usize>,
    /// Seed of the generated register (assets only).
    #[arg(long, default_value_t = mamori_bench::assets::register::SEED)]
    seed: u64,
    /// Timed server starts.
    #[arg(long, default_value_t = 5)]
    starts: usize,
    /// Keep the temporary data directory and server logs, and print where they are.
    #[arg(long)]
    keep: bool,
    /// Address to listen on (baseline-server only).
    #[arg(long, hide = true)]
    listen: Option<SocketAddr>,
}

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.scenario {
        Scenario::Platform => platform(&cli).await,
        Scenario::Audit => audit(&cli).await,
        Scenario::Assets => assets(&cli).await,
        Scenario::Risks => risks(&cli).await,
        Scenario::BaselineServer => baseline_server(&cli).await,
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("mamori-bench: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// The baseline as a process: same runtime shape as `mamori serve`, one constant
/// handler; ends on SIGTERM (default action).
async fn baseline_server(cli: &Cli) -> Result<()> {
    let addr = cli
        .listen
        .ok_or_else(|| anyhow!("baseline-server needs --listen"))?;
    let listener = tokio::net::TcpListener::bind(addr)
        .await
        .with_context(|| format!("cannot listen on {addr}"))?;
    baseline::serve(listener, std::future::pending()).await
}

/// The `audit` scenario: everything runs in this process (see `mamori_bench::audit`).
async fn audit(cli: &Cli) -> Result<()> {
    let (entries, verify_passes, sign_in_runs) = if cli.quick {
        (500, 3, 5)
    } else {
        (5_000, 5, 20)
    };
    let pg_url = std::env::var(mamori_bench::audit::PG_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty());
    mamori_bench::audit::run(&mamori_bench::audit::Options {
        entries: cli.entries.unwrap_or(entries).max(1),
        verify_passes,
        sign_in_runs,
        pg_url,
    })
    .await
}

/// The `assets` scenario (see `mamori_bench::assets`). Its 19 targets load at two
/// concurrency levels, so a target gets a shorter run than in `platform`.
async fn assets(cli: &Cli) -> Result<()> {
    let (assets, duration, warmup) = if cli.quick {
        (2_000, 1.0, 0.25)
    } else {
        (100_000, 3.0, 0.5)
    };
    let mut concurrency = vec![4, cli.concurrency.max(1)];
    concurrency.dedup();
    let pg_url = std::env::var(mamori_bench::assets::PG_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty());
    mamori_bench::assets::run(&mamori_bench::assets::Options {
        mamori: binary::locate(cli.mamori.as_deref())?,
        assets: cli.assets.unwrap_or(assets).max(1),
        seed: cli.seed,
        concurrency,
        warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
        duration: secs(cli.duration.unwrap_or(duration), "duration")?,
        pg_url,
        keep: cli.keep,
    })
    .await
}

/// The `risks` scenario (see `mamori_bench::risks`): its 11 targets load at two
/// concurrency levels, like `assets`.
async fn risks(cli: &Cli) -> Result<()> {
    let (assets, risks, duration, warmup) = if cli.quick {
        (2_000, 1_000, 1.0, 0.25)
    } else {
        (100_000, 10_000, 3.0, 0.5)
    };
    let mut concurrency = vec![4, cli.concurrency.max(1)];
    concurrency.dedup();
    let pg_url = std::env::var(mamori_bench::risks::PG_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty());
    mamori_bench::risks::run(&mamori_bench::risks::Options {
        mamori: binary::locate(cli.mamori.as_deref())?,
        assets: cli.assets.unwrap_or(assets).max(1),
        risks: cli.risks.unwrap_or(risks).max(1),
        seed: cli.seed,
        concurrency,
        warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
        duration: secs(cli.duration.unwrap_or(duration), "duration")?,
        pg_url,
        keep: cli.keep,
    })
    .await
}

struct Settings {
    mamori: PathBuf,
    staff: usize,
    starts: usize,
    plan: LoadPlan,
    cores: usize,
}

fn secs(v: f64, what: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(v).map_err(|_| anyhow!("--{what} must be a number of seconds ≥ 0"))
}

fn settings(cli: &Cli) -> Result<Settings> {
    let mamori = binary::locate(cli.mamori.as_deref())?;
    let (duration, warmup, staff) = if cli.quick {
        (1.0, 0.25, 2_000)
    } else {
        (5.0, 1.0, 10_000)
    };
    Ok(Settings {
        mamori,
        staff: cli.staff.unwrap_or(staff).max(1),
        starts: cli.starts.max(1),
        plan: LoadPlan {
            concurrency: cli.concurrency.max(1),
            warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
            duration: secs(cli.duration.unwrap_or(duration), "duration")?,
        },
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
    })
}

fn baseline_command(addr: SocketAddr) -> Result<std::process::Command> {
    let mut c = std::process::Command::new(std::env::current_exe()?);
    c.arg("baseline-server")
        .arg("--listen")
        .arg(addr.to_string());
    Ok(c)
}

/// Starts a server `starts` times, timing spawn → `/readyz` = 200; stops all but the
/// last, which it returns running.
async fn timed_starts(
    label: &str,
    starts: usize,
    logs: &Path,
    command: impl Fn(SocketAddr) -> Result<std::process::Command>,
) -> Result<(Vec<Duration>, Server)> {
    let mut times = Vec::with_capacity(starts);
    let mut last = None;
    for i in 0..starts {
        let addr = SocketAddr::from(([127, 0, 0, 1], procs::free_port()?));
        let log = logs.join(format!("{label}-{}.log", i + 1));
        let server = procs::start(command(addr)?, addr, &log, Duration::from_secs(60))
            .await
            .with_context(|| format!("starting {label}"))?;
        times.push(server.ready_after);
        if i + 1 < starts {
            server.stop(Duration::from_secs(10)).await?;
        } else {
            last = Some(server);
        }
    }
    let server = last.ok_or_else(|| anyhow!("no start of {label}"))?;
    Ok((times, server))
}

/// Memory right after start and after a second of idling.
async fn idle_memory(pid: u32) -> Result<(Memory, Memory)> {
    let start = procs::memory(pid)?;
    tokio::time::sleep(Duration::from_secs(1)).await;
    Ok((start, procs::memory(pid)?))
}

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

struct Measured {
    target: Target,
    status: u16,
    bytes: usize,
    summary: Summary,
}

async fn platform(cli: &Cli) -> Result<()> {
    let s = settings(cli)?;
    let version = binary::version(&s.mamori).await;
    println!("== mamori-bench platform ==");
    println!("binary:      {} ({version})", s.mamori.display());
    println!("machine:     {} core(s), {}", s.cores, cpu_model());
    println!(
        "load:        {} workers, {:.2} s warm-up + {:.2} s per target; {} staff",
        s.plan.concurrency,
        s.plan.warmup.as_secs_f64(),
        s.plan.duration.as_secs_f64(),
        s.staff
    );
    println!(
        "caveat:      the load generator, the baseline and the server share these {} core(s):",
        s.cores
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
    binary::admin_init(&s.mamori, &db).await?;
    let init_time = t.elapsed();

    // 2. Staff import.
    println!("[2/6] import {} staff …", s.staff);
    let csv_path = dir.join("staff.csv");
    std::fs::write(&csv_path, data::staff_csv(s.staff)).context("writing the staff CSV")?;
    let csv_arg = csv_path.to_string_lossy().into_owned();
    let t = Instant::now();
    mamori_cmd(
        &s.mamori,
        &db,
        &["import", "staff", &csv_arg, "--create-departments"],
    )
    .await?;
    let import_time = t.elapsed();

    // 3. API token.
    let token = binary::create_token(&s.mamori, &db).await?;

    // 4. Start-up, 5. idle memory: mamori, then the baseline as a process.
    println!("[3/6] {} timed starts of mamori serve …", s.starts);
    let (mamori_ready, server) = timed_starts("mamori", s.starts, &logs, |addr| {
        Ok(binary::serve_command(&s.mamori, &db, addr))
    })
    .await?;
    let (mamori_mem_start, mamori_mem_idle) = idle_memory(server.pid()).await?;
    println!("[4/6] {} timed starts of the baseline process …", s.starts);
    let (base_ready, base_proc) =
        timed_starts("baseline", s.starts, &logs, baseline_command).await?;
    let (base_mem_start, base_mem_idle) = idle_memory(base_proc.pid()).await?;
    base_proc.stop(Duration::from_secs(10)).await?;

    // 6. Load.
    let client = load::client(s.plan.concurrency)?;
    let cookie = binary::sign_in(&client, server.addr).await?;
    let in_process = baseline::InProcess::start(s.cores)?;
    let targets = targets(in_process.addr, server.addr, &token, &cookie, s.staff)?;
    println!(
        "[5/6] load: {} targets × {:.2} s …",
        targets.len(),
        (s.plan.warmup + s.plan.duration).as_secs_f64()
    );
    let mut measured = Vec::with_capacity(targets.len());
    for target in targets {
        let (status, bytes, excerpt) = load::probe(&client, &target).await?;
        if !(200..300).contains(&status) {
            println!("  warning: {} answered {status}: {excerpt}", target.name);
        }
        let summary = load::run(&client, &target, s.plan).await?;
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
    let mamori_mem_after = procs::memory(server.pid())?;
    println!("[6/6] stopping …");
    let server_log = server.log.clone();
    server.stop(Duration::from_secs(10)).await?;
    in_process.stop()?;

    // The report.
    let ready_median = median(&mamori_ready);
    let ready_min = mamori_ready.iter().min().copied().unwrap_or_default();
    let base_ready_median = median(&base_ready);
    let base_ready_min = base_ready.iter().min().copied().unwrap_or_default();
    let rows_per_s = s.staff as f64 / import_time.as_secs_f64().max(1e-9);

    println!();
    println!("== results ==");
    println!();
    println!("setup");
    println!(
        "  {} {:>10}",
        pad("admin init (whole command)", 44),
        fmt_ms(init_time)
    );
    println!(
        "  {} {:>10}   {} rows/s",
        pad(
            &format!(
                "import staff, {} rows (whole command)",
                thousands(s.staff as f64)
            ),
            44
        ),
        format!("{:.2} s", import_time.as_secs_f64()),
        thousands(rows_per_s)
    );
    println!();
    println!(
        "{:<36} {:>12} {:>12} {:>12}",
        "start-up and memory", "mamori", "baseline", "mamori÷base"
    );
    let row = |label: &str, a: String, b: String, r: Option<f64>| {
        println!("  {label:<34} {a:>12} {b:>12} {:>12}", fmt_ratio(r));
    };
    row(
        &format!("spawn → /readyz 200, median of {}", s.starts),
        fmt_ms(ready_median),
        fmt_ms(base_ready_median),
        ratio(ready_median.as_secs_f64(), base_ready_median.as_secs_f64()),
    );
    row(
        "spawn → /readyz 200, min",
        fmt_ms(ready_min),
        fmt_ms(base_ready_min),
        ratio(ready_min.as_secs_f64(), base_ready_min.as_secs_f64()),
    );
    let mib = |v: f64| format!("{v:.1} MiB");
    row(
        "RSS right after ready",
        mib(mamori_mem_start.rss_mib()),
        mib(base_mem_start.rss_mib()),
        ratio(mamori_mem_start.rss_mib(), base_mem_start.rss_mib()),
    );
    row(
        "RSS after 1 s idle",
        mib(mamori_mem_idle.rss_mib()),
        mib(base_mem_idle.rss_mib()),
        ratio(mamori_mem_idle.rss_mib(), base_mem_idle.rss_mib()),
    );
    row(
        "RSS after load",
        mib(mamori_mem_after.rss_mib()),
        "–".into(),
        None,
    );
    row(
        "peak RSS (VmHWM) after load",
        mib(mamori_mem_after.hwm_mib()),
        "–".into(),
        None,
    );
    println!();
    println!(
        "load: {} workers, keep-alive, {:.2} s per target after {:.2} s warm-up; latency of 2xx responses",
        s.plan.concurrency,
        s.plan.duration.as_secs_f64(),
        s.plan.warmup.as_secs_f64()
    );
    println!(
        "{:<36} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>10} {:>9}",
        "target", "req/s", "p50", "p99", "max", "errors", "bytes", "req/s÷base", "p99÷base"
    );
    let base = measured.first().map(|m| m.summary.clone());
    for m in &measured {
        let (rps_r, p99_r) = match &base {
            Some(b) => (
                ratio(m.summary.rps, b.rps),
                ratio(m.summary.p99.as_secs_f64(), b.p99.as_secs_f64()),
            ),
            None => (None, None),
        };
        let status = if (200..300).contains(&m.status) {
            String::new()
        } else {
            format!(" (probe: HTTP {})", m.status)
        };
        println!(
            "  {} {:>9} {:>9} {:>9} {:>9} {:>7} {:>8} {:>10} {:>9}{status}",
            pad(&m.target.name, 34),
            thousands(m.summary.rps),
            fmt_ms(m.summary.p50),
            fmt_ms(m.summary.p99),
            fmt_ms(m.summary.max),
            m.summary.errors,
            m.bytes,
            fmt_ratio(rps_r),
            fmt_ratio(p99_r),
        );
    }
    println!();
    println!("targets (informational; the bench never fails on timing)");
    let goal = |what: &str, limit: String, measured: String, ok: bool| {
        println!(
            "  {} {:>10} {:>12}   {}",
            pad(what, 44),
            limit,
            measured,
            met(ok)
        );
    };
    goal(
        "ready: spawn → /readyz 200 (median)",
        format!("≤ {}", fmt_ms(TARGET_READY)),
        fmt_ms(ready_median),
        ready_median <= TARGET_READY,
    );
    goal(
        "idle RSS (after 1 s idle)",
        format!("≤ {TARGET_IDLE_RSS_MIB:.0} MiB"),
        mib(mamori_mem_idle.rss_mib()),
        mamori_mem_idle.rss_mib() <= TARGET_IDLE_RSS_MIB,
    );
    for m in measured.iter().skip(1) {
        goal(
            &format!("p99 {}", m.target.name),
            format!("≤ {}", fmt_ms(TARGET_LIST_P99)),
            fmt_ms(m.summary.p99),
            m.summary.p99 <= TARGET_LIST_P99 && m.summary.ok > 0 && m.summary.errors == 0,
        );
    }
    println!();
    println!(
        "caveat: {} core(s) shared by the load generator ({} workers), the server and the baseline.",
        s.cores, s.plan.concurrency
    );
    if cli.keep {
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

//! `mamori-bench [platform|audit|assets|risks|mail|directory|incidents|policies|training|exceptions|contractors|physical|annual]`: the bench's command line. Each
//! scenario is a module of `mamori_bench`; this file reads the flags into its options
//! and runs it.
//!
//! `mamori-bench [platform]`: start-up, idle memory, staff import, and the staff list
//! under concurrent load with 10,000 staff, each beside a raw axum baseline (see
//! `mamori_bench::platform`). Targets are printed with whether they are met; timing
//! never makes the bench fail.
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
//!
//! `mamori-bench mail [--quick] [--messages N]`: the mail outbox emptied into a local
//! SMTP server beside lettre alone, and with the server restarted halfway (see
//! `mamori_bench::mail`).
//!
//! `mamori-bench directory [--quick] [--people N]`: sign-in through a local slapd beside
//! a raw bind, and the staff sync of 5,000 people (see `mamori_bench::directory`).
//!
//! `mamori-bench incidents [--quick]`: the incident register at 10,000 incidents and
//! the dashboard with 20 breach clocks under load, webhook and syslog ingest with the
//! rules applied, each beside a raw baseline (see `mamori_bench::incidents`).
//!
//! `mamori-bench policies [--quick] [--staff N]`: a burst of 1,000 acknowledgements
//! within a minute over a 5,000-person register beside raw inserts, the diff of a
//! 200-section document, and the coverage and diff under load (see
//! `mamori_bench::policies`).
//!
//! `mamori-bench training [--quick] [--staff N]`: coverage of 20 courses over a
//! 5,000-person register with three fiscal years of sessions, in process beside the
//! query it starts from, and under load beside the axum baseline (see
//! `mamori_bench::training`).
//!
//! `mamori-bench exceptions [--quick]`: the exception register of 10,000, filtered, in
//! process beside its query and under load beside the axum baseline, and an asset's
//! page with 20 exceptions (see `mamori_bench::exceptions`).
//!
//! `mamori-bench contractors [--quick]`: the contract register of 5,000, filtered, in
//! process beside its query and under load beside the axum baseline, an asset's page
//! with 20 exceptions on 5 external services, and the service register (see
//! `mamori_bench::contractors`).
//!
//! `mamori-bench annual [--quick]`: the annual report of a city of 100,000 assets,
//! 5,000 staff, 10,000 risks and 2,000 incidents, counted and rendered as PDF in
//! process and over HTTP (with the server's peak memory), and the CISO's calendar of
//! what is due under load beside the axum baseline (see `mamori_bench::annual`).
//!
//! `mamori-bench physical [--quick]`: a month's door log of 1,000,000 rows imported by
//! the command line beside a raw insert of the same rows, the month reconciled, and the
//! log of one area and one week under load (see `mamori_bench::physical`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{Context, Result, anyhow};
use clap::{Parser, ValueEnum};
use mamori_bench::baseline;
use mamori_bench::binary;
use mamori_bench::load::LoadPlan;

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
    /// Mail outbox: 10,000 mails sent to a local SMTP server (aiosmtpd) beside lettre
    /// alone, and again with the server restarted halfway (SQLite, and PostgreSQL with
    /// MAMORI_BENCH_PG_URL).
    Mail,
    /// Directory: sign-in through slapd over LDAPS beside a raw bind, and the staff
    /// sync of 5,000 people, first run and no-change run (SQLite, and PostgreSQL with
    /// MAMORI_BENCH_PG_URL).
    Directory,
    /// Incidents: 10,000 incidents and 20 breach clocks; the register and dashboard
    /// under load, webhook and syslog ingest with the rules applied, each beside a raw
    /// baseline (SQLite, and PostgreSQL with MAMORI_BENCH_PG_URL).
    Incidents,
    /// Policies: 5,000 staff asked to acknowledge a 200-section document; a burst of
    /// 1,000 acknowledgements within a minute beside raw inserts, the version diff,
    /// and the coverage and diff under load beside the axum baseline (SQLite, and
    /// PostgreSQL with MAMORI_BENCH_PG_URL).
    Policies,
    /// Training: 5,000 staff, 20 courses, three years of sessions and completions;
    /// coverage in process beside its one query, and under load (SQLite, and
    /// PostgreSQL with MAMORI_BENCH_PG_URL).
    Training,
    /// Exceptions: 10,000 exceptions in 20 departments and one asset with 20; the
    /// filtered register in process beside its query, and the register and the asset
    /// page under load (SQLite, and PostgreSQL with MAMORI_BENCH_PG_URL).
    Exceptions,
    /// Contractors: 5,000 contracts of 200 contractors in 20 departments and one asset
    /// with 20 exceptions on 5 external services; the filtered contract register in
    /// process beside its query, and the register, the asset page and the service
    /// register under load (SQLite, and PostgreSQL with MAMORI_BENCH_PG_URL).
    Contractors,
    /// Physical security: a month's door log of 1,000,000 rows imported by the command
    /// line (rows/s and peak memory) beside a raw insert of the same rows, that month
    /// reconciled, and the log of one area and one week under load (SQLite, and
    /// PostgreSQL with MAMORI_BENCH_PG_URL).
    Physical,
    /// The annual report: 100,000 assets, 5,000 staff, 10,000 risks and 2,000
    /// incidents; the year's report counted in process beside its largest query, its
    /// PDF rendered, the PDF over HTTP with the server's peak memory, and the CISO's
    /// calendar under load beside the axum baseline (SQLite, and PostgreSQL with
    /// MAMORI_BENCH_PG_URL).
    Annual,
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
    /// Incidents in the register [default: 10000, 1000 with --quick] (incidents only).
    #[arg(long)]
    incidents: Option<usize>,
    /// Mails per run [default: 10000, 1000 with --quick] (mail only).
    #[arg(long)]
    messages: Option<usize>,
    /// People in the generated directory [default: 5000, 500 with --quick] (directory
    /// only).
    #[arg(long)]
    people: Option<usize>,
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
        Scenario::Mail => {
            let messages = cli
                .messages
                .unwrap_or(if cli.quick { 1_000 } else { 10_000 });
            mamori_bench::mail::run(&mamori_bench::mail::Options {
                messages: messages.max(2),
                pg_url: pg_url(),
            })
            .await
        }
        Scenario::Directory => {
            let people = cli.people.unwrap_or(if cli.quick { 500 } else { 5_000 });
            mamori_bench::directory::run(&mamori_bench::directory::Options {
                people: people.max(20),
                sign_ins: if cli.quick { 5 } else { 50 },
                pg_url: pg_url(),
            })
            .await
        }
        Scenario::Incidents => {
            let (incidents, lines, duration, warmup) = if cli.quick {
                (1_000, 2_000, 1.0, 0.25)
            } else {
                (10_000, 20_000, 3.0, 0.5)
            };
            async {
                mamori_bench::incidents::run(&mamori_bench::incidents::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    incidents: cli.incidents.unwrap_or(incidents).max(1),
                    syslog_lines: lines,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
        Scenario::Policies => {
            let (staff, burst, window, duration, warmup) = if cli.quick {
                (1_000, 200, 5.0, 1.0, 0.25)
            } else {
                (5_000, 1_000, 60.0, 3.0, 0.5)
            };
            async {
                mamori_bench::policies::run(&mamori_bench::policies::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    staff: cli.staff.unwrap_or(staff).max(10),
                    burst,
                    window: secs(window, "window")?,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
        Scenario::Training => {
            let (staff, courses, years, duration, warmup) = if cli.quick {
                (1_000, 5, 2, 1.0, 0.25)
            } else {
                (5_000, 20, 3, 3.0, 0.5)
            };
            async {
                mamori_bench::training::run(&mamori_bench::training::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    staff: cli.staff.unwrap_or(staff).max(10),
                    courses,
                    years,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
        Scenario::Exceptions => {
            let (exceptions, duration, warmup) = if cli.quick {
                (1_000, 1.0, 0.25)
            } else {
                (10_000, 3.0, 0.5)
            };
            async {
                mamori_bench::exceptions::run(&mamori_bench::exceptions::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    exceptions,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
        Scenario::Contractors => {
            let (contracts, duration, warmup) = if cli.quick {
                (500, 1.0, 0.25)
            } else {
                (5_000, 3.0, 0.5)
            };
            async {
                mamori_bench::contractors::run(&mamori_bench::contractors::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    contracts,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
        Scenario::Physical => {
            let (rows, duration, warmup) = if cli.quick {
                (50_000, 1.0, 0.25)
            } else {
                (1_000_000, 3.0, 0.5)
            };
            async {
                mamori_bench::physical::run(&mamori_bench::physical::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    rows,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
        Scenario::Annual => {
            let (assets, risks, incidents, staff, duration, warmup) = if cli.quick {
                (2_000, 500, 200, 500, 1.0, 0.25)
            } else {
                (100_000, 10_000, 2_000, 5_000, 3.0, 0.5)
            };
            async {
                mamori_bench::annual::run(&mamori_bench::annual::Options {
                    mamori: binary::locate(cli.mamori.as_deref())?,
                    assets: cli.assets.unwrap_or(assets),
                    risks: cli.risks.unwrap_or(risks),
                    incidents: cli.incidents.unwrap_or(incidents),
                    staff: cli.staff.unwrap_or(staff),
                    seed: cli.seed,
                    warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
                    duration: secs(cli.duration.unwrap_or(duration), "duration")?,
                    pg_url: pg_url(),
                })
                .await
            }
            .await
        }
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

/// The `platform` scenario (see `mamori_bench::platform`).
async fn platform(cli: &Cli) -> Result<()> {
    let mamori = binary::locate(cli.mamori.as_deref())?;
    let (duration, warmup, staff) = if cli.quick {
        (1.0, 0.25, 2_000)
    } else {
        (5.0, 1.0, 10_000)
    };
    mamori_bench::platform::run(&mamori_bench::platform::Options {
        mamori,
        staff: cli.staff.unwrap_or(staff).max(1),
        starts: cli.starts.max(1),
        plan: LoadPlan {
            concurrency: cli.concurrency.max(1),
            warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
            duration: secs(cli.duration.unwrap_or(duration), "duration")?,
        },
        keep: cli.keep,
    })
    .await
}

/// The `audit` scenario: everything runs in this process (see `mamori_bench::audit`).
async fn audit(cli: &Cli) -> Result<()> {
    let (entries, verify_passes, sign_in_runs) = if cli.quick {
        (500, 3, 5)
    } else {
        (5_000, 5, 20)
    };
    mamori_bench::audit::run(&mamori_bench::audit::Options {
        entries: cli.entries.unwrap_or(entries).max(1),
        verify_passes,
        sign_in_runs,
        pg_url: pg_url(),
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
    mamori_bench::assets::run(&mamori_bench::assets::Options {
        mamori: binary::locate(cli.mamori.as_deref())?,
        assets: cli.assets.unwrap_or(assets).max(1),
        seed: cli.seed,
        concurrency: levels(cli),
        warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
        duration: secs(cli.duration.unwrap_or(duration), "duration")?,
        pg_url: pg_url(),
        keep: cli.keep,
        // The server's memory is read again after this rest; a smoke run need not wait.
        idle: if cli.quick {
            std::time::Duration::from_secs(1)
        } else {
            mamori_bench::assets::IDLE
        },
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
    mamori_bench::risks::run(&mamori_bench::risks::Options {
        mamori: binary::locate(cli.mamori.as_deref())?,
        assets: cli.assets.unwrap_or(assets).max(1),
        risks: cli.risks.unwrap_or(risks).max(1),
        seed: cli.seed,
        concurrency: levels(cli),
        warmup: secs(cli.warmup.unwrap_or(warmup), "warmup")?,
        duration: secs(cli.duration.unwrap_or(duration), "duration")?,
        pg_url: pg_url(),
        keep: cli.keep,
    })
    .await
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

/// The PostgreSQL server of `audit`, `assets` and `risks` (one variable for all
/// three), unless it is unset or blank.
fn pg_url() -> Option<String> {
    std::env::var(mamori_bench::audit::PG_URL_VAR)
        .ok()
        .filter(|u| !u.trim().is_empty())
}

/// The load levels of `assets` and `risks`: a modest 4 workers, then `--concurrency`.
fn levels(cli: &Cli) -> Vec<usize> {
    let mut concurrency = vec![4, cli.concurrency.max(1)];
    concurrency.dedup();
    concurrency
}

fn secs(v: f64, what: &str) -> Result<Duration> {
    Duration::try_from_secs_f64(v).map_err(|_| anyhow!("--{what} must be a number of seconds ≥ 0"))
}

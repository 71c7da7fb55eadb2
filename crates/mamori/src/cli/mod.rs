//! Command-line interface. Every command takes `--data-dir` / `--database-url`
//! (or `MAMORI_DATA_DIR` / `MAMORI_DATABASE_URL`); the backend is chosen once from
//! the URL. Errors here are `anyhow`: they end the process with a message.
//!
//! This module holds the command tree and hands each command to the module of its
//! family; what they all need is in [`shared`].

mod admin;
mod audit;
mod database;
mod demo;
mod directory;
mod export;
mod import;
mod mail;
mod oidc;
mod report;
mod schemes;
mod serve;
mod shared;
mod soa;
mod sync;
mod users;

use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Instant;

use anyhow::Result;
use clap::{Parser, Subcommand};

use shared::DbArgs;

#[derive(Parser)]
#[command(name = "mamori", version, about = "Mamori (守り) — information security management for Japanese local governments", long_about = None)]
pub struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (applies migrations first).
    Serve(Box<serve::ServeArgs>),
    /// Apply database migrations and report the schema version.
    Migrate,
    /// Administration.
    #[command(subcommand)]
    Admin(admin::AdminCommand),
    /// Import data.
    #[command(subcommand)]
    Import(import::ImportCommand),
    /// Export data.
    #[command(subcommand)]
    Export(export::ExportCommand),
    /// Reports: the annual report of a fiscal year.
    #[command(subcommand)]
    Report(report::ReportCommand),
    /// Load the fictional city みどり市 into an empty database.
    Demo {
        /// Password for every demo account (otherwise random ones are printed).
        #[arg(long, env = "MAMORI_DEMO_PASSWORD")]
        password: Option<String>,
        /// Seed of the generated data.
        #[arg(long, default_value_t = 2026)]
        seed: u64,
    },
    /// The audit log.
    #[command(subcommand)]
    Audit(audit::AuditCommand),
    /// The directory (Active Directory / LDAP): check the settings.
    #[command(subcommand)]
    Directory(directory::DirectoryCommand),
    /// Mail: check the SMTP settings.
    #[command(subcommand)]
    Mail(mail::MailCommand),
    /// Accounts: invite staff to make their own.
    #[command(subcommand)]
    Users(users::UsersCommand),
    /// Bring the staff register in step with the directory.
    #[command(subcommand)]
    Sync(sync::SyncCommand),
    /// Classification schemes of the asset register.
    #[command(subcommand)]
    Scheme(schemes::SchemeCommand),
    /// Write a consistent copy of the SQLite database (safe while the server runs).
    Backup {
        /// File to write.
        file: PathBuf,
    },
    /// Print the OpenAPI document of the JSON API (as committed in docs/openapi.json).
    Openapi,
    /// Replace the SQLite database with a backup (stop the server first).
    Restore {
        /// Backup file written by `mamori backup`.
        file: PathBuf,
        /// Overwrite an existing database.
        #[arg(long)]
        force: bool,
    },
}

pub fn main() -> ExitCode {
    let started = Instant::now();
    let cli = Cli::parse();
    init_tracing(matches!(cli.command, Command::Serve { .. }));
    let rt = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(e) => {
            eprintln!("mamori: cannot start the runtime: {e}");
            return ExitCode::FAILURE;
        }
    };
    match rt.block_on(run(cli, started)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("mamori: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn init_tracing(server: bool) {
    let filter = tracing_subscriber::EnvFilter::try_from_env("MAMORI_LOG").unwrap_or_else(|_| {
        tracing_subscriber::EnvFilter::new(if server { "info" } else { "warn" })
    });
    let json = std::env::var("MAMORI_LOG_FORMAT").is_ok_and(|v| v == "json");
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_writer(std::io::stderr);
    if json {
        builder.json().init();
    } else {
        builder.init();
    }
}

async fn run(cli: Cli, started: Instant) -> Result<ExitCode> {
    let db = cli.db;
    match cli.command {
        Command::Serve(args) => serve::run(&db, *args, started).await,
        Command::Migrate => database::migrate(&db).await,
        Command::Admin(cmd) => admin::run(&db, cmd).await,
        Command::Import(cmd) => import::run(&db, cmd).await,
        Command::Export(cmd) => export::run(&db, cmd).await,
        Command::Report(cmd) => report::run(&db, cmd).await,
        Command::Demo { password, seed } => demo::run(&db, password.as_deref(), seed).await,
        Command::Audit(cmd) => audit::run(&db, cmd).await,
        Command::Scheme(cmd) => schemes::run(&db, cmd).await,
        Command::Mail(cmd) => mail::run(&db, cmd).await,
        Command::Sync(cmd) => sync::run(&db, cmd).await,
        Command::Users(cmd) => users::run(&db, cmd).await,
        Command::Directory(cmd) => directory::run(cmd).await,
        Command::Backup { file } => database::backup(&db, &file).await,
        Command::Restore { file, force } => database::restore(&db, &file, force).await,
        Command::Openapi => {
            println!("{}", mamori_web::api::openapi_document());
            Ok(ExitCode::SUCCESS)
        }
    }
}

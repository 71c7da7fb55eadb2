//! Command-line interface. Every command takes `--data-dir` / `--database-url`
//! (or `MAMORI_DATA_DIR` / `MAMORI_DATABASE_URL`); the backend is chosen once from
//! the URL. Errors here are `anyhow`: they end the process with a message.

use std::io::{IsTerminal, Write};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};
use clap::{Args, Parser, Subcommand, ValueEnum};
use mamori_app::import::staff::{EXPORT_HEADERS, export_row};
use mamori_app::import::{ImportKind, ImportOptions, ImportPlan, RowAction};
use mamori_app::orgs::OrgInput;
use mamori_app::setup::SetupInput;
use mamori_app::signing::AuditSigner;
use mamori_app::{App, AppConfig, AppError, Store};
use mamori_domain::classification::Preset;

#[derive(Parser)]
#[command(name = "mamori", version, about = "Mamori (守り) — information security management for Japanese local governments", long_about = None)]
pub struct Cli {
    #[command(flatten)]
    db: DbArgs,
    #[command(subcommand)]
    command: Command,
}

#[derive(Args, Clone)]
pub(crate) struct DbArgs {
    /// Data directory for the SQLite database and keys.
    #[arg(
        long,
        global = true,
        env = "MAMORI_DATA_DIR",
        default_value = "./mamori-data"
    )]
    pub(crate) data_dir: PathBuf,
    /// Database URL (`postgres://…`); SQLite in the data directory when absent.
    #[arg(long, global = true, env = "MAMORI_DATABASE_URL")]
    pub(crate) database_url: Option<String>,
    /// Ed25519 key that signs audit chain heads (created when absent). Keep it out of the
    /// database server; servers sharing one database share this file.
    #[arg(long, global = true, env = "MAMORI_AUDIT_KEY_FILE")]
    pub(crate) audit_key_file: Option<PathBuf>,
    /// Organization code to act on when the installation hosts several.
    #[arg(long, global = true, env = "MAMORI_ORG")]
    pub(crate) org: Option<String>,
}

#[derive(Subcommand)]
enum Command {
    /// Run the web server (applies migrations first).
    Serve {
        /// Address to listen on.
        #[arg(long, env = "MAMORI_LISTEN", default_value = "127.0.0.1:8080")]
        listen: SocketAddr,
        /// Mark cookies Secure (set when served over TLS or behind a TLS proxy).
        #[arg(long, env = "MAMORI_SECURE_COOKIES")]
        secure_cookies: bool,
        /// The address people use to reach the server, for the printed setup link.
        #[arg(long, env = "MAMORI_PUBLIC_URL")]
        public_url: Option<String>,
        /// Seconds between signatures of the audit chain heads (also signed at shutdown).
        #[arg(long, env = "MAMORI_AUDIT_SIGN_INTERVAL", default_value_t = 300)]
        sign_interval: u64,
    },
    /// Apply database migrations and report the schema version.
    Migrate,
    /// Administration.
    #[command(subcommand)]
    Admin(AdminCommand),
    /// Import data.
    #[command(subcommand)]
    Import(ImportCommand),
    /// Export data.
    #[command(subcommand)]
    Export(ExportCommand),
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
    Audit(AuditCommand),
    /// Classification schemes of the asset register.
    #[command(subcommand)]
    Scheme(crate::schemes::SchemeCommand),
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

#[derive(Subcommand)]
enum AdminCommand {
    /// Create the organization and its first CISO account.
    Init {
        #[arg(long)]
        org_name: String,
        /// 地方公共団体コード, 6 digits including the check digit.
        #[arg(long)]
        org_code: String,
        /// Prefecture (name or code); derived from the code when absent.
        #[arg(long)]
        prefecture: Option<String>,
        #[arg(long)]
        login: String,
        /// The administrator's name.
        #[arg(long)]
        name: String,
        /// Employee number (defaults to the login).
        #[arg(long)]
        employee_number: Option<String>,
        /// Require a second factor (TOTP) of the CISO, deputy CISO and system
        /// administrators; changeable later under 団体設定.
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        require_mfa: bool,
        /// Classification scheme to start with:
        /// mic2024 — 機密性 3A/3B/3C/2/1, the current MIC guidelines (recommended);
        /// mic2022 — 機密性 3/2/1, as most ledgers kept until 2022;
        /// ipa — 3/2/1 on all three dimensions, as IPA's risk-analysis sheet.
        /// An asset import into an organization with no assets yet also adopts the
        /// scheme its ledger is written in.
        #[arg(long, value_parser = parse_preset, default_value = "mic2024", verbatim_doc_comment)]
        scheme: Preset,
    },
    /// Create a staff member with a sign-in account and an ISMS role.
    CreateUser {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// ciso, deputy-ciso, department-officer, section-manager, system-admin,
        /// system-operator, committee, csirt, auditor, or staff (no ISMS role).
        #[arg(long)]
        role: String,
        /// Department (code, name or path) the role covers.
        #[arg(long)]
        department: Option<String>,
        /// Employee number (defaults to the login).
        #[arg(long)]
        employee_number: Option<String>,
    },
    /// Create an API token for a user and print it (only the token, once).
    CreateToken {
        #[arg(long)]
        login: String,
        /// Token name shown in lists.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Days until the token expires (never when absent).
        #[arg(long)]
        days: Option<i64>,
    },
}

#[derive(clap::Args)]
struct ImportArgs {
    file: PathBuf,
    /// Check and report without writing anything.
    #[arg(long)]
    dry_run: bool,
    /// Create departments named in the file that do not exist.
    #[arg(long)]
    create_departments: bool,
    /// Sheet of an .xlsx workbook (default: the first with a header row).
    #[arg(long)]
    sheet: Option<String>,
}

#[derive(clap::Args)]
struct AssetImportArgs {
    #[command(flatten)]
    common: ImportArgs,
    /// The classification scheme the ledger is written in: mic2022 (機密性 3/2/1),
    /// mic2024 (3A/3B/3C/2/1) or ipa (3/2/1 on all three). Recognised from the levels
    /// when absent. An organization with no assets yet adopts it.
    #[arg(long, value_parser = parse_preset)]
    scheme: Option<Preset>,
}

pub(crate) fn parse_preset(s: &str) -> Result<Preset, String> {
    Preset::parse(s).map_err(|p| format!("{} / {}", p.ja, p.en))
}

#[derive(Subcommand)]
enum ImportCommand {
    /// Import staff from CSV (UTF-8 or Shift_JIS) or .xlsx; all or nothing.
    Staff(ImportArgs),
    /// Import the asset ledger (情報資産台帳) from CSV or .xlsx; all or nothing.
    Assets(AssetImportArgs),
    /// Import a control catalog in Mamori's TOML format (replaces a built-in one with
    /// the same id for this organization, e.g. licensed ISO/IEC 27001 titles).
    Catalog {
        file: PathBuf,
        /// Check and report without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TableFormat {
    Csv,
    Xlsx,
}

#[derive(Subcommand)]
enum ExportCommand {
    /// Export staff (CSV as UTF-8 with BOM, or .xlsx), in the importer's columns.
    Staff {
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
        #[arg(long)]
        output: PathBuf,
        /// Include retired staff.
        #[arg(long)]
        all: bool,
    },
    /// Export the asset ledger in the importer's columns.
    Assets {
        #[arg(long, value_enum, default_value = "csv")]
        format: TableFormat,
        #[arg(long)]
        output: PathBuf,
        /// Include retired and disposed assets.
        #[arg(long)]
        all: bool,
    },
    /// Export the Statement of Applicability (適用宣言書) of a catalog.
    Soa {
        /// Catalog id, e.g. nist-csf-2.0, iso27001-2022, mic-guideline, basic-policy.
        #[arg(long)]
        catalog: String,
        #[arg(long, value_enum, default_value = "xlsx")]
        format: TableFormat,
        #[arg(long)]
        output: PathBuf,
    },
    /// Export a control catalog as TOML (the organization's version when it has one).
    Catalog {
        #[arg(long)]
        catalog: String,
        #[arg(long)]
        output: PathBuf,
    },
}

#[derive(Subcommand)]
enum AuditCommand {
    /// Recompute every organization's hash chain; exit 1 naming the first bad entry.
    Verify,
    /// Export entries as JSON lines for archiving.
    Export {
        /// Only entries at or after this date (ISO or 和暦).
        #[arg(long)]
        since: Option<String>,
        #[arg(long, default_value = "jsonl")]
        format: String,
        /// File to write (standard output when absent).
        #[arg(long)]
        output: Option<PathBuf>,
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

fn database_url(db: &DbArgs) -> Result<String> {
    match &db.database_url {
        Some(u) if !u.trim().is_empty() => Ok(u.clone()),
        _ => mamori_app::sqlite_url_for_dir(&db.data_dir)
            .context("cannot prepare the data directory"),
    }
}

fn key_path(db: &DbArgs) -> PathBuf {
    db.audit_key_file
        .clone()
        .unwrap_or_else(|| db.data_dir.join("audit-signing.key"))
}

pub(crate) async fn open(db: &DbArgs) -> Result<App> {
    let url = database_url(db)?;
    let store = Store::open(&url, 16).await.map_err(|e| anyhow!("{e}"))?;
    let app = App::with_system(store, AppConfig::default());
    let signer =
        AuditSigner::load_or_create(&key_path(db), app.random.as_ref()).map_err(explain)?;
    Ok(app.with_signer(signer))
}

/// Signs the chain heads a command has just extended.
pub(crate) async fn sign(app: &App) -> Result<()> {
    app.sign_heads().await.map_err(explain)?;
    Ok(())
}

pub(crate) fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

fn cli_label() -> String {
    format!("cli:{}", os_user())
}

/// Prints an application error the way a person at a terminal needs it.
pub(crate) fn explain(e: AppError) -> anyhow::Error {
    match e {
        AppError::Invalid(inv) => {
            let lines: Vec<String> = inv
                .0
                .iter()
                .map(|f| format!("  {}: {} / {}", f.field, f.ja, f.en))
                .collect();
            anyhow!(
                "入力に誤りがあります / invalid input:\n{}",
                lines.join("\n")
            )
        }
        AppError::Conflict(p) => anyhow!("{} / {}", p.ja, p.en),
        AppError::Forbidden => anyhow!("権限がありません / not allowed"),
        AppError::NotFound => anyhow!("見つかりません / not found"),
        other => anyhow!("{other}"),
    }
}

fn read_password(prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var("MAMORI_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("set MAMORI_PASSWORD or run in a terminal to type the password");
    }
    let first = rpassword::prompt_password(prompt)?;
    let again = rpassword::prompt_password("確認のためもう一度 / again: ")?;
    if first != again {
        bail!("パスワードが一致しません / the passwords differ");
    }
    Ok(first)
}

async fn run(cli: Cli, started: Instant) -> Result<ExitCode> {
    let db = cli.db.clone();
    match cli.command {
        Command::Serve {
            listen,
            secure_cookies,
            public_url,
            sign_interval,
        } => {
            let opts = ServeOptions {
                listen,
                secure_cookies,
                public_url,
                sign_every: Duration::from_secs(sign_interval.max(1)),
            };
            serve(&db, opts, started).await
        }
        Command::Migrate => {
            let url = database_url(&db)?;
            let store = Store::connect(&url, 2).await.map_err(|e| anyhow!("{e}"))?;
            let r = mamori_app::migrate(&store)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            if r.applied.is_empty() {
                println!(
                    "schema is up to date (version {}) / スキーマは最新です",
                    r.after
                );
            }
            for (v, name) in &r.applied {
                println!("applied migration {v}: {name}");
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Admin(cmd) => admin(&db, cmd).await,
        Command::Scheme(cmd) => crate::schemes::run(&db, cmd).await,
        Command::Export(ExportCommand::Soa {
            catalog,
            format,
            output,
        }) => crate::soa::export_soa(&db, &catalog, format, &output).await,
        Command::Export(ExportCommand::Catalog { catalog, output }) => {
            crate::soa::export_catalog(&db, &catalog, &output).await
        }
        Command::Import(cmd) => {
            let (kind, args, scheme) = match cmd {
                ImportCommand::Staff(a) => (ImportKind::Staff, a, None),
                ImportCommand::Assets(a) => (ImportKind::Assets, a.common, a.scheme),
                ImportCommand::Catalog { file, dry_run } => {
                    return crate::soa::import_catalog(&db, &file, dry_run).await;
                }
            };
            let app = open(&db).await?;
            let actor = app
                .cli_actor(db.org.as_deref(), &os_user())
                .await
                .map_err(explain)?;
            let bytes = std::fs::read(&args.file)
                .with_context(|| format!("cannot read {}", args.file.display()))?;
            let opts = ImportOptions {
                create_departments: args.create_departments,
                sheet: args.sheet,
                scheme,
            };
            let plan = app
                .import(&actor, kind, &bytes, &opts, !args.dry_run)
                .await
                .map_err(explain)?;
            report_import(&plan, args.dry_run);
            sign(&app).await?;
            Ok(if plan.is_ok() {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            })
        }
        Command::Export(ExportCommand::Staff {
            format,
            output,
            all,
        }) => {
            let app = open(&db).await?;
            let actor = app
                .cli_actor(db.org.as_deref(), &os_user())
                .await
                .map_err(explain)?;
            let q = mamori_app::staff::StaffQuery {
                status: if all { "all".into() } else { String::new() },
                ..Default::default()
            };
            let (rows, _) = app.export_staff_rows(&actor, &q).await.map_err(explain)?;
            let n = rows.len();
            let mut it = rows.iter().map(export_row);
            let bytes = match format {
                TableFormat::Csv => mamori_app::tabular::write_csv(&EXPORT_HEADERS, &mut it),
                TableFormat::Xlsx => {
                    mamori_app::tabular::write_xlsx("職員一覧", &EXPORT_HEADERS, &mut it)
                        .map_err(|e| anyhow!("{e}"))?
                }
            };
            std::fs::write(&output, bytes)
                .with_context(|| format!("cannot write {}", output.display()))?;
            eprintln!("exported {n} staff to {}", output.display());
            sign(&app).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export(ExportCommand::Assets {
            format,
            output,
            all,
        }) => {
            let app = open(&db).await?;
            let actor = app
                .cli_actor(db.org.as_deref(), &os_user())
                .await
                .map_err(explain)?;
            let q = mamori_app::assets::AssetQuery {
                status: if all { "all".into() } else { String::new() },
                ..Default::default()
            };
            let rows = app.export_assets(&actor, &q).await.map_err(explain)?;
            let n = rows.len();
            let headers = mamori_app::import::assets::export_headers();
            let mut it = rows.into_iter();
            let bytes = match format {
                TableFormat::Csv => mamori_app::tabular::write_csv(&headers, &mut it),
                TableFormat::Xlsx => {
                    mamori_app::tabular::write_xlsx("情報資産台帳", &headers, &mut it)
                        .map_err(|e| anyhow!("{e}"))?
                }
            };
            std::fs::write(&output, bytes)
                .with_context(|| format!("cannot write {}", output.display()))?;
            eprintln!("exported {n} assets to {}", output.display());
            sign(&app).await?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Demo { password, seed } => {
            let app = open(&db).await?;
            let logins = app
                .load_demo(seed, password.as_deref(), &cli_label())
                .await
                .map_err(explain)?;
            sign(&app).await?;
            println!("みどり市のデモデータを読み込みました / loaded the demo city みどり市");
            println!("{:<12} {:<16} name / roles", "login", "password");
            for l in logins {
                println!(
                    "{:<12} {:<16} {} ({})",
                    l.login,
                    l.password,
                    l.name,
                    l.roles.join(", ")
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCommand::Verify) => {
            let url = database_url(&db)?;
            let store = Store::open(&url, 4).await.map_err(|e| anyhow!("{e}"))?;
            let app = App::with_system(store, AppConfig::default());
            let key = AuditSigner::load(&key_path(&db))
                .map_err(explain)?
                .map(|s| s.verifying_key());
            if key.is_none() {
                println!(
                    "warning: no signing key at {}: signatures not checked (hash chain only)",
                    key_path(&db).display()
                );
            }
            let t = Instant::now();
            let reports = app.verify_audit(key.as_ref()).await.map_err(explain)?;
            let total: u64 = reports.iter().map(|r| r.entries).sum();
            if let Some((r, fault)) = mamori_app::audit::first_fault(&reports) {
                println!("FAILED: organization {}: {fault}", r.org_id);
                println!(
                    "改ざんまたは欠落を検出しました（組織 {}、{}番目の記録）",
                    r.org_id,
                    fault.seq()
                );
                return Ok(ExitCode::from(1));
            }
            for r in &reports {
                println!(
                    "ok: organization {} — {} entries, head #{} {}; {} signed heads, newest #{} ({} newer entries not yet signed)",
                    r.org_id,
                    r.entries,
                    r.head_seq,
                    r.head_hash,
                    r.signatures,
                    r.last_signed_seq,
                    r.head_seq - r.last_signed_seq
                );
            }
            println!(
                "audit chain intact: {} organizations, {total} entries, verified in {:.2?}",
                reports.len(),
                t.elapsed()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Audit(AuditCommand::Export {
            since,
            format,
            output,
        }) => {
            if format != "jsonl" {
                bail!("unsupported format {format} (jsonl)");
            }
            let app = open(&db).await?;
            let actor = app
                .cli_actor(db.org.as_deref(), &os_user())
                .await
                .map_err(explain)?;
            let since = match since {
                Some(s) => Some(
                    mamori_domain::wareki::parse_date(&s).map_err(|p| anyhow!("--since: {p}"))?,
                ),
                None => None,
            };
            let mut out: Box<dyn Write> = match &output {
                Some(p) => Box::new(std::io::BufWriter::new(std::fs::File::create(p)?)),
                None => Box::new(std::io::BufWriter::new(std::io::stdout())),
            };
            let n = app
                .export_audit(&actor, since, &mut |line| {
                    writeln!(out, "{line}").map_err(|e| AppError::Internal(e.to_string()))
                })
                .await
                .map_err(explain)?;
            out.flush()?;
            sign(&app).await?;
            eprintln!("exported {n} audit entries");
            Ok(ExitCode::SUCCESS)
        }
        Command::Backup { file } => {
            if db
                .database_url
                .as_deref()
                .is_some_and(|u| u.starts_with("postgres"))
            {
                bail!(
                    "for PostgreSQL use pg_dump (e.g. `pg_dump -Fc -f mamori.dump \"$MAMORI_DATABASE_URL\"`) and pg_restore"
                );
            }
            if file.exists() {
                bail!("{} already exists; choose a new file", file.display());
            }
            let app = open(&db).await?;
            app.store
                .sqlite_backup(&file)
                .await
                .map_err(|e| anyhow!("{e}"))?;
            let size = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
            println!("backup written to {} ({} bytes)", file.display(), size);
            Ok(ExitCode::SUCCESS)
        }
        Command::Restore { file, force } => restore(&db, &file, force).await,
        Command::Openapi => {
            println!("{}", mamori_web::api::openapi_document());
            Ok(ExitCode::SUCCESS)
        }
    }
}

struct ServeOptions {
    listen: SocketAddr,
    secure_cookies: bool,
    public_url: Option<String>,
    sign_every: Duration,
}

async fn serve(db: &DbArgs, opts: ServeOptions, started: Instant) -> Result<ExitCode> {
    let ServeOptions {
        listen,
        secure_cookies,
        public_url,
        sign_every,
    } = opts;
    let app = open(db).await?;
    tracing::info!(database = %app.store.display_url(), "database ready");
    let state = mamori_web::WebState::new(app.clone(), secure_cookies);
    if app.needs_setup().await.map_err(explain)? {
        let token = state.issue_setup_token();
        let base = public_url.unwrap_or_else(|| format!("http://{listen}"));
        println!("初期設定のURL / first-run setup: {base}/setup?token={token}");
        println!("（このURLは一度だけ使えます / the link works once）");
    }
    let listener = tokio::net::TcpListener::bind(listen)
        .await
        .with_context(|| format!("cannot listen on {listen}"))?;
    let addr = listener.local_addr()?;
    tracing::info!(%addr, startup_ms = started.elapsed().as_millis() as u64, "listening");
    println!("listening on http://{addr}");
    let _ = std::io::stdout().flush();
    let housekeeping = tokio::spawn({
        let app = app.clone();
        async move {
            if let Err(e) = app.system().warm_up().await {
                tracing::warn!(error = %e, "warming up the register indexes failed");
            }
            loop {
                tokio::time::sleep(sign_every).await;
                if let Err(e) = app.sign_heads().await {
                    tracing::error!(error = %e, "signing the audit chain heads failed");
                }
                if let Err(e) = app.system().housekeeping().await {
                    tracing::warn!(error = %e, "housekeeping failed");
                }
            }
        }
    });
    mamori_web::serve(listener, state, shutdown_signal()).await?;
    housekeeping.abort();
    tracing::info!("shutting down: signing the audit chain heads and closing the database");
    if let Err(e) = app.sign_heads().await {
        tracing::error!(error = %e, "signing the audit chain heads at shutdown failed");
    }
    app.store.close().await.map_err(|e| anyhow!("{e}"))?;
    Ok(ExitCode::SUCCESS)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let term = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = term => {},
    }
    tracing::info!("signal received; finishing in-flight requests");
}

async fn admin(db: &DbArgs, cmd: AdminCommand) -> Result<ExitCode> {
    let app = open(db).await?;
    match cmd {
        AdminCommand::Init {
            org_name,
            org_code,
            prefecture,
            login,
            name,
            employee_number,
            require_mfa,
            scheme,
        } => {
            let password = read_password("CISOのパスワード / password: ")?;
            let input = SetupInput {
                org: OrgInput {
                    name: org_name,
                    code: org_code,
                    prefecture: prefecture.unwrap_or_default(),
                },
                login,
                name,
                employee_number: employee_number.unwrap_or_default(),
                password,
                require_mfa_for_admins: Some(require_mfa),
                scheme: scheme.code().to_owned(),
            };
            let done = app
                .initialize(&input, &cli_label(), "cli")
                .await
                .map_err(explain)?;
            println!(
                "created organization {} ({}) and CISO account {}; classification scheme: {}",
                done.org.name,
                done.org.code,
                done.user.login,
                scheme.label_ja()
            );
        }
        AdminCommand::CreateUser {
            login,
            name,
            role,
            department,
            employee_number,
        } => {
            let actor = app
                .cli_actor(db.org.as_deref(), &os_user())
                .await
                .map_err(explain)?;
            let password = read_password("パスワード / password: ")?;
            let u = app
                .create_user_with_role(
                    &actor,
                    &login,
                    &name,
                    employee_number.as_deref(),
                    &role,
                    department.as_deref(),
                    &password,
                )
                .await
                .map_err(explain)?;
            println!("created account {} ({role})", u.login);
        }
        AdminCommand::CreateToken { login, name, days } => {
            let actor = app
                .cli_actor(db.org.as_deref(), &os_user())
                .await
                .map_err(explain)?;
            let user_id = match app.account_id_by_login(&actor, &login).await {
                Err(AppError::NotFound) => return Err(anyhow!("no account {login}")),
                r => r.map_err(explain)?,
            };
            let expires = days.map(|d| app.now() + chrono::Duration::days(d));
            let (_, secret) = app
                .create_token(&actor, user_id, &name, expires)
                .await
                .map_err(explain)?;
            println!("{secret}");
        }
    }
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

fn report_import(plan: &ImportPlan, dry_run: bool) {
    if !plan.format.is_empty() {
        eprintln!("file: {} (header row {})", plan.format, plan.header_row);
    }
    if !plan.unknown_columns.is_empty() {
        eprintln!(
            "columns not imported / 取り込まれない列: {}",
            plan.unknown_columns.join(", ")
        );
    }
    for n in &plan.notices {
        eprintln!("notice / お知らせ: {} / {}", n.ja, n.en);
    }
    if !plan.errors.is_empty() {
        eprintln!("refused: nothing was written / 取込を中止しました（何も書き込んでいません）");
        for e in &plan.errors {
            let col = if e.column.is_empty() {
                String::new()
            } else {
                format!(" column \"{}\"", e.column)
            };
            let val = if e.value.is_empty() {
                String::new()
            } else {
                format!(" value \"{}\"", e.value)
            };
            eprintln!("  row {}{col}{val}: {} / {}", e.row, e.ja, e.en);
        }
        return;
    }
    for w in &plan.warnings {
        let col = if w.column.is_empty() {
            String::new()
        } else {
            format!(" column \"{}\"", w.column)
        };
        eprintln!("  warning: row {}{col}: {} / {}", w.row, w.ja, w.en);
    }
    if !plan.new_departments.is_empty() {
        eprintln!(
            "new departments / 新規所属 ({}): {}",
            plan.new_departments.len(),
            plan.new_departments.join(", ")
        );
    }
    // Every update is listed (they change existing people); new rows only up to a point,
    // so a first import of thousands stays readable.
    const SHOW_NEW: usize = 20;
    let mut new_shown = 0;
    for r in &plan.rows {
        match &r.action {
            RowAction::Create if new_shown < SHOW_NEW => {
                new_shown += 1;
                eprintln!("  row {}: create {} {}", r.row, r.key, r.name);
            }
            RowAction::Update { changes } => {
                let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
                eprintln!(
                    "  row {}: update {} {} ({})",
                    r.row,
                    r.key,
                    r.name,
                    fields.join(", ")
                );
            }
            _ => {}
        }
    }
    if plan.creates > new_shown {
        eprintln!("  … and {} more new rows", plan.creates - new_shown);
    }
    let verb = if dry_run {
        "would import (dry run)"
    } else {
        "imported"
    };
    println!(
        "{verb}: {} new, {} updated, {} unchanged",
        plan.creates, plan.updates, plan.unchanged
    );
}

async fn restore(db: &DbArgs, file: &Path, force: bool) -> Result<ExitCode> {
    if db
        .database_url
        .as_deref()
        .is_some_and(|u| u.starts_with("postgres"))
    {
        bail!("for PostgreSQL restore with pg_restore");
    }
    std::fs::create_dir_all(&db.data_dir)?;
    let target = db.data_dir.join("mamori.db");
    if target.exists() && !force {
        bail!(
            "{} exists; add --force to overwrite it (stop the server first)",
            target.display()
        );
    }
    // Copy beside the database first, check the copy is a Mamori database this build
    // can read, and only then move it into place: a bad file never replaces a good one.
    let tmp = db.data_dir.join("mamori.db.restoring");
    let remove_tmp = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
    };
    std::fs::copy(file, &tmp).with_context(|| format!("cannot read {}", file.display()))?;
    let checked = async {
        let probe = Store::connect(&format!("sqlite://{}", tmp.display()), 2)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        let version = mamori_app::schema_version(&probe)
            .await
            .map_err(|e| anyhow!("{e}"));
        probe.close().await.map_err(|e| anyhow!("{e}"))?;
        version
    }
    .await;
    let version = match checked {
        Ok(v) if v > 0 => v,
        _ => {
            remove_tmp();
            bail!("{} is not a Mamori backup", file.display());
        }
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, &target)?;
    println!(
        "restored {} into {} (schema version {version})",
        file.display(),
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}

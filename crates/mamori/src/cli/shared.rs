//! What every command shares: where the database is, opening the application on it as
//! the operator at the terminal, signing what a command wrote, and showing errors.
//! This module imports none of the command modules, so each of them can import it.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result, anyhow};
use clap::{Args, ValueEnum};
use mamori_app::settings::SettingsKey;
use mamori_app::signing::AuditSigner;
use mamori_app::{Actor, App, AppConfig, AppError, Store};
use mamori_domain::classification::Preset;

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

impl DbArgs {
    /// Whether the database is PostgreSQL, where backups are pg_dump's job.
    pub(crate) fn is_postgres(&self) -> bool {
        self.database_url
            .as_deref()
            .is_some_and(|u| u.starts_with("postgres"))
    }
}

/// Spreadsheet formats of the exports.
#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum TableFormat {
    Csv,
    Xlsx,
}

pub(crate) fn parse_preset(s: &str) -> Result<Preset, String> {
    Preset::parse(s).map_err(|p| format!("{} / {}", p.ja, p.en))
}

pub(crate) fn database_url(db: &DbArgs) -> Result<String> {
    match &db.database_url {
        Some(u) if !u.trim().is_empty() => Ok(u.clone()),
        _ => mamori_app::sqlite_url_for_dir(&db.data_dir)
            .context("cannot prepare the data directory"),
    }
}

/// Connections to keep. SQLite runs one writer at a time and its readers on the
/// machine's cores, and every connection holds its own page cache and worker thread
/// (with that thread's malloc arena): a few serve as well as sixteen, in a fraction of
/// the memory. PostgreSQL works in server processes and takes more.
fn pool_size(url: &str) -> u32 {
    if url.starts_with("sqlite:") {
        let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
        u32::try_from(cores * 2).unwrap_or(4).clamp(4, 8)
    } else {
        16
    }
}

/// The settings key, which seals the secrets of settings saved on the screens: beside
/// the audit key, never in the database.
pub(crate) fn settings_key_path(db: &DbArgs) -> PathBuf {
    key_path(db).with_file_name("settings.key")
}

pub(crate) fn key_path(db: &DbArgs) -> PathBuf {
    db.audit_key_file
        .clone()
        .unwrap_or_else(|| db.data_dir.join("audit-signing.key"))
}

/// Mail settings (for `serve` and `mail test`). Configuration here overrides anything
/// set on the settings screen.
#[derive(Args, Clone)]
pub(crate) struct MailArgs {
    /// SMTP server: `smtp://host:25` (plain relay), `smtp://user:pass@host:587?tls=required`
    /// (STARTTLS), `smtps://host:465` (implicit TLS).
    #[arg(long, env = "MAMORI_SMTP_URL", hide_env_values = true)]
    pub(crate) smtp_url: Option<String>,
    /// Sender of Mamori's mail, e.g. `Mamori <isms@city.example.lg.jp>`.
    #[arg(long, env = "MAMORI_MAIL_FROM")]
    pub(crate) mail_from: Option<String>,
    /// CA certificate (PEM) to trust for the SMTP server, beside the system's.
    #[arg(long, env = "MAMORI_SMTP_CA_FILE")]
    pub(crate) smtp_ca_file: Option<PathBuf>,
}

impl MailArgs {
    fn settings(&self) -> Result<Option<mamori_app::notify::MailSettings>> {
        match (&self.smtp_url, &self.mail_from) {
            (None, None) => Ok(None),
            (Some(url), Some(from)) => Ok(Some(mamori_app::notify::MailSettings {
                url: url.clone(),
                from: from.clone(),
                ca_file: self.smtp_ca_file.clone(),
            })),
            _ => Err(anyhow!(
                "MAMORI_SMTP_URL と MAMORI_MAIL_FROM は両方を設定してください / set both MAMORI_SMTP_URL and MAMORI_MAIL_FROM"
            )),
        }
    }
}

pub(crate) async fn open(db: &DbArgs) -> Result<App> {
    open_with(db, AppConfig::default(), None).await
}

/// [`open`] with the server's configuration and, when given, its mail settings.
pub(crate) async fn open_with(
    db: &DbArgs,
    config: AppConfig,
    mail: Option<&MailArgs>,
) -> Result<App> {
    let url = database_url(db)?;
    let store = Store::open(&url, pool_size(&url))
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let mut app = App::with_system(store, config);
    if let Some(settings) = mail.map(MailArgs::settings).transpose()?.flatten() {
        app = app
            .with_mail(&settings)
            .map_err(|p| anyhow!("{} / {}", p.ja, p.en))?;
    }
    let signer =
        AuditSigner::load_or_create(&key_path(db), app.random.as_ref()).map_err(explain)?;
    let settings_key = SettingsKey::load_or_create(&settings_key_path(db), app.random.as_ref())
        .map_err(explain)?;
    Ok(app.with_signer(signer).with_settings_key(settings_key))
}

/// The operator at the terminal, acting in the organization `--org` names (or the only one).
pub(crate) async fn operator(app: &App, db: &DbArgs) -> Result<Actor> {
    app.cli_actor(db.org.as_deref(), &os_user())
        .await
        .map_err(explain)
}

/// Opens the application and acts as the operator: what most commands start with.
pub(crate) async fn open_as_operator(db: &DbArgs) -> Result<(App, Actor)> {
    let app = open(db).await?;
    let actor = operator(&app, db).await?;
    Ok((app, actor))
}

/// Signs the chain heads a command has just extended.
pub(crate) async fn sign(app: &App) -> Result<()> {
    app.sign_heads().await.map_err(explain)?;
    Ok(())
}

fn os_user() -> String {
    std::env::var("USER")
        .or_else(|_| std::env::var("LOGNAME"))
        .unwrap_or_else(|_| "unknown".into())
}

/// How the audit log names what a command did without a signed-in account.
pub(crate) fn cli_label() -> String {
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
        AppError::Conflict(p) | AppError::BadRequest(p) | AppError::Unavailable(p) => {
            anyhow!("{} / {}", p.ja, p.en)
        }
        AppError::Forbidden => anyhow!("権限がありません / not allowed"),
        AppError::NotFound => anyhow!("見つかりません / not found"),
        other => anyhow!("{other}"),
    }
}

/// Writes rows under their headers as CSV (UTF-8 with BOM, for Excel) or as a workbook
/// with one sheet of that name.
pub(crate) fn write_table(
    format: TableFormat,
    sheet: &str,
    headers: &[&str],
    rows: &mut dyn Iterator<Item = Vec<String>>,
    output: &Path,
) -> Result<()> {
    let bytes = match format {
        TableFormat::Csv => mamori_app::tabular::write_csv(headers, rows),
        TableFormat::Xlsx => {
            mamori_app::tabular::write_xlsx(sheet, headers, rows).map_err(|e| anyhow!("{e}"))?
        }
    };
    std::fs::write(output, bytes).with_context(|| format!("cannot write {}", output.display()))
}

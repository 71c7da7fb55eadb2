//! `mamori audit verify|export`: check the hash chains and their signatures, and archive
//! entries as JSON lines.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use mamori_app::signing::AuditSigner;
use mamori_app::{App, AppConfig, AppError, Store};

use super::shared::{DbArgs, database_url, explain, key_path, open_as_operator, sign};

#[derive(Subcommand)]
pub(crate) enum AuditCommand {
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

pub(crate) async fn run(db: &DbArgs, cmd: AuditCommand) -> Result<ExitCode> {
    match cmd {
        AuditCommand::Verify => verify(db).await,
        AuditCommand::Export {
            since,
            format,
            output,
        } => export(db, since.as_deref(), &format, output.as_deref()).await,
    }
}

/// Verifies every organization's chain. It opens the store without the signer, so a
/// missing key is reported rather than created: a new key would vouch for nothing.
async fn verify(db: &DbArgs) -> Result<ExitCode> {
    let url = database_url(db)?;
    let store = Store::open(&url, 4).await.map_err(|e| anyhow!("{e}"))?;
    let app = App::with_system(store, AppConfig::default());
    let key = AuditSigner::load(&key_path(db))
        .map_err(explain)?
        .map(|s| s.verifying_key());
    if key.is_none() {
        println!(
            "warning: no signing key at {}: signatures not checked (hash chain only)",
            key_path(db).display()
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

async fn export(
    db: &DbArgs,
    since: Option<&str>,
    format: &str,
    output: Option<&Path>,
) -> Result<ExitCode> {
    if format != "jsonl" {
        bail!("unsupported format {format} (jsonl)");
    }
    let (app, actor) = open_as_operator(db).await?;
    let since = match since {
        Some(s) => Some(mamori_domain::wareki::parse_date(s).map_err(|p| anyhow!("--since: {p}"))?),
        None => None,
    };
    let mut out: Box<dyn Write> = match output {
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

//! `mamori import staff|assets|attendance|entries|catalog`: a file is checked whole and written all or
//! nothing; the plan (new, updated, unchanged rows, or every refusal) is printed either way.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::Subcommand;
use mamori_app::import::{ImportKind, ImportOptions, ImportPlan, RowAction};
use mamori_domain::classification::Preset;

use super::shared::{DbArgs, explain, open_with, operator, parse_preset, sign};
use super::soa;

#[derive(Subcommand)]
pub(crate) enum ImportCommand {
    /// Import staff from CSV (UTF-8 or Shift_JIS) or .xlsx; all or nothing.
    Staff(ImportArgs),
    /// Import the asset ledger (情報資産台帳) from CSV or .xlsx; all or nothing.
    Assets(AssetImportArgs),
    /// Import a training attendance sheet (CSV in UTF-8 or Shift_JIS, or .xlsx): the
    /// session (S-0001), the employee number and the day completed; all or nothing.
    Attendance {
        file: PathBuf,
        /// Check and report without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// The session every row belongs to, when the sheet has no session column
        /// (S-0001).
        #[arg(long)]
        session: Option<String>,
        /// Sheet of an .xlsx workbook.
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Import a door system's log (CSV in UTF-8 or Shift_JIS, or .xlsx) into an area's
    /// entry log: one row per swipe (time, badge, in/out) or per stay (entry and exit
    /// times); all or nothing, entries already in the log left as they are.
    Entries {
        file: PathBuf,
        /// The area's code (HQ-3F-SR); may be left out when the log has an area column.
        #[arg(long)]
        area: Option<String>,
        /// Check and report without writing anything.
        #[arg(long)]
        dry_run: bool,
        /// Sheet of an .xlsx workbook.
        #[arg(long)]
        sheet: Option<String>,
    },
    /// Import the equipment and media register (機器・媒体台帳; CSV in UTF-8 or
    /// Shift_JIS, or .xlsx): numbers already in it are updated; all or nothing.
    Media(ImportArgs),
    /// Import a control catalog in Mamori's TOML format (replaces a built-in one with
    /// the same id for this organization, e.g. licensed ISO/IEC 27001 titles).
    Catalog {
        file: PathBuf,
        /// Check and report without writing anything.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(clap::Args)]
pub(crate) struct ImportArgs {
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
pub(crate) struct AssetImportArgs {
    #[command(flatten)]
    common: ImportArgs,
    /// The classification scheme the ledger is written in: mic2022 (機密性 3/2/1),
    /// mic2024 (3A/3B/3C/2/1) or ipa (3/2/1 on all three). Recognised from the levels
    /// when absent. An organization with no assets yet adopts it.
    #[arg(long, value_parser = parse_preset)]
    scheme: Option<Preset>,
}

pub(crate) async fn run(db: &DbArgs, cmd: ImportCommand) -> Result<ExitCode> {
    let (kind, args, scheme) = match cmd {
        ImportCommand::Staff(a) => (ImportKind::Staff, a, None),
        ImportCommand::Assets(a) => (ImportKind::Assets, a.common, a.scheme),
        ImportCommand::Media(a) => (ImportKind::Media, a, None),
        ImportCommand::Catalog { file, dry_run } => {
            return soa::import_catalog(db, &file, dry_run).await;
        }
        ImportCommand::Entries {
            file,
            area,
            dry_run,
            sheet,
        } => return import_into(db, ImportKind::Entries, file, dry_run, sheet, area).await,
        ImportCommand::Attendance {
            file,
            dry_run,
            session,
            sheet,
        } => return import_into(db, ImportKind::Attendance, file, dry_run, sheet, session).await,
    };
    let (app, actor) = open_for_import(db).await?;
    import_file(&app, &actor, kind, &args, scheme, None).await
}

/// The most a file read from the server's own disk may hold: a year of a door's log
/// (uploads through the browser stop at the server's configured limit).
const CLI_IMPORT_BYTES: usize = 1 << 30;

/// Opens the application to import, acting as the operator.
async fn open_for_import(db: &DbArgs) -> Result<(mamori_app::App, mamori_app::authz::Actor)> {
    let config = mamori_app::AppConfig {
        max_import_bytes: CLI_IMPORT_BYTES,
        ..mamori_app::AppConfig::default()
    };
    let app = open_with(db, config, None).await?;
    let actor = operator(&app, db).await?;
    Ok((app, actor))
}

/// A file imported into what a code names: an area's log (`HQ-3F-SR`) or a training
/// session (`S-0001`); without a code, the file names it on its rows.
async fn import_into(
    db: &DbArgs,
    kind: ImportKind,
    file: PathBuf,
    dry_run: bool,
    sheet: Option<String>,
    code: Option<String>,
) -> Result<ExitCode> {
    let (app, actor) = open_for_import(db).await?;
    let target = match code {
        Some(c) if kind == ImportKind::Entries => {
            Some(app.area_by_code(&actor, &c).await.map_err(explain)?)
        }
        Some(c) => Some(app.session_by_code(&actor, &c).await.map_err(explain)?),
        None => None,
    };
    let args = ImportArgs {
        file,
        dry_run,
        create_departments: false,
        sheet,
    };
    import_file(&app, &actor, kind, &args, None, target).await
}

/// Reads the file and imports it, printing the plan.
async fn import_file(
    app: &mamori_app::App,
    actor: &mamori_app::authz::Actor,
    kind: ImportKind,
    args: &ImportArgs,
    scheme: Option<Preset>,
    target: Option<uuid::Uuid>,
) -> Result<ExitCode> {
    let bytes = std::fs::read(&args.file)
        .with_context(|| format!("cannot read {}", args.file.display()))?;
    let opts = ImportOptions {
        create_departments: args.create_departments,
        sheet: args.sheet.clone(),
        scheme,
        target,
    };
    let plan = app
        .import(actor, kind, &bytes, &opts, !args.dry_run)
        .await
        .map_err(explain)?;
    report_import(&plan, args.dry_run);
    sign(app).await?;
    Ok(if plan.is_ok() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// Prints the plan: refusals to standard error, or what was (or would be) written.
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
            let col = quoted("column", &e.column);
            let val = quoted("value", &e.value);
            eprintln!("  row {}{col}{val}: {} / {}", e.row, e.ja, e.en);
        }
        return;
    }
    for w in &plan.warnings {
        let col = quoted("column", &w.column);
        eprintln!("  warning: row {}{col}: {} / {}", w.row, w.ja, w.en);
    }
    if !plan.new_departments.is_empty() {
        eprintln!(
            "new departments / 新規所属 ({}): {}",
            plan.new_departments.len(),
            plan.new_departments.join(", ")
        );
    }
    // Every listed update is shown (they change existing records); new rows only up to
    // a point, so a first import of thousands stays readable.
    const SHOW_NEW: usize = 20;
    let mut new_shown = 0;
    let mut updates_shown = 0;
    for r in &plan.rows {
        match &r.action {
            RowAction::Create if new_shown < SHOW_NEW => {
                new_shown += 1;
                eprintln!("  row {}: create {} {}", r.row, r.key, r.name);
            }
            RowAction::Update { changes } => {
                updates_shown += 1;
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
    if plan.updates > updates_shown {
        eprintln!("  … and {} more updated rows", plan.updates - updates_shown);
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

/// ` column "氏名"`, or nothing when the file gave no such thing.
fn quoted(what: &str, v: &str) -> String {
    if v.is_empty() {
        String::new()
    } else {
        format!(" {what} \"{v}\"")
    }
}

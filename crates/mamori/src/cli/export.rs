//! `mamori export staff|assets|incidents|coverage|exceptions|laws|contractors|services|disposals|soa|catalog|policy`: the staff and asset
//! registers in the importer's own columns, so an export imports again unchanged; the
//! incident register and training coverage as tables; the SoA and catalogs are written by [`soa`]; a policy
//! document as one HTML file or a PDF.

use std::path::PathBuf;
use std::process::ExitCode;

use std::io::Write;

use anyhow::{Context, Result, anyhow};
use clap::{Args, Subcommand};
use mamori_app::assets::AssetExport;
use mamori_app::import::staff::{EXPORT_HEADERS, export_row};
use mamori_app::tabular::{CsvWriter, XlsxWriter};

use super::shared::{DbArgs, TableFormat, explain, open_as_operator, sign, write_table};
use super::soa;

#[derive(Subcommand)]
pub(crate) enum ExportCommand {
    /// Export staff (CSV as UTF-8 with BOM, or .xlsx), in the importer's columns.
    Staff {
        #[command(flatten)]
        to: RegisterFile,
        /// Include retired staff.
        #[arg(long)]
        all: bool,
    },
    /// Export the asset ledger in the importer's columns.
    Assets {
        #[command(flatten)]
        to: RegisterFile,
        /// Include retired and disposed assets.
        #[arg(long)]
        all: bool,
    },
    /// Export the incident register (every incident; restricted ones marked).
    Incidents {
        #[command(flatten)]
        to: RegisterFile,
        /// Only open incidents.
        #[arg(long)]
        open: bool,
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
    /// Export training coverage: every current course by department (対象者数, 受講済,
    /// 期限超過, 受講率), a line for the whole organization first.
    Coverage {
        #[command(flatten)]
        to: RegisterFile,
    },
    /// Export the exception register (例外措置): every exception, or those standing as
    /// --standing says (in_effect, pending, expired …) or ending within --expiring days.
    Exceptions {
        #[command(flatten)]
        to: RegisterFile,
        #[arg(long)]
        standing: Option<String>,
        #[arg(long)]
        expiring: Option<i64>,
    },
    /// Export the laws and obligations register (one line per obligation): the laws in
    /// force, or those whose review stands as --review says (overdue, amended,
    /// wants_review …).
    Laws {
        #[command(flatten)]
        to: RegisterFile,
        #[arg(long)]
        review: Option<String>,
    },
    /// Export the contract register (one line per contract, with its contractor's
    /// certifications and sub-contractors): every contract, or those standing as
    /// --standing says (live, ending, ended …).
    Contractors {
        #[command(flatten)]
        to: RegisterFile,
        #[arg(long)]
        standing: Option<String>,
    },
    /// Export the external service register (one line per service, with its ceiling,
    /// ISMAP listing and the assets above its ceiling): every service, or those whose
    /// use stands as --usage says (in_use, deleting …); --flagged for those needing
    /// attention.
    Services {
        #[command(flatten)]
        to: RegisterFile,
        #[arg(long)]
        usage: Option<String>,
        #[arg(long)]
        flagged: bool,
    },
    /// Export the disposal log (廃棄記録簿): the disposals done over --from/--until (all
    /// when neither is given), as CSV, .xlsx or an A4 PDF for the committee.
    Disposals {
        #[arg(long, value_enum, default_value = "csv")]
        format: LogFormat,
        #[arg(long)]
        output: PathBuf,
        /// Done on or after this day (2026-04-01 or 令和8年4月1日).
        #[arg(long)]
        from: Option<String>,
        #[arg(long)]
        until: Option<String>,
        /// ja or en (the PDF's language).
        #[arg(long, default_value = "ja")]
        lang: String,
    },
    /// Export a policy document as one HTML file or a PDF. With --public, exactly what
    /// the public page shows (the basic policy unless --document names another
    /// published document); without it, any document by number.
    Policy {
        #[arg(long)]
        public: bool,
        /// The document's number (3 for POL-003).
        #[arg(long)]
        document: Option<i32>,
        /// A version other than the one in force.
        #[arg(long)]
        version: Option<i32>,
        #[arg(long, value_enum, default_value = "html")]
        format: DocumentFormat,
        /// ja or en.
        #[arg(long, default_value = "ja")]
        lang: String,
        #[arg(long)]
        output: PathBuf,
    },
}

/// How the disposal log is written out.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum LogFormat {
    Csv,
    Xlsx,
    Pdf,
}

/// How a document is written out.
#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum DocumentFormat {
    Html,
    Pdf,
}

// The file a register is exported to: the same two options for staff and assets.
#[derive(Args)]
pub(crate) struct RegisterFile {
    #[arg(long, value_enum, default_value = "csv")]
    format: TableFormat,
    #[arg(long)]
    output: PathBuf,
}

pub(crate) async fn run(db: &DbArgs, cmd: ExportCommand) -> Result<ExitCode> {
    match cmd {
        ExportCommand::Staff { to, all } => staff(db, &to, all).await,
        ExportCommand::Assets { to, all } => assets(db, &to, all).await,
        ExportCommand::Incidents { to, open } => incidents(db, &to, open).await,
        ExportCommand::Coverage { to } => coverage(db, &to).await,
        ExportCommand::Exceptions {
            to,
            standing,
            expiring,
        } => exceptions(db, &to, standing, expiring).await,
        ExportCommand::Laws { to, review } => laws(db, &to, review).await,
        ExportCommand::Contractors { to, standing } => contracts(db, &to, standing).await,
        ExportCommand::Services { to, usage, flagged } => services(db, &to, usage, flagged).await,
        ExportCommand::Disposals {
            format,
            output,
            from,
            until,
            lang,
        } => disposals(db, format, &output, (from, until), &lang).await,
        ExportCommand::Soa {
            catalog,
            format,
            output,
        } => soa::export_soa(db, &catalog, format, &output).await,
        ExportCommand::Catalog { catalog, output } => {
            soa::export_catalog(db, &catalog, &output).await
        }
        ExportCommand::Policy {
            public,
            document,
            version,
            format,
            lang,
            output,
        } => policy(db, (public, document, version), format, &lang, &output).await,
    }
}

async fn policy(
    db: &DbArgs,
    (public, document, version): (bool, Option<i32>, Option<i32>),
    format: DocumentFormat,
    lang: &str,
    output: &std::path::Path,
) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let lang =
        mamori_web::i18n::Lang::parse(lang).ok_or_else(|| anyhow!("--lang must be ja or en"))?;
    let p = if public {
        let org = app.org(&actor).await.map_err(explain)?;
        app.public_policy(&org.code, document, version)
            .await
            .map_err(|e| match e {
                mamori_app::AppError::NotFound => anyhow!(
                    "nothing is published: no public document is in force (公開の文書で施行中のものがありません)"
                ),
                e => explain(e),
            })?
    } else {
        let n = document.ok_or_else(|| anyhow!("give --document N, or --public"))?;
        app.policy_for_export(&actor, n, version)
            .await
            .map_err(explain)?
    };
    let bytes = match format {
        DocumentFormat::Html => mamori_web::pages::policies::policy_html(&p, lang)
            .map_err(|e| anyhow!(e))?
            .into_bytes(),
        DocumentFormat::Pdf => {
            mamori_web::pdf::policy_document(&p, lang).map_err(|e| anyhow!(e))?
        }
    };
    std::fs::write(output, bytes).with_context(|| format!("writing {}", output.display()))?;
    eprintln!(
        "exported {} (version {}) to {}",
        p.shown.version.title,
        p.shown.version.version,
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

async fn coverage(db: &DbArgs, to: &RegisterFile) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let rows = app.coverage_table(&actor).await.map_err(explain)?;
    let n = rows.len();
    let headers = mamori_app::training::COVERAGE_HEADERS;
    write_table(
        to.format,
        "研修受講状況",
        &headers,
        &mut rows.into_iter(),
        &to.output,
    )?;
    eprintln!("exported {n} coverage lines to {}", to.output.display());
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

async fn exceptions(
    db: &DbArgs,
    to: &RegisterFile,
    standing: Option<String>,
    expiring: Option<i64>,
) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let q = mamori_app::compliance::exceptions::ExceptionQuery {
        standing,
        expiring,
        ..Default::default()
    };
    let rows = app.exceptions_table(&actor, &q).await.map_err(explain)?;
    let headers = &mamori_app::compliance::exceptions::EXPORT_HEADERS;
    write_register(&app, to, ("例外措置", "exceptions"), headers, rows).await
}

async fn laws(db: &DbArgs, to: &RegisterFile, review: Option<String>) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let q = mamori_app::compliance::laws::LawQuery {
        review,
        ..Default::default()
    };
    let rows = app.laws_table(&actor, &q).await.map_err(explain)?;
    let headers = &mamori_app::compliance::laws::EXPORT_HEADERS;
    write_register(&app, to, ("法令等", "obligation lines"), headers, rows).await
}

async fn contracts(db: &DbArgs, to: &RegisterFile, standing: Option<String>) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let q = mamori_app::compliance::contractors::ContractQuery {
        standing,
        ..Default::default()
    };
    let rows = app.contracts_table(&actor, &q).await.map_err(explain)?;
    let headers = &mamori_app::compliance::contractors::EXPORT_HEADERS;
    write_register(&app, to, ("委託契約", "contracts"), headers, rows).await
}

async fn services(
    db: &DbArgs,
    to: &RegisterFile,
    usage: Option<String>,
    flagged: bool,
) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let q = mamori_app::compliance::services::ServiceQuery {
        usage,
        flagged: flagged.then_some(true),
        ..Default::default()
    };
    let rows = app.services_table(&actor, &q).await.map_err(explain)?;
    let headers = &mamori_app::compliance::services::EXPORT_HEADERS;
    write_register(&app, to, ("外部サービス", "services"), headers, rows).await
}

async fn disposals(
    db: &DbArgs,
    format: LogFormat,
    output: &std::path::Path,
    (from, until): (Option<String>, Option<String>),
    lang: &str,
) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let lang =
        mamori_web::i18n::Lang::parse(lang).ok_or_else(|| anyhow!("--lang must be ja or en"))?;
    let q = mamori_app::media::DisposalQuery {
        show: None,
        from: from.clone(),
        until: until.clone(),
    };
    let table = match format {
        LogFormat::Csv => Some(TableFormat::Csv),
        LogFormat::Xlsx => Some(TableFormat::Xlsx),
        LogFormat::Pdf => None,
    };
    let Some(table) = table else {
        let log = app.disposal_log_export(&actor, &q).await.map_err(explain)?;
        let period = (
            from.as_deref().unwrap_or(""),
            until.as_deref().unwrap_or(""),
        );
        let bytes = mamori_web::pdf::disposal_log(&log, period, lang).map_err(|e| anyhow!(e))?;
        std::fs::write(output, bytes).with_context(|| format!("writing {}", output.display()))?;
        eprintln!("exported {} disposals to {}", log.len(), output.display());
        sign(&app).await?;
        return Ok(ExitCode::SUCCESS);
    };
    let rows = app
        .disposals_table(&actor, &q, lang.code())
        .await
        .map_err(explain)?;
    let headers: Vec<&str> = mamori_app::media::DISPOSAL_HEADERS
        .iter()
        .map(|(ja, en)| if lang.code() == "en" { *en } else { *ja })
        .collect();
    let to = RegisterFile {
        format: table,
        output: output.to_path_buf(),
    };
    write_register(&app, &to, ("廃棄記録簿", "disposals"), &headers, rows).await
}

/// Writes a register's rows, says how many, and signs the audit head the export moved.
async fn write_register(
    app: &mamori_app::App,
    to: &RegisterFile,
    (sheet, what): (&str, &str),
    headers: &[&str],
    rows: Vec<Vec<String>>,
) -> Result<ExitCode> {
    let n = rows.len();
    write_table(to.format, sheet, headers, &mut rows.into_iter(), &to.output)?;
    eprintln!("exported {n} {what} to {}", to.output.display());
    sign(app).await?;
    Ok(ExitCode::SUCCESS)
}

async fn staff(db: &DbArgs, to: &RegisterFile, all: bool) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let q = mamori_app::staff::StaffQuery {
        status: status_filter(all),
        ..Default::default()
    };
    let (rows, _) = app.export_staff_rows(&actor, &q).await.map_err(explain)?;
    let mut it = rows.iter().map(export_row);
    write_table(to.format, "職員一覧", &EXPORT_HEADERS, &mut it, &to.output)?;
    eprintln!("exported {} staff to {}", rows.len(), to.output.display());
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

async fn assets(db: &DbArgs, to: &RegisterFile, all: bool) -> Result<ExitCode> {
    let (app, actor) = open_as_operator(db).await?;
    let q = mamori_app::assets::AssetQuery {
        status: status_filter(all),
        ..Default::default()
    };
    let export = app.export_assets(&actor, &q).await.map_err(explain)?;
    let n = export.len();
    let written = write_assets(export, to).await;
    if written.is_err() {
        // A half-written file is worse than none.
        let _ = std::fs::remove_file(&to.output);
    }
    written?;
    eprintln!("exported {n} assets to {}", to.output.display());
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

async fn incidents(db: &DbArgs, to: &RegisterFile, open: bool) -> Result<ExitCode> {
    use mamori_app::incidents::{EXPORT_HEADERS, EXPORT_NAME, IncidentQuery, export_row};
    let (app, actor) = open_as_operator(db).await?;
    let q = IncidentQuery {
        state: if open { "open".into() } else { String::new() },
        ..Default::default()
    };
    let rows = app.export_incidents(&actor, &q).await.map_err(explain)?;
    let mut it = rows.iter().map(export_row);
    write_table(to.format, EXPORT_NAME, &EXPORT_HEADERS, &mut it, &to.output)?;
    eprintln!(
        "exported {} incidents to {}",
        rows.len(),
        to.output.display()
    );
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

/// Writes the export a page at a time as it is read, so the whole register is never
/// held (CSV goes to the file as it comes; xlsx to the workbook's temporary file).
async fn write_assets(mut export: AssetExport, to: &RegisterFile) -> Result<()> {
    const SHEET: &str = "情報資産台帳";
    let headers = mamori_app::import::assets::export_headers();
    let file = std::fs::File::create(&to.output)
        .with_context(|| format!("cannot write {}", to.output.display()))?;
    let mut out = std::io::BufWriter::new(file);
    match to.format {
        TableFormat::Csv => {
            let mut csv = CsvWriter::new(&headers);
            while let Some(page) = export.next_page().await.map_err(explain)? {
                for row in &page {
                    csv.row(row);
                }
                out.write_all(&csv.take())?;
            }
            out.write_all(&csv.take())?;
        }
        TableFormat::Xlsx => {
            let mut sheet = XlsxWriter::new(SHEET, &headers).map_err(|e| anyhow!("{e}"))?;
            while let Some(page) = export.next_page().await.map_err(explain)? {
                for row in &page {
                    sheet.row(row).map_err(|e| anyhow!("{e}"))?;
                }
            }
            sheet.finish(&mut out).map_err(|e| anyhow!("{e}"))?;
        }
    }
    out.flush()
        .with_context(|| format!("cannot write {}", to.output.display()))
}

/// The register's status filter: everything with `--all`, otherwise the current records.
fn status_filter(all: bool) -> String {
    if all { "all".into() } else { String::new() }
}

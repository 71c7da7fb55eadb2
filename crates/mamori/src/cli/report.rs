//! `mamori report annual`: a fiscal year's annual report written to a file, as PDF,
//! a self-contained HTML page or an Excel workbook — the same report the page shows.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Subcommand, ValueEnum};
use mamori_web::i18n::Lang;

use super::shared::{DbArgs, explain, open_as_operator};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum ReportFormat {
    /// A4, with the Japanese font built in.
    Pdf,
    /// One HTML file that needs nothing else, to print from any browser.
    Html,
    /// The report's tables on one sheet.
    Xlsx,
}

#[derive(Subcommand)]
pub(crate) enum ReportCommand {
    /// The annual report (年次報告) of a fiscal year (2025 is April 2025 to March 2026).
    Annual {
        /// The fiscal year.
        #[arg(long)]
        year: i32,
        /// The day the figures are as of (default: the year's end, or today).
        #[arg(long)]
        as_of: Option<String>,
        #[arg(long, value_enum, default_value_t = ReportFormat::Pdf)]
        format: ReportFormat,
        /// Labels in English instead of Japanese.
        #[arg(long)]
        english: bool,
        /// The file to write.
        #[arg(long)]
        output: PathBuf,
    },
}

pub(crate) async fn run(db: &DbArgs, cmd: ReportCommand) -> Result<ExitCode> {
    let ReportCommand::Annual {
        year,
        as_of,
        format,
        english,
        output,
    } = cmd;
    let as_of = as_of
        .as_deref()
        .map(mamori_domain::wareki::parse_date)
        .transpose()
        .map_err(|p| anyhow!("--as-of: {} / {}", p.ja, p.en))?;
    let lang = if english { Lang::En } else { Lang::Ja };
    let (app, actor) = open_as_operator(db).await?;
    let page = app
        .annual_report(&actor, year, as_of)
        .await
        .map_err(explain)?;
    let r = &page.report;
    let bytes = match format {
        ReportFormat::Pdf => mamori_web::pdf::annual_report(r, lang),
        ReportFormat::Html => Ok(mamori_web::annual::html_file(r, lang).into_bytes()),
        ReportFormat::Xlsx => mamori_web::annual::xlsx(r, lang),
    }
    .map_err(|e| anyhow!("{e}"))?;
    std::fs::write(&output, bytes).with_context(|| format!("cannot write {}", output.display()))?;
    eprintln!(
        "wrote the annual report of {} as of {}{} to {}",
        r.label_ja,
        r.year.as_of,
        if r.issued_on.is_some() {
            " (issued)"
        } else {
            ""
        },
        output.display()
    );
    Ok(ExitCode::SUCCESS)
}

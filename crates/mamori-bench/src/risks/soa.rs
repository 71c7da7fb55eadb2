//! Step 5: `mamori export soa` as .xlsx and CSV, whole commands, beside the same
//! cells written with rust_xlsxwriter directly in this process.

use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail};

use crate::binary::{self, Db};
use crate::procs::Finished;

pub const SOA_CATALOG: &str = "nist-csf-2.0";

/// The SoA export, beside rust_xlsxwriter.
pub struct Soa {
    pub xlsx: Finished,
    pub xlsx_bytes: u64,
    pub csv: Finished,
    pub csv_bytes: u64,
    /// Rows and columns of the export (from the CSV).
    pub rows: usize,
    pub columns: usize,
    /// The same cells through rust_xlsxwriter in process, and the file's size.
    pub raw: Duration,
    pub raw_bytes: usize,
}

/// `mamori export soa` as .xlsx and as CSV, then the CSV's cells through
/// rust_xlsxwriter.
pub(super) async fn measure(bin: &Path, dir: &Path, label: &str, db: &Db) -> Result<Soa> {
    let help = binary::mamori_measured(bin, db, &["export", "soa", "--help"]).await;
    if help.is_err() {
        bail!("this mamori has no `export soa` command");
    }
    let mut runs = Vec::new();
    for format in ["xlsx", "csv"] {
        let out = dir.join(format!("soa-{}.{format}", label.to_lowercase()));
        let out_arg = out.to_string_lossy().into_owned();
        let run = binary::mamori_measured(
            bin,
            db,
            &[
                "export",
                "soa",
                "--catalog",
                SOA_CATALOG,
                "--format",
                format,
                "--output",
                &out_arg,
            ],
        )
        .await?;
        let bytes = std::fs::read(&out).with_context(|| format!("the export {}", out.display()))?;
        runs.push((run, bytes));
    }
    let (Some((csv, csv_file)), Some((xlsx, xlsx_file))) = (runs.pop(), runs.pop()) else {
        bail!("no SoA export");
    };
    let table = mamori_app::tabular::read_table(&csv_file, &Default::default(), &|_| true)
        .map_err(|e| anyhow!("reading the SoA CSV back: {e}"))?;
    let cells: Vec<Vec<String>> = table.rows().map(|r| r.cells.to_vec()).collect();
    let (raw, raw_bytes) = raw_xlsx(&table.headers, &cells)?;
    Ok(Soa {
        xlsx,
        xlsx_bytes: xlsx_file.len() as u64,
        csv,
        csv_bytes: csv_file.len() as u64,
        rows: cells.len(),
        columns: table.headers.len(),
        raw,
        raw_bytes,
    })
}

/// The same cells as one worksheet of strings, straight through rust_xlsxwriter: what
/// writing the spreadsheet costs at least.
fn raw_xlsx(headers: &[String], rows: &[Vec<String>]) -> Result<(Duration, usize)> {
    let t = Instant::now();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c)?, h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r + 1)?, u16::try_from(c)?, cell)?;
        }
    }
    let bytes = book.save_to_buffer()?;
    Ok((t.elapsed(), bytes.len()))
}

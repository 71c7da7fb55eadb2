//! Reading .xlsx with calamine.
//!
//! Cells are streamed from the sheet rather than loaded as a calamine `Range`: a
//! range is a dense rectangle, so one stray cell at XFD1048576 would allocate
//! seventeen billion cells. Only non-empty cells are kept, within the row and cell
//! limits.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::panic::{AssertUnwindSafe, catch_unwind};

use calamine::{
    DataRef, ExcelDateTime, ExcelDateTimeType, Reader, SheetType, SheetVisible, Xlsx, XlsxError,
};
use chrono::{Days, NaiveDate};

use super::header::{Pushed, TableBuilder};
use super::{
    Format, MAX_CELLS, MAX_XLSX_TEXT_BYTES, ReadOptions, Rows, Table, TabularError, zip_guard,
};

type Workbook<'b> = Xlsx<Cursor<&'b [u8]>>;

pub(crate) fn read(
    bytes: &[u8],
    opts: &ReadOptions,
    is_known_header: &dyn Fn(&str) -> bool,
) -> Result<Table<'static>, TabularError> {
    zip_guard::check(bytes)?;
    read_workbook(bytes, opts, is_known_header)
}

/// Runs calamine. It is a large parser fed untrusted input, and it does panic on
/// some mangled files (a shared-string index past the table, in 0.31); that must
/// fail this one upload with a clear message, not the request. Only calamine
/// runs inside: the caller's `is_known_header` panicking is a bug to surface.
/// After a panic the workbook is dropped, never read again.
fn guarded<T>(f: impl FnOnce() -> Result<T, TabularError>) -> Result<T, TabularError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|_| {
        Err(TabularError::InvalidXlsx {
            detail: "the xlsx parser panicked".to_string(),
        })
    })
}

fn from_calamine(e: XlsxError) -> TabularError {
    match e {
        XlsxError::Password => TabularError::Encrypted,
        other => TabularError::InvalidXlsx {
            detail: other.to_string(),
        },
    }
}

fn read_workbook(
    bytes: &[u8],
    opts: &ReadOptions,
    is_known_header: &dyn Fn(&str) -> bool,
) -> Result<Table<'static>, TabularError> {
    let mut workbook: Workbook<'_> =
        guarded(|| Xlsx::new(Cursor::new(bytes)).map_err(from_calamine))?;
    let worksheets: Vec<(String, bool)> = workbook
        .sheets_metadata()
        .iter()
        .filter(|s| s.typ == SheetType::WorkSheet)
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect();

    if let Some(wanted) = opts.sheet {
        // Users type sheet names; forgive surrounding spaces.
        let found = worksheets
            .iter()
            .find(|(name, _)| name == wanted || name.trim() == wanted.trim());
        return match found {
            Some((name, _)) => read_sheet(&mut workbook, name, opts, is_known_header),
            None => Err(TabularError::SheetNotFound {
                name: wanted.to_string(),
                available: worksheets.into_iter().map(|(name, _)| name).collect(),
            }),
        };
    }

    // No sheet named: the first visible worksheet that has a header. Workbooks
    // from municipal offices often open with a cover sheet or a filled-in example.
    let mut candidates: Vec<&str> = worksheets
        .iter()
        .filter(|(_, visible)| *visible)
        .map(|(name, _)| name.as_str())
        .collect();
    if candidates.is_empty() {
        candidates = worksheets.iter().map(|(name, _)| name.as_str()).collect();
    }
    let mut no_header = None;
    let mut empty = None;
    for name in candidates {
        match read_sheet(&mut workbook, name, opts, is_known_header) {
            Ok(table) => return Ok(table),
            Err(e @ TabularError::NoHeader { .. }) => {
                no_header.get_or_insert(e);
            }
            Err(e @ TabularError::Empty) => {
                empty.get_or_insert(e);
            }
            Err(e) => return Err(e),
        }
    }
    // A sheet with content but no header says more than an empty one.
    Err(no_header.or(empty).unwrap_or(TabularError::NoWorksheet))
}

fn read_sheet(
    workbook: &mut Workbook<'_>,
    name: &str,
    opts: &ReadOptions,
    is_known_header: &dyn Fn(&str) -> bool,
) -> Result<Table<'static>, TabularError> {
    let rows = guarded(|| collect_cells(workbook, name, opts))?;
    let mut builder = TableBuilder::new(opts, is_known_header);
    let mut data = Vec::new();
    for (row, cells) in rows {
        let number = usize::try_from(row).unwrap_or(usize::MAX).saturating_add(1);
        let mut cells = cells
            .iter()
            .map(|(col, text)| (usize::try_from(*col).unwrap_or(usize::MAX), text.as_str()));
        match builder.push(number, &mut cells)? {
            Pushed::Data(row) => data.push(row),
            Pushed::Skipped => {}
            Pushed::Stop => break,
        }
    }
    let (header_row, headers) = builder.finish()?;
    Ok(Table {
        format: Format::Xlsx,
        encoding: None,
        sheet: Some(name.to_string()),
        header_row,
        headers,
        rows: Rows::Held(data),
    })
}

/// Non-empty cells by 0-based row, each row's cells as (0-based column, text).
/// Sheets normally list rows in order, but nothing forces a writer to, hence
/// the map.
fn collect_cells(
    workbook: &mut Workbook<'_>,
    name: &str,
    opts: &ReadOptions,
) -> Result<BTreeMap<u32, Vec<(u32, String)>>, TabularError> {
    let row_cap = opts.max_rows.saturating_add(opts.max_header_scan);
    let mut rows: BTreeMap<u32, Vec<(u32, String)>> = BTreeMap::new();
    let mut cell_count = 0usize;
    let mut text_bytes = 0usize;
    let mut reader = match workbook.worksheet_cells_reader(name) {
        Ok(reader) => reader,
        // A chart or dialog sheet behind a worksheet's name: nothing to read.
        Err(XlsxError::NotAWorksheet(_)) => return Ok(rows),
        Err(e) => return Err(from_calamine(e)),
    };
    while let Some(cell) = reader.next_cell().map_err(from_calamine)? {
        let text = cell_text(cell.get_value());
        if text.trim().is_empty() {
            continue;
        }
        let (row, col) = cell.get_position();
        if !rows.contains_key(&row) && rows.len() >= row_cap {
            return Err(TabularError::TooManyRows { max: opts.max_rows });
        }
        cell_count += 1;
        text_bytes = text_bytes.saturating_add(text.len());
        // Shared strings are stored once but may be referenced by every cell;
        // copies are what cost memory, so count them.
        if cell_count > MAX_CELLS || text_bytes > MAX_XLSX_TEXT_BYTES {
            return Err(TabularError::TooLarge);
        }
        rows.entry(row).or_default().push((col, text));
    }
    Ok(rows)
}

/// A cell's value as the text a user would type for it.
fn cell_text(value: &DataRef<'_>) -> String {
    match value {
        DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => number_text(*f),
        DataRef::Bool(b) => (if *b { "TRUE" } else { "FALSE" }).to_string(),
        DataRef::DateTime(dt) => datetime_text(dt),
        DataRef::Error(_) | DataRef::Empty => String::new(),
    }
}

/// Excel keeps every number as a double. Integers (staff numbers, postal codes
/// typed as numbers) are shown without ".0"; other values are rounded to the 15
/// significant digits Excel itself displays, so 0.1+0.2 reads "0.3".
fn number_text(f: f64) -> String {
    if !f.is_finite() {
        return String::new();
    }
    let rounded: f64 = format!("{f:.14e}").parse().unwrap_or(f);
    if rounded.fract() == 0.0 && rounded.abs() < 1e15 {
        // Exact: the value is integral and well inside i64.
        format!("{}", rounded as i64)
    } else {
        format!("{rounded}")
    }
}

const MS_PER_DAY: i64 = 86_400_000;
/// 9999-12-31, the last date Excel accepts, as a 1900-system serial.
const MAX_SERIAL: f64 = 2_958_466.0;

/// Dates as ISO "YYYY-MM-DD", with " HH:MM:SS" only when there is a time of day;
/// a bare time (serial below 1) as "HH:MM:SS"; durations as "H:MM:SS".
///
/// Computed here rather than with calamine's `to_ymd_hms_milli`, which truncates
/// seconds (9:30 stored as 0.3958333… becomes 9:29:59) and overflows on serials
/// outside Excel's range.
fn datetime_text(dt: &ExcelDateTime) -> String {
    let v = dt.as_f64();
    if !v.is_finite() || v.abs() >= MAX_SERIAL {
        return number_text(v);
    }
    // In range, so the product fits easily in i64.
    let total_ms = (v * MS_PER_DAY as f64).round() as i64;
    if dt.is_duration() {
        let sign = if total_ms < 0 { "-" } else { "" };
        let secs = total_ms.abs() / 1000;
        return format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            secs / 60 % 60,
            secs % 60
        );
    }
    if total_ms < 0 {
        return number_text(v);
    }
    let days = total_ms / MS_PER_DAY;
    let secs = total_ms % MS_PER_DAY / 1000;
    let time = format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60);
    if days == 0 {
        return time;
    }
    // calamine keeps the workbook's epoch private; equality with a value built
    // for the 1900 system reveals it.
    let is_1904 = *dt != ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false);
    let date = match (is_1904, days) {
        (true, _) => NaiveDate::from_ymd_opt(1904, 1, 1)
            .and_then(|d| d.checked_add_days(Days::new(days.unsigned_abs()))),
        // Excel's 1900 system counts a 29 February 1900 that never was (a Lotus
        // 1-2-3 bug kept for compatibility): serials before it start a day later.
        (false, 60) => return with_time("1900-02-29".to_string(), secs, &time),
        (false, 1..=59) => NaiveDate::from_ymd_opt(1899, 12, 31)
            .and_then(|d| d.checked_add_days(Days::new(days.unsigned_abs()))),
        (false, _) => NaiveDate::from_ymd_opt(1899, 12, 30)
            .and_then(|d| d.checked_add_days(Days::new(days.unsigned_abs()))),
    };
    match date {
        Some(date) => with_time(date.format("%Y-%m-%d").to_string(), secs, &time),
        None => number_text(v),
    }
}

fn with_time(date: String, secs: i64, time: &str) -> String {
    if secs == 0 {
        date
    } else {
        format!("{date} {time}")
    }
}

//! Writing .xlsx exports with rust_xlsxwriter.

use std::borrow::Cow;
use std::io::{Seek, Write};

use rust_xlsxwriter::{
    Color, Format as CellFormat, FormatBorder, IgnoreError, Workbook, XlsxError,
};

use super::{MAX_COLUMNS, TabularError, neutralize_formula};

/// Excel's limit on the characters in one cell.
const MAX_CELL_CHARS: usize = 32_767;
/// Excel's last row, 0-based.
const MAX_ROW_INDEX: u32 = 1_048_575;
/// Column widths are estimated from this many rows; enough to be representative
/// without measuring a whole ledger.
const WIDTH_SAMPLE_ROWS: usize = 1_000;
/// Widths in Excel's unit (roughly one digit of the default font).
const MIN_WIDTH: f64 = 6.0;
const MAX_WIDTH: f64 = 50.0;

fn export(e: XlsxError) -> TabularError {
    TabularError::Export {
        detail: e.to_string(),
    }
}

/// An Excel workbook with one sheet: a bold, frozen header row with filter buttons
/// and columns sized to their contents. Every cell is a string, never a formula.
pub fn write_xlsx(
    sheet_name: &str,
    headers: &[&str],
    rows: &mut dyn Iterator<Item = Vec<String>>,
) -> Result<Vec<u8>, TabularError> {
    let mut sheet = XlsxWriter::new(sheet_name, headers)?;
    for row in rows {
        sheet.row(&row)?;
    }
    let mut out = std::io::Cursor::new(Vec::new());
    sheet.finish(&mut out)?;
    Ok(out.into_inner())
}

/// A workbook written a row at a time in rust_xlsxwriter's constant-memory mode: each
/// finished row goes to a temporary file, so a 100,000-row export holds one row, not
/// the sheet. The same sheet as [`write_xlsx`] (which uses it).
pub struct XlsxWriter {
    workbook: Workbook,
    header_len: usize,
    text_format: CellFormat,
    widths: Vec<f64>,
    /// Data rows written so far.
    rows: usize,
    last_col: usize,
}

impl XlsxWriter {
    pub fn new(sheet_name: &str, headers: &[&str]) -> Result<Self, TabularError> {
        if headers.len() > MAX_COLUMNS {
            return Err(TabularError::TooManyColumns { max: MAX_COLUMNS });
        }
        let mut workbook = Workbook::new();
        let sheet = workbook.add_worksheet_with_constant_memory();
        if sheet.set_name(sheet_name_for(sheet_name)).is_err() {
            // Reserved names ("History") pass the cleaning above; a default will do.
            sheet.set_name("Sheet1").map_err(export)?;
        }
        let header_format = CellFormat::new()
            .set_bold()
            .set_background_color(Color::RGB(0x00DD_EBF7))
            .set_border_bottom(FormatBorder::Thin);
        let mut widths: Vec<f64> = Vec::with_capacity(headers.len());
        for (col, header) in headers.iter().enumerate() {
            let col_num = col_num(col)?;
            let header = escape_apostrophe(header);
            check_length(&header, 1, col)?;
            sheet
                .write_string_with_format(0, col_num, header.as_ref(), &header_format)
                .map_err(export)?;
            // Bold text and the filter button need room beyond the text itself.
            widths.push(display_width(&header) * 1.1 + 3.0);
        }
        Ok(Self {
            workbook,
            header_len: headers.len(),
            // Text format ("@") on cells that look like formulas: should a user edit
            // such a cell and press Enter, Excel keeps it as text instead of running it.
            text_format: CellFormat::new().set_num_format("@"),
            widths,
            rows: 0,
            last_col: headers.len().saturating_sub(1),
        })
    }

    /// Appends a data row below the last.
    pub fn row(&mut self, cells: &[String]) -> Result<(), TabularError> {
        let i = self.rows;
        let row_num = u32::try_from(i)
            .ok()
            .and_then(|i| i.checked_add(1))
            .filter(|r| *r <= MAX_ROW_INDEX)
            .ok_or(TabularError::TooManyRows {
                max: MAX_ROW_INDEX as usize,
            })?;
        let sheet = self.workbook.worksheet_from_index(0).map_err(export)?;
        for (col, cell) in cells.iter().enumerate() {
            if cell.is_empty() {
                continue;
            }
            let col_num = col_num(col)?;
            let text = escape_apostrophe(cell);
            check_length(&text, i + 2, col)?;
            if text.starts_with(['=', '+', '-', '@']) {
                sheet.write_string_with_format(row_num, col_num, text.as_ref(), &self.text_format)
            } else {
                sheet.write_string(row_num, col_num, text.as_ref())
            }
            .map_err(export)?;
            if i < WIDTH_SAMPLE_ROWS {
                if self.widths.len() <= col {
                    self.widths.resize(col + 1, 0.0);
                }
                let w = display_width(&text) + 2.0;
                if let Some(slot) = self.widths.get_mut(col)
                    && *slot < w
                {
                    *slot = w;
                }
            }
            self.last_col = self.last_col.max(col);
        }
        self.rows += 1;
        Ok(())
    }

    /// Sizes the columns, freezes the header, adds the filter, and writes the
    /// workbook to `out`.
    pub fn finish<W: Write + Seek + Send>(mut self, out: W) -> Result<(), TabularError> {
        let last_row = u32::try_from(self.rows).unwrap_or(MAX_ROW_INDEX);
        let sheet = self.workbook.worksheet_from_index(0).map_err(export)?;
        for (col, width) in self.widths.iter().enumerate() {
            sheet
                .set_column_width(col_num(col)?, width.clamp(MIN_WIDTH, MAX_WIDTH))
                .map_err(export)?;
        }
        if self.header_len > 0 {
            let header_last = col_num(self.header_len - 1)?;
            sheet.set_freeze_panes(1, 0).map_err(export)?;
            sheet
                .autofilter(0, 0, last_row, header_last)
                .map_err(export)?;
            if last_row > 0 {
                // Staff numbers like "00123" are text on purpose; spare users the
                // green "number stored as text" triangles.
                sheet
                    .ignore_error_range(
                        1,
                        0,
                        last_row,
                        col_num(self.last_col)?,
                        IgnoreError::NumberStoredAsText,
                    )
                    .map_err(export)?;
            }
        }
        self.workbook.save_to_writer(out).map_err(export)
    }
}

fn col_num(col: usize) -> Result<u16, TabularError> {
    u16::try_from(col)
        .ok()
        .filter(|_| col < MAX_COLUMNS)
        .ok_or(TabularError::TooManyColumns { max: MAX_COLUMNS })
}

fn check_length(text: &str, row: usize, col: usize) -> Result<(), TabularError> {
    // Bytes bound chars from above: count chars only when it could matter.
    if text.len() > MAX_CELL_CHARS && text.chars().count() > MAX_CELL_CHARS {
        return Err(TabularError::CellTooLong {
            row,
            column: col + 1,
            max: MAX_CELL_CHARS,
        });
    }
    Ok(())
}

/// xlsx strings need no formula neutralization, but the reader strips the
/// neutralization prefix from any cell that looks neutralized (a re-saved CSV
/// export). A cell that genuinely starts that way ("'=x") gets one more `'` so
/// it reads back unchanged.
fn escape_apostrophe(cell: &str) -> Cow<'_, str> {
    if cell.starts_with('\'') {
        neutralize_formula(cell)
    } else {
        Cow::Borrowed(cell)
    }
}

/// A name Excel accepts: no `[]:*?/\`, no control characters, no leading or
/// trailing apostrophe, at most 31 characters.
fn sheet_name_for(name: &str) -> String {
    let cleaned: String = name
        .chars()
        .filter(|c| !matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') && !c.is_control())
        .collect();
    let cleaned: String = cleaned
        .trim()
        .trim_matches('\'')
        .trim()
        .chars()
        .take(31)
        .collect();
    let cleaned = cleaned.trim_end_matches('\'').trim_end();
    if cleaned.is_empty() {
        "Sheet1".to_string()
    } else {
        cleaned.to_string()
    }
}

/// Approximate width of the longest line in Excel's unit: East Asian wide
/// characters take two.
fn display_width(text: &str) -> f64 {
    let widest = text
        .split('\n')
        .map(|line| {
            line.chars()
                .map(|c| if is_wide(c) { 2 } else { 1 })
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    // Widths are capped far below where the cast could lose precision.
    widest.min(1_000) as f64
}

fn is_wide(c: char) -> bool {
    matches!(u32::from(c),
        0x1100..=0x115F
        | 0x2E80..=0x303E
        | 0x3041..=0x33FF
        | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF
        | 0xAC00..=0xD7A3
        | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60
        | 0xFFE0..=0xFFE6
        | 0x20000..=0x3FFFD)
}

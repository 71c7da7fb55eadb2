//! Reading and writing tables: the CSV and Excel files that personnel lists and
//! asset ledgers arrive in, and the exports that go back to users.
//!
//! Japanese municipal files are rarely tidy. CSV comes as UTF-8 (with or without
//! a BOM) or as Shift_JIS/CP932 from older HR systems; Excel files carry title
//! rows ("令和7年度 職員名簿") above the header, headers that wrap inside the cell
//! ("職員\n番号"), and markers for required columns ("氏名※"). [`read_table`]
//! hides all of that and hands the importer a plain grid: the header row it
//! recognised, and the data rows below it with their real row numbers so error
//! messages can point at the line the user sees in Excel.
//!
//! Input is untrusted: any byte string returns `Ok` or `Err`, never panics, and
//! the work and memory spent are bounded by the input size and the limits in
//! [`ReadOptions`] and this module's constants.
//!
//! Exports ([`write_csv`], [`write_xlsx`]) open in Excel without mojibake (CSV is
//! UTF-8 with BOM) and without formula injection (CSV cells that Excel would run
//! as a formula are prefixed with `'`; xlsx cells are always strings). Reading
//! undoes the prefix, so an exported file re-imports exactly.

use std::borrow::Cow;

mod csv_io;
mod error;
mod header;
mod neutralize;
mod xlsx_read;
mod xlsx_write;
mod zip_guard;

pub(crate) use csv_io::decode as decode_text;
pub use csv_io::{CsvWriter, write_csv};
pub use error::TabularError;
pub use neutralize::{neutralize_formula, unneutralize};
pub use xlsx_write::{XlsxWriter, write_xlsx};

/// The most columns a table may have: Excel's own limit, so nothing a real
/// spreadsheet produces is refused.
pub const MAX_COLUMNS: usize = 16_384;

/// The most cells (data rows × columns) a table may hold once padded. Every row
/// is padded to the header's width, so without this a wide header over many
/// short lines would turn a small file into gigabytes of empty strings.
/// Ten million cells is far beyond any municipality's staff list or ledger.
pub const MAX_CELLS: usize = 10_000_000;

/// The most bytes of cell text kept from one xlsx sheet. A shared string is
/// stored once in the file but copied into every cell that uses it, so a small
/// workbook can reference one long string millions of times.
pub const MAX_XLSX_TEXT_BYTES: usize = 256 * 1024 * 1024;

/// The most bytes an .xlsx may expand to, as declared by its ZIP directory. An
/// xlsx is compressed XML; this refuses "zip bombs" before any of it is inflated.
pub const MAX_XLSX_EXPANDED_BYTES: u64 = 1 << 30;

/// The file format that was read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Csv,
    Xlsx,
}

/// The character encoding detected in a CSV file, shown on the preview screen so
/// the user can tell why text looks wrong if it does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    /// Shift_JIS as Windows writes it (CP932; WHATWG's "Shift_JIS").
    ShiftJis,
}

/// A table read from a file: its header and the data rows below it.
#[derive(Debug, Clone)]
pub struct Table<'a> {
    pub format: Format,
    /// `None` for xlsx, which has no text encoding of its own.
    pub encoding: Option<Encoding>,
    /// The xlsx sheet that was read; `None` for CSV.
    pub sheet: Option<String>,
    /// 1-based row number of the header in the file.
    pub header_row: usize,
    /// Header cells, cleaned: trimmed, full-width ASCII folded to ASCII, line
    /// breaks inside the cell removed, a trailing "※" or "*" marker stripped.
    pub headers: Vec<String>,
    /// Data rows after the header; rows with no content are skipped.
    rows: Rows<'a>,
}

/// Where a table's data rows are.
#[derive(Debug, Clone)]
enum Rows<'a> {
    /// Read whole (xlsx: the sheet is parsed once, cell by cell).
    Held(Vec<Row>),
    /// The CSV text (borrowed from the upload when it is UTF-8) and where each data
    /// row starts in it: a 100,000-row ledger is not copied into cells and held
    /// beside its own text; its rows are read again each time they are walked.
    Csv { text: Cow<'a, str>, at: Vec<RowAt> },
}

/// Where a CSV data row starts: its byte offset in the text and its line number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct RowAt {
    byte: usize,
    number: usize,
}

impl Table<'_> {
    /// How many data rows there are.
    pub fn len(&self) -> usize {
        match &self.rows {
            Rows::Held(rows) => rows.len(),
            Rows::Csv { at, .. } => at.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The data rows in file order.
    pub fn rows(&self) -> Box<dyn Iterator<Item = Row> + Send + '_> {
        match &self.rows {
            Rows::Held(rows) => Box::new(rows.iter().cloned()),
            Rows::Csv { text, at } => Box::new(csv_io::rows_at(text, self.headers.len(), at)),
        }
    }

    /// The data row at a position (0 is the first below the header).
    pub fn row(&self, pos: usize) -> Option<Row> {
        match &self.rows {
            Rows::Held(rows) => rows.get(pos).cloned(),
            Rows::Csv { text, at } => {
                csv_io::rows_at(text, self.headers.len(), at.get(pos..=pos)?).next()
            }
        }
    }

    /// Takes the first data row out of the table (a second header row, once read).
    pub(crate) fn take_first(&mut self) -> Option<Row> {
        let first = self.row(0)?;
        match &mut self.rows {
            Rows::Held(rows) => {
                rows.remove(0);
            }
            Rows::Csv { at, .. } => {
                at.remove(0);
            }
        }
        Some(first)
    }
}

/// One data row.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row {
    /// 1-based row number as a spreadsheet (or a text editor, for CSV) shows it.
    /// For CSV it is the line the record starts on, so records with quoted line
    /// breaks keep the numbering of the rows that follow them right.
    pub number: usize,
    /// One cell per header, trimmed, padded with "" (cells beyond the last
    /// header are dropped: they have no column to go to).
    pub cells: Cells,
}

/// A row's cells in one allocation: their texts end to end, and where each ends. A
/// register of 100,000 rows × 17 columns as separate strings costs about a kilobyte
/// a row in allocations; this way it is little more than the text itself.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Cells {
    text: String,
    ends: Vec<u32>,
}

impl Cells {
    pub fn get(&self, i: usize) -> Option<&str> {
        let end = *self.ends.get(i)? as usize;
        let start = match i {
            0 => 0,
            _ => self.ends[i - 1] as usize,
        };
        self.text.get(start..end)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn iter(&self) -> impl Iterator<Item = &str> {
        (0..self.len()).filter_map(|i| self.get(i))
    }

    /// Appends a cell.
    pub(crate) fn push(&mut self, cell: &str) {
        self.text.push_str(cell);
        // Tables are capped far below 4 GiB of text (see MAX_CELLS and the upload limit).
        self.ends
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
    }

    pub(crate) fn shrink_to_fit(&mut self) {
        self.text.shrink_to_fit();
        self.ends.shrink_to_fit();
    }

    pub fn to_vec(&self) -> Vec<String> {
        self.iter().map(str::to_owned).collect()
    }
}

impl<S: AsRef<str>> FromIterator<S> for Cells {
    fn from_iter<I: IntoIterator<Item = S>>(cells: I) -> Self {
        let mut out = Cells::default();
        for c in cells {
            out.push(c.as_ref());
        }
        out.shrink_to_fit();
        out
    }
}

/// Limits for [`read_table`].
#[derive(Debug, Clone, Copy)]
pub struct ReadOptions<'a> {
    /// The xlsx sheet to read. `None`: the first visible worksheet in which a
    /// header row is found (workbooks often open with a cover or example sheet).
    pub sheet: Option<&'a str>,
    /// Refuse inputs with more data rows than this.
    pub max_rows: usize,
    /// Look for the header row only within this many rows from the top.
    pub max_header_scan: usize,
}

impl Default for ReadOptions<'_> {
    fn default() -> Self {
        Self {
            sheet: None,
            max_rows: 1_000_000,
            max_header_scan: 30,
        }
    }
}

const ZIP_MAGIC: &[u8] = b"PK\x03\x04";
const CFB_MAGIC: &[u8] = &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// Reads a CSV or xlsx file, finding its header row with `is_known_header`
/// (called with cleaned header text; it should say whether the text names a
/// column the caller understands).
///
/// The header row is the first row, among the first `max_header_scan`, in which
/// at least two non-empty cells are known headers — or one, when it is the row's
/// only non-empty cell. Title rows and notes above it are skipped.
pub fn read_table<'a>(
    bytes: &'a [u8],
    opts: &ReadOptions,
    is_known_header: &dyn Fn(&str) -> bool,
) -> Result<Table<'a>, TabularError> {
    if bytes.is_empty() {
        return Err(TabularError::Empty);
    }
    if bytes.starts_with(ZIP_MAGIC) {
        return xlsx_read::read(bytes, opts, is_known_header);
    }
    if bytes.starts_with(CFB_MAGIC) {
        // Both the old binary .xls and a password-protected .xlsx are OLE
        // compound files; the encrypted one names its payload "EncryptedPackage".
        return Err(if contains_utf16le(bytes, "EncryptedPackage") {
            TabularError::Encrypted
        } else {
            TabularError::LegacyXls
        });
    }
    csv_io::read(bytes, opts, is_known_header)
}

fn contains_utf16le(haystack: &[u8], needle: &str) -> bool {
    let needle: Vec<u8> = needle.encode_utf16().flat_map(u16::to_le_bytes).collect();
    !needle.is_empty()
        && haystack
            .windows(needle.len())
            .any(|w| w == needle.as_slice())
}

#[cfg(test)]
mod tests;

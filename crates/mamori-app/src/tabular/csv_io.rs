//! CSV in (UTF-8 with or without BOM, or Shift_JIS) and out (UTF-8 with BOM).

use std::borrow::Cow;

use super::header::{Pushed, TableBuilder, shape_row};
use super::{
    Encoding, Format, ReadOptions, Row, RowAt, Rows, Table, TabularError, neutralize_formula,
};

const BOM: &[u8] = b"\xEF\xBB\xBF";

pub(crate) fn read<'a>(
    bytes: &'a [u8],
    opts: &ReadOptions,
    is_known_header: &dyn Fn(&str) -> bool,
) -> Result<Table<'a>, TabularError> {
    let (encoding, text) = decode(bytes)?;
    // Classic-Mac files end lines with CR alone; csv accepts that but counts
    // lines by LF, so every row would be "line 1".
    let text = if text.contains('\r') && !text.contains('\n') {
        Cow::Owned(text.replace('\r', "\n"))
    } else {
        text
    };
    check_quotes(&text)?;

    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.as_bytes());
    let mut record = csv::StringRecord::new();
    let mut builder = TableBuilder::new(opts, is_known_header);
    let mut lines = LineCounter::new(text.as_bytes());
    let mut number = 1;
    // Only where each data row starts is kept: its cells are read again from the text
    // when the row is asked for, so the file is held once, not twice.
    let mut at = Vec::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            // Input is valid UTF-8 and rows may differ in length, so csv has
            // nothing left to complain about; still, never trust that.
            Err(_) => return Err(TabularError::MalformedCsv { row: number }),
        }
        let byte = record
            .position()
            .and_then(|p| usize::try_from(p.byte()).ok());
        if let Some(byte) = byte {
            number = lines.record_line(byte);
        }
        match builder.push(number, &mut record.iter().enumerate())? {
            Pushed::Data(_) => at.push(RowAt {
                byte: byte.unwrap_or_default(),
                number,
            }),
            Pushed::Skipped => {}
            Pushed::Stop => break,
        }
    }
    let (header_row, headers) = builder.finish()?;
    Ok(Table {
        format: Format::Csv,
        encoding: Some(encoding),
        sheet: None,
        header_row,
        headers,
        rows: Rows::Csv { text, at },
    })
}

/// The data rows starting at `at`, read again from the text: each record whose
/// offset is one of `at` (records between them are the blank rows the table skips).
pub(crate) fn rows_at<'t>(
    text: &'t str,
    width: usize,
    at: &'t [RowAt],
) -> impl Iterator<Item = Row> + 't {
    let base = at.first().map_or(text.len(), |a| a.byte);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(text.get(base..).unwrap_or_default().as_bytes());
    let mut record = csv::StringRecord::new();
    let mut next = 0;
    std::iter::from_fn(move || {
        let want = at.get(next)?;
        loop {
            // The text was read whole once already; it reads the same again.
            if !matches!(reader.read_record(&mut record), Ok(true)) {
                return None;
            }
            let offset = record
                .position()
                .and_then(|p| usize::try_from(p.byte()).ok())
                .unwrap_or_default();
            if base + offset == want.byte {
                next += 1;
                return Some(Row {
                    number: want.number,
                    cells: shape_row(width, &mut record.iter().enumerate()).unwrap_or_default(),
                });
            }
        }
    })
}

/// The line a record starts on, so a quoted multi-line cell does not shift the
/// numbers of the rows below it.
///
/// csv's own `Position::line` is where the previous record ended: it lags by one
/// after a CRLF (the LF is consumed with the next record) and does not count the
/// blank lines csv skips. Its byte offset is exact, so lines are counted here from
/// that offset past any line ends.
struct LineCounter<'t> {
    text: &'t [u8],
    /// Bytes before `pos` have been counted; `line` is the line `pos` is on.
    pos: usize,
    line: usize,
}

impl<'t> LineCounter<'t> {
    fn new(text: &'t [u8]) -> Self {
        Self {
            text,
            pos: 0,
            line: 1,
        }
    }

    fn record_line(&mut self, record_byte: usize) -> usize {
        let mut start = record_byte.max(self.pos);
        while matches!(self.text.get(start), Some(b'\r' | b'\n')) {
            start += 1;
        }
        let between = self.text.get(self.pos..start).unwrap_or_default();
        self.line += between.iter().filter(|&&b| b == b'\n').count();
        self.pos = start;
        self.line
    }
}

pub(crate) fn decode(bytes: &[u8]) -> Result<(Encoding, Cow<'_, str>), TabularError> {
    let (encoding, text) = if let Some(rest) = bytes.strip_prefix(BOM) {
        let text = std::str::from_utf8(rest).map_err(|_| TabularError::UnknownEncoding)?;
        (Encoding::Utf8Bom, Cow::Borrowed(text))
    } else if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        // Excel's "Unicode text" export; say so rather than "unknown encoding".
        return Err(TabularError::Utf16);
    } else if let Ok(text) = std::str::from_utf8(bytes) {
        (Encoding::Utf8, Cow::Borrowed(text))
    } else {
        // WHATWG's Shift_JIS is CP932, the variant Windows and Excel write.
        let text = encoding_rs::SHIFT_JIS
            .decode_without_bom_handling_and_without_replacement(bytes)
            .ok_or(TabularError::UnknownEncoding)?;
        (Encoding::ShiftJis, text)
    };
    // NUL never occurs in text; it means a binary file or BOM-less UTF-16.
    if text.contains('\0') {
        return Err(TabularError::UnknownEncoding);
    }
    Ok((encoding, text))
}

/// Refuses a quoted field that is never closed. csv would silently take the rest
/// of the file as that one cell, and the import would report a single odd row
/// instead of the stray quote that swallowed the others.
fn check_quotes(text: &str) -> Result<(), TabularError> {
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line = 1;
    let mut opened_at = 1;
    // Bytes, not chars: the interesting ones are ASCII, which never occur inside
    // a multi-byte UTF-8 sequence. Same rules as csv's parser (RFC 4180, quotes
    // inside an unquoted field are literal).
    for b in text.bytes() {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (State::FieldStart, b'"') => {
                opened_at = line;
                State::Quoted
            }
            (_, b',' | b'\n' | b'\r') => State::FieldStart,
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    if state == State::Quoted {
        return Err(TabularError::MalformedCsv { row: opened_at });
    }
    Ok(())
}

/// A CSV file for Excel: UTF-8 with BOM (without it Japanese Excel assumes
/// Shift_JIS and shows mojibake), CRLF line ends, RFC 4180 quoting, and every
/// cell neutralized against formula injection.
pub fn write_csv(headers: &[&str], rows: &mut dyn Iterator<Item = Vec<String>>) -> Vec<u8> {
    let mut out = CsvWriter::new(headers);
    for row in rows {
        out.row(&row);
    }
    out.take()
}

/// [`write_csv`] a row at a time, for exports written (or sent) as they are read: the
/// text so far is taken with [`CsvWriter::take`] whenever the caller likes.
pub struct CsvWriter {
    out: Vec<u8>,
}

impl CsvWriter {
    /// The BOM and the header row.
    pub fn new(headers: &[&str]) -> Self {
        let mut out = Vec::from(BOM);
        write_record(&mut out, &mut headers.iter().copied());
        Self { out }
    }

    pub fn row(&mut self, cells: &[String]) {
        write_record(&mut self.out, &mut cells.iter().map(String::as_str));
    }

    /// The bytes written since the last take.
    pub fn take(&mut self) -> Vec<u8> {
        std::mem::take(&mut self.out)
    }
}

fn write_record(out: &mut Vec<u8>, cells: &mut dyn Iterator<Item = &str>) {
    for (i, cell) in cells.enumerate() {
        if i > 0 {
            out.push(b',');
        }
        let cell = neutralize_formula(cell);
        if cell.contains([',', '"', '\r', '\n']) {
            out.push(b'"');
            out.extend_from_slice(cell.replace('"', "\"\"").as_bytes());
            out.push(b'"');
        } else {
            out.extend_from_slice(cell.as_bytes());
        }
    }
    out.extend_from_slice(b"\r\n");
}

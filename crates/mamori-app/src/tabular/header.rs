//! Finding the header row and shaping the rows below it; shared by CSV and xlsx so
//! both behave the same.

use super::{MAX_CELLS, MAX_COLUMNS, ReadOptions, Row, TabularError, unneutralize};

/// Cleans a header cell so that the many ways Excel users write a column name
/// compare equal: full-width "ＩＤ" and wrapped "職員\n番号" included.
pub(crate) fn clean_header(raw: &str) -> String {
    let folded: String = unneutralize(raw.trim())
        .chars()
        .filter(|c| !matches!(c, '\n' | '\r'))
        .map(fold_width)
        .collect();
    let mut s = folded.trim();
    // Required-column markers ("氏名※", "Name *"); several may be stacked.
    while let Some(rest) = s.strip_suffix('※').or_else(|| s.strip_suffix('*')) {
        s = rest.trim_end();
    }
    s.to_string()
}

/// Full-width ASCII (U+FF01..U+FF5E) and the ideographic space to ASCII. Kana and
/// kanji are left alone: folding them is the importer's business (NFKC), not ours.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(u32::from(c) - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// A data cell: trimmed, and the export's formula prefix undone.
fn clean_data(raw: &str) -> String {
    // Trimmed again after unneutralizing so a prefixed "\tx" reads as the raw
    // "\tx" would: as "x".
    unneutralize(raw.trim()).trim().to_string()
}

/// Receives rows in file order and keeps the header and the data rows.
pub(crate) struct TableBuilder<'a> {
    opts: &'a ReadOptions<'a>,
    is_known_header: &'a dyn Fn(&str) -> bool,
    header: Option<(usize, Vec<String>)>,
    rows: Vec<Row>,
    /// Whether any row before the header had content: tells "no header" from "empty".
    saw_content: bool,
}

/// What the caller should do after a row.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    More,
    /// The header was not found where it may be; further rows cannot help.
    Stop,
}

impl<'a> TableBuilder<'a> {
    pub(crate) fn new(
        opts: &'a ReadOptions<'a>,
        is_known_header: &'a dyn Fn(&str) -> bool,
    ) -> Self {
        Self {
            opts,
            is_known_header,
            header: None,
            rows: Vec::new(),
            saw_content: false,
        }
    }

    /// One row of the file: its 1-based number and its cells as (0-based column,
    /// raw text). Rows must come in increasing number order.
    pub(crate) fn push(
        &mut self,
        number: usize,
        cells: &mut dyn Iterator<Item = (usize, &str)>,
    ) -> Result<Next, TabularError> {
        let Some((_, headers)) = &self.header else {
            return self.consider_header(number, cells);
        };
        let width = headers.len();
        let mut row = vec![String::new(); width];
        let mut any = false;
        for (col, raw) in cells {
            if let Some(slot) = row.get_mut(col) {
                let value = clean_data(raw);
                any |= !value.is_empty();
                *slot = value;
            }
        }
        if !any {
            return Ok(Next::More);
        }
        if self.rows.len() >= self.opts.max_rows {
            return Err(TabularError::TooManyRows {
                max: self.opts.max_rows,
            });
        }
        if (self.rows.len() + 1).saturating_mul(width) > MAX_CELLS {
            return Err(TabularError::TooLarge);
        }
        self.rows.push(Row {
            number,
            cells: row.into_iter().collect(),
        });
        Ok(Next::More)
    }

    fn consider_header(
        &mut self,
        number: usize,
        cells: &mut dyn Iterator<Item = (usize, &str)>,
    ) -> Result<Next, TabularError> {
        if number > self.opts.max_header_scan {
            // Content this far down without a header: the header is missing, not
            // merely late. Blank rows tell nothing yet.
            for (_, raw) in cells {
                if !raw.trim().is_empty() {
                    self.saw_content = true;
                    return Ok(Next::Stop);
                }
            }
            return Ok(Next::More);
        }
        let mut cleaned: Vec<(usize, String)> = Vec::new();
        for (col, raw) in cells {
            let h = clean_header(raw);
            if !h.is_empty() {
                cleaned.push((col, h));
            }
        }
        if cleaned.is_empty() {
            return Ok(Next::More);
        }
        self.saw_content = true;
        let known = cleaned
            .iter()
            .filter(|(_, h)| (self.is_known_header)(h))
            .count();
        let is_header = known >= 2 || (known == 1 && cleaned.len() == 1);
        if !is_header {
            return Ok(Next::More);
        }
        // Width: up to the last non-empty header cell; blank columns further
        // right are formatting, not data.
        let width = cleaned
            .iter()
            .map(|(c, _)| c.saturating_add(1))
            .max()
            .unwrap_or(0);
        if width > MAX_COLUMNS {
            return Err(TabularError::TooManyColumns { max: MAX_COLUMNS });
        }
        let mut headers = vec![String::new(); width];
        for (col, h) in cleaned {
            if let Some(slot) = headers.get_mut(col) {
                *slot = h;
            }
        }
        self.header = Some((number, headers));
        Ok(Next::More)
    }

    /// The header row number, headers and data rows.
    pub(crate) fn finish(self) -> Result<(usize, Vec<String>, Vec<Row>), TabularError> {
        match self.header {
            Some((number, headers)) => Ok((number, headers, self.rows)),
            None if self.saw_content => Err(TabularError::NoHeader {
                scanned: self.opts.max_header_scan,
            }),
            None => Err(TabularError::Empty),
        }
    }
}

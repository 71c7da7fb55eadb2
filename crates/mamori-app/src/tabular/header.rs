//! Finding the header row and shaping the rows below it; shared by CSV and xlsx so
//! both behave the same.

use super::{Cells, MAX_CELLS, MAX_COLUMNS, ReadOptions, Row, TabularError, unneutralize};

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
fn clean_data(raw: &str) -> &str {
    // Trimmed again after unneutralizing so a prefixed "\tx" reads as the raw
    // "\tx" would: as "x".
    unneutralize(raw.trim()).trim()
}

/// A data row's cells under a header `width` wide: each cleaned, padded with "" and
/// cut at the width (cells beyond the last header have no column to go to). `None`
/// when no cell has content: such rows are skipped.
pub(crate) fn shape_row(
    width: usize,
    cells: &mut dyn Iterator<Item = (usize, &str)>,
) -> Option<Cells> {
    // Cells nearly always come left to right (CSV always): then they are written
    // straight into the row's one allocation. A sheet that lists them in another
    // order is placed by column first.
    let mut out = Cells::default();
    let mut any = false;
    let mut placed: Option<Vec<String>> = None;
    for (col, raw) in cells {
        if col >= width {
            continue;
        }
        let value = clean_data(raw);
        any |= !value.is_empty();
        match &mut placed {
            Some(row) => row[col] = value.to_owned(),
            None if col >= out.len() => {
                while out.len() < col {
                    out.push("");
                }
                out.push(value);
            }
            None => {
                let mut row = out.to_vec();
                row.resize(width, String::new());
                row[col] = value.to_owned();
                placed = Some(row);
            }
        }
    }
    if !any {
        return None;
    }
    if let Some(row) = placed {
        return Some(row.into_iter().collect());
    }
    while out.len() < width {
        out.push("");
    }
    out.shrink_to_fit();
    Some(out)
}

/// Receives rows in file order, finds the header, and hands back each data row
/// below it, within the limits.
pub(crate) struct TableBuilder<'a> {
    opts: &'a ReadOptions<'a>,
    is_known_header: &'a dyn Fn(&str) -> bool,
    header: Option<(usize, Vec<String>)>,
    data_rows: usize,
    /// Whether any row before the header had content: tells "no header" from "empty".
    saw_content: bool,
}

/// What a row turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Pushed {
    /// Above the header, the header itself, or a row without content.
    Skipped,
    Data(Row),
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
            data_rows: 0,
            saw_content: false,
        }
    }

    /// One row of the file: its 1-based number and its cells as (0-based column,
    /// raw text). Rows must come in increasing number order.
    pub(crate) fn push(
        &mut self,
        number: usize,
        cells: &mut dyn Iterator<Item = (usize, &str)>,
    ) -> Result<Pushed, TabularError> {
        let Some((_, headers)) = &self.header else {
            return self.consider_header(number, cells);
        };
        let width = headers.len();
        let Some(cells) = shape_row(width, cells) else {
            return Ok(Pushed::Skipped);
        };
        if self.data_rows >= self.opts.max_rows {
            return Err(TabularError::TooManyRows {
                max: self.opts.max_rows,
            });
        }
        if (self.data_rows + 1).saturating_mul(width) > MAX_CELLS {
            return Err(TabularError::TooLarge);
        }
        self.data_rows += 1;
        Ok(Pushed::Data(Row { number, cells }))
    }

    fn consider_header(
        &mut self,
        number: usize,
        cells: &mut dyn Iterator<Item = (usize, &str)>,
    ) -> Result<Pushed, TabularError> {
        if number > self.opts.max_header_scan {
            // Content this far down without a header: the header is missing, not
            // merely late. Blank rows tell nothing yet.
            for (_, raw) in cells {
                if !raw.trim().is_empty() {
                    self.saw_content = true;
                    return Ok(Pushed::Stop);
                }
            }
            return Ok(Pushed::Skipped);
        }
        let mut cleaned: Vec<(usize, String)> = Vec::new();
        for (col, raw) in cells {
            let h = clean_header(raw);
            if !h.is_empty() {
                cleaned.push((col, h));
            }
        }
        if cleaned.is_empty() {
            return Ok(Pushed::Skipped);
        }
        self.saw_content = true;
        let known = cleaned
            .iter()
            .filter(|(_, h)| (self.is_known_header)(h))
            .count();
        let is_header = known >= 2 || (known == 1 && cleaned.len() == 1);
        if !is_header {
            return Ok(Pushed::Skipped);
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
        Ok(Pushed::Skipped)
    }

    /// The header row number and the headers.
    pub(crate) fn finish(self) -> Result<(usize, Vec<String>), TabularError> {
        match self.header {
            Some(header) => Ok(header),
            None if self.saw_content => Err(TabularError::NoHeader {
                scanned: self.opts.max_header_scan,
            }),
            None => Err(TabularError::Empty),
        }
    }
}

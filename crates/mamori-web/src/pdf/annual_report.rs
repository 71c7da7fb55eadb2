//! The annual report as a PDF: A4 portrait, the title and period, the committee's
//! sections, then every table of the report ([`crate::annual::tables`], the same the
//! page shows) with its figures in columns and a bar for each share or rate, carried
//! over pages with the page number at the foot.

use mamori_app::review::annual::AnnualReport;

use super::{A4, Line, Pdf, face, set_pages, wrapped};
use crate::annual::{sections, subtitle, tables, title};
use crate::i18n::Lang;

const MARGIN: f32 = 45.0;
/// Where a table's figures start, and how far apart its columns sit.
const FIRST_COL: f32 = 250.0;
const COL: f32 = 56.0;
/// The longest bar (a share or rate of 100%).
const BAR: f32 = 100.0;

/// A share or rate cell ("42%") as a fraction.
fn share(cell: &str) -> Option<f32> {
    let p: f32 = cell.strip_suffix('%')?.parse().ok()?;
    Some((p / 100.0).clamp(0.0, 1.0))
}

/// The report's PDF bytes.
pub fn annual_report(r: &AnnualReport, lang: Lang) -> Result<Vec<u8>, String> {
    let face = face()?;
    let max = A4.0 - 2.0 * MARGIN;
    let title = title(r, lang);
    let mut lines = wrapped(face, max, (16.0, 0.0, 0.0), &title);
    lines.extend(wrapped(face, max, (9.0, 0.0, 4.0), &subtitle(r, lang)));
    let mut n = 0;
    for (heading, text) in sections(r, lang) {
        n += 1;
        lines.extend(wrapped(
            face,
            max,
            (12.0, 0.0, 14.0),
            &format!("{n}. {heading}"),
        ));
        for para in text.split('\n').filter(|p| !p.trim().is_empty()) {
            lines.extend(wrapped(face, max, (9.5, 12.0, 2.0), para));
        }
    }
    for tb in tables(r, lang) {
        n += 1;
        lines.extend(wrapped(
            face,
            max,
            (12.0, 0.0, 14.0),
            &format!("{n}. {}", tb.title),
        ));
        let columns = |cells: &[String]| -> Vec<(f32, String)> {
            cells
                .iter()
                .skip(1)
                .enumerate()
                .map(|(i, c)| (FIRST_COL + COL * i as f32, c.clone()))
                .collect()
        };
        lines.push(Line {
            size: 8.0,
            indent: 12.0,
            gap: 2.0,
            text: tb.headers.first().cloned().unwrap_or_default(),
            cols: columns(&tb.headers),
            bar: None,
        });
        for row in &tb.rows {
            // The label wraps within its column; the figures stay on its first line.
            let label = row.first().map(String::as_str).unwrap_or_default();
            let mut first = true;
            for part in super::wrap(face, label, 9.0, FIRST_COL - 18.0) {
                let cells = if first { columns(row) } else { Vec::new() };
                let last = cells.len();
                let bar = if first {
                    cells.last().and_then(|(_, c)| share(c)).map(|f| {
                        let x = FIRST_COL + COL * last as f32;
                        // Never past the right margin.
                        (x, (BAR * f).min(max - x).max(0.0))
                    })
                } else {
                    None
                };
                lines.push(Line {
                    size: 9.0,
                    indent: 12.0,
                    gap: if first { 1.0 } else { 0.0 },
                    text: part,
                    cols: cells,
                    bar,
                });
                first = false;
            }
        }
    }
    let mut pdf = Pdf::new(&title, lang.code())?;
    set_pages(&mut pdf, &lines, MARGIN, |page, count| {
        format!("{title}　{page}/{count}")
    })?;
    pdf.finish()
}

#[cfg(test)]
mod tests {
    use super::share;

    #[test]
    fn a_share_cell_becomes_a_bar_and_other_cells_do_not() {
        assert_eq!(share("50%"), Some(0.5));
        assert_eq!(share("120%"), Some(1.0));
        assert_eq!(share("—"), None);
        assert_eq!(share("12"), None);
    }
}

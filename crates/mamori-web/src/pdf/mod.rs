//! PDF output: A4 documents in Japanese, with IPAexGothic built into the binary (the
//! servers are cut off from the internet and from whatever fonts a machine may lack).
//! krilla writes the file and embeds only the glyphs a document uses, with a map back
//! to the text so that it can be searched and copied; this module measures and wraps
//! lines (Japanese has no spaces to break at) and draws the few shapes documents need.

mod annual_report;
mod audit_report;
mod certificate;
mod disposals;
mod invitations;
mod policy;

pub use annual_report::annual_report;
pub use audit_report::audit_report;
pub use certificate::certificate;
pub use disposals::disposal_log;
pub use invitations::invitation_sheet;
pub use policy::policy_document;

use std::sync::LazyLock;

use krilla::Document;
use krilla::geom::{PathBuilder, Point, Rect, Transform};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint::{Fill, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

/// A4 portrait in points.
pub(crate) const A4: (f32, f32) = (595.28, 841.89);

static FONT_BYTES: &[u8] = include_bytes!("../../fonts/ipaexg.ttf");

/// The font twice: as krilla embeds it, and as parsed for measuring.
pub(crate) struct Face {
    font: Font,
    metrics: ttf_parser::Face<'static>,
}

static FACE: LazyLock<Option<Face>> = LazyLock::new(|| {
    Some(Face {
        font: Font::new(FONT_BYTES.into(), 0)?,
        metrics: ttf_parser::Face::parse(FONT_BYTES, 0).ok()?,
    })
});

/// The built-in font (a build whose font file is damaged fails here, not later).
pub(crate) fn face() -> Result<&'static Face, String> {
    FACE.as_ref()
        .ok_or_else(|| "the built-in font cannot be read".to_owned())
}

/// Characters that may not begin a line (禁則): they stay with the line before.
const NO_LINE_START: &str =
    "、。，．,.)）」』】〕〉》！？!?ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々・：；:;";

/// The width of `text` at `size` points.
pub(crate) fn width(face: &Face, text: &str, size: f32) -> f32 {
    let f = &face.metrics;
    let units: u32 = text
        .chars()
        .map(|c| {
            f.glyph_index(c)
                .and_then(|g| f.glyph_hor_advance(g))
                .unwrap_or(f.units_per_em()) as u32
        })
        .sum();
    units as f32 * size / f.units_per_em() as f32
}

/// Breaks `text` into lines no wider than `max` at `size` points: between any two
/// characters (as Japanese is set), at a space when a Latin word would be cut, and
/// never before a closing mark or a small kana.
pub(crate) fn wrap(face: &Face, text: &str, size: f32, max: f32) -> Vec<String> {
    let mut lines = Vec::new();
    for paragraph in text.split('\n') {
        let mut line = String::new();
        for c in paragraph.chars() {
            let mut next = line.clone();
            next.push(c);
            if width(face, &next, size) <= max || line.is_empty() || NO_LINE_START.contains(c) {
                line = next;
                continue;
            }
            // A Latin word is carried over whole when the line has a space to break at.
            let carried = if c.is_ascii_alphanumeric() {
                line.rfind(' ')
                    .filter(|i| *i > 0 && line[i + 1..].chars().all(|c| c.is_ascii_alphanumeric()))
                    .map(|i| {
                        let rest = line[i + 1..].to_owned();
                        line.truncate(i);
                        rest
                    })
                    .unwrap_or_default()
            } else {
                String::new()
            };
            lines.push(std::mem::take(&mut line));
            line = carried;
            if !(line.is_empty() && c == ' ') {
                line.push(c);
            }
        }
        lines.push(line);
    }
    lines
}

/// One line to set: its size, its indent and the room it wants above it; a table's
/// row also has further cells at their own offsets and may have a bar (offset and
/// length) drawn behind them.
#[derive(Default)]
pub(crate) struct Line {
    pub size: f32,
    pub indent: f32,
    pub gap: f32,
    pub text: String,
    pub cols: Vec<(f32, String)>,
    pub bar: Option<(f32, f32)>,
}

/// `text` wrapped to `max` points less `indent`, as lines of `size` points; the
/// first keeps `gap` above it.
pub(crate) fn wrapped(
    face: &Face,
    max: f32,
    (size, indent, gap): (f32, f32, f32),
    text: &str,
) -> Vec<Line> {
    wrap(face, text, size, max - indent)
        .into_iter()
        .enumerate()
        .map(|(i, l)| Line {
            size,
            indent,
            gap: if i == 0 { gap } else { 0.0 },
            text: l,
            ..Line::default()
        })
        .collect()
}

/// Lines sit this many times their size apart.
const LEADING: f32 = 1.7;

/// Sets `lines` on as many A4 pages as they take, `margin` all round, with the foot
/// `foot(page, pages)` on each.
pub(crate) fn set_pages(
    pdf: &mut Pdf,
    lines: &[Line],
    margin: f32,
    foot: impl Fn(usize, usize) -> String,
) -> Result<(), String> {
    let bottom = A4.1 - margin - 20.0;
    let mut pages: Vec<Vec<&Line>> = vec![Vec::new()];
    let mut y = margin;
    for l in lines {
        let h = l.size * LEADING + l.gap;
        if y + h > bottom && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            y = margin;
        }
        y += h;
        if let Some(page) = pages.last_mut() {
            page.push(l);
        }
    }
    let count = pages.len();
    for (n, page) in pages.iter().enumerate() {
        pdf.page(|c| {
            let mut y = margin;
            for l in page {
                y += l.gap + l.size * LEADING;
                if let Some((x, w)) = l.bar {
                    c.bar(margin + x, y - l.size * 0.85, w, l.size);
                }
                c.text(margin + l.indent, y, l.size, &l.text);
                for (x, cell) in &l.cols {
                    c.text(margin + x, y, l.size, cell);
                }
            }
            c.text(margin, A4.1 - margin + 10.0, 8.0, &foot(n + 1, count));
        })?;
    }
    Ok(())
}

/// A document being written.
pub(crate) struct Pdf {
    doc: Document,
    face: &'static Face,
}

impl Pdf {
    pub(crate) fn new(title: &str, lang: &str) -> Result<Self, String> {
        let mut doc = Document::new();
        doc.set_metadata(
            Metadata::new()
                .title(title.to_owned())
                .language(lang.to_owned())
                .creator("Mamori".to_owned()),
        );
        Ok(Self { doc, face: face()? })
    }

    /// Adds an A4 page and draws it with `draw`.
    pub(crate) fn page(&mut self, draw: impl FnOnce(&mut Canvas<'_, '_>)) -> Result<(), String> {
        let a4 = PageSettings::from_wh(A4.0, A4.1).ok_or("an A4 page")?;
        let mut page = self.doc.start_page_with(a4);
        let mut surface = page.surface();
        draw(&mut Canvas {
            s: &mut surface,
            face: self.face,
        });
        surface.finish();
        page.finish();
        Ok(())
    }

    pub(crate) fn finish(self) -> Result<Vec<u8>, String> {
        self.doc.finish().map_err(|e| format!("{e:?}"))
    }
}

/// A page's surface, with the document's font. Coordinates are points from the top
/// left; text is placed by its baseline.
pub(crate) struct Canvas<'a, 'b> {
    s: &'a mut Surface<'b>,
    face: &'static Face,
}

impl Canvas<'_, '_> {
    pub(crate) fn text(&mut self, x: f32, baseline: f32, size: f32, text: &str) {
        self.s.set_fill(Some(Fill::default()));
        self.s.draw_text(
            Point::from_xy(x, baseline),
            self.face.font.clone(),
            size,
            text,
            false,
            TextDirection::Auto,
        );
    }

    /// Wrapped text from `top`; returns where the next line would start.
    pub(crate) fn paragraph(&mut self, x: f32, top: f32, size: f32, max: f32, text: &str) -> f32 {
        let leading = size * 1.45;
        let mut y = top;
        for line in wrap(self.face, text, size, max) {
            self.text(x, y + size, size, &line);
            y += leading;
        }
        y
    }

    /// Black runs on a grid of `cell`-point squares whose corner is at (x, y), each run
    /// `(row, first column, length)` — a QR code's dark modules. Drawn in grid units
    /// under one transform, so the page holds small whole numbers (a tenth of the size
    /// of placing each square in points).
    pub(crate) fn grid(&mut self, (x, y): (f32, f32), cell: f32, runs: &[(usize, usize, usize)]) {
        let mut pb = PathBuilder::new();
        for &(row, col, len) in runs {
            // A hair over each run, so neighbours leave no seam when printed.
            if let Some(r) = Rect::from_xywh(col as f32, row as f32, len as f32 + 0.02, 1.02) {
                pb.push_rect(r);
            }
        }
        let Some(path) = pb.finish() else { return };
        self.s
            .push_transform(&Transform::from_row(cell, 0.0, 0.0, cell, x, y));
        self.s.set_stroke(None);
        self.s.set_fill(Some(Fill::default()));
        self.s.draw_path(&path);
        self.s.pop();
    }

    /// A light grey bar, behind a table's figures.
    pub(crate) fn bar(&mut self, x: f32, y: f32, w: f32, h: f32) {
        let Some(r) = Rect::from_xywh(x, y, w.max(0.5), h) else {
            return;
        };
        let mut pb = PathBuilder::new();
        pb.push_rect(r);
        let Some(path) = pb.finish() else { return };
        self.s.set_stroke(None);
        self.s.set_fill(Some(Fill {
            opacity: NormalizedF32::new(0.25).unwrap_or(NormalizedF32::ONE),
            ..Fill::default()
        }));
        self.s.draw_path(&path);
        self.s.set_fill(Some(Fill::default()));
    }

    /// A thin dashed line, to cut along.
    pub(crate) fn cut_line(&mut self, from: (f32, f32), to: (f32, f32)) {
        let mut pb = PathBuilder::new();
        pb.move_to(from.0, from.1);
        pb.line_to(to.0, to.1);
        let Some(path) = pb.finish() else { return };
        self.s.set_fill(None);
        self.s.set_stroke(Some(Stroke {
            width: 0.5,
            opacity: NormalizedF32::new(0.6).unwrap_or(NormalizedF32::ONE),
            dash: Some(StrokeDash {
                array: vec![4.0, 3.0],
                offset: 0.0,
            }),
            ..Stroke::default()
        }));
        self.s.draw_path(&path);
        self.s.set_stroke(None);
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn japanese_wraps_between_characters_and_keeps_closing_marks() {
        let (f, size) = (face().unwrap(), 10.0);
        // Ten full-width characters are 100 points wide in this font.
        assert!((width(f, "情報セキュリティ管理", size) - 100.0).abs() < 0.5);
        let lines = wrap(
            f,
            "一度だけ使えます。他の人に渡さないでください。",
            size,
            80.0,
        );
        assert!(lines.iter().all(|l| width(f, l, size) <= 90.0), "{lines:?}");
        assert!(
            lines
                .iter()
                .all(|l| !l.starts_with('。') && !l.starts_with('、'))
        );
        assert_eq!(
            lines.concat(),
            "一度だけ使えます。他の人に渡さないでください。"
        );
    }

    #[test]
    fn latin_words_are_carried_over_whole_and_a_url_breaks_anywhere() {
        let f = face().unwrap();
        let lines = wrap(f, "Open the address below on a computer", 10.0, 90.0);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(
                !l.starts_with(' ') && !l.ends_with(' ') || l.is_empty(),
                "{lines:?}"
            );
        }
        assert_eq!(lines.join(" "), "Open the address below on a computer");
        let url = "https://mamori.city.example.lg.jp/activate?token=Q2xA9dKf83mZpL0x7TnVbR4sWc";
        let lines = wrap(f, url, 7.0, 100.0);
        assert!(lines.len() > 1);
        assert_eq!(lines.concat(), url, "nothing lost or added");
    }
}

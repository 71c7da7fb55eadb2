//! Charts drawn on the server as SVG: no script, nothing fetched, readable when
//! printed. Each chart carries its title for screen readers; the pages put the same
//! figures in a table beside it.

use std::fmt::Write;

/// One bar: its label, its length, and the figure written beside it.
pub struct Bar {
    pub label: String,
    pub value: f64,
    pub text: String,
}

const WIDTH: f64 = 640.0;

pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A label cut to fit (Japanese is about one em per character).
fn fit(s: &str, chars: usize) -> String {
    match s.char_indices().nth(chars) {
        None => s.to_owned(),
        Some((i, _)) => format!("{}…", &s[..i]),
    }
}

// Inline in HTML, an svg element needs no namespace attribute (and the pages carry
// no outside address, not even a namespace name).
fn open(out: &mut String, id: &str, title: &str, height: f64) {
    let _ = write!(
        out,
        r#"<svg class="chart" viewBox="0 0 {WIDTH} {height}" width="100%" role="img" aria-labelledby="{id}-t"><title id="{id}-t">{}</title>"#,
        escape(title)
    );
}

/// Vertical bars side by side (months, years), labels underneath.
pub fn columns(id: &str, title: &str, bars: &[Bar]) -> String {
    let height = 220.0;
    let (top, bottom, left) = (20.0, 30.0, 10.0);
    let plot = height - top - bottom;
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    let slot = (WIDTH - 2.0 * left) / bars.len().max(1) as f64;
    let mut out = String::new();
    open(&mut out, id, title, height);
    let _ = write!(
        out,
        r#"<line x1="{left}" y1="{y}" x2="{x2}" y2="{y}" class="axis"/>"#,
        y = top + plot,
        x2 = WIDTH - left
    );
    for (i, b) in bars.iter().enumerate() {
        let h = plot * b.value / max;
        let x = left + slot * i as f64 + slot * 0.15;
        let w = slot * 0.7;
        let y = top + plot - h;
        let cx = x + w / 2.0;
        let _ = write!(
            out,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{w:.1}" height="{h:.1}" class="bar"/><text x="{cx:.1}" y="{ty:.1}" class="value">{}</text><text x="{cx:.1}" y="{ly:.1}" class="label">{}</text>"#,
            escape(&b.text),
            escape(&fit(&b.label, 6)),
            ty = y - 4.0,
            ly = height - 10.0
        );
    }
    out.push_str("</svg>");
    out
}

/// Horizontal bars one under another (categories, departments), labels on the left.
pub fn rows(id: &str, title: &str, bars: &[Bar]) -> String {
    let max = bars.iter().map(|b| b.value).fold(0.0, f64::max).max(1.0);
    rows_to(id, title, bars, max)
}

/// Horizontal bars of percentages: a full bar is 100%, whatever the largest value.
pub fn percent_rows(id: &str, title: &str, bars: &[Bar]) -> String {
    rows_to(id, title, bars, 100.0)
}

fn rows_to(id: &str, title: &str, bars: &[Bar], max: f64) -> String {
    let row = 26.0;
    let (label_w, pad) = (220.0, 10.0);
    let height = row * bars.len().max(1) as f64 + 2.0 * pad;
    let room = WIDTH - label_w - 70.0;
    let mut out = String::new();
    open(&mut out, id, title, height);
    for (i, b) in bars.iter().enumerate() {
        let y = pad + row * i as f64;
        let w = (room * b.value / max).max(1.0);
        let _ = write!(
            out,
            r#"<text x="{lx}" y="{ty:.1}" class="label start">{}</text><rect x="{label_w}" y="{ry:.1}" width="{w:.1}" height="{h:.1}" class="bar"/><text x="{vx:.1}" y="{ty:.1}" class="value start">{}</text>"#,
            escape(&fit(&b.label, 13)),
            escape(&b.text),
            lx = pad,
            ty = y + row * 0.65,
            ry = y + row * 0.15,
            h = row * 0.7,
            vx = label_w + w + 6.0
        );
    }
    out.push_str("</svg>");
    out
}

/// A risk heat map: one square per cell in its level's colour with the count in it,
/// likelihood up the side and impact along the bottom; cells above the appetite
/// are outlined.
pub fn heat_grid(id: &str, p: &mamori_app::review::annual::Posture, x: &str, y: &str) -> String {
    let cols = p.columns.len().max(1) as f64;
    let rows = p.rows.len().max(1) as f64;
    let (left, bottom, top) = (60.0, 40.0, 10.0);
    let cell = ((WIDTH - left - 20.0) / cols).min(56.0);
    let height = top + cell * rows + bottom;
    let mut out = String::new();
    open(&mut out, id, &format!("{y} × {x}"), height);
    for (r, row) in p.rows.iter().enumerate() {
        let cy = top + cell * r as f64;
        if let Some(first) = row.first() {
            let _ = write!(
                out,
                r#"<text x="{:.1}" y="{:.1}" class="label">{}</text>"#,
                left - 12.0,
                cy + cell * 0.6,
                first.y
            );
        }
        for (c, v) in row.iter().enumerate() {
            let cx = left + cell * c as f64;
            let colour: String = v
                .colour
                .chars()
                .filter(|ch| ch.is_ascii_alphanumeric() || *ch == '#')
                .collect();
            let _ = write!(
                out,
                r#"<rect x="{cx:.1}" y="{cy:.1}" width="{w:.1}" height="{w:.1}" fill="{colour}" fill-opacity="0.75" stroke="{stroke}" stroke-width="{sw}"/><text x="{tx:.1}" y="{ty:.1}" class="value">{}</text>"#,
                v.count,
                w = cell - 2.0,
                stroke = if v.above { "#1a1a1a" } else { "#ffffff" },
                sw = if v.above { 2 } else { 1 },
                tx = cx + cell / 2.0,
                ty = cy + cell * 0.6,
            );
        }
    }
    for (c, x) in p.columns.iter().enumerate() {
        let _ = write!(
            out,
            r#"<text x="{:.1}" y="{:.1}" class="label">{x}</text>"#,
            left + cell * c as f64 + cell / 2.0,
            top + cell * rows + 16.0
        );
    }
    let _ = write!(
        out,
        r#"<text x="{:.1}" y="{:.1}" class="label">{}</text>"#,
        left + cell * cols / 2.0,
        height - 6.0,
        escape(x)
    );
    out.push_str("</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bars() -> Vec<Bar> {
        vec![
            Bar {
                label: "誤送信・誤交付".into(),
                value: 4.0,
                text: "4".into(),
            },
            Bar {
                label: "<b>".into(),
                value: 2.0,
                text: "2".into(),
            },
        ]
    }

    #[test]
    fn charts_are_svg_with_a_title_and_escaped_labels() {
        for svg in [columns("m", "月別", &bars()), rows("c", "区分別", &bars())] {
            assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
            assert!(svg.contains("role=\"img\""));
            assert!(!svg.contains("<b>"), "labels are escaped");
            assert!(svg.contains("&lt;b&gt;"));
            assert_eq!(svg.matches("class=\"bar\"").count(), 2);
        }
        // The longest bar fills the room; the other is proportional.
        let svg = rows("c", "t", &bars());
        assert!(
            svg.contains("width=\"350.0\"") && svg.contains("width=\"175.0\""),
            "{svg}"
        );
    }

    #[test]
    fn a_heat_map_draws_every_cell_and_outlines_those_above_the_appetite() {
        use mamori_app::review::annual::{Posture, PostureCell};
        let cell = |x, y, count, above| PostureCell {
            x,
            y,
            count,
            colour: "#c0392b\"><script>".into(),
            above,
        };
        let p = Posture {
            taken_on: chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap_or_default(),
            columns: vec![1, 2],
            rows: vec![
                vec![cell(1, 2, 3, false), cell(2, 2, 7, true)],
                vec![cell(1, 1, 0, false), cell(2, 1, 1, false)],
            ],
            x_label_ja: "影響度".into(),
            x_label_en: "Impact".into(),
            y_label_ja: "発生可能性".into(),
            y_label_en: "Likelihood".into(),
            levels: Vec::new(),
            total: 11,
            above: 7,
        };
        let svg = heat_grid("h", &p, "影響度", "発生可能性");
        assert_eq!(svg.matches("<rect").count(), 4);
        assert_eq!(
            svg.matches("stroke=\"#1a1a1a\"").count(),
            1,
            "one cell above"
        );
        assert!(
            !svg.contains("<script>"),
            "a colour cannot break out of its attribute"
        );
        assert!(svg.contains(">7</text>"));
    }
}

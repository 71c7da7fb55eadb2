//! A policy's Markdown split into numbered sections.
//!
//! Every heading starts a section. Its number is the one the heading begins with
//! (`3`, `3.2`, `第3条`, full-width digits too); a heading without one is numbered
//! after the section before it at its depth, and the number is written into the text,
//! so a section keeps its number in later versions even when sections are inserted
//! above it. People cite "対策基準 3.2", and the diff pairs sections by these numbers.

use std::collections::HashMap;
use std::ops::Range;

use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde::{Deserialize, Serialize};

use crate::error::Problem;
use crate::text::fold_width;

/// Longest body accepted (a 200-section standards document is a few hundred KB).
pub const MAX_BODY_BYTES: usize = 2 * 1024 * 1024;
/// Most sections in one document.
pub const MAX_SECTIONS: usize = 2_000;

/// One numbered section.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Section {
    /// The number as a key: ASCII digits and dots (`3.2`).
    pub number: String,
    /// 1 for the outermost headings in the document, 2 below them, …
    pub depth: u8,
    /// The heading as written, number included (`第3条 目的`).
    pub heading: String,
    /// The Markdown under the heading, up to the next heading.
    pub body: String,
}

/// A document split into sections.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Split {
    /// Text before the first heading (a preface or the enactment clause).
    pub preamble: String,
    pub sections: Vec<Section>,
    /// The body with every heading numbered: what is stored and hashed.
    pub canonical: String,
}

struct Heading {
    level: u8,
    range: Range<usize>,
    text: String,
}

fn level_of(l: HeadingLevel) -> u8 {
    match l {
        HeadingLevel::H1 => 1,
        HeadingLevel::H2 => 2,
        HeadingLevel::H3 => 3,
        HeadingLevel::H4 => 4,
        HeadingLevel::H5 => 5,
        HeadingLevel::H6 => 6,
    }
}

fn headings(body: &str) -> Vec<Heading> {
    let mut out = Vec::new();
    let mut open: Option<Heading> = None;
    for (ev, range) in Parser::new(body).into_offset_iter() {
        match ev {
            Event::Start(Tag::Heading { level, .. }) => {
                open = Some(Heading {
                    level: level_of(level),
                    range,
                    text: String::new(),
                });
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = open.as_mut() {
                    h.text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some(mut h) = open.take() {
                    h.text = h.text.trim().to_string();
                    out.push(h);
                }
            }
            _ => {}
        }
    }
    out
}

/// The number a heading begins with, as a key (`第３条 目的` → `3`), if any. A number
/// must be followed by a separator, so `2025年度の見直し` is not section 2025.
pub fn leading_number(heading: &str) -> Option<String> {
    let folded = fold_width(heading);
    let s = folded.trim_start();
    let s = s.strip_prefix('第').map(str::trim_start).unwrap_or(s);
    let digits_end = s
        .char_indices()
        .find(|&(_, c)| !(c.is_ascii_digit() || c == '.'))
        .map_or(s.len(), |(i, _)| i);
    let raw = s[..digits_end].trim_end_matches('.');
    let parts: Vec<&str> = raw.split('.').collect();
    if raw.is_empty() || parts.iter().any(|p| p.is_empty()) {
        return None;
    }
    let rest = &s[raw.len()..];
    let rest = rest.trim_start_matches('.');
    let sep_ok = rest.is_empty()
        || rest.starts_with(|c: char| {
            c.is_whitespace() || matches!(c, '条' | '章' | '節' | ')' | '、' | ':')
        });
    if !sep_ok {
        return None;
    }
    let key: Vec<String> = parts
        .iter()
        .map(|p| p.trim_start_matches('0'))
        .map(|p| {
            if p.is_empty() {
                "0".to_string()
            } else {
                p.to_string()
            }
        })
        .collect();
    Some(key.join("."))
}

/// `number` put at the start of a heading's text: after the `#`s of an ATX heading,
/// at the first character of a setext heading's first line.
fn number_into(source: &str, number: &str) -> String {
    let indent = source.len() - source.trim_start_matches(' ').len();
    let rest = &source[indent..];
    let hashes = rest.len() - rest.trim_start_matches('#').len();
    let at = if hashes > 0 {
        let after = &rest[hashes..];
        indent + hashes + (after.len() - after.trim_start_matches([' ', '\t']).len())
    } else {
        indent
    };
    let sep = if hashes > 0 && at == indent + hashes {
        " "
    } else {
        ""
    };
    format!("{}{sep}{number} {}", &source[..at], &source[at..])
}

/// Splits `body` into sections, numbering headings that have no number. Problems name
/// the line: a duplicated number, too many sections, too long a body.
pub fn split(body: &str) -> Result<Split, Vec<Problem>> {
    if body.len() > MAX_BODY_BYTES {
        return Err(vec![Problem::new(
            format!("本文が長すぎます（{} KB まで）。", MAX_BODY_BYTES / 1024),
            format!(
                "The text is too long (at most {} KB).",
                MAX_BODY_BYTES / 1024
            ),
        )]);
    }
    let hs = headings(body);
    if hs.len() > MAX_SECTIONS {
        return Err(vec![Problem::new(
            format!("節が多すぎます（{MAX_SECTIONS} まで）。"),
            format!("Too many sections (at most {MAX_SECTIONS})."),
        )]);
    }
    let top = hs.iter().map(|h| h.level).min().unwrap_or(1);
    let lines = super::Lines::new(body);
    let mut counters: Vec<u32> = Vec::new();
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut problems = Vec::new();
    let mut numbered = Vec::with_capacity(hs.len());
    for h in &hs {
        let depth = usize::from(h.level - top);
        let line = lines.of(h.range.start);
        let (number, heading, inserted) = match leading_number(&h.text) {
            Some(n) => {
                counters = n.split('.').map(|p| p.parse().unwrap_or(0)).collect();
                (n, h.text.clone(), false)
            }
            None => {
                counters.truncate(depth + 1);
                while counters.len() < depth {
                    counters.push(1);
                }
                if counters.len() == depth {
                    counters.push(1);
                } else if let Some(last) = counters.last_mut() {
                    *last = last.saturating_add(1);
                }
                let n = counters
                    .iter()
                    .map(u32::to_string)
                    .collect::<Vec<_>>()
                    .join(".");
                let heading = format!("{n} {}", h.text);
                (n, heading, true)
            }
        };
        if let Some(first) = seen.insert(number.clone(), line) {
            problems.push(Problem::new(
                format!("{line}行目: 節番号 {number} は {first}行目と重複しています。"),
                format!("Line {line}: section number {number} is also used on line {first}."),
            ));
        }
        numbered.push((number, heading, depth, inserted));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let mut canonical = String::with_capacity(body.len() + hs.len() * 4);
    let mut sections = Vec::with_capacity(hs.len());
    let preamble_end = hs.first().map_or(body.len(), |h| h.range.start);
    canonical.push_str(&body[..preamble_end]);
    for (i, (h, (number, heading, depth, inserted))) in hs.iter().zip(numbered).enumerate() {
        let end = hs.get(i + 1).map_or(body.len(), |n| n.range.start);
        let source = &body[h.range.start..h.range.end.min(end)];
        // The heading as written, with the number put in where it had none: its
        // escapes and inline marks stay exactly as the author typed them.
        let written = if inserted {
            number_into(source, &number)
        } else {
            source.to_string()
        };
        canonical.push_str(&written);
        if !written.ends_with('\n') {
            canonical.push('\n');
        }
        let under = &body[h.range.end.min(end)..end];
        canonical.push_str(
            under
                .strip_prefix('\n')
                .filter(|_| !written.ends_with('\n'))
                .unwrap_or(under),
        );
        sections.push(Section {
            number,
            depth: u8::try_from(depth + 1).unwrap_or(u8::MAX),
            heading,
            body: under.trim_matches('\n').trim_end().to_string(),
        });
    }
    Ok(Split {
        preamble: body[..preamble_end].trim().to_string(),
        sections,
        canonical,
    })
}

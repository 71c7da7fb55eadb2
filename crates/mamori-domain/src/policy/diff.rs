//! The difference between two versions of a document, section by section, for a
//! side-by-side view.
//!
//! Sections are paired by number. Within a pair the text is compared in runs of one
//! kind of character — a run of kanji, of hiragana, of katakana, a Latin word or
//! number, a space, each punctuation mark alone — because Japanese has no spaces
//! between words: comparing by whitespace would mark whole paragraphs changed, and
//! comparing character by character would interleave unrelated kana. A single short
//! run left equal between two changes is folded into them, so a rewritten phrase
//! reads as one change rather than confetti.

use serde::{Deserialize, Serialize};
use std::time::Instant;

use similar::{Algorithm, DiffTag, capture_diff_slices_deadline};

use super::sections::Section;

/// How a section changed between the two versions.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    Same,
    Changed,
    Added,
    Removed,
}

/// What a piece of text is in the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SpanKind {
    Same,
    Deleted,
    Inserted,
}

/// A run of text and what it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Span {
    pub kind: SpanKind,
    pub text: String,
}

/// One section of the comparison: the old text on the left, the new on the right.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SectionDiff {
    pub number: String,
    pub change: Change,
    pub old_heading: Option<String>,
    pub new_heading: Option<String>,
    /// The old side (same and deleted runs); empty for an unchanged or added section.
    pub old: Vec<Span>,
    /// The new side (same and inserted runs); empty for an unchanged or removed section.
    pub new: Vec<Span>,
}

fn class(c: char) -> u8 {
    match c {
        c if c.is_whitespace() => 0,
        '\u{3041}'..='\u{309F}' => 2,
        '\u{30A0}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}' => 3,
        '\u{4E00}'..='\u{9FFF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{F900}'..='\u{FAFF}'
        | '々'
        | '〆' => 4,
        c if c.is_alphanumeric() => 1,
        // Punctuation and symbols: each one its own run.
        _ => 5,
    }
}

/// `s` cut into runs of one kind of character.
pub fn runs(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<u8> = None;
    for (i, c) in s.char_indices() {
        let k = class(c);
        if let Some(p) = prev
            && (p != k || k == 5)
        {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(k);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

struct Seg {
    equal: bool,
    old: std::ops::Range<usize>,
    new: std::ops::Range<usize>,
}

/// The two sides of a comparison of `old` and `new` text. Past `deadline` the diff
/// stops refining and marks what is left as replaced (a reader may ask to compare two
/// very different texts; the answer must still come).
pub fn diff_text(old: &str, new: &str, deadline: Option<Instant>) -> (Vec<Span>, Vec<Span>) {
    let a = runs(old);
    let b = runs(new);
    let mut segs: Vec<Seg> = capture_diff_slices_deadline(Algorithm::Myers, &a, &b, deadline)
        .iter()
        .map(|op| {
            let (tag, o, n) = op.as_tag_tuple();
            Seg {
                equal: tag == DiffTag::Equal,
                old: o,
                new: n,
            }
        })
        .collect();
    // A lone short run kept between two changes joins them.
    for i in 1..segs.len().saturating_sub(1) {
        let s = &segs[i];
        let short = s.old.len() == 1 && a[s.old.start].chars().count() <= 2;
        if s.equal && short && !segs[i - 1].equal && !segs[i + 1].equal {
            segs[i].equal = false;
        }
    }
    let mut left = Vec::new();
    let mut right = Vec::new();
    for s in &segs {
        let (x, y) = (a[s.old.clone()].concat(), b[s.new.clone()].concat());
        if s.equal {
            push(&mut left, SpanKind::Same, &x);
            push(&mut right, SpanKind::Same, &y);
            continue;
        }
        // Kanji compounds are one run, so 職員 → 職員及び委託事業者 replaces the run:
        // what the two sides share at either end is kept as unchanged.
        let (head, tail) = shared_ends(&x, &y);
        push(&mut left, SpanKind::Same, &x[..head]);
        push(&mut left, SpanKind::Deleted, &x[head..x.len() - tail]);
        push(&mut left, SpanKind::Same, &x[x.len() - tail..]);
        push(&mut right, SpanKind::Same, &y[..head]);
        push(&mut right, SpanKind::Inserted, &y[head..y.len() - tail]);
        push(&mut right, SpanKind::Same, &y[y.len() - tail..]);
    }
    (left, right)
}

/// The byte lengths of the longest common prefix and suffix of `x` and `y`, on
/// character boundaries and without overlapping.
fn shared_ends(x: &str, y: &str) -> (usize, usize) {
    let head: usize = x
        .chars()
        .zip(y.chars())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .sum();
    let room = (x.len() - head).min(y.len() - head);
    let tail: usize = x[head..]
        .chars()
        .rev()
        .zip(y[head..].chars().rev())
        .take_while(|(p, q)| p == q)
        .map(|(p, _)| p.len_utf8())
        .scan(0, |acc, n| {
            *acc += n;
            (*acc <= room).then_some(n)
        })
        .sum();
    (head, tail)
}

fn push(spans: &mut Vec<Span>, kind: SpanKind, text: &str) {
    if text.is_empty() {
        return;
    }
    match spans.last_mut() {
        Some(last) if last.kind == kind => last.text.push_str(text),
        _ => spans.push(Span {
            kind,
            text: text.to_string(),
        }),
    }
}

fn text_of(s: &Section) -> String {
    match (s.heading.is_empty(), s.body.is_empty()) {
        (_, true) => s.heading.clone(),
        (true, false) => s.body.clone(),
        (false, false) => format!("{}\n\n{}", s.heading, s.body),
    }
}

/// The comparison of two versions' sections, in the new version's order with removed
/// sections where they stood; `deadline` bounds the work (see [`diff_text`]).
pub fn diff_sections(
    old: &[Section],
    new: &[Section],
    deadline: Option<Instant>,
) -> Vec<SectionDiff> {
    let a: Vec<&str> = old.iter().map(|s| s.number.as_str()).collect();
    let b: Vec<&str> = new.iter().map(|s| s.number.as_str()).collect();
    let mut out = Vec::with_capacity(new.len().max(old.len()));
    for op in capture_diff_slices_deadline(Algorithm::Myers, &a, &b, deadline) {
        let (tag, o, n) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            for (x, y) in old[o].iter().zip(&new[n]) {
                out.push(pair(x, y, deadline));
            }
            continue;
        }
        for x in &old[o] {
            out.push(SectionDiff {
                number: x.number.clone(),
                change: Change::Removed,
                old_heading: Some(x.heading.clone()),
                new_heading: None,
                old: vec![Span {
                    kind: SpanKind::Deleted,
                    text: text_of(x),
                }],
                new: Vec::new(),
            });
        }
        for y in &new[n] {
            out.push(SectionDiff {
                number: y.number.clone(),
                change: Change::Added,
                old_heading: None,
                new_heading: Some(y.heading.clone()),
                old: Vec::new(),
                new: vec![Span {
                    kind: SpanKind::Inserted,
                    text: text_of(y),
                }],
            });
        }
    }
    out
}

fn pair(x: &Section, y: &Section, deadline: Option<Instant>) -> SectionDiff {
    let (tx, ty) = (text_of(x), text_of(y));
    let (change, old, new) = if tx == ty {
        (Change::Same, Vec::new(), Vec::new())
    } else {
        let (l, r) = diff_text(&tx, &ty, deadline);
        (Change::Changed, l, r)
    };
    SectionDiff {
        number: y.number.clone(),
        change,
        old_heading: Some(x.heading.clone()),
        new_heading: Some(y.heading.clone()),
        old,
        new,
    }
}

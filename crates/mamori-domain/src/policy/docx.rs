//! A Word document (.docx) read into Markdown, so a city's existing policy becomes a
//! draft with its sections: paragraphs in a heading style become headings of their
//! level, list paragraphs become list items, tables become Markdown tables, and every
//! other paragraph stays a paragraph. Formatting beyond that (fonts, colours, page
//! layout) is left behind; the text is what the policy is.
//!
//! A .docx is a zip holding XML. Heading styles are found by name in
//! `word/styles.xml` ("heading 1" … whatever the style's id: Japanese Word names its
//! ids "1", "2" …), falling back to the usual ids.

use std::collections::HashMap;
use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::Event;

use crate::error::Problem;

/// Largest `word/document.xml` read (a 200-page policy is a few MB).
const MAX_XML_BYTES: u64 = 32 * 1024 * 1024;

fn not_docx() -> Problem {
    Problem::new(
        "Word ファイル（.docx）として読めません。Word で「.docx」形式で保存し直すか、Markdown で取り込んでください。",
        "This cannot be read as a Word file (.docx). Save it again as .docx in Word, or import Markdown.",
    )
}

fn part(zip: &mut zip::ZipArchive<Cursor<&[u8]>>, name: &str) -> Result<Option<String>, Problem> {
    let Ok(f) = zip.by_name(name) else {
        return Ok(None);
    };
    if f.size() > MAX_XML_BYTES {
        return Err(Problem::new(
            "Word ファイルの本文が大きすぎます。",
            "The Word file's text is too large.",
        ));
    }
    let mut s = String::new();
    f.take(MAX_XML_BYTES)
        .read_to_string(&mut s)
        .map_err(|_| not_docx())?;
    Ok(Some(s))
}

/// The heading level of each paragraph style id, from the styles' names.
fn heading_styles(styles: Option<&str>) -> HashMap<String, usize> {
    let mut out: HashMap<String, usize> = (1..=6)
        .flat_map(|n| [(format!("Heading{n}"), n), (n.to_string(), n)])
        .collect();
    out.insert("Title".into(), 1);
    let Some(xml) = styles else {
        return out;
    };
    let mut r = Reader::from_str(xml);
    let mut id: Option<String> = None;
    loop {
        match r.read_event() {
            Ok(Event::Start(e)) | Ok(Event::Empty(e)) => match e.local_name().as_ref() {
                b"style" => id = attr(&e, b"styleId"),
                b"name" => {
                    let name = attr(&e, b"val").unwrap_or_default().to_ascii_lowercase();
                    if let (Some(i), Some(n)) = (id.as_ref(), name.strip_prefix("heading "))
                        && let Ok(level) = n.trim().parse::<usize>()
                    {
                        out.insert(i.clone(), level.clamp(1, 6));
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
    }
    out
}

fn attr(e: &quick_xml::events::BytesStart<'_>, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        let key = a.key.local_name();
        (key.as_ref() == local).then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// One paragraph as read: its style, whether it is a list item, and its text.
#[derive(Default)]
struct Para {
    style: Option<String>,
    list: bool,
    text: String,
}

/// Markdown of a .docx file's bytes.
pub fn docx_to_markdown(bytes: &[u8]) -> Result<String, Problem> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(|_| not_docx())?;
    let document = part(&mut zip, "word/document.xml")?.ok_or_else(not_docx)?;
    let styles = part(&mut zip, "word/styles.xml")?;
    let levels = heading_styles(styles.as_deref());
    let mut r = Reader::from_str(&document);
    let mut out = String::new();
    let mut para: Option<Para> = None;
    let mut in_text = false;
    // Tables: the rows so far, the cells of the current row, and table depth.
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut cells: Vec<String> = Vec::new();
    let mut tables = 0usize;
    loop {
        match r.read_event().map_err(|_| not_docx())? {
            // An empty run of text opens nothing.
            Event::Empty(e) if e.local_name().as_ref() == b"t" => {}
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"p" => para = Some(Para::default()),
                b"pStyle" => {
                    if let Some(p) = para.as_mut() {
                        p.style = attr(&e, b"val");
                    }
                }
                b"numPr" => {
                    if let Some(p) = para.as_mut() {
                        p.list = true;
                    }
                }
                b"t" => in_text = true,
                b"tab" | b"br" | b"cr" => push_text(&mut para, " "),
                b"tbl" => {
                    tables += 1;
                    if tables == 1 {
                        rows.clear();
                    }
                }
                // A nested table's text joins the outer cell it sits in.
                b"tc" if tables == 1 => cells.push(String::new()),
                _ => {}
            },
            Event::Text(t) if in_text => {
                let s = t.decode().map_err(|_| not_docx())?;
                let s = quick_xml::escape::unescape(&s).map_err(|_| not_docx())?;
                push_text(&mut para, &s);
            }
            // quick-xml reports `&lt;` and `&#x3c;` apart from the text around them.
            Event::GeneralRef(g) if in_text => {
                let resolved = match g.resolve_char_ref() {
                    Ok(Some(c)) => c.to_string(),
                    _ => match g.decode().map_err(|_| not_docx())?.as_ref() {
                        "lt" => "<".into(),
                        "gt" => ">".into(),
                        "amp" => "&".into(),
                        "quot" => "\"".into(),
                        "apos" => "'".into(),
                        _ => String::new(),
                    },
                };
                push_text(&mut para, &resolved);
            }
            Event::End(e) => match e.local_name().as_ref() {
                b"t" => in_text = false,
                b"p" => {
                    let p = para.take().unwrap_or_default();
                    match cells.last_mut() {
                        Some(cell) if tables > 0 => *cell = join(cell, p.text.trim()),
                        _ => write_para(&mut out, &p, &levels),
                    }
                }
                b"tr" if tables == 1 => rows.push(std::mem::take(&mut cells)),
                b"tbl" => {
                    tables = tables.saturating_sub(1);
                    if tables == 0 {
                        write_table(&mut out, &rows);
                        rows.clear();
                    }
                }
                _ => {}
            },
            Event::Eof => break,
            _ => {}
        }
    }
    if out.trim().is_empty() {
        return Err(Problem::new(
            "Word ファイルに本文が見つかりません。",
            "The Word file has no text.",
        ));
    }
    Ok(out.trim().to_string() + "\n")
}

fn join(a: &str, b: &str) -> String {
    match (a.is_empty(), b.is_empty()) {
        (true, _) => b.to_string(),
        (_, true) => a.to_string(),
        _ => format!("{a} {b}"),
    }
}

fn push_text(para: &mut Option<Para>, s: &str) {
    if let Some(p) = para.as_mut() {
        p.text.push_str(s);
    }
}

/// Characters that would start Markdown markup at the beginning of a line or inline;
/// the Word text is meant literally.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 1);
    // A line starting with these would become a list, a rule or a setext underline.
    if s.starts_with(['-', '+', '=']) {
        out.push('\\');
    }
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '`' | '#' | '[' | ']' | '<' | '>' | '|' | '!' | '~' | '&'
        ) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn write_para(out: &mut String, p: &Para, levels: &HashMap<String, usize>) {
    let text = p.text.trim();
    if text.is_empty() {
        return;
    }
    let level = p.style.as_ref().and_then(|s| levels.get(s)).copied();
    // A heading or a paragraph after a list needs the blank line that ends the list.
    if !p.list && !out.is_empty() && !out.ends_with("\n\n") {
        out.push('\n');
    }
    match level {
        Some(n) => {
            out.push_str(&"#".repeat(n));
            out.push(' ');
            out.push_str(&escape(text));
            out.push_str("\n\n");
        }
        None if p.list => {
            out.push_str("- ");
            out.push_str(&escape(text));
            out.push('\n');
        }
        None => {
            // A numbered item written by hand ("1. …") stays text, not a list.
            let e = escape(text);
            let digits = e.len() - e.trim_start_matches(|c: char| c.is_ascii_digit()).len();
            if digits > 0 && e[digits..].starts_with(['.', ')']) {
                out.push_str(&e[..digits]);
                out.push('\\');
                out.push_str(&e[digits..]);
            } else {
                out.push_str(&e);
            }
            out.push_str("\n\n");
        }
    }
}

fn write_table(out: &mut String, rows: &[Vec<String>]) {
    let Some(width) = rows.iter().map(Vec::len).max() else {
        return;
    };
    out.push('\n');
    for (i, row) in rows.iter().enumerate() {
        out.push('|');
        for c in 0..width {
            out.push(' ');
            out.push_str(&escape(row.get(c).map_or("", String::as_str)));
            out.push_str(" |");
        }
        out.push('\n');
        if i == 0 {
            out.push('|');
            out.push_str(&" --- |".repeat(width));
            out.push('\n');
        }
    }
    out.push('\n');
}

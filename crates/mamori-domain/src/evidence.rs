//! Rules for the evidence files attached to applied controls (点検記録, 研修の受講記録,
//! 設定画面の写し …).
//!
//! Evidence is stored and offered for download, never executed or shown inline. Even
//! so, a file is accepted only when its name and its content agree on one of a short
//! list of document and image types: a browser or an office PC that later opens it
//! trusts the name, and an HTML page or script dressed up as a report is how such a
//! store gets turned against its users.

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use unicode_normalization::UnicodeNormalization;

use crate::error::Problem;
use crate::labelled::labelled_enum;

/// The largest evidence file: a scanned inspection record fits comfortably, a disk
/// image or a video does not belong here.
pub const MAX_EVIDENCE_BYTES: usize = 20 * 1024 * 1024;

/// The longest file name kept, in characters; Content-Disposition headers and
/// Windows paths both misbehave beyond a few hundred.
const MAX_NAME_CHARS: usize = 120;

labelled_enum! {
    /// The kinds of file accepted as evidence: documents, spreadsheets, scans and
    /// screenshots, plain text and logs. Archives are not accepted (their content
    /// cannot be checked here), nor is anything a browser would render or run.
    #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    #[serde(rename_all = "snake_case")]
    pub enum EvidenceType {
        Pdf => ("pdf", "PDF", "PDF"),
        Png => ("png", "PNG画像", "PNG image"),
        Jpeg => ("jpeg", "JPEG画像", "JPEG image", ["jpg"]),
        Text => ("text", "テキスト", "Text", ["txt"]),
        Csv => ("csv", "CSV", "CSV"),
        Xlsx => ("xlsx", "Excel ブック", "Excel workbook"),
        Docx => ("docx", "Word 文書", "Word document"),
        Pptx => ("pptx", "PowerPoint プレゼンテーション", "PowerPoint presentation"),
        Odt => ("odt", "OpenDocument テキスト", "OpenDocument text"),
        Ods => ("ods", "OpenDocument スプレッドシート", "OpenDocument spreadsheet"),
    }

    /// Accepts the code or either label, in any case or width.
    fn parse {
        empty: ("証跡ファイルの種類が入力されていません。", "The evidence file type is empty."),
        unknown: choices("証跡ファイルの種類", "an evidence file type"),
    }
}

impl EvidenceType {
    /// The Content-Type to serve the file with. Text has no charset: offices save text
    /// and CSV in Shift_JIS as often as in UTF-8, and the file is downloaded as is.
    pub fn mime(self) -> &'static str {
        match self {
            EvidenceType::Pdf => "application/pdf",
            EvidenceType::Png => "image/png",
            EvidenceType::Jpeg => "image/jpeg",
            EvidenceType::Text => "text/plain",
            EvidenceType::Csv => "text/csv",
            EvidenceType::Xlsx => {
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            }
            EvidenceType::Docx => {
                "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
            }
            EvidenceType::Pptx => {
                "application/vnd.openxmlformats-officedocument.presentationml.presentation"
            }
            EvidenceType::Odt => "application/vnd.oasis.opendocument.text",
            EvidenceType::Ods => "application/vnd.oasis.opendocument.spreadsheet",
        }
    }

    /// The usual extension, without the dot.
    pub fn extension(self) -> &'static str {
        self.extensions()[0]
    }

    /// Every extension a file of this type may have, the usual one first.
    fn extensions(self) -> &'static [&'static str] {
        match self {
            EvidenceType::Pdf => &["pdf"],
            EvidenceType::Png => &["png"],
            EvidenceType::Jpeg => &["jpg", "jpeg"],
            EvidenceType::Text => &["txt", "log", "md"],
            EvidenceType::Csv => &["csv"],
            EvidenceType::Xlsx => &["xlsx"],
            EvidenceType::Docx => &["docx"],
            EvidenceType::Pptx => &["pptx"],
            EvidenceType::Odt => &["odt"],
            EvidenceType::Ods => &["ods"],
        }
    }

    /// Whether `bytes` look like this type (see [`classify`] for what is checked).
    fn matches(self, bytes: &[u8]) -> bool {
        match self {
            EvidenceType::Pdf => bytes.starts_with(b"%PDF-"),
            EvidenceType::Png => bytes.starts_with(b"\x89PNG\r\n\x1a\n"),
            EvidenceType::Jpeg => bytes.starts_with(&[0xFF, 0xD8, 0xFF]),
            EvidenceType::Text | EvidenceType::Csv => is_text(bytes),
            EvidenceType::Xlsx => is_ooxml(bytes, b"xl/workbook.xml"),
            EvidenceType::Docx => is_ooxml(bytes, b"word/document.xml"),
            EvidenceType::Pptx => is_ooxml(bytes, b"ppt/presentation.xml"),
            EvidenceType::Odt => is_odf(bytes, b"application/vnd.oasis.opendocument.text"),
            EvidenceType::Ods => is_odf(bytes, b"application/vnd.oasis.opendocument.spreadsheet"),
        }
    }
}

/// Extensions refused by name, whatever the content: pages and images a browser
/// renders with scripts (HTML, SVG, XML), and programs and scripts Windows runs.
const REFUSED_EXTENSIONS: [&str; 22] = [
    "html", "htm", "xhtml", "shtml", "mht", "mhtml", "svg", "svgz", "xml", "xsl", "js", "mjs",
    "hta", "exe", "com", "bat", "cmd", "scr", "msi", "ps1", "vbs", "lnk",
];

/// What the start of a text file must not be: the markers by which browsers sniff
/// HTML, SVG or XML (after the WHATWG MIME sniffing rules, plus `<svg`). Compared
/// case-insensitively after a BOM and whitespace. Tags count when followed by a space
/// or `>`, as in those rules.
const ACTIVE_PREFIXES: [&[u8]; 3] = [b"<!doctype", b"<?xml", b"<!--"];
const ACTIVE_TAGS: [&[u8]; 17] = [
    b"<html", b"<head", b"<body", b"<script", b"<svg", b"<iframe", b"<style", b"<title", b"<table",
    b"<div", b"<font", b"<h1", b"<a", b"<b", b"<br", b"<p", b"<object",
];

/// The type of an evidence file, decided from its content and checked against its
/// name: the extension must be one of the accepted types' and the content must be of
/// that type.
///
/// - PDF, PNG and JPEG by their signatures (`%PDF-`, the PNG signature, `FF D8 FF`);
/// - xlsx, docx and pptx are ZIP files (`PK\x03\x04`) that must hold
///   `[Content_Types].xml` and the main part of their kind (`xl/workbook.xml`,
///   `word/document.xml`, `ppt/presentation.xml`); entry names are stored
///   uncompressed in the local headers and the central directory, so looking for
///   them in the bytes is enough. A file with a macro project (`vbaProject.bin`) is
///   refused: macro workbooks are `.xlsm`, and one renamed `.xlsx` is hiding it;
/// - odt and ods by the uncompressed `mimetype` entry the OpenDocument format
///   requires first in the archive;
/// - text (`.txt`, `.log`, `.md`) and CSV have no NUL or control bytes other than tab,
///   line breaks, form feed and escape: UTF-8, Shift_JIS and ISO-2022-JP pass, UTF-16
///   and binary files do not. A text that starts like HTML, SVG or XML is refused even
///   under a text name, because a browser may sniff it as a page.
///
/// Empty files and files over [`MAX_EVIDENCE_BYTES`] are refused.
pub fn classify(file_name: &str, bytes: &[u8]) -> Result<EvidenceType, Problem> {
    if bytes.is_empty() {
        return Err(refusal(
            "ファイルが空です（0 バイト）。",
            "The file is empty (0 bytes).",
        ));
    }
    if bytes.len() > MAX_EVIDENCE_BYTES {
        let mib = MAX_EVIDENCE_BYTES / (1024 * 1024);
        return Err(Problem::new(
            format!("ファイルが大きすぎます。証跡は {mib} MB までです。"),
            format!("The file is too large. Evidence may be at most {mib} MB."),
        ));
    }
    let ext = extension_of(file_name);
    if ext.is_empty() {
        return Err(refusal(
            "ファイル名に拡張子がなく、種類が分かりません。",
            "The file name has no extension, so its type is unknown.",
        ));
    }
    if REFUSED_EXTENSIONS.contains(&ext.as_str()) {
        return Err(refusal(
            &format!(
                "「.{ext}」のファイルは、開くとブラウザーやパソコンで実行・表示されるおそれがあるため受け付けません。"
            ),
            &format!(
                "\".{ext}\" files are refused: a browser or PC could run or render them when opened."
            ),
        ));
    }
    let Some(expected) = EvidenceType::ALL
        .into_iter()
        .find(|t| t.extensions().contains(&ext.as_str()))
    else {
        return Err(refusal(
            &format!("「.{ext}」は証跡として受け付けていない種類です。"),
            &format!("\".{ext}\" is not an accepted evidence file type."),
        ));
    };
    if matches!(expected, EvidenceType::Text | EvidenceType::Csv) && looks_active(bytes) {
        return Err(refusal(
            "テキストの先頭が HTML・SVG・XML のようです。ブラウザーがページとして扱うおそれがあるため受け付けません。",
            "The text starts like HTML, SVG or XML, which a browser could treat as a page, so it is refused.",
        ));
    }
    if is_zip(bytes) && memchr::memmem::find(bytes, b"vbaProject.bin").is_some() {
        return Err(refusal(
            "マクロを含むファイルは受け付けません。マクロのない形式で保存し直してください。",
            "Files containing macros are refused. Save it again in a format without macros.",
        ));
    }
    if expected.matches(bytes) {
        return Ok(expected);
    }
    // Name what the content seems to be, when it is another accepted type, so the
    // user knows whether to rename the file or to pick another one.
    let actual = EvidenceType::ALL
        .into_iter()
        .find(|t| !matches!(t, EvidenceType::Text | EvidenceType::Csv) && t.matches(bytes));
    let (seems_ja, seems_en) = match actual {
        Some(t) => (
            format!("内容は{}のようです。", t.label_ja()),
            format!(" The content looks like a {}.", t.label_en()),
        ),
        None => (String::new(), String::new()),
    };
    Err(refusal(
        &format!(
            "ファイル名は「.{ext}」ですが、内容が{}ではありません。{seems_ja}",
            expected.label_ja()
        ),
        &format!(
            "The file is named \".{ext}\" but its content is not a {}.{seems_en}",
            expected.label_en()
        ),
    ))
}

/// A refusal saying what was wrong and, after it, what is accepted.
fn refusal(ja: &str, en: &str) -> Problem {
    let list = |label: fn(EvidenceType) -> &'static str, sep: &str| {
        EvidenceType::ALL
            .iter()
            .map(|t| format!("{} (.{})", label(*t), t.extensions().join(" .")))
            .collect::<Vec<_>>()
            .join(sep)
    };
    Problem::new(
        format!(
            "{ja}受け付けるのは {} です。",
            list(EvidenceType::label_ja, "、")
        ),
        format!("{en} Accepted: {}.", list(EvidenceType::label_en, ", ")),
    )
}

/// The lowercased extension of the name's last path component, without the dot;
/// empty when there is none. Trailing spaces and dots are dropped as Windows does.
fn extension_of(file_name: &str) -> String {
    let base = last_component(file_name).trim_end_matches([' ', '.', '\u{3000}']);
    base.rsplit_once('.')
        .map(|(_, ext)| ext.trim().to_ascii_lowercase())
        .unwrap_or_default()
}

fn last_component(name: &str) -> &str {
    name.rsplit(['/', '\\']).next().unwrap_or(name)
}

fn is_zip(bytes: &[u8]) -> bool {
    bytes.starts_with(b"PK\x03\x04")
}

fn is_ooxml(bytes: &[u8], main_part: &[u8]) -> bool {
    is_zip(bytes)
        && memchr::memmem::find(bytes, b"[Content_Types].xml").is_some()
        && memchr::memmem::find(bytes, main_part).is_some()
}

/// An OpenDocument file starts with a stored entry named `mimetype` (name at offset
/// 30 of the first local header, no extra field) whose content is the media type,
/// followed directly by the next entry's header.
fn is_odf(bytes: &[u8], mime: &[u8]) -> bool {
    const NAME_AT: usize = 30;
    const DATA_AT: usize = NAME_AT + 8;
    is_zip(bytes)
        && bytes.get(NAME_AT..DATA_AT) == Some(b"mimetype".as_slice())
        && bytes
            .get(DATA_AT..)
            .and_then(|rest| rest.strip_prefix(mime))
            .is_some_and(|after| after.starts_with(b"PK"))
}

/// Bytes of text in an ASCII-compatible encoding: no NUL and no control byte other
/// than tab, line feed, form feed, carriage return and escape (ISO-2022-JP). Shift_JIS
/// trail bytes are never below 0x40, so Shift_JIS passes as well as UTF-8.
fn is_text(bytes: &[u8]) -> bool {
    bytes
        .iter()
        .all(|&b| b >= 0x20 || matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | 0x1B))
}

/// Whether the text, past a UTF-8 BOM and whitespace, opens with a marker by which a
/// browser would take it for HTML, SVG or XML.
fn looks_active(bytes: &[u8]) -> bool {
    let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = body
        .iter()
        .position(|b| !matches!(b, b'\t' | b'\n' | 0x0C | b'\r' | b' '))
        .unwrap_or(body.len());
    let head = &body[start..];
    let starts = |p: &[u8]| {
        head.get(..p.len())
            .is_some_and(|h| h.eq_ignore_ascii_case(p))
    };
    ACTIVE_PREFIXES.iter().any(|p| starts(p))
        || ACTIVE_TAGS.iter().any(|t| {
            starts(t)
                && matches!(
                    head.get(t.len()),
                    None | Some(b' ' | b'>' | b'\t' | b'\n' | b'\r' | 0x0C | b'/')
                )
        })
}

/// The SHA-256 of the content in lowercase hex: stored with the file so its integrity
/// can be shown to an auditor.
pub fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// A file name safe to store and to put in a Content-Disposition header: only the
/// last path component (an upload may send `C:\Users\…\点検.pdf` or `../../x`),
/// composed to NFC (macOS sends names decomposed), without control characters,
/// quotes or the bidirectional controls that can make `exe.pdf` appear at the end of
/// a name, trimmed, and at most 120 characters with the extension kept. Japanese is
/// kept as is. A name left empty, or only dots, becomes `evidence`.
pub fn safe_file_name(name: &str) -> String {
    let cleaned: String = last_component(name)
        .nfc()
        .filter(|&c| !c.is_control() && !matches!(c, '"' | '\'') && !is_bidi_control(c))
        .collect();
    let trimmed = cleaned.trim_matches(|c: char| c.is_whitespace());
    if trimmed.chars().all(|c| c == '.') {
        return "evidence".to_owned();
    }
    if trimmed.chars().count() <= MAX_NAME_CHARS {
        return trimmed.to_owned();
    }
    // Keep a short extension whole and cut the stem before it.
    let (stem, ext) = match trimmed.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && ext.chars().count() <= 10 => (stem, ext),
        _ => (trimmed, ""),
    };
    let room = MAX_NAME_CHARS
        - if ext.is_empty() {
            0
        } else {
            ext.chars().count() + 1
        };
    let mut out: String = stem.chars().take(room).collect();
    out.truncate(out.trim_end().len());
    if !ext.is_empty() {
        out.push('.');
        out.push_str(ext);
    }
    out
}

/// Unicode controls that reorder how text is displayed (U+200E/F, U+202A–E,
/// U+2066–9): not `is_control`, but they disguise an extension.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

#[cfg(test)]
mod tests;

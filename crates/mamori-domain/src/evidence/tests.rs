#![allow(clippy::unwrap_used)]

use super::*;

const PDF: &[u8] = b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog >>\nendobj\n%%EOF\n";
const PNG: &[u8] = b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x01\0\0\0\x01\x08\x06\0\0\0";
const JPEG: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0,
];

/// The start of a ZIP with the given entry names (local headers only; enough for the
/// name checks).
fn zip_with(names: &[&str]) -> Vec<u8> {
    let mut out = Vec::new();
    for n in names {
        out.extend_from_slice(b"PK\x03\x04");
        out.extend_from_slice(&[0; 22]);
        out.extend_from_slice(&u16::try_from(n.len()).unwrap().to_le_bytes());
        out.extend_from_slice(&[0, 0]);
        out.extend_from_slice(n.as_bytes());
        out.extend_from_slice(b"\x78\x9c compressed");
    }
    out
}

fn odf(mime: &str) -> Vec<u8> {
    let mut out = zip_with(&["mimetype"]);
    out.truncate(38);
    out.extend_from_slice(mime.as_bytes());
    out.extend_from_slice(&zip_with(&["content.xml"]));
    out
}

fn refused(name: &str, bytes: &[u8]) -> Problem {
    let p = classify(name, bytes).unwrap_err();
    // Every refusal also says what is accepted.
    assert!(
        p.ja.contains("受け付けるのは") || p.ja.contains("MB"),
        "{p}"
    );
    assert!(p.en.contains("Accepted:") || p.en.contains("MB"), "{p}");
    p
}

#[test]
fn real_headers_pass() {
    assert_eq!(classify("点検記録.pdf", PDF).unwrap(), EvidenceType::Pdf);
    assert_eq!(classify("screen.PNG", PNG).unwrap(), EvidenceType::Png);
    assert_eq!(classify("写真.jpg", JPEG).unwrap(), EvidenceType::Jpeg);
    assert_eq!(classify("写真.jpeg", JPEG).unwrap(), EvidenceType::Jpeg);
    let xlsx = zip_with(&["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml"]);
    assert_eq!(classify("台帳.xlsx", &xlsx).unwrap(), EvidenceType::Xlsx);
    let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
    assert_eq!(classify("報告.docx", &docx).unwrap(), EvidenceType::Docx);
    let pptx = zip_with(&["[Content_Types].xml", "ppt/presentation.xml"]);
    assert_eq!(classify("研修.pptx", &pptx).unwrap(), EvidenceType::Pptx);
    let odt = odf("application/vnd.oasis.opendocument.text");
    assert_eq!(classify("文書.odt", &odt).unwrap(), EvidenceType::Odt);
    let ods = odf("application/vnd.oasis.opendocument.spreadsheet");
    assert_eq!(classify("表.ods", &ods).unwrap(), EvidenceType::Ods);
    // A template is another type, not the document.
    let ott = odf("application/vnd.oasis.opendocument.text-template");
    refused("文書.odt", &ott);
}

#[test]
fn text_and_csv_pass_in_utf8_and_shift_jis() {
    let csv = "\u{FEFF}資産番号,名称\r\nA-001,住民基本台帳\r\n";
    assert_eq!(
        classify("台帳.csv", csv.as_bytes()).unwrap(),
        EvidenceType::Csv
    );
    // 「資産」 in Shift_JIS.
    let sjis = b"\x8e\x91\x8e\x59,name\r\n";
    assert_eq!(classify("台帳.csv", sjis).unwrap(), EvidenceType::Csv);
    assert_eq!(
        classify("access.log", b"<134>Jan 1 login ok\n").unwrap(),
        EvidenceType::Text
    );
    assert_eq!(
        classify("メモ.txt", "点検済み\t異常なし".as_bytes()).unwrap(),
        EvidenceType::Text
    );
    // UTF-16 has NUL bytes.
    refused("memo.txt", b"\xff\xfeA\0B\0");
}

#[test]
fn renamed_html_is_refused() {
    let html = b"<!DOCTYPE html><html><script>alert(1)</script></html>";
    let p = refused("report.pdf", html);
    assert!(p.ja.contains("内容がPDFではありません"), "{p}");
    assert!(p.en.contains("not a PDF"), "{p}");
    // A PNG named .pdf says what it is.
    let p = refused("scan.pdf", PNG);
    assert!(
        p.ja.contains("PNG画像のよう") && p.en.contains("looks like a PNG image"),
        "{p}"
    );
}

#[test]
fn markup_in_text_is_refused() {
    for body in [
        "<html><body>x</body></html>",
        "\u{FEFF}  \n<!doctype html>",
        "<SCRIPT>alert(1)</SCRIPT>",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        "<?xml version=\"1.0\"?><a/>",
        "<p>hello",
    ] {
        let p = refused("memo.txt", body.as_bytes());
        assert!(p.en.contains("HTML, SVG or XML"), "{body}: {p}");
    }
    refused("list.csv", b"<html>,1\n");
    // Angle brackets elsewhere are ordinary text.
    assert!(classify("memo.txt", b"a <html> tag was found in the log").is_ok());
    assert!(classify("memo.txt", "<注意>".as_bytes()).is_ok());
}

#[test]
fn dangerous_and_unknown_extensions_are_refused() {
    for name in [
        "a.html",
        "a.htm",
        "a.svg",
        "a.js",
        "a.exe",
        "a.bat",
        "a.xhtml",
        "a.xml",
        "x.pdf.exe",
    ] {
        let p = refused(name, PDF);
        assert!(p.en.contains("run or render"), "{name}: {p}");
    }
    let p = refused("a.zip", &zip_with(&["x.pdf"]));
    assert!(p.en.contains("\".zip\" is not an accepted"), "{p}");
    let p = refused("README", b"hello");
    assert!(p.en.contains("no extension"), "{p}");
    let p = refused("C:\\Users\\x\\evil.html", b"hello");
    assert!(p.en.contains(".html"), "{p}");
}

#[test]
fn office_files_must_hold_their_parts() {
    // A docx renamed .xlsx, a plain zip named .docx, and a macro workbook.
    let docx = zip_with(&["[Content_Types].xml", "word/document.xml"]);
    refused("台帳.xlsx", &docx);
    refused("報告.docx", &zip_with(&["a.txt"]));
    let xlsm = zip_with(&[
        "[Content_Types].xml",
        "xl/workbook.xml",
        "xl/vbaProject.bin",
    ]);
    let p = refused("台帳.xlsx", &xlsm);
    assert!(p.ja.contains("マクロ"), "{p}");
}

#[test]
fn empty_and_oversize_are_refused() {
    let p = refused("a.pdf", b"");
    assert!(p.ja.contains("空") && p.en.contains("empty"));
    let mut big = PDF.to_vec();
    big.resize(MAX_EVIDENCE_BYTES + 1, b' ');
    let p = refused("a.pdf", &big);
    assert!(p.ja.contains("20 MB") && p.en.contains("20 MB"), "{p}");
    big.truncate(MAX_EVIDENCE_BYTES);
    assert_eq!(classify("a.pdf", &big).unwrap(), EvidenceType::Pdf);
}

#[test]
fn mime_and_extension() {
    for t in EvidenceType::ALL {
        assert!(!t.mime().is_empty() && t.mime().contains('/'));
        assert!(t.extensions().contains(&t.extension()));
        assert_eq!(
            serde_json::to_string(&t).unwrap(),
            format!("\"{}\"", t.code())
        );
    }
    assert_eq!(EvidenceType::Jpeg.extension(), "jpg");
    assert_eq!(EvidenceType::Pdf.mime(), "application/pdf");
    assert!(EvidenceType::Xlsx.mime().ends_with("spreadsheetml.sheet"));
}

#[test]
fn sha256_is_lowercase_hex() {
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

#[test]
fn safe_file_names() {
    assert_eq!(safe_file_name("../../etc/passwd"), "passwd");
    assert_eq!(safe_file_name("点検記録 2026.pdf"), "点検記録 2026.pdf");
    assert_eq!(safe_file_name("C:\\Users\\山田\\報告.docx"), "報告.docx");
    assert_eq!(safe_file_name(" \"a\r\n'b\".pdf "), "ab.pdf");
    assert_eq!(safe_file_name("invoice\u{202E}fdp.exe"), "invoicefdp.exe");
    assert_eq!(safe_file_name(""), "evidence");
    assert_eq!(safe_file_name("dir/"), "evidence");
    assert_eq!(safe_file_name(".."), "evidence");
    // Decomposed (macOS) kana are composed.
    assert_eq!(safe_file_name("カ\u{3099}イト\u{3099}.pdf"), "ガイド.pdf");
    let long = format!("{}.pdf", "記".repeat(200));
    let safe = safe_file_name(&long);
    assert_eq!(safe.chars().count(), 120);
    assert!(safe.ends_with("記.pdf"));
    let no_ext = "x".repeat(300);
    assert_eq!(safe_file_name(&no_ext).len(), 120);
}

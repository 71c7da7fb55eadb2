//! Reading back the PDF files Mamori writes, as a person's tools would: Poppler's
//! `pdftotext` and `pdfinfo` for the text and the pages (the text must come out as
//! written, for search and copy), and `pdftoppm` to print a page to pixels in which
//! the QR codes are then read (`rqrr`), as a phone's camera would.

use std::path::Path;
use std::process::Command;

use crate::skip_or_fail;

fn poppler(tool: &str, args: &[&str]) -> Option<Vec<u8>> {
    match Command::new(tool).args(args).output() {
        Ok(out) if out.status.success() => Some(out.stdout),
        Ok(out) => panic!(
            "{tool} {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ),
        Err(e) => {
            skip_or_fail(
                "Poppler (pdftotext)",
                &format!("{tool}: {e} (apt-get install poppler-utils)"),
                "MAMORI_REQUIRE_POPPLER",
            );
            None
        }
    }
}

/// The text of every page, or `None` (reported) without Poppler.
#[track_caller]
pub fn text(pdf: &Path) -> Option<String> {
    let out = poppler("pdftotext", &["-enc", "UTF-8", path(pdf), "-"])?;
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// The number of pages.
#[track_caller]
pub fn pages(pdf: &Path) -> Option<usize> {
    let out = poppler("pdfinfo", &[path(pdf)])?;
    String::from_utf8_lossy(&out)
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
}

/// The contents of the QR codes on page `page` (from 1), printed at 200 dpi.
#[track_caller]
pub fn qr_codes(pdf: &Path, page: usize) -> Option<Vec<String>> {
    let n = page.to_string();
    let pgm = poppler(
        "pdftoppm",
        &["-f", &n, "-l", &n, "-r", "200", "-gray", path(pdf)],
    )?;
    let (w, h, pixels) = parse_pgm(&pgm);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    Some(
        img.detect_grids()
            .into_iter()
            .filter_map(|g| g.decode().ok().map(|(_, content)| content))
            .collect(),
    )
}

fn path(p: &Path) -> &str {
    p.to_str().expect("a UTF-8 path")
}

/// A binary PGM (`P5`) as `pdftoppm -gray` writes it.
fn parse_pgm(b: &[u8]) -> (usize, usize, &[u8]) {
    let mut fields = Vec::new();
    let mut i = 0;
    while fields.len() < 4 {
        while b[i].is_ascii_whitespace() {
            i += 1;
        }
        let start = i;
        while !b[i].is_ascii_whitespace() {
            i += 1;
        }
        fields.push(std::str::from_utf8(&b[start..i]).expect("a PGM header"));
    }
    assert_eq!(fields[0], "P5", "pdftoppm -gray writes binary PGM");
    let w: usize = fields[1].parse().expect("PGM width");
    let h: usize = fields[2].parse().expect("PGM height");
    (w, h, &b[i + 1..i + 1 + w * h])
}

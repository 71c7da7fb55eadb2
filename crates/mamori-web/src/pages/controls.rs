//! Control catalogs, applied controls with evidence, the Statement of Applicability and the risk treatment plan.

mod applied;
mod catalogs;
mod soa;

use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use mamori_app::controls::evidence::EvidenceFile;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/controls" => get(applied::list),
        "/controls/new" => get(applied::new_page).post(applied::create),
        "/controls/plan" => get(soa::plan),
        "/controls/plan.xlsx" => get(soa::plan_xlsx),
        "/controls/plan.csv" => get(soa::plan_csv),
        "/controls/{id}" => get(applied::detail),
        "/controls/{id}/edit" => get(applied::edit_page).post(applied::update),
        "/evidence/{id}" => get(applied::download),
        "/evidence/{id}/delete" => post(applied::delete_evidence),
        "/catalogs" => get(catalogs::list),
        "/catalogs/import" => get(catalogs::import_page).post(catalogs::import_submit),
        "/catalogs/{id}" => get(catalogs::detail),
        "/catalogs/{id}/export.toml" => get(catalogs::export),
        "/soa/{catalog}" => get(soa::page),
        "/soa/{catalog}/entry" => post(soa::entry),
        "/soa/{catalog}/approve" => post(soa::approve),
        "/soa/{catalog}/export.xlsx" => get(soa::export_xlsx),
        "/soa/{catalog}/export.csv" => get(soa::export_csv),
        "/soa/{catalog}/print" => get(soa::print),
        "/soa/{catalog}/versions/{version}" => get(soa::version),
    }
}

// Evidence uploads get their own body limit (see `crate::router`).
route_table! {
    pub const UPLOAD_ROUTES = {
        "/controls/{id}/evidence" => post(applied::upload),
    }
}

/// A list typed into a textarea: commas (half- or full-width), 、, semicolons, spaces
/// and line breaks all separate entries.
pub(crate) fn split_list(raw: &str) -> Vec<String> {
    raw.split(|c: char| matches!(c, ',' | '，' | '、' | ';' | '；') || c.is_whitespace())
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_owned)
        .collect()
}

/// An ASCII-only rendering of a file name for the `filename=` fallback: anything but
/// letters, digits, `.`, `-` and `_` becomes `_`; never empty, never a dot file.
fn ascii_name(name: &str, ext: &str) -> String {
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = cleaned.trim_matches(|c| c == '.' || c == '_');
    if stem.is_empty() || !stem.to_ascii_lowercase().ends_with(&format!(".{ext}")) {
        format!("evidence.{ext}")
    } else {
        stem.to_owned()
    }
}

/// An evidence file as a download that no browser renders or runs: always an
/// attachment, typed by what the content was checked to be, sandboxed, not sniffed.
/// The stored SHA-256 goes along so the receiver can verify the copy.
pub(crate) fn evidence_download(f: EvidenceFile) -> Response {
    let ext = f.file_type.extension();
    let disposition = format!(
        "attachment; filename=\"{}\"; filename*=UTF-8''{}",
        ascii_name(&f.file_name, ext),
        form_urlencoded::byte_serialize(f.file_name.as_bytes()).collect::<String>()
    );
    let mut res = f.body.into_response();
    let h = res.headers_mut();
    h.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static(f.file_type.mime()),
    );
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    } else {
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment"),
        );
    }
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("sandbox; default-src 'none'"),
    );
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if let Ok(v) = HeaderValue::from_str(&f.sha256) {
        h.insert("x-checksum-sha256", v);
    }
    res
}

/// A byte count as people read it (KB / MB, one decimal).
pub(crate) fn size_text(bytes: i64) -> String {
    let b = bytes.max(0) as f64;
    if b < 1024.0 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.1} KB", b / 1024.0)
    } else {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn lists_split_on_the_separators_people_type() {
        assert_eq!(
            split_list("nist-csf-2.0:PR.AA-01, mic:3.1\n A-000001、A-000002；R-1"),
            vec![
                "nist-csf-2.0:PR.AA-01",
                "mic:3.1",
                "A-000001",
                "A-000002",
                "R-1"
            ]
        );
        assert!(split_list(" \n ,").is_empty());
    }

    #[test]
    fn fallback_file_names_are_plain_ascii_with_the_checked_extension() {
        assert_eq!(ascii_name("点検記録.pdf", "pdf"), "evidence.pdf");
        assert_eq!(ascii_name("report 2026.pdf", "pdf"), "report_2026.pdf");
        assert_eq!(ascii_name("a\"b.pdf", "pdf"), "a_b.pdf");
        assert_eq!(ascii_name("x.html", "pdf"), "evidence.pdf");
    }
}

//! Downloads: a table as CSV or Excel, named with the day it was made, and the
//! `Content-Disposition` every download carries.

use axum::body::Body;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mamori_app::AppError;

use crate::error::WebError;
use crate::i18n::Lang;

/// A download: the ASCII fallback name for old clients, the real (Japanese) one in
/// `filename*`. The body may be bytes or a stream.
pub fn attachment(body: impl Into<Body>, content_type: &'static str, filename: &str) -> Response {
    let disposition = format!(
        "attachment; filename=\"export.{}\"; filename*=UTF-8''{}",
        filename.rsplit('.').next().unwrap_or("csv"),
        percent_encode_attr(filename)
    );
    (
        [
            (header::CONTENT_TYPE, content_type.to_owned()),
            (header::CONTENT_DISPOSITION, disposition),
        ],
        body.into(),
    )
        .into_response()
}

/// A `filename*` value (RFC 8187): every byte but the attribute characters
/// percent-encoded, a space as `%20` (a `+` would be read as a plus sign).
pub(super) fn percent_encode_attr(value: &str) -> String {
    let mut out = String::with_capacity(value.len() * 3);
    for b in value.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A table as a CSV download named `{stem}.csv`.
pub fn csv_download(
    headers: &[&str],
    rows: &mut dyn Iterator<Item = Vec<String>>,
    stem: &str,
) -> Response {
    attachment(
        mamori_app::tabular::write_csv(headers, rows),
        "text/csv; charset=utf-8",
        &format!("{stem}.csv"),
    )
}

/// A table as an Excel download named `{stem}.xlsx`, on one sheet named `sheet`.
pub fn xlsx_download(
    sheet: &str,
    headers: &[&str],
    rows: &mut dyn Iterator<Item = Vec<String>>,
    stem: &str,
    lang: Lang,
) -> Result<Response, WebError> {
    let body = mamori_app::tabular::write_xlsx(sheet, headers, rows)
        .map_err(|e| WebError::new(AppError::Internal(e.to_string()), lang))?;
    Ok(attachment(
        body,
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        &format!("{stem}.xlsx"),
    ))
}

/// How a register is downloaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Download {
    Csv,
    Xlsx,
}

/// A register's rows as a download named `{stem}_{today}`: CSV, or Excel on one sheet
/// named `sheet`.
pub fn register_download(
    format: Download,
    (stem, sheet): (&str, &str),
    headers: &[&str],
    rows: Vec<Vec<String>>,
    today: chrono::NaiveDate,
    lang: Lang,
) -> Result<Response, WebError> {
    let name = dated(stem, today);
    match format {
        Download::Csv => Ok(csv_download(headers, &mut rows.into_iter(), &name)),
        Download::Xlsx => xlsx_download(sheet, headers, &mut rows.into_iter(), &name, lang),
    }
}

/// The headers of a table kept in both languages, in `lang`.
pub fn headers_in<'a>(headers: &[(&'a str, &'a str)], lang: Lang) -> Vec<&'a str> {
    headers
        .iter()
        .map(|(ja, en)| if lang == Lang::En { *en } else { *ja })
        .collect()
}

/// A download's name with the day it was made: `職員一覧_20260401`.
pub fn dated(name: &str, today: chrono::NaiveDate) -> String {
    format!("{name}_{}", today.format("%Y%m%d"))
}

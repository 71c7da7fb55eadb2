//! Server-rendered pages. Each handler: extract, call one use case, render.

mod account;
mod assets;
mod audit;
mod auth;
mod classification;
pub mod compliance;
pub mod controls;
mod dashboard;
mod departments;
pub mod directory;
mod download;
pub mod events;
mod form_input;
mod import;
pub mod incidents;
pub mod invitations;
pub mod media;
pub mod notify;
pub mod oidc;
pub mod physical;
pub mod policies;
pub mod review;
pub mod risks;
pub mod settings;
mod staff;
pub mod training;

use std::collections::HashMap;
use std::fmt::Display;

use askama::Template;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use mamori_app::AppError;
use mamori_app::departments::{DeptIndex, DeptNode};
use mamori_domain::{FieldError, Invalid, Problem};
use serde::Deserialize;

use crate::error::WebError;
use crate::i18n::{Lang, t, tf};
use crate::route_table::route_table;
use crate::session::Viewer;

pub use download::{
    Download, attachment, csv_download, dated, headers_in, register_download, xlsx_download,
};
pub(crate) use form_input::{Pairs, all, get, state_of};
pub use form_input::{Upload, read_upload};

route_table! {
    pub const ROUTES = {
        "/" => get(dashboard::page),
        "/login" => get(auth::login_page).post(auth::login_submit),
        "/login/mfa" => get(auth::mfa_page).post(auth::mfa_submit),
        "/logout" => post(auth::logout),
        "/setup" => get(auth::setup_page).post(auth::setup_submit),
        "/staff" => get(staff::list),
        "/staff/new" => get(staff::new_page).post(staff::create),
        "/staff/export.csv" => get(staff::export_csv),
        "/staff/export.xlsx" => get(staff::export_xlsx),
        "/staff/{id}" => get(staff::detail),
        "/staff/{id}/edit" => get(staff::edit_page).post(staff::update),
        "/staff/{id}/retire" => post(staff::retire),
        "/staff/{id}/roles" => post(staff::assign_role),
        "/staff/{id}/account" => post(staff::create_account),
        "/staff/{id}/account/reset" => post(staff::issue_reset),
        "/reset" => get(auth::reset_page).post(auth::reset_submit),
        "/roles" => get(staff::roles_overview),
        "/roles/{id}/remove" => post(staff::remove_role),
        "/departments" => get(departments::list),
        "/departments/new" => get(departments::new_page).post(departments::create),
        "/departments/{id}/edit" => get(departments::edit_page).post(departments::update),
        "/accounts" => get(account::accounts),
        "/account" => get(account::page),
        "/account/preferences" => post(account::preferences),
        "/account/lang" => post(account::switch_lang),
        "/account/password" => post(account::password),
        "/account/mfa" => get(account::mfa_page).post(account::mfa_confirm),
        "/account/mfa/disable" => post(account::mfa_disable),
        "/account/tokens" => post(account::create_token),
        "/account/tokens/{id}/revoke" => post(account::revoke_token),
        "/account/logout-everywhere" => post(account::logout_everywhere),
        "/audit" => get(audit::page),
        "/assets" => get(assets::list),
        "/assets/new" => get(assets::new_page).post(assets::create),
        "/assets/bulk" => post(assets::bulk),
        "/assets/export.csv" => get(assets::export_csv),
        "/assets/export.xlsx" => get(assets::export_xlsx),
        "/assets/print" => get(assets::print),
        "/assets/{id}" => get(assets::detail),
        "/assets/{id}/edit" => get(assets::edit_page).post(assets::update),
        "/assets/{id}/relations" => post(assets::relate),
        "/assets/{id}/relations/{rel}/remove" => post(assets::unrelate),
        "/classification" => get(classification::page),
        "/classification/add" => post(classification::add),
        "/classification/{id}/edit" => get(classification::edit_form).post(classification::edit_submit),
        "/classification/migrate" => get(classification::migrate_preview).post(classification::migrate_submit),
        "/org" => get(account::org_page).post(account::org_submit),
    }
}

// Routes that accept large uploads (they get their own body limit).
route_table! {
    pub const IMPORT_ROUTES = {
        "/import/staff" => get(import::staff_page).post(import::staff_upload),
        "/import/staff/{id}/commit" => post(import::staff_commit),
        "/import/assets" => get(import::assets_page).post(import::assets_upload),
        "/import/assets/{id}/commit" => post(import::assets_commit),
        "/import/attendance" => get(import::attendance_page).post(import::attendance_upload),
        "/import/attendance/{id}/commit" => post(import::attendance_commit),
        "/import/phishing" => get(import::phishing_page).post(import::phishing_upload),
        "/import/phishing/{id}/commit" => post(import::phishing_commit),
        "/import/entries" => get(import::entries_page).post(import::entries_upload),
        "/import/entries/{id}/commit" => post(import::entries_commit),
        "/import/media" => get(import::media_page).post(import::media_upload),
        "/import/media/{id}/commit" => post(import::media_commit),
    }
}

pub async fn not_found(v: Viewer) -> Response {
    WebError::not_found(v.lang).into_response()
}

/// Renders a template as an HTML response.
pub fn render<T: Template>(tpl: &T) -> Response {
    match tpl.render() {
        Ok(html) => Html(html).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "template failed");
            (
                StatusCode::INTERNAL_SERVER_ERROR,
                [(header::CONTENT_TYPE, "text/plain")],
                "template error",
            )
                .into_response()
        }
    }
}

/// Renders with a status (e.g. 422 for a form with errors).
pub fn render_status<T: Template>(status: StatusCode, tpl: &T) -> Response {
    let mut r = render(tpl);
    if r.status() == StatusCode::OK {
        *r.status_mut() = status;
    }
    r
}

/// The answer to a use case that failed: when the app refused the input, the page built
/// by `again` from the problems, with 422 so the form is shown again as filled in; any
/// other failure is the error page.
pub async fn reshow<T: Template>(
    e: AppError,
    lang: Lang,
    again: impl AsyncFnOnce(Invalid) -> Result<T, WebError>,
) -> Result<Response, WebError> {
    match e {
        AppError::Invalid(inv) => Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &again(inv).await?,
        )),
        e => Err(WebError::new(e, lang)),
    }
}

/// The answer to a form posted from a record's page: on success back to `back` with
/// the confirmation `key`; when the input was refused, the page again (built by
/// `again` from the form as sent with its problems), so the failed form shows filled in.
pub async fn answer_on_page<R, T: Template>(
    f: &crate::session::CsrfForm<Pairs>,
    r: mamori_app::AppResult<R>,
    (back, key): (&str, &str),
    again: impl AsyncFnOnce(FormState) -> Result<T, WebError>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match r {
        Ok(_) => Ok(done(back, key)),
        Err(e) => {
            reshow(e, lang, async |inv| {
                again(state_of(&f.form, lang).with_errors(inv)).await
            })
            .await
        }
    }
}

/// The answer to a form that creates a record: on success its page (`{base}/{id}`)
/// with the confirmation `key`; when refused, the page the form was on again.
pub async fn answer_created<T: Template>(
    f: &crate::session::CsrfForm<Pairs>,
    r: mamori_app::AppResult<uuid::Uuid>,
    (base, key): (&str, &str),
    again: impl AsyncFnOnce(FormState) -> Result<T, WebError>,
) -> Result<Response, WebError> {
    match r {
        Ok(id) => Ok(done(&format!("{base}/{id}"), key)),
        Err(e) => answer_on_page(f, Err::<(), _>(e), (base, ""), again).await,
    }
}

/// The text of the first problem of each field, in `lang`, joined (for pages that show
/// one line instead of marking fields).
pub fn problems(inv: &Invalid, lang: Lang) -> String {
    inv.0
        .iter()
        .map(|e| e.text(lang.code()).to_owned())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A problem a page finds in its own input (before the app sees it), worded from the
/// catalog in both languages like the app's own problems.
pub fn problem(key: &str, args: &[(&str, &dyn Display)]) -> Problem {
    Problem::new(tf(Lang::Ja, key, args), tf(Lang::En, key, args))
}

/// An optional date field: empty is `None`; otherwise an ISO or 和暦 date, or the
/// problem under `field`.
pub fn optional_date(raw: &str, field: &str) -> Result<Option<chrono::NaiveDate>, AppError> {
    if raw.trim().is_empty() {
        return Ok(None);
    }
    mamori_domain::wareki::parse_date(raw)
        .map(Some)
        .map_err(|p| AppError::from(p.at(field)))
}

/// The `?done=<message key>` a page gets after a redirect (see `done`).
#[derive(Deserialize, Default)]
pub struct DoneQuery {
    #[serde(default)]
    pub done: Option<String>,
}

/// A form with no fields but the CSRF token: a button.
#[derive(Deserialize, serde::Serialize)]
pub struct Empty {}

/// Redirect after a successful POST, with a one-time notice.
pub fn done(path: &str, key: &str) -> Response {
    let sep = if path.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{path}{sep}done={key}")).into_response()
}

/// The text fields of a flat serializable value (a form, a filter), by name.
pub fn text_fields<T: serde::Serialize>(v: &T) -> Vec<(String, String)> {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::Object(map)) => map
            .into_iter()
            .filter_map(|(k, v)| match v {
                serde_json::Value::String(v) => Some((k, v)),
                _ => None,
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// A filter as a query string: its non-empty text fields.
pub fn query_string<T: serde::Serialize>(v: &T) -> String {
    let mut s = form_urlencoded::Serializer::new(String::new());
    for (k, v) in text_fields(v) {
        if !v.is_empty() {
            s.append_pair(&k, &v);
        }
    }
    s.finish()
}

/// The title key, action and cancel link of a create-or-edit form for records under
/// `base` (`/staff`): a new record posts to `{base}/new` and cancels to the list; an
/// edit posts to `{base}/{id}/edit` and cancels to the record.
pub fn form_links(
    base: &str,
    (new_key, edit_key): (&'static str, &'static str),
    editing: Option<uuid::Uuid>,
) -> (&'static str, String, String) {
    match editing {
        None => (new_key, format!("{base}/new"), base.to_owned()),
        Some(id) => (
            edit_key,
            format!("{base}/{id}/edit"),
            format!("{base}/{id}"),
        ),
    }
}

/// A form as the user filled it, with the problems found.
#[derive(Debug, Clone, Default)]
pub struct FormState {
    pub lang_en: bool,
    pub values: HashMap<String, String>,
    pub errors: Vec<FieldError>,
}

impl FormState {
    pub fn new(lang: Lang) -> Self {
        Self {
            lang_en: lang == Lang::En,
            ..Default::default()
        }
    }

    /// A form filled with the text fields of `v`.
    pub fn of<T: serde::Serialize>(v: &T, lang: Lang) -> Self {
        text_fields(v)
            .into_iter()
            .fold(Self::new(lang), |f, (k, v)| f.with(&k, v))
    }

    pub fn with(mut self, k: &str, v: impl Into<String>) -> Self {
        self.values.insert(k.to_owned(), v.into());
        self
    }

    /// The form with the problems the app found.
    pub fn with_errors(mut self, inv: Invalid) -> Self {
        self.errors = inv.0;
        self
    }

    pub fn v(&self, k: &str) -> &str {
        self.values.get(k).map(String::as_str).unwrap_or("")
    }

    pub fn err(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.text(if self.lang_en { "en" } else { "ja" }))
    }

    pub fn invalid(&self, field: &str) -> bool {
        self.errors.iter().any(|e| e.field == field)
    }

    pub fn has_errors(&self) -> bool {
        !self.errors.is_empty()
    }

    pub fn text<'a>(&self, e: &'a FieldError) -> &'a str {
        e.text(if self.lang_en { "en" } else { "ja" })
    }
}

/// Context of pages shown before sign-in.
pub struct Anon {
    pub lang: Lang,
    pub path: String,
}

impl Anon {
    pub fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }

    pub fn other_lang(&self) -> &'static str {
        match self.lang {
            Lang::Ja => "en",
            Lang::En => "ja",
        }
    }

    pub fn switch_href(&self) -> String {
        format!("{}?lang={}", self.path, self.other_lang())
    }

    /// A version as people name it: 第2版, v2.
    pub fn ver<N: std::fmt::Display>(&self, n: N) -> String {
        crate::ctx::version_name(self.lang, n)
    }

    /// A date as the public reads it: 和暦 in Japanese, western in English.
    pub fn date<D: std::borrow::Borrow<Option<chrono::NaiveDate>>>(&self, d: D) -> String {
        d.borrow()
            .map(|d| crate::ctx::format_date(d, self.lang == Lang::Ja))
            .unwrap_or_default()
    }
}

/// A choice in a `<select>`: value and label.
pub struct Choice {
    pub value: String,
    pub label: String,
}

/// The choices of a coded enum (`AssetKind::ALL` …): its codes, labelled in `lang`.
pub fn choices<T: Copy>(
    all: &[T],
    code: fn(T) -> &'static str,
    label: fn(T, &str) -> &'static str,
    lang: Lang,
) -> Vec<Choice> {
    all.iter()
        .map(|v| Choice {
            value: code(*v).to_owned(),
            label: label(*v, lang.code()).to_owned(),
        })
        .collect()
}

/// A department in a `<select>`, indented by depth.
pub struct DeptOption {
    pub id: uuid::Uuid,
    pub code: String,
    pub name: String,
    pub depth: usize,
    pub kind_label: String,
    pub valid_from: Option<chrono::NaiveDate>,
    pub valid_to: Option<chrono::NaiveDate>,
    pub active: bool,
}

impl DeptOption {
    pub fn indent(&self) -> String {
        "　".repeat(self.depth)
    }
}

pub fn dept_options(idx: &DeptIndex, today: chrono::NaiveDate, lang: Lang) -> Vec<DeptOption> {
    idx.nodes(today)
        .into_iter()
        .map(|n: DeptNode| DeptOption {
            id: n.id,
            kind_label: mamori_domain::DepartmentKind::parse(&n.kind)
                .map(|k| k.label(lang.code()).to_owned())
                .unwrap_or_default(),
            code: n.code,
            name: n.name,
            depth: n.depth,
            valid_from: n.valid_from,
            valid_to: n.valid_to,
            active: n.active,
        })
        .collect()
}

/// Staff categories as (code, label) for selects.
pub fn category_options(lang: Lang) -> Vec<(&'static str, &'static str)> {
    mamori_domain::StaffCategory::ALL
        .iter()
        .map(|c| (c.code(), c.label(lang.code())))
        .collect()
}

/// Audit entries as rows for history tables.
pub struct HistoryRow {
    pub seq: i64,
    pub at: String,
    pub actor: String,
    pub source: String,
    pub action: String,
    pub object: String,
    pub link: Option<String>,
    pub changes: Vec<(String, String, String)>,
}

pub fn history_rows(
    entries: &[mamori_app::audit::AuditRecord],
    ctx: &crate::ctx::Ctx,
) -> Vec<HistoryRow> {
    let show = |v: &Option<serde_json::Value>| match v {
        None => String::new(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    entries
        .iter()
        .map(|e| {
            let link = match e.object_type.as_str() {
                "staff" if e.object_id != uuid::Uuid::nil().to_string() => {
                    Some(format!("/staff/{}", e.object_id))
                }
                "department" => Some(format!("/departments/{}/edit", e.object_id)),
                "asset" if e.object_id != uuid::Uuid::nil().to_string() && e.object_id != "*" => {
                    Some(format!("/assets/{}", e.object_id))
                }
                "risk" => Some(format!("/risks/{}", e.object_id)),
                "applied_control" => Some(format!("/controls/{}", e.object_id)),
                "campaign" => Some(format!("/risks/campaigns/{}", e.object_id)),
                _ => None,
            };
            HistoryRow {
                seq: e.seq,
                at: e
                    .at
                    .map(|t| ctx.time(&t))
                    .unwrap_or_else(|| e.at_text.clone()),
                actor: e.actor.clone(),
                source: e.source.clone(),
                action: e.action.clone(),
                object: format!(
                    "{}:{}",
                    e.object_type,
                    e.object_id.chars().take(8).collect::<String>()
                ),
                link,
                changes: e
                    .changes
                    .iter()
                    .map(|c| (c.field.clone(), show(&c.before), show(&c.after)))
                    .collect(),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn download_names_are_percent_encoded_for_filename_star() {
        assert_eq!(
            super::download::percent_encode_attr("情報資産台帳 2026.csv"),
            "%E6%83%85%E5%A0%B1%E8%B3%87%E7%94%A3%E5%8F%B0%E5%B8%B3%202026.csv"
        );
        assert_eq!(super::download::percent_encode_attr("a+b_c~"), "a+b_c~");
    }
}

//! Imports in the browser (staff list, asset ledger, attendance sheets, drill
//! reports, door logs): upload → preview → commit.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::import::{ImportKind, ImportOptions, ImportPlan, RowAction};
use mamori_domain::classification::Preset;
use uuid::Uuid;

use super::classification::{PresetOption, preset_options};
use super::{Empty, read_upload, render, render_status};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::{Lang, t};
use crate::session::{CsrfForm, SignedIn, check_csrf};

pub struct PreviewRow {
    row: usize,
    number: String,
    name: String,
    action: &'static str,
    changes: String,
}

#[derive(Template)]
#[template(path = "import.html")]
struct ImportPage {
    ctx: Ctx,
    /// `staff` or `assets`: the register, its form action and its wording.
    kind: &'static str,
    plan: Option<ImportPlan>,
    rows: Vec<PreviewRow>,
    filename: String,
    upload_id: String,
    upload_error: Option<String>,
    /// The upload form is offered until a file previews cleanly (then: commit, or start over).
    show_upload: bool,
    /// The classification presets an asset ledger may say it is written in.
    schemes: Vec<PresetOption>,
    /// The session or drill the rows belong to (attendance, drill reports).
    target: String,
}

fn preview_rows(plan: &ImportPlan, lang: Lang) -> Vec<PreviewRow> {
    plan.rows
        .iter()
        .filter(|r| !matches!(r.action, RowAction::Unchanged))
        .map(|r| PreviewRow {
            row: r.row,
            number: r.key.clone(),
            name: r.name.clone(),
            action: match r.action {
                RowAction::Create => t(lang, "import.creates"),
                RowAction::Update { .. } => t(lang, "import.updates"),
                RowAction::Unchanged => t(lang, "import.unchanged"),
            },
            changes: match &r.action {
                RowAction::Update { changes } => changes
                    .iter()
                    .map(|c| {
                        let v = |x: &Option<serde_json::Value>| match x {
                            Some(serde_json::Value::String(s)) => s.clone(),
                            Some(o) => o.to_string(),
                            None => String::new(),
                        };
                        format!("{}: {} → {}", c.field, v(&c.before), v(&c.after))
                    })
                    .collect::<Vec<_>>()
                    .join(" / "),
                _ => String::new(),
            },
        })
        .collect()
}

fn page_with(
    user: &SignedIn,
    kind: ImportKind,
    plan: Option<ImportPlan>,
    filename: String,
    upload_id: String,
    upload_error: Option<String>,
    target: Option<Uuid>,
) -> ImportPage {
    let rows = plan
        .as_ref()
        .map(|p| preview_rows(p, user.lang))
        .unwrap_or_default();
    let show_upload = plan.as_ref().is_none_or(|p| !p.is_ok());
    ImportPage {
        ctx: Ctx::new(user),
        kind: kind.code(),
        plan,
        rows,
        filename,
        upload_id,
        upload_error,
        show_upload,
        schemes: preset_options(user.lang, &Preset::ALL),
        target: target.map(|t| t.to_string()).unwrap_or_default(),
    }
}

/// `?target=` on the attendance and drill-report pages: the session or drill.
#[derive(serde::Deserialize, Default)]
pub struct TargetQuery {
    #[serde(default)]
    target: Option<Uuid>,
}

pub async fn staff_page(state: State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    page(state, user, ImportKind::Staff, None).await
}

pub async fn assets_page(state: State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    page(state, user, ImportKind::Assets, None).await
}

pub async fn attendance_page(
    state: State<WebState>,
    user: SignedIn,
    Query(q): Query<TargetQuery>,
) -> Result<Response, WebError> {
    page(state, user, ImportKind::Attendance, q.target).await
}

pub async fn phishing_page(
    state: State<WebState>,
    user: SignedIn,
    Query(q): Query<TargetQuery>,
) -> Result<Response, WebError> {
    page(state, user, ImportKind::Phishing, q.target).await
}

pub async fn entries_page(
    state: State<WebState>,
    user: SignedIn,
    q: Query<TargetQuery>,
) -> Result<Response, WebError> {
    page(state, user, ImportKind::Entries, q.target).await
}

pub async fn entries_upload(
    state: State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    upload(state, user, mp, ImportKind::Entries).await
}

pub async fn entries_commit(
    state: State<WebState>,
    id: Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    commit(state, id, f, ImportKind::Entries).await
}

pub async fn media_page(state: State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    page(state, user, ImportKind::Media, None).await
}

pub async fn media_upload(
    state: State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    upload(state, user, mp, ImportKind::Media).await
}

pub async fn media_commit(
    state: State<WebState>,
    id: Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    commit(state, id, f, ImportKind::Media).await
}

pub async fn attendance_upload(
    state: State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    upload(state, user, mp, ImportKind::Attendance).await
}

pub async fn phishing_upload(
    state: State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    upload(state, user, mp, ImportKind::Phishing).await
}

pub async fn attendance_commit(
    state: State<WebState>,
    id: Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    commit(state, id, f, ImportKind::Attendance).await
}

pub async fn phishing_commit(
    state: State<WebState>,
    id: Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    commit(state, id, f, ImportKind::Phishing).await
}

pub async fn staff_upload(
    state: State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    upload(state, user, mp, ImportKind::Staff).await
}

pub async fn assets_upload(
    state: State<WebState>,
    user: SignedIn,
    mp: Multipart,
) -> Result<Response, WebError> {
    upload(state, user, mp, ImportKind::Assets).await
}

async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    kind: ImportKind,
    target: Option<Uuid>,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), kind.capability())
        .await
        .lang(user.lang)?;
    Ok(render(&page_with(
        &user,
        kind,
        None,
        String::new(),
        String::new(),
        None,
        target,
    )))
}

async fn upload(
    State(state): State<WebState>,
    user: SignedIn,
    mp: Multipart,
    kind: ImportKind,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let up = read_upload(mp, lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let mut opts = ImportOptions {
        create_departments: up.field("create_departments") == "1",
        sheet: Some(up.field("sheet").trim().to_owned()).filter(|s| !s.is_empty()),
        ..ImportOptions::default()
    };
    opts.target = Uuid::parse_str(up.field("target").trim()).ok();
    let raw = up.field("scheme");
    if !raw.trim().is_empty() {
        // The form offers only presets; anything else is a forged request.
        opts.scheme = Some(Preset::parse(raw).map_err(|_| WebError::bad_request(lang))?);
    }
    let file = up.file.map(|(name, bytes)| {
        (
            if name.is_empty() {
                "upload".to_owned()
            } else {
                name
            },
            bytes,
        )
    });
    // Decide before looking at the upload, so those without the right learn nothing.
    state
        .app
        .authorize(user.actor(), kind.capability())
        .await
        .lang(lang)?;
    let Some((filename, bytes)) = file.filter(|(_, b)| !b.is_empty()) else {
        return Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &page_with(
                &user,
                kind,
                None,
                String::new(),
                String::new(),
                Some(t(lang, "import.choose_file").into()),
                opts.target,
            ),
        ));
    };
    let plan = state
        .app
        .import(user.actor(), kind, &bytes, &opts, false)
        .await
        .lang(lang)?;
    let id = if plan.is_ok() {
        state
            .app
            .stage_import(user.actor(), kind, &filename, bytes, &opts)
            .await
            .lang(lang)?
            .to_string()
    } else {
        String::new()
    };
    let status = if plan.is_ok() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    Ok(render_status(
        status,
        &page_with(&user, kind, Some(plan), filename, id, None, opts.target),
    ))
}

pub async fn staff_commit(
    state: State<WebState>,
    id: Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    commit(state, id, f, ImportKind::Staff).await
}

pub async fn assets_commit(
    state: State<WebState>,
    id: Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    commit(state, id, f, ImportKind::Assets).await
}

async fn commit(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
    kind: ImportKind,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .commit_staged_import(f.user.actor(), kind, id)
        .await
    {
        Ok((staged, plan)) => {
            let status = if plan.committed {
                StatusCode::OK
            } else {
                StatusCode::UNPROCESSABLE_ENTITY
            };
            let mut page = page_with(
                &f.user,
                staged.kind,
                Some(plan),
                staged.filename,
                String::new(),
                None,
                staged.options.target,
            );
            if status == StatusCode::OK {
                page.ctx.notice = Some(t(lang, "import.done"));
            }
            Ok(render_status(status, &page))
        }
        Err(AppError::NotFound) => Ok(render_status(
            StatusCode::NOT_FOUND,
            &page_with(
                &f.user,
                kind,
                None,
                String::new(),
                String::new(),
                Some(t(lang, "import.expired").into()),
                None,
            ),
        )),
        Err(e) => Err(WebError::new(e, lang)),
    }
}

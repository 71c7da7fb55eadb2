//! A version of a document: its text with a table of contents, the committee's
//! approval, moving it through review, editing a draft, the originals, and the
//! side-by-side difference between two versions.

use askama::Template;
use axum::extract::{Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::policies::acks::CampaignView;
use mamori_app::policies::{
    ApprovalInput, DiffView, DraftInput, StepInput, VersionView, text_from_file,
};
use mamori_domain::StaffCategory;
use mamori_domain::policy::Move;
use mamori_domain::policy::diff::{Change, SpanKind};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use mamori_app::review::committee::DecisionView;

use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::controls::{evidence_download, size_text};
use crate::pages::{
    Choice, DeptOption, DoneQuery, Empty, FormState, choices, dept_options, done, read_upload,
    render, render_status, reshow,
};
use crate::session::{CsrfForm, SignedIn, check_csrf};

#[derive(Template)]
#[template(path = "policy_version.html")]
struct VersionPage {
    ctx: Ctx,
    v: VersionView,
    /// The approval form (shown to approvers while the version is in review).
    approval: FormState,
    /// Problems with a move, a discard or an upload.
    action: FormState,
    /// This version's acknowledgement campaigns, and the form to start one.
    campaigns: Vec<CampaignView>,
    campaign: FormState,
    may_manage_acks: bool,
    categories: Vec<Choice>,
    depts: Vec<DeptOption>,
    /// The committee's decisions, whose number an approval may cite.
    decisions: Vec<DecisionView>,
}

impl VersionPage {
    fn status_is(&self, code: &str) -> bool {
        self.v.version.status.code() == code
    }

    fn size(&self, bytes: &i64) -> String {
        size_text(*bytes)
    }
}

/// The forms a version page carries, as filled in (or fresh).
struct Forms {
    approval: FormState,
    action: FormState,
    campaign: FormState,
}

impl Forms {
    fn fresh(state: &WebState, lang: crate::i18n::Lang) -> Self {
        let today = state.app.today();
        Self {
            approval: FormState::new(lang).with("effective_on", today.to_string()),
            action: FormState::new(lang),
            campaign: FormState::new(lang)
                .with("due_on", (today + chrono::Duration::days(30)).to_string())
                .with("remind_every_days", "7")
                .with("new_hire_days", "30"),
        }
    }
}

async fn version_page(
    state: &WebState,
    user: &SignedIn,
    (id, n): (Uuid, i32),
    ctx: Ctx,
    forms: Forms,
) -> Result<VersionPage, WebError> {
    let v = state
        .app
        .policy_version(user.actor(), id, n)
        .await
        .lang(user.lang)?;
    let campaigns = state
        .app
        .ack_campaigns(user.actor(), id)
        .await
        .lang(user.lang)?
        .into_iter()
        .filter(|c| c.version == n)
        .collect();
    let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
    Ok(VersionPage {
        ctx,
        v,
        approval: forms.approval,
        action: forms.action,
        campaign: forms.campaign,
        campaigns,
        may_manage_acks: user.actor().can(Capability::ManageAcknowledgements),
        categories: choices(
            &StaffCategory::ALL,
            StaffCategory::code,
            StaffCategory::label,
            user.lang,
        ),
        depts: dept_options(&idx, state.app.today(), user.lang),
        decisions: state
            .app
            .decision_choices(user.actor())
            .await
            .lang(user.lang)?,
    })
}

/// The version page showing the campaign form as filled in, with its problems.
pub(super) async fn version_page_with(
    state: &WebState,
    user: &SignedIn,
    key: (Uuid, i32),
    campaign: FormState,
) -> Result<impl Template, WebError> {
    let forms = Forms {
        campaign,
        ..Forms::fresh(state, user.lang)
    };
    version_page(state, user, key, Ctx::new(user), forms).await
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(key): Path<(Uuid, i32)>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let forms = Forms::fresh(&state, user.lang);
    Ok(render(&version_page(&state, &user, key, ctx, forms).await?))
}

#[derive(Template)]
#[template(path = "policy_edit.html")]
struct EditPage {
    ctx: Ctx,
    v: VersionView,
    form: FormState,
}

async fn edit_page(
    state: &WebState,
    user: &SignedIn,
    (id, n): (Uuid, i32),
    form: Option<FormState>,
) -> Result<EditPage, WebError> {
    let v = state
        .app
        .policy_draft(user.actor(), id, n)
        .await
        .lang(user.lang)?;
    let form = form.unwrap_or_else(|| {
        FormState::new(user.lang)
            .with("title", v.version.title.clone())
            .with("body", v.body.clone())
            .with("note", v.version.note.clone())
    });
    Ok(EditPage {
        ctx: Ctx::new(user),
        v,
        form,
    })
}

pub async fn edit(
    State(state): State<WebState>,
    user: SignedIn,
    Path(key): Path<(Uuid, i32)>,
) -> Result<Response, WebError> {
    Ok(render(&edit_page(&state, &user, key, None).await?))
}

pub async fn save(
    State(state): State<WebState>,
    Path((id, n)): Path<(Uuid, i32)>,
    f: CsrfForm<DraftInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .save_policy_draft(user.actor(), id, n, &f.form)
        .await
    {
        Ok(()) => Ok(done(&format!("/policies/{id}/v/{n}"), "policy.draft_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                edit_page(&state, user, (id, n), Some(form)).await
            })
            .await
        }
    }
}

/// Shows the version again with a problem of an action on it.
async fn action_failed(
    state: &WebState,
    user: &SignedIn,
    key: (Uuid, i32),
    e: mamori_app::AppError,
) -> Result<Response, WebError> {
    reshow(e, user.lang, async |inv| {
        let forms = Forms {
            action: FormState::new(user.lang).with_errors(inv),
            ..Forms::fresh(state, user.lang)
        };
        version_page(state, user, key, Ctx::new(user), forms).await
    })
    .await
}

pub async fn move_version(
    State(state): State<WebState>,
    Path((id, n)): Path<(Uuid, i32)>,
    f: CsrfForm<StepInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let step = f.form.step();
    match state
        .app
        .move_policy_version(user.actor(), id, n, step)
        .await
    {
        Ok(()) => Ok(done(
            &format!("/policies/{id}/v/{n}"),
            if step == Some(Move::Submit) {
                "policy.submitted"
            } else {
                "policy.returned"
            },
        )),
        Err(e) => action_failed(&state, user, (id, n), e).await,
    }
}

pub async fn approve(
    State(state): State<WebState>,
    Path((id, n)): Path<(Uuid, i32)>,
    f: CsrfForm<ApprovalInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .approve_policy_version(user.actor(), id, n, &f.form)
        .await
    {
        Ok(()) => Ok(done(&format!("/policies/{id}/v/{n}"), "policy.approved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let forms = Forms {
                    approval: FormState::of(&f.form, user.lang).with_errors(inv),
                    ..Forms::fresh(&state, user.lang)
                };
                version_page(&state, user, (id, n), Ctx::new(user), forms).await
            })
            .await
        }
    }
}

pub async fn discard(
    State(state): State<WebState>,
    Path((id, n)): Path<(Uuid, i32)>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.discard_policy_draft(user.actor(), id, n).await {
        Ok(()) => Ok(done(&format!("/policies/{id}"), "policy.discarded")),
        Err(e) => action_failed(&state, user, (id, n), e).await,
    }
}

/// `POST /policies/{id}/v/{version}/attachments` (multipart: `file`, `_csrf`).
pub async fn upload(
    State(state): State<WebState>,
    user: SignedIn,
    Path((id, n)): Path<(Uuid, i32)>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let up = read_upload(mp, user.lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let (name, bytes) = up.file.unwrap_or_default();
    match state
        .app
        .attach_policy_file(user.actor(), id, n, &name, bytes)
        .await
    {
        Ok(_) => Ok(done(&format!("/policies/{id}/v/{n}"), "policy.attached")),
        Err(e) => action_failed(&state, &user, (id, n), e).await,
    }
}

pub async fn download(
    State(state): State<WebState>,
    user: SignedIn,
    Path((id, file)): Path<(Uuid, Uuid)>,
) -> Result<Response, WebError> {
    let f = state
        .app
        .policy_attachment(user.actor(), id, file)
        .await
        .lang(user.lang)?;
    Ok(evidence_download(f))
}

/// `POST /policies/{id}/v/{version}/import` (multipart: `file`, `_csrf`): the draft's
/// edit page with the file's text in place of the body, to check before it is saved.
pub async fn import(
    State(state): State<WebState>,
    user: SignedIn,
    Path((id, n)): Path<(Uuid, i32)>,
    mp: Multipart,
) -> Result<Response, WebError> {
    let up = read_upload(mp, user.lang).await?;
    check_csrf(up.field("_csrf"), &user)?;
    let v = state
        .app
        .policy_draft(user.actor(), id, n)
        .await
        .lang(user.lang)?;
    let (_, bytes) = up.file.unwrap_or_default();
    let form = FormState::new(user.lang)
        .with("title", v.version.title.clone())
        .with("note", v.version.note.clone());
    match text_from_file(&bytes) {
        Ok(body) => Ok(render(&EditPage {
            ctx: Ctx::with_notice(&user, Some("policy.imported")),
            v,
            form: form.with("body", body),
        })),
        Err(inv) => Ok(render_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &EditPage {
                ctx: Ctx::new(&user),
                form: form.with("body", v.body.clone()).with_errors(inv),
                v,
            },
        )),
    }
}

#[derive(Deserialize, Default)]
pub struct DiffQuery {
    #[serde(default)]
    from: Option<i32>,
    #[serde(default)]
    to: Option<i32>,
}

#[derive(Template)]
#[template(path = "policy_diff.html")]
struct DiffPage {
    ctx: Ctx,
    d: DiffView,
    /// Every version, for the pickers.
    versions: Vec<i32>,
}

impl DiffPage {
    fn change_class(&self, c: &Change) -> &'static str {
        match c {
            Change::Same => "same",
            Change::Changed => "changed",
            Change::Added => "added",
            Change::Removed => "removed",
        }
    }

    fn span_class(&self, k: &SpanKind) -> &'static str {
        match k {
            SpanKind::Same => "",
            SpanKind::Deleted => "del",
            SpanKind::Inserted => "ins",
        }
    }
}

pub async fn diff(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DiffQuery>,
) -> Result<Response, WebError> {
    let doc = state
        .app
        .policy_document(user.actor(), id)
        .await
        .lang(user.lang)?;
    let versions: Vec<i32> = doc.versions.iter().map(|v| v.version).collect();
    let newest = versions.first().copied().unwrap_or(1);
    let to = q.to.unwrap_or(newest);
    let from = q.from.unwrap_or(to - 1).max(1);
    let d = state
        .app
        .policy_diff(user.actor(), id, from, to)
        .await
        .lang(user.lang)?;
    Ok(render(&DiffPage {
        ctx: Ctx::new(&user),
        d,
        versions,
    }))
}

//! Invitations: department officers and administrators issue one-time links for staff
//! without an account (a sheet of slips to print, or mail), and the person opens
//! theirs to choose a login and a password.

use askama::Template;
use axum::Form;
use axum::extract::{ConnectInfo, Query, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::AppError;
use mamori_app::invitations::{InvitationSheet, InviteInput};
use serde::Deserialize;

use super::{Anon, FormState, render, reshow};
use crate::WebState;
use crate::ctx::{Ctx, format_date};
use crate::error::{InLang, WebError};
use crate::i18n::{Lang, t};
use crate::route_table::route_table;
use crate::session::{CsrfForm, SignedIn, Viewer};

route_table! {
    pub const ROUTES = {
        "/admin/invitations" => get(page).post(issue),
        "/activate" => get(activate_page).post(activate),
    }
}

#[derive(Template)]
#[template(path = "invitations.html")]
struct InvitePage {
    ctx: Ctx,
    form: FormState,
    everyone: bool,
    departments: Vec<(String, String)>,
    /// After mailing: how many were queued.
    mailed: Option<usize>,
    without_address: Vec<String>,
    held_back: Vec<String>,
}

async fn invite_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    mailed: Option<&InvitationSheet>,
) -> Result<InvitePage, WebError> {
    let scope = state
        .app
        .invitation_scope(user.actor())
        .await
        .lang(user.lang)?;
    Ok(InvitePage {
        ctx: Ctx::new(user),
        form,
        everyone: scope.everyone,
        departments: scope.departments,
        mailed: mailed.map(|s| s.mailed),
        without_address: mailed
            .map(|s| s.without_address.clone())
            .unwrap_or_default(),
        held_back: mailed.map(|s| s.held_back.clone()).unwrap_or_default(),
    })
}

pub async fn page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let form = FormState::new(user.lang);
    Ok(render(&invite_page(&state, &user, form, None).await?))
}

/// The sheet of slips, a page of its own made for printing.
#[derive(Template)]
#[template(path = "invitation_sheet.html")]
pub struct SheetPage<'a> {
    pub lang: Lang,
    pub sheet: &'a InvitationSheet,
    pub expires: String,
    /// The stylesheet written in, for a sheet saved to a file; `None` links it.
    pub inline_css: Option<&'static str>,
    /// Where the "back" link goes, on the served page.
    pub back: Option<&'static str>,
}

impl SheetPage<'_> {
    fn t(&self, key: &str) -> &'static str {
        t(self.lang, key)
    }
}

/// The sheet as a file of its own (`mamori users invite --format html`).
pub fn sheet_file(sheet: &InvitationSheet, lang: Lang, wareki: bool) -> Result<String, String> {
    SheetPage {
        lang,
        sheet,
        expires: format_date(
            (sheet.expires_at + chrono::Duration::hours(9)).date_naive(),
            wareki,
        ),
        inline_css: Some(crate::static_files::SLIPS_CSS),
        back: None,
    }
    .render()
    .map_err(|e| e.to_string())
}

/// The address people reach this server at: the configured public URL, or the one
/// this request came to.
fn base_url(state: &WebState, headers: &HeaderMap) -> String {
    if let Some(u) = &state.app.config.public_url {
        return u.clone();
    }
    let host = headers
        .get(header::HOST)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("localhost");
    let scheme = if state.secure_cookies {
        "https"
    } else {
        "http"
    };
    format!("{scheme}://{host}")
}

/// The invitation form: the app's input, and how the sheet is wanted.
#[derive(Deserialize)]
pub struct IssueForm {
    #[serde(flatten)]
    input: InviteInput,
    /// `html` (a page to print) or `pdf`.
    #[serde(default)]
    format: String,
}

/// The links are shown once: never kept by a cache.
fn no_store(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::CACHE_CONTROL,
        header::HeaderValue::from_static("no-store"),
    );
    res
}

pub async fn issue(
    State(state): State<WebState>,
    headers: HeaderMap,
    f: CsrfForm<IssueForm>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let base = base_url(&state, &headers);
    let input = &f.form.input;
    match state.app.invite_staff(user.actor(), input, &base).await {
        Ok(sheet) if input.channel == "mail" => {
            let form = FormState::new(user.lang).with("channel", "mail");
            Ok(render(
                &invite_page(&state, user, form, Some(&sheet)).await?,
            ))
        }
        Ok(sheet) if f.form.format == "pdf" => {
            let pdf = crate::pdf::invitation_sheet(&sheet, user.lang, user.wareki)
                .map_err(|e| WebError::new(AppError::Internal(e), user.lang))?;
            Ok(no_store(
                (
                    [
                        (header::CONTENT_TYPE, "application/pdf"),
                        (
                            header::CONTENT_DISPOSITION,
                            "attachment; filename=\"invitations.pdf\"",
                        ),
                    ],
                    pdf,
                )
                    .into_response(),
            ))
        }
        Ok(sheet) => {
            let page = SheetPage {
                lang: user.lang,
                sheet: &sheet,
                expires: format_date(
                    (sheet.expires_at + chrono::Duration::hours(9)).date_naive(),
                    user.wareki,
                ),
                inline_css: None,
                back: Some("/admin/invitations"),
            };
            Ok(no_store(render(&page)))
        }
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::new(user.lang)
                    .with("department", input.department.clone())
                    .with("channel", input.channel.clone())
                    .with("days", input.days.clone())
                    .with("format", f.form.format.clone())
                    .with_errors(inv);
                invite_page(&state, user, form, None).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "activate.html")]
struct ActivatePage {
    a: Anon,
    token: String,
    name: String,
    org_name: String,
    expires: String,
    form: FormState,
}

#[derive(Deserialize, Default)]
pub struct TokenQuery {
    #[serde(default)]
    token: String,
}

fn invalid_link(lang: Lang) -> Response {
    crate::error::render_html(
        StatusCode::NOT_FOUND,
        crate::error::ErrorPage {
            lang,
            title: t(lang, "invite.activate_title"),
            body: t(lang, "invite.invalid").into(),
            reference: None,
            details: vec![],
        },
    )
}

async fn activate_view(
    state: &WebState,
    lang: Lang,
    token: &str,
    form: impl FnOnce(&str) -> FormState,
) -> Result<Option<ActivatePage>, WebError> {
    match state.app.invitation(token).await {
        Ok(v) => Ok(Some(ActivatePage {
            a: Anon {
                lang,
                path: format!("/activate?token={token}"),
            },
            token: token.to_owned(),
            name: v.name,
            org_name: v.org_name,
            expires: format_date(
                (v.expires_at + chrono::Duration::hours(9)).date_naive(),
                true,
            ),
            form: form(&v.suggested_login),
        })),
        Err(AppError::NotFound) => Ok(None),
        Err(e) => Err(WebError::new(e, lang)),
    }
}

pub async fn activate_page(
    State(state): State<WebState>,
    v: Viewer,
    Query(q): Query<TokenQuery>,
) -> Result<Response, WebError> {
    let page = activate_view(&state, v.lang, &q.token, |login| {
        FormState::new(v.lang).with("login", login)
    })
    .await?;
    Ok(match page {
        Some(p) => {
            let mut res = render(&p);
            res.headers_mut().insert(
                header::REFERRER_POLICY,
                header::HeaderValue::from_static("no-referrer"),
            );
            res
        }
        None => invalid_link(v.lang),
    })
}

#[derive(Deserialize)]
pub struct ActivateForm {
    token: String,
    #[serde(default)]
    login: String,
    #[serde(default)]
    password: String,
}

pub async fn activate(
    State(state): State<WebState>,
    v: Viewer,
    ConnectInfo(addr): ConnectInfo<std::net::SocketAddr>,
    Form(f): Form<ActivateForm>,
) -> Result<Response, WebError> {
    let source = addr.ip().to_string();
    match state
        .app
        .accept_invitation(&f.token, &f.login, &f.password, &source)
        .await
    {
        Ok(_) => Ok(Redirect::to("/login?done=activated").into_response()),
        Err(AppError::NotFound) => Ok(invalid_link(v.lang)),
        Err(e) => {
            reshow(e, v.lang, async |inv| {
                activate_view(&state, v.lang, &f.token, |_| {
                    FormState::new(v.lang)
                        .with("login", f.login.clone())
                        .with_errors(inv)
                })
                .await?
                .ok_or_else(|| WebError::new(AppError::NotFound, v.lang))
            })
            .await
        }
    }
}

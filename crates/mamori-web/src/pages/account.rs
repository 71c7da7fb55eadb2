//! The user's own settings (language, password, API tokens, two-factor authentication),
//! the accounts overview and the organization settings.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Redirect, Response};
use mamori_app::auth::TokenView;
use mamori_app::orgs::{OrgInput, OrgSettings};
use mamori_app::users::Preferences;
use serde::Deserialize;
use uuid::Uuid;

use super::{DoneQuery, Empty, FormState, done, optional_date, render, reshow};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "account.html")]
struct AccountPage {
    ctx: Ctx,
    mfa_enabled: bool,
    /// The directory keeps the password: no form to change it here.
    directory: bool,
    form: FormState,
    locale: String,
    date_style: String,
    tokens: Vec<TokenView>,
    new_token: Option<String>,
}

async fn account_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    new_token: Option<String>,
    done: Option<&str>,
) -> Result<AccountPage, WebError> {
    let uid = user.actor().user_id.unwrap_or_default();
    let tokens = state
        .app
        .tokens_of(user.actor(), uid)
        .await
        .lang(user.lang)?;
    Ok(AccountPage {
        ctx: Ctx::with_notice(user, done),
        mfa_enabled: user.info.user.mfa_enabled,
        directory: user.info.user.directory,
        form,
        locale: user.info.user.locale.clone(),
        date_style: user.info.user.date_style.clone(),
        tokens,
        new_token,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let p = account_page(
        &state,
        &user,
        FormState::new(user.lang),
        None,
        q.done.as_deref(),
    )
    .await?;
    Ok(render(&p))
}

#[derive(Deserialize)]
pub struct PrefsForm {
    locale: String,
    date_style: String,
}

pub async fn preferences(
    State(state): State<WebState>,
    f: CsrfForm<PrefsForm>,
) -> Result<Response, WebError> {
    let prefs = Preferences {
        locale: f.form.locale,
        date_style: f.form.date_style,
    };
    state
        .app
        .set_preferences(f.user.actor(), &prefs)
        .await
        .lang(f.user.lang)?;
    Ok(done("/account", "account.saved"))
}

#[derive(Deserialize)]
pub struct LangForm {
    lang: String,
    #[serde(default)]
    back: String,
}

/// The header's language switch: stores the choice as the user's preference.
pub async fn switch_lang(
    State(state): State<WebState>,
    f: CsrfForm<LangForm>,
) -> Result<Response, WebError> {
    let prefs = Preferences {
        locale: f.form.lang.clone(),
        date_style: f.user.info.user.date_style.clone(),
    };
    state
        .app
        .set_preferences(f.user.actor(), &prefs)
        .await
        .lang(f.user.lang)?;
    let back = if f.form.back.starts_with('/') && !f.form.back.starts_with("//") {
        f.form.back
    } else {
        "/".into()
    };
    Ok(Redirect::to(&back).into_response())
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
}

pub async fn password(
    State(state): State<WebState>,
    f: CsrfForm<PasswordForm>,
) -> Result<Response, WebError> {
    match state
        .app
        .change_password(
            f.user.actor(),
            &f.form.current_password,
            &f.form.new_password,
        )
        .await
    {
        Ok(()) => Ok(Redirect::to("/login?done=password").into_response()),
        Err(e) => {
            let lang = f.user.lang;
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang).with_errors(inv);
                account_page(&state, &f.user, form, None, None).await
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct TokenForm {
    name: String,
    #[serde(default)]
    expires: String,
}

pub async fn create_token(
    State(state): State<WebState>,
    f: CsrfForm<TokenForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let uid = f.user.actor().user_id.unwrap_or_default();
    let result = match optional_date(&f.form.expires, "expires") {
        Ok(day) => {
            // A token expires at the end of its last day in Japan (15:00 UTC).
            let expires = day
                .and_then(|d| d.and_hms_opt(15, 0, 0))
                .map(|t| t.and_utc());
            state
                .app
                .create_token(f.user.actor(), uid, &f.form.name, expires)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok((_, secret)) => {
            let page =
                account_page(&state, &f.user, FormState::new(lang), Some(secret), None).await?;
            Ok(render(&page))
        }
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang).with_errors(inv);
                account_page(&state, &f.user, form, None, None).await
            })
            .await
        }
    }
}

pub async fn revoke_token(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .revoke_token(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done("/account", "account.saved"))
}

pub async fn logout_everywhere(
    State(state): State<WebState>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .logout_everywhere(&f.user.info)
        .await
        .lang(f.user.lang)?;
    let mut res = Redirect::to("/login?done=logged_out").into_response();
    if let Ok(h) = format!(
        "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0",
        crate::session::SESSION_COOKIE
    )
    .parse()
    {
        res.headers_mut().insert(header::SET_COOKIE, h);
    }
    Ok(res)
}

pub struct AccountRow {
    login: String,
    name: String,
    staff_id: Uuid,
    last_login: String,
    disabled: bool,
}

#[derive(Template)]
#[template(path = "accounts.html")]
struct AccountsPage {
    ctx: Ctx,
    rows: Vec<AccountRow>,
}

pub async fn accounts(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let lang = user.lang;
    let users = state.app.accounts(user.actor()).await.lang(lang)?;
    let ctx = Ctx::new(&user);
    let names = state
        .app
        .staff_names(user.actor(), users.iter().map(|u| u.staff_id).collect())
        .await
        .lang(lang)?;
    let rows = users
        .iter()
        .map(|u| AccountRow {
            login: u.login.clone(),
            name: names.get(&u.staff_id).cloned().unwrap_or_default(),
            staff_id: u.staff_id,
            last_login: ctx.opt_time(&u.last_login_at),
            disabled: u.disabled,
        })
        .collect();
    Ok(render(&AccountsPage { ctx, rows }))
}

#[derive(Template)]
#[template(path = "org.html")]
struct OrgPage {
    ctx: Ctx,
    form: FormState,
}

pub async fn org_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let org = state.app.org_for_edit(user.actor()).await.lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("name", org.name)
        .with("code", org.code)
        .with("prefecture", org.prefecture_code.to_string())
        .with(
            "require_mfa_for_admins",
            if org.settings.require_mfa_for_admins {
                "1"
            } else {
                ""
            },
        );
    Ok(render(&OrgPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        form,
    }))
}

#[derive(Deserialize)]
pub struct OrgForm {
    name: String,
    code: String,
    #[serde(default)]
    prefecture: String,
    #[serde(default)]
    require_mfa_for_admins: String,
}

pub async fn org_submit(
    State(state): State<WebState>,
    f: CsrfForm<OrgForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let settings = OrgSettings {
        require_mfa_for_admins: f.form.require_mfa_for_admins == "1",
    };
    let input = OrgInput {
        name: f.form.name.clone(),
        code: f.form.code.clone(),
        prefecture: f.form.prefecture.clone(),
    };
    match state.app.update_org(f.user.actor(), &input, settings).await {
        Ok(_) => Ok(done("/org", "org.saved")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang)
                    .with("name", &f.form.name)
                    .with("code", &f.form.code)
                    .with("prefecture", &f.form.prefecture)
                    .with("require_mfa_for_admins", &f.form.require_mfa_for_admins)
                    .with_errors(inv);
                Ok(OrgPage {
                    ctx: Ctx::new(&f.user),
                    form,
                })
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "mfa.html")]
struct MfaPage {
    ctx: Ctx,
    form: FormState,
    required: bool,
    enabled: bool,
    codes_left: usize,
    enrollment: Option<mamori_app::mfa::TotpEnrollment>,
    recovery_codes: Vec<String>,
}

async fn mfa_view(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    recovery_codes: Vec<String>,
) -> Result<MfaPage, WebError> {
    let lang = user.lang;
    let u = &user.info.user;
    let enabled = u.mfa_enabled;
    let enrollment = if enabled || !recovery_codes.is_empty() {
        None
    } else {
        let org = state.app.org(user.actor()).await.lang(lang)?;
        Some(state.app.totp_enrollment(&org.name, &u.login).lang(lang)?)
    };
    Ok(MfaPage {
        ctx: Ctx::new(user),
        form,
        required: state.app.mfa_required(user.actor()).await.lang(lang)?,
        enabled,
        codes_left: u.recovery_codes_left,
        enrollment,
        recovery_codes,
    })
}

pub async fn mfa_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let page = mfa_view(&state, &user, FormState::new(user.lang), vec![]).await?;
    Ok(render(&page))
}

#[derive(Deserialize)]
pub struct MfaConfirmForm {
    secret: String,
    code: String,
}

pub async fn mfa_confirm(
    State(state): State<WebState>,
    f: CsrfForm<MfaConfirmForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .confirm_totp(f.user.actor(), &f.form.secret, &f.form.code)
        .await
    {
        Ok(codes) => {
            let page = mfa_view(&state, &f.user, FormState::new(lang), codes).await?;
            Ok(render(&page))
        }
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang).with_errors(inv);
                let mut page = mfa_view(&state, &f.user, form, vec![]).await?;
                // Keep the secret the user already scanned, so their app's entry stays valid.
                let org_name = state.app.org(f.user.actor()).await.lang(lang)?.name;
                if let Some(e) = page.enrollment.as_mut()
                    && let Ok(again) = state.app.totp_enrollment_for_secret(
                        &org_name,
                        &f.user.info.user.login,
                        &f.form.secret,
                    )
                {
                    *e = again;
                }
                Ok(page)
            })
            .await
        }
    }
}

#[derive(Deserialize)]
pub struct MfaDisableForm {
    password: String,
}

pub async fn mfa_disable(
    State(state): State<WebState>,
    f: CsrfForm<MfaDisableForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .disable_totp(f.user.actor(), &f.form.password)
        .await
    {
        Ok(()) => Ok(done("/account", "mfa.turned_off_done")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = FormState::new(lang).with_errors(inv);
                mfa_view(&state, &f.user, form, vec![]).await
            })
            .await
        }
    }
}

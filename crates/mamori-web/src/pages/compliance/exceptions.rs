//! The exception register with its filters and exports, asking for an exception, and
//! how exceptions are run.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::Page;
use mamori_app::authz::Capability;
use mamori_app::compliance::exceptions::{
    EXPORT_HEADERS, ExceptionCounts, ExceptionQuery, ExceptionSettingsInput, ExceptionView,
};
use mamori_domain::Role;
use mamori_domain::exception::{APPROVERS, Standing};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::exception_input;
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, Download, FormState, Pairs, choices, dept_options, done, get, query_string,
    register_download, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

/// The list's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub standing: String,
    pub department: String,
    pub rule: String,
    pub rule_kind: String,
    pub expiring: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> ExceptionQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ExceptionQuery {
            q: text(&self.q),
            department: Uuid::parse_str(self.department.trim()).ok(),
            standing: text(&self.standing),
            rule: text(&self.rule),
            rule_kind: text(&self.rule_kind),
            asset: None,
            expiring: self.expiring.trim().parse().ok(),
            page: self.page,
            per_page: Some(50),
        }
    }
}

#[derive(Template)]
#[template(path = "exception_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<ExceptionView>,
    counts: ExceptionCounts,
    p: ListParams,
    query: String,
    standings: Vec<Choice>,
    departments: Vec<DeptOption>,
    may_request: bool,
    may_configure: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state
        .app
        .exceptions(actor, &p.to_query())
        .await
        .lang(lang)?;
    let counts = state.app.exception_counts(actor).await.lang(lang)?;
    let idx = state.app.dept_index(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        counts,
        query: query_string(&p),
        standings: choices(&Standing::ALL, Standing::code, Standing::label, lang),
        departments: dept_options(&idx, state.app.today(), lang),
        may_request: actor.can(Capability::CreateExceptions),
        may_configure: actor.can(Capability::ManageCompliance),
        p,
    }))
}

/// The register under the list's filters, as a download.
async fn download(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
    format: Download,
) -> Result<Response, WebError> {
    let mut q = p.to_query();
    q.page = None;
    let rows = state
        .app
        .exceptions_table(user.actor(), &q)
        .await
        .lang(user.lang)?;
    register_download(
        format,
        ("exceptions", "例外措置"),
        &EXPORT_HEADERS,
        rows,
        state.app.today(),
        user.lang,
    )
}

super::register_exports!();

#[derive(Template)]
#[template(path = "exception_new.html")]
pub(super) struct FormPage {
    pub ctx: Ctx,
    pub form: FormState,
    pub departments: Vec<DeptOption>,
    /// Where the form is sent.
    pub action: String,
    /// The heading's message key.
    pub heading: &'static str,
    /// Whether the "urgent" box is offered (not when changing or renewing).
    pub new: bool,
    pub back: String,
}

impl FormPage {
    pub(super) async fn of(
        state: &WebState,
        user: &SignedIn,
        form: FormState,
        action: String,
        heading: &'static str,
        new: bool,
        back: String,
    ) -> Result<Self, WebError> {
        let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
        Ok(Self {
            ctx: Ctx::new(user),
            form,
            departments: dept_options(&idx, state.app.today(), user.lang),
            action,
            heading,
            new,
            back,
        })
    }
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::CreateExceptions)
        .await
        .lang(user.lang)?;
    let today = state.app.today();
    let form = FormState::new(user.lang).with("valid_from", today.to_string());
    Ok(render(
        &FormPage::of(
            &state,
            &user,
            form,
            "/exceptions/new".into(),
            "exception.new",
            true,
            "/exceptions".into(),
        )
        .await?,
    ))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .request_exception(user.actor(), &exception_input(&f.form), None)
        .await
    {
        Ok(id) => Ok(done(&format!("/exceptions/{id}"), "exception.requested")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    state_of(&f.form, user.lang).with_errors(inv),
                    "/exceptions/new".into(),
                    "exception.new",
                    true,
                    "/exceptions".into(),
                )
                .await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "exception_settings.html")]
struct SettingsPage {
    ctx: Ctx,
    form: FormState,
    approvers: Vec<Choice>,
}

fn approver_choices(lang: crate::i18n::Lang) -> Vec<Choice> {
    choices(&APPROVERS, Role::code, Role::label, lang)
}

pub async fn settings_page(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    let actor = user.actor();
    state
        .app
        .authorize(actor, Capability::ManageCompliance)
        .await
        .lang(user.lang)?;
    let s = state
        .app
        .compliance_settings(actor)
        .await
        .lang(user.lang)?
        .exceptions;
    let days: Vec<String> = s.remind_days.iter().map(u32::to_string).collect();
    let form = FormState::new(user.lang)
        .with("approver", s.approver.code())
        .with("report_days", s.report_days.to_string())
        .with("remind_days", days.join(", "));
    Ok(render(&SettingsPage {
        ctx: Ctx::new(&user),
        form,
        approvers: approver_choices(user.lang),
    }))
}

pub async fn save_settings(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let mut inv = mamori_domain::Invalid::new();
    let report_days = get(&f.form, "report_days")
        .trim()
        .parse::<u32>()
        .unwrap_or(0);
    let mut remind_days = Vec::new();
    for part in get(&f.form, "remind_days")
        .split([',', '、', ' ', '，'])
        .filter(|p| !p.trim().is_empty())
    {
        match part.trim().parse::<u32>() {
            Ok(d) => remind_days.push(d),
            Err(_) => inv.push(mamori_domain::FieldError::new(
                "remind_days",
                format!("「{part}」は日数として読み取れません。"),
                format!("\"{part}\" is not a number of days."),
            )),
        }
    }
    let input = ExceptionSettingsInput {
        approver: get(&f.form, "approver").into(),
        report_days,
        remind_days,
    };
    let r = if inv.is_empty() {
        state
            .app
            .save_exception_settings(user.actor(), &input)
            .await
    } else {
        Err(mamori_app::AppError::Invalid(inv))
    };
    match r {
        Ok(()) => Ok(done("/exceptions", "exception.settings_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(SettingsPage {
                    ctx: Ctx::new(user),
                    form: state_of(&f.form, user.lang).with_errors(inv),
                    approvers: approver_choices(user.lang),
                })
            })
            .await
        }
    }
}

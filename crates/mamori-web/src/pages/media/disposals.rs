//! Disposals: the list with its request form, the disposal log the committee reads
//! (printable A4, PDF, CSV and Excel), and the rules of how each confidentiality level
//! is disposed of.

use askama::Template;
use axum::extract::{Query, State};
use axum::http::header;
use axum::response::{IntoResponse, Response};
use mamori_app::authz::Capability;
use mamori_app::media::{
    DISPOSAL_HEADERS, DisposalInput, DisposalQuery, DisposalRulesInput, DisposalRulesView,
    DisposalView, LevelRuleInput,
};
use mamori_app::{Page, PageRequest};
use mamori_domain::media::disposal::Method;
use serde::{Deserialize, Serialize};

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DoneQuery, Download, FormState, Pairs, choices, done, get, query_string,
    register_download, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

/// The list's and the log's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub show: String,
    pub from: String,
    pub until: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> DisposalQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        DisposalQuery {
            show: text(&self.show),
            from: text(&self.from),
            until: text(&self.until),
        }
    }
}

#[derive(Template)]
#[template(path = "disposal_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<DisposalView>,
    p: ListParams,
    query: String,
    may_request: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state
        .app
        .disposals(actor, &p.to_query(), PageRequest::new(p.page, Some(50)))
        .await
        .lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        query: query_string(&p),
        may_request: actor.can(Capability::KeepMedia { department: None })
            || actor.can(Capability::CreateAssets),
        p,
    }))
}

#[derive(Template)]
#[template(path = "disposal_log.html")]
struct LogPage {
    ctx: Ctx,
    log: Vec<DisposalView>,
    p: ListParams,
    query: String,
}

impl LogPage {
    fn method(&self, d: &DisposalView) -> &'static str {
        d.method.label(self.ctx.lang.code())
    }
}

/// The disposal log as an A4 page to print.
pub async fn log(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let log = state
        .app
        .disposal_log(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    Ok(render(&LogPage {
        ctx: Ctx::new(&user),
        log,
        query: query_string(&p),
        p,
    }))
}

/// The disposal log as a PDF.
pub async fn log_pdf(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let log = state
        .app
        .disposal_log_export(user.actor(), &p.to_query())
        .await
        .lang(lang)?;
    let period = (p.from.trim(), p.until.trim());
    let bytes = crate::pdf::disposal_log(&log, period, lang)
        .map_err(|e| WebError::new(mamori_app::AppError::Internal(e), lang))?;
    Ok((
        [
            (header::CONTENT_TYPE, "application/pdf"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"disposal-log.pdf\"",
            ),
        ],
        bytes,
    )
        .into_response())
}

async fn download(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
    format: Download,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let rows = state
        .app
        .disposals_table(user.actor(), &p.to_query(), lang.code())
        .await
        .lang(lang)?;
    let headers = crate::pages::headers_in(&DISPOSAL_HEADERS, lang);
    register_download(
        format,
        ("disposals", "廃棄記録"),
        &headers,
        rows,
        state.app.today(),
        lang,
    )
}

crate::pages::compliance::register_exports!();

#[derive(Template)]
#[template(path = "disposal_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    methods: Vec<Choice>,
    rules: DisposalRulesView,
    /// The contractors of the register: (code, name).
    contractors: Vec<(String, String)>,
}

impl FormPage {
    fn method_label(&self, m: &Method) -> &'static str {
        m.label(self.ctx.lang.code())
    }
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
) -> Result<FormPage, WebError> {
    let lang = user.lang;
    let actor = user.actor();
    let contractors = if actor.can(Capability::ViewContractors) {
        state
            .app
            .contractors(actor, None)
            .await
            .lang(lang)?
            .into_iter()
            .map(|c| (c.number, c.name))
            .collect()
    } else {
        Vec::new()
    };
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        methods: choices(&Method::ALL, Method::code, Method::label, lang),
        rules: state.app.disposal_rules(actor).await.lang(lang)?,
        contractors,
    })
}

/// Prefills the items when the form is opened from an item's page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewParams {
    pub items: String,
}

pub async fn new_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<NewParams>,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ViewMedia)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("items", q.items.trim())
        .with("performer", "staff")
        .with("planned_on", state.app.today().to_string());
    Ok(render(&form_page(&state, &user, form).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let s = |n: &str| get(&f.form, n).to_owned();
    let input = DisposalInput {
        items: s("items"),
        what: s("what"),
        data: s("data"),
        level: s("level"),
        method: s("method"),
        performer: s("performer"),
        contractor: s("contractor"),
        performer_name: s("performer_name"),
        witness: s("witness"),
        planned_on: s("planned_on"),
        notes: s("notes"),
    };
    match state.app.request_disposal(user.actor(), &input).await {
        Ok(id) => Ok(done(&format!("/disposals/{id}"), "disposal.requested")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                form_page(&state, user, state_of(&f.form, user.lang).with_errors(inv)).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "disposal_rules.html")]
struct RulesPage {
    ctx: Ctx,
    rules: DisposalRulesView,
    methods: Vec<Choice>,
    form: FormState,
    may_set: bool,
}

impl RulesPage {
    fn allows(&self, level: &str, method: &str) -> bool {
        self.rules
            .levels
            .iter()
            .any(|l| l.level == level && l.methods.iter().any(|m| m.code() == method))
    }
}

async fn rules_of(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<RulesPage, WebError> {
    let lang = user.lang;
    Ok(RulesPage {
        ctx: Ctx::with_notice(user, done),
        rules: state.app.disposal_rules(user.actor()).await.lang(lang)?,
        methods: choices(&Method::ALL, Method::code, Method::label, lang),
        form: FormState::new(lang),
        may_set: user.actor().can(Capability::SetTakeoutRules),
    })
}

pub async fn rules_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&rules_of(&state, &user, q.done.as_deref()).await?))
}

/// The rules form sends, per level, `m_<level>_<method>` = 1 for each method allowed
/// and `w_<level>` = 1 when a witness is needed.
pub async fn save_rules(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let view = state
        .app
        .disposal_rules(f.user.actor())
        .await
        .lang(f.user.lang)?;
    let levels = view
        .levels
        .iter()
        .map(|l| {
            let methods: Vec<&str> = Method::ALL
                .into_iter()
                .filter(|m| get(&f.form, &format!("m_{}_{}", l.level, m.code())) == "1")
                .map(Method::code)
                .collect();
            (
                l.level.clone(),
                LevelRuleInput {
                    methods: methods.join(","),
                    witness: get(&f.form, &format!("w_{}", l.level)) == "1",
                },
            )
        })
        .collect();
    let r = state
        .app
        .set_disposal_rules(f.user.actor(), &DisposalRulesInput { levels })
        .await;
    crate::pages::answer_on_page(
        &f,
        r,
        ("/disposals/rules", "disposal.rules_saved"),
        async |form| {
            let mut p = rules_of(&state, &f.user, None).await?;
            p.form = form;
            Ok(p)
        },
    )
    .await
}

//! The contract register with its filters and exports, recording and changing a
//! contract, and its page: the clauses ticked, the assets, the sub-contractors with
//! their approval, and the periodic checks.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::Page;
use mamori_app::compliance::contractors::{
    CheckInput, ContractDetail, ContractInput, ContractQuery, ContractView, ContractorView,
    EXPORT_HEADERS, SubcontractApproval, SubcontractorInput,
};
use mamori_domain::contractor::{CheckKind, Standing};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, DoneQuery, Download, FormState, Pairs, all, answer_on_page, choices,
    dept_options, done, get, query_string, register_download, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

/// The list's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub contractor: String,
    pub department: String,
    pub standing: String,
    pub personal_data: String,
    pub unapproved: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> ContractQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ContractQuery {
            q: text(&self.q),
            contractor: Uuid::parse_str(self.contractor.trim()).ok(),
            department: Uuid::parse_str(self.department.trim()).ok(),
            standing: text(&self.standing),
            personal_data: (self.personal_data == "1").then_some(true),
            unapproved: (self.unapproved == "1").then_some(true),
            asset: None,
            page: self.page,
            per_page: Some(50),
        }
    }
}

#[derive(Template)]
#[template(path = "contract_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<ContractView>,
    p: ListParams,
    query: String,
    standings: Vec<Choice>,
    departments: Vec<DeptOption>,
    contractors: Vec<ContractorView>,
    may_create: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state.app.contracts(actor, &p.to_query()).await.lang(lang)?;
    let contractors = state.app.contractors(actor, None).await.lang(lang)?;
    let idx = state.app.dept_index(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        query: query_string(&p),
        standings: choices(&Standing::ALL, Standing::code, Standing::label, lang),
        departments: dept_options(&idx, state.app.today(), lang),
        contractors,
        may_create: actor.can(mamori_app::authz::Capability::KeepContractors),
        p,
    }))
}

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
        .contracts_table(user.actor(), &q)
        .await
        .lang(user.lang)?;
    register_download(
        format,
        ("contracts", "委託契約"),
        &EXPORT_HEADERS,
        rows,
        state.app.today(),
        user.lang,
    )
}

super::register_exports!();

/// A contract form as sent (clauses as several values, assets one per line).
fn contract_input(f: &Pairs) -> ContractInput {
    ContractInput {
        contractor: Uuid::parse_str(get(f, "contractor").trim()).ok(),
        subject: get(f, "subject").into(),
        department: Uuid::parse_str(get(f, "department").trim()).ok(),
        starts_on: get(f, "starts_on").into(),
        ends_on: get(f, "ends_on").into(),
        personal_data: get(f, "personal_data") == "1",
        my_number: get(f, "my_number") == "1",
        clauses: all(f, "clauses").map(str::to_owned).collect(),
        assets: get(f, "assets")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        notes: get(f, "notes").into(),
    }
}

/// A contract form as sent, to show again (the clauses joined).
fn contract_form(f: &Pairs, lang: crate::i18n::Lang) -> FormState {
    state_of(f, lang).with("clauses", all(f, "clauses").collect::<Vec<_>>().join(","))
}

#[derive(Template)]
#[template(path = "contract_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    contractors: Vec<ContractorView>,
    departments: Vec<DeptOption>,
    /// The template's clauses: code and label.
    clauses: Vec<(String, String)>,
    heading: &'static str,
    action: String,
    back: String,
}

impl FormPage {
    /// Whether the form has the clause ticked.
    fn ticked(&self, code: &str) -> bool {
        self.form.v("clauses").split(',').any(|c| c == code)
    }

    async fn of(
        state: &WebState,
        user: &SignedIn,
        form: FormState,
        editing: Option<Uuid>,
    ) -> Result<Self, WebError> {
        let actor = user.actor();
        let contractors = state.app.contractors(actor, None).await.lang(user.lang)?;
        let idx = state.app.dept_index(actor).await.lang(user.lang)?;
        let text = state
            .app
            .contract_clauses_text(actor)
            .await
            .lang(user.lang)?;
        let en = user.lang == crate::i18n::Lang::En;
        let clauses = text
            .lines()
            .map(|l| {
                let p: Vec<&str> = l.split('|').collect();
                let label = if en { p.get(2) } else { p.get(1) };
                (p[0].to_owned(), label.copied().unwrap_or(p[0]).to_owned())
            })
            .collect();
        let (heading, action, back) =
            crate::pages::form_links("/contracts", ("contract.new", "contract.edit"), editing);
        Ok(Self {
            ctx: Ctx::new(user),
            form,
            contractors,
            departments: dept_options(&idx, state.app.today(), user.lang),
            clauses,
            heading,
            action,
            back,
        })
    }
}

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewParams {
    pub contractor: String,
}

pub async fn new_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<NewParams>,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), mamori_app::authz::Capability::KeepContractors)
        .await
        .lang(user.lang)?;
    let text = state
        .app
        .contract_clauses_text(user.actor())
        .await
        .lang(user.lang)?;
    let every: Vec<&str> = text.lines().filter_map(|l| l.split('|').next()).collect();
    let form = FormState::new(user.lang)
        .with("contractor", p.contractor)
        .with("clauses", every.join(","));
    Ok(render(&FormPage::of(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_contract(user.actor(), &contract_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/contracts/{id}"), "contract.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    contract_form(&f.form, user.lang).with_errors(inv),
                    None,
                )
                .await
            })
            .await
        }
    }
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let d = state.app.contract(user.actor(), id).await.lang(user.lang)?;
    state
        .app
        .authorize(
            user.actor(),
            mamori_app::authz::Capability::EditContract {
                department: d.contract.department_id,
            },
        )
        .await
        .lang(user.lang)?;
    let c = &d.contract;
    let assets: Vec<&str> = d
        .assets
        .iter()
        .filter_map(|a| a.label.split_whitespace().next())
        .collect();
    let flag = |b: bool| if b { "1" } else { "" };
    let form = FormState::new(user.lang)
        .with("contractor", c.contractor_id.to_string())
        .with("subject", c.subject.clone())
        .with(
            "department",
            c.department_id.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with("starts_on", c.starts_on.to_string())
        .with("ends_on", c.ends_on.to_string())
        .with("personal_data", flag(c.personal_data))
        .with("my_number", flag(c.my_number))
        .with("clauses", c.clauses.join(","))
        .with("assets", assets.join("\n"))
        .with("notes", c.notes.clone());
    Ok(render(&FormPage::of(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .update_contract(user.actor(), id, &contract_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/contracts/{id}"), "contract.saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    contract_form(&f.form, user.lang).with_errors(inv),
                    Some(id),
                )
                .await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "contract_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: ContractDetail,
    contractors: Vec<ContractorView>,
    kinds: Vec<Choice>,
    /// The sub-contractor, approval and check forms as sent, with their problems.
    sub: FormState,
    approval: FormState,
    check: FormState,
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state.app.contract(user.actor(), id).await.lang(user.lang)?;
    let contractors = state
        .app
        .contractors(user.actor(), None)
        .await
        .lang(user.lang)?;
    let today = state.app.today().to_string();
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, notice),
        d,
        contractors,
        kinds: choices(
            &CheckKind::ALL,
            CheckKind::code,
            CheckKind::label,
            user.lang,
        ),
        sub: FormState::new(user.lang),
        approval: FormState::new(user.lang).with("approved_on", today.clone()),
        check: FormState::new(user.lang).with("checked_on", today),
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&detail(&state, &user, id, q.done.as_deref()).await?))
}

pub async fn add_subcontractor(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = SubcontractorInput {
        contractor: Uuid::parse_str(get(&f.form, "contractor").trim()).ok(),
        scope: get(&f.form, "scope").into(),
    };
    let r = state
        .app
        .add_subcontractor(f.user.actor(), id, &input)
        .await;
    answer_on_page(
        &f,
        r,
        (&format!("/contracts/{id}"), "contract.sub_added"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.sub = form;
            Ok(p)
        },
    )
    .await
}

pub async fn approve(
    State(state): State<WebState>,
    Path((id, sid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = SubcontractApproval {
        approved_on: get(&f.form, "approved_on").into(),
        approval_ref: get(&f.form, "approval_ref").into(),
    };
    let r = state
        .app
        .approve_subcontractor(f.user.actor(), id, sid, &input)
        .await;
    answer_on_page(
        &f,
        r,
        (&format!("/contracts/{id}"), "contract.sub_approved"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.approval = form;
            Ok(p)
        },
    )
    .await
}

pub async fn add_check(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = CheckInput {
        checked_on: get(&f.form, "checked_on").into(),
        kind: get(&f.form, "kind").into(),
        findings: get(&f.form, "findings").into(),
        issues: get(&f.form, "issues") == "1",
    };
    let r = state
        .app
        .record_contract_check(f.user.actor(), id, &input)
        .await;
    answer_on_page(
        &f,
        r,
        (&format!("/contracts/{id}"), "contract.checked"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.check = form;
            Ok(p)
        },
    )
    .await
}

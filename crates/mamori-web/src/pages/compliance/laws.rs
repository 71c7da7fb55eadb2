//! The laws and obligations register: the list with its filters and exports, the
//! compliance view (obligations nothing meets, laws owed a review), adding a law, and
//! adding the standard set's missing entries.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::compliance::laws::{
    EXPORT_HEADERS, LawCounts, LawInput, LawQuery, LawView, LawsCompliance,
};
use mamori_domain::law::{Kind, Review};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, Download, FormState, Pairs, all, choices, dept_options, done, get,
    query_string, register_download, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

/// The list's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub kind: String,
    pub department: String,
    pub review: String,
    pub unlinked: String,
    pub repealed: String,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> LawQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        LawQuery {
            q: text(&self.q),
            kind: text(&self.kind),
            department: Uuid::parse_str(self.department.trim()).ok(),
            review: text(&self.review),
            unlinked: (self.unlinked == "1").then_some(true),
            repealed: (self.repealed == "1").then_some(true),
        }
    }
}

#[derive(Template)]
#[template(path = "law_list.html")]
struct ListPage {
    ctx: Ctx,
    laws: Vec<LawView>,
    counts: LawCounts,
    p: ListParams,
    query: String,
    kinds: Vec<Choice>,
    reviews: Vec<Choice>,
    departments: Vec<DeptOption>,
    may_manage: bool,
    /// Entries of the standard set the organization lacks.
    missing: usize,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let laws = state.app.laws(actor, &p.to_query()).await.lang(lang)?;
    let counts = state.app.law_counts(actor).await.lang(lang)?;
    let missing = state.app.missing_standard_laws(actor).await.lang(lang)?;
    let idx = state.app.dept_index(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        laws,
        counts,
        query: query_string(&p),
        kinds: choices(&Kind::ALL, Kind::code, Kind::label, lang),
        reviews: choices(&Review::ALL, Review::code, Review::label, lang),
        departments: dept_options(&idx, state.app.today(), lang),
        may_manage: actor.can(Capability::ManageCompliance),
        missing,
        p,
    }))
}

#[derive(Template)]
#[template(path = "law_compliance.html")]
struct CompliancePage {
    ctx: Ctx,
    c: LawsCompliance,
}

pub async fn compliance(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    let c = state
        .app
        .laws_compliance(user.actor())
        .await
        .lang(user.lang)?;
    Ok(render(&CompliancePage {
        ctx: Ctx::new(&user),
        c,
    }))
}

/// The register under the list's filters, as a download.
async fn download(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
    format: Download,
) -> Result<Response, WebError> {
    let rows = state
        .app
        .laws_table(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    register_download(
        format,
        ("laws", "法令等"),
        &EXPORT_HEADERS,
        rows,
        state.app.today(),
        user.lang,
    )
}

super::register_exports!();

pub async fn seed(State(state): State<WebState>, f: CsrfForm<Pairs>) -> Result<Response, WebError> {
    state
        .app
        .seed_standard_laws(f.user.actor())
        .await
        .lang(f.user.lang)?;
    Ok(done("/laws", "law.seeded"))
}

/// A law form as sent (departments as several values).
pub(super) fn law_input(f: &Pairs) -> LawInput {
    LawInput {
        title: get(f, "title").into(),
        kind: get(f, "kind").into(),
        reference: get(f, "reference").into(),
        owner_department: Uuid::parse_str(get(f, "owner_department").trim()).ok(),
        applies_all: get(f, "applies_all") == "1",
        departments: all(f, "departments")
            .filter_map(|d| Uuid::parse_str(d.trim()).ok())
            .collect(),
        review_months: get(f, "review_months").trim().parse().unwrap_or(0),
        next_review: get(f, "next_review").into(),
        notes: get(f, "notes").into(),
    }
}

/// A law form as sent, to show again (the departments joined).
pub(super) fn law_form(f: &Pairs, lang: crate::i18n::Lang) -> FormState {
    state_of(f, lang).with(
        "departments",
        all(f, "departments").collect::<Vec<_>>().join(","),
    )
}

#[derive(Template)]
#[template(path = "law_form.html")]
pub(super) struct FormPage {
    pub ctx: Ctx,
    pub form: FormState,
    pub kinds: Vec<Choice>,
    pub departments: Vec<DeptOption>,
    pub action: String,
    /// The heading's message key.
    pub heading: &'static str,
    pub back: String,
}

impl FormPage {
    pub(super) async fn of(
        state: &WebState,
        user: &SignedIn,
        form: FormState,
        editing: Option<Uuid>,
    ) -> Result<Self, WebError> {
        let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
        let (heading, action, back) =
            crate::pages::form_links("/laws", ("law.new", "law.edit"), editing);
        Ok(Self {
            ctx: Ctx::new(user),
            form,
            kinds: choices(&Kind::ALL, Kind::code, Kind::label, user.lang),
            departments: dept_options(&idx, state.app.today(), user.lang),
            action,
            heading,
            back,
        })
    }
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ManageCompliance)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("kind", Kind::Law.code())
        .with("applies_all", "1")
        .with("review_months", "12");
    Ok(render(&FormPage::of(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_law(user.actor(), &law_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/laws/{id}"), "law.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    law_form(&f.form, user.lang).with_errors(inv),
                    None,
                )
                .await
            })
            .await
        }
    }
}

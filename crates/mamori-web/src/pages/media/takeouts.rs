//! Take-outs: the list (open, out, overdue, the reader's own) with its exports, the
//! request form, and the rules of who approves them.

use askama::Template;
use axum::extract::{Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::media::{
    TAKEOUT_HEADERS, TakeoutInput, TakeoutQuery, TakeoutRulesInput, TakeoutRulesView, TakeoutView,
};
use mamori_app::{Page, PageRequest};
use mamori_domain::media::takeout::Measure;
use serde::{Deserialize, Serialize};

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DoneQuery, Download, FormState, Pairs, choices, done, get, query_string,
    register_download, render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

/// The list's query string as typed.
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct ListParams {
    pub show: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> TakeoutQuery {
        TakeoutQuery {
            show: Some(self.show.trim().to_owned()).filter(|s| !s.is_empty()),
        }
    }
}

#[derive(Template)]
#[template(path = "takeout_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<TakeoutView>,
    p: ListParams,
    query: String,
    /// Whether the reader sees every take-out, not only their own.
    sees_all: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state
        .app
        .takeouts(actor, &p.to_query(), PageRequest::new(p.page, Some(50)))
        .await
        .lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        query: query_string(&p),
        sees_all: actor.can(Capability::ViewMedia),
        p,
    }))
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
        .takeouts_table(user.actor(), &p.to_query(), lang.code())
        .await
        .lang(lang)?;
    let headers = crate::pages::headers_in(&TAKEOUT_HEADERS, lang);
    register_download(
        format,
        ("takeouts", "持ち出し"),
        &headers,
        rows,
        state.app.today(),
        lang,
    )
}

crate::pages::compliance::register_exports!();

#[derive(Template)]
#[template(path = "takeout_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    measures: Vec<Choice>,
    rules: TakeoutRulesView,
}

impl FormPage {
    fn measure_checked(&self, code: &str) -> bool {
        self.form.v(&format!("measure_{code}")) == "1"
    }

    fn role_label(&self, r: &mamori_domain::Role) -> &'static str {
        r.label(self.ctx.lang.code())
    }
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
) -> Result<FormPage, WebError> {
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        measures: choices(&Measure::ALL, Measure::code, Measure::label, user.lang),
        rules: state
            .app
            .takeout_rules(user.actor())
            .await
            .lang(user.lang)?,
    })
}

/// Prefills the item's number when the form is opened from an item's page.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewParams {
    pub item: String,
}

pub async fn new_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<NewParams>,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::RequestTakeout)
        .await
        .lang(user.lang)?;
    let today = state.app.today();
    let form = FormState::new(user.lang)
        .with("item", q.item.trim())
        .with("out_on", today.to_string())
        .with("due_on", today.to_string());
    Ok(render(&form_page(&state, &user, form).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let s = |n: &str| get(&f.form, n).to_owned();
    let measures: Vec<&str> = Measure::ALL
        .into_iter()
        .filter(|m| get(&f.form, &format!("measure_{}", m.code())) == "1")
        .map(Measure::code)
        .collect();
    let input = TakeoutInput {
        item: s("item"),
        what: s("what"),
        data: s("data"),
        level: s("level"),
        purpose: s("purpose"),
        destination: s("destination"),
        out_on: s("out_on"),
        due_on: s("due_on"),
        measures: measures.join(","),
    };
    match state.app.request_takeout(user.actor(), &input).await {
        Ok(id) => Ok(done(&format!("/takeouts/{id}"), "takeout.requested")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                form_page(&state, user, state_of(&f.form, user.lang).with_errors(inv)).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "takeout_rules.html")]
struct RulesPage {
    ctx: Ctx,
    rules: TakeoutRulesView,
    roles: Vec<Choice>,
    form: FormState,
    may_set: bool,
}

async fn rules_of(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<RulesPage, WebError> {
    let lang = user.lang;
    use mamori_domain::Role;
    let approvers = [
        Role::SectionManager,
        Role::DeptOfficer,
        Role::DeputyCiso,
        Role::Ciso,
    ];
    Ok(RulesPage {
        ctx: Ctx::with_notice(user, done),
        rules: state.app.takeout_rules(user.actor()).await.lang(lang)?,
        roles: choices(&approvers, Role::code, Role::label, lang),
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

pub async fn save_rules(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let approvers = f
        .form
        .iter()
        .filter_map(|(k, v)| k.strip_prefix("level_").map(|l| (l.to_owned(), v.clone())))
        .collect();
    let r = state
        .app
        .set_takeout_rules(f.user.actor(), &TakeoutRulesInput { approvers })
        .await;
    crate::pages::answer_on_page(
        &f,
        r,
        ("/takeouts/rules", "takeout.rules_saved"),
        async |form| {
            let mut p = rules_of(&state, &f.user, None).await?;
            p.form = form;
            Ok(p)
        },
    )
    .await
}

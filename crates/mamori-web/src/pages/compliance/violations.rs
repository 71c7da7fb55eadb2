//! Violation records on the screens, for the designated roles only (to anyone else
//! every page here is a 404): the list with counts and its export, recording one, its page with the
//! assessment, decision, explanation, measures and closing, and the settings (who
//! reads them, how long they are kept, the guidance table).

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::compliance::violations::{
    AssessInput, DecideInput, EXPORT_HEADERS, ExplanationInput, MeasureInput, ViolationCounts,
    ViolationInput, ViolationView,
};
use mamori_app::{Page, PageRequest};
use mamori_domain::Role;
use mamori_domain::violation::{
    Culpability, Guidance, GuidanceRow, Impact, Measure, READERS, Settings,
};
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use mamori_app::review::committee::DecisionView;

use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DoneQuery, Download, FormState, Pairs, all, choices, done, get, register_download,
    render, reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    state: String,
    page: Option<u64>,
    done: Option<String>,
}

#[derive(Template)]
#[template(path = "violation_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<ViolationView>,
    counts: ViolationCounts,
    state: String,
    states: Vec<Choice>,
}

impl ListPage {
    fn state_label(&self, code: &str) -> &'static str {
        mamori_domain::violation::State::from_code(code)
            .map_or("", |s| s.label(if self.ctx.is_en() { "en" } else { "ja" }))
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state
        .app
        .violations(actor, Some(&p.state), PageRequest::new(p.page, Some(50)))
        .await
        .lang(lang)?;
    let counts = state.app.violation_counts(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        counts,
        states: choices(
            &mamori_domain::violation::State::ALL,
            mamori_domain::violation::State::code,
            mamori_domain::violation::State::label,
            lang,
        ),
        state: p.state,
    }))
}

async fn download(
    state: &WebState,
    user: &SignedIn,
    p: &ListParams,
    format: Download,
) -> Result<Response, WebError> {
    let rows = state
        .app
        .violations_table(user.actor(), Some(&p.state))
        .await
        .lang(user.lang)?;
    register_download(
        format,
        ("violations", "違反の記録"),
        &EXPORT_HEADERS,
        rows,
        state.app.today(),
        user.lang,
    )
}

super::register_exports!();

#[derive(Template)]
#[template(path = "violation_new.html")]
struct NewPage {
    ctx: Ctx,
    form: FormState,
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    // Only the designated readers reach the form; to others it is not there.
    state
        .app
        .violations(user.actor(), None, PageRequest::new(Some(1), Some(1)))
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang).with("found_on", state.app.today().to_string());
    Ok(render(&NewPage {
        ctx: Ctx::new(&user),
        form,
    }))
}

fn violation_input(f: &Pairs) -> ViolationInput {
    ViolationInput {
        title: get(f, "title").into(),
        employee_number: get(f, "employee_number").trim().into(),
        person_name: get(f, "person_name").into(),
        person_company: get(f, "person_company").into(),
        rule: get(f, "rule").into(),
        what: get(f, "what").into(),
        occurred_on: get(f, "occurred_on").into(),
        found_on: get(f, "found_on").into(),
        found_by: get(f, "found_by").into(),
        evidence: get(f, "evidence").into(),
        incident: get(f, "incident").into(),
        assets: get(f, "assets")
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect(),
        confirmed: get(f, "confirmed") == "1",
    }
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .record_violation(user.actor(), &violation_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/violations/{id}"), "violation.recorded")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(NewPage {
                    ctx: Ctx::new(user),
                    form: state_of(&f.form, user.lang).with_errors(inv),
                })
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "violation_detail.html")]
struct DetailPage {
    ctx: Ctx,
    v: ViolationView,
    /// The form that was sent and refused, with its problems.
    form: FormState,
    culpabilities: Vec<Choice>,
    impacts: Vec<Choice>,
    measures: Vec<Choice>,
    /// The committee's decisions, whose number the decision may cite.
    decisions: Vec<DecisionView>,
}

impl DetailPage {
    fn measure_label(&self, m: &Measure) -> &'static str {
        m.label(if self.ctx.is_en() { "en" } else { "ja" })
    }
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
    form: FormState,
) -> Result<DetailPage, WebError> {
    let lang = user.lang;
    let v = state.app.violation(user.actor(), id).await.lang(lang)?;
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, notice),
        form,
        culpabilities: choices(
            &Culpability::ALL,
            Culpability::code,
            Culpability::label,
            lang,
        ),
        impacts: choices(&Impact::ALL, Impact::code, Impact::label, lang),
        measures: choices(&Measure::ALL, Measure::code, Measure::label, lang),
        decisions: state.app.decision_choices(user.actor()).await.lang(lang)?,
        v,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let form = FormState::new(user.lang);
    Ok(render(
        &detail(&state, &user, id, q.done.as_deref(), form).await?,
    ))
}

/// Sends one of the page's forms; a refusal shows the page again with its problems.
async fn act(
    state: &WebState,
    id: Uuid,
    f: &CsrfForm<Pairs>,
    result: Result<(), mamori_app::AppError>,
    key: &str,
) -> Result<Response, WebError> {
    let user = &f.user;
    match result {
        Ok(()) => Ok(done(&format!("/violations/{id}"), key)),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = state_of(&f.form, user.lang).with_errors(inv);
                detail(state, user, id, None, form).await
            })
            .await
        }
    }
}

pub async fn assess(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = AssessInput {
        culpability: get(&f.form, "culpability").into(),
        impact: get(&f.form, "impact").into(),
        note: get(&f.form, "note").into(),
    };
    let r = state.app.assess_violation(f.user.actor(), id, &input).await;
    act(&state, id, &f, r, "violation.assessed").await
}

pub async fn decide(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = DecideInput {
        decided_by: get(&f.form, "decided_by").into(),
        meeting: get(&f.form, "meeting").into(),
        decision_ref: get(&f.form, "decision_ref").into(),
        decided_on: get(&f.form, "decided_on").into(),
        decision: get(&f.form, "decision").into(),
    };
    let r = state.app.decide_violation(f.user.actor(), id, &input).await;
    act(&state, id, &f, r, "violation.decided").await
}

pub async fn explain(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = ExplanationInput {
        explanation: get(&f.form, "explanation").into(),
        explained_on: get(&f.form, "explained_on").into(),
    };
    let r = state
        .app
        .explain_violation(f.user.actor(), id, &input)
        .await;
    act(&state, id, &f, r, "violation.explained").await
}

pub async fn measure(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = MeasureInput {
        measure: get(&f.form, "measure").into(),
        done_on: get(&f.form, "done_on").into(),
        note: get(&f.form, "note").into(),
    };
    let r = state.app.record_measure(f.user.actor(), id, &input).await;
    act(&state, id, &f, r, "violation.measured").await
}

pub async fn close(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let dismissed = get(&f.form, "dismissed") == "1";
    let r = state
        .app
        .close_violation(f.user.actor(), id, dismissed)
        .await;
    act(&state, id, &f, r, "violation.closed").await
}

#[derive(Template)]
#[template(path = "violation_settings.html")]
struct SettingsPage {
    ctx: Ctx,
    form: FormState,
    settings: Settings,
    readers: Vec<Choice>,
}

impl SettingsPage {
    fn reads(&self, code: &str) -> bool {
        self.settings.readers.iter().any(|r| r.code() == code)
    }

    fn recommends(&self, row: &GuidanceRow, m: &Measure) -> bool {
        row.measures.contains(m)
    }

    fn lang(&self) -> &'static str {
        if self.ctx.is_en() { "en" } else { "ja" }
    }

    fn culpability(&self, c: &Culpability) -> &'static str {
        c.label(self.lang())
    }

    fn impact(&self, i: &Impact) -> &'static str {
        i.label(self.lang())
    }

    fn measure(&self, m: &Measure) -> &'static str {
        m.label(self.lang())
    }
}

async fn settings_page_of(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    settings: Option<Settings>,
) -> Result<SettingsPage, WebError> {
    let settings = match settings {
        Some(s) => s,
        None => {
            state
                .app
                .compliance_settings(user.actor())
                .await
                .lang(user.lang)?
                .violations
        }
    };
    Ok(SettingsPage {
        ctx: Ctx::new(user),
        form,
        settings,
        readers: choices(&READERS, Role::code, Role::label, user.lang),
    })
}

pub async fn settings_page(
    State(state): State<WebState>,
    user: SignedIn,
) -> Result<Response, WebError> {
    state
        .app
        .authorize(
            user.actor(),
            mamori_app::authz::Capability::ManageCompliance,
        )
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang);
    Ok(render(&settings_page_of(&state, &user, form, None).await?))
}

/// The settings as the form sent them: reader roles ticked, the retention, and for
/// each line of the table the measures ticked (`g-<culpability>-<impact>`).
fn settings_input(f: &Pairs) -> Settings {
    let rows = Culpability::ALL
        .iter()
        .flat_map(|c| Impact::ALL.iter().map(move |i| (*c, *i)))
        .map(|(culpability, impact)| GuidanceRow {
            culpability,
            impact,
            measures: all(f, &format!("g-{}-{}", culpability.code(), impact.code()))
                .filter_map(Measure::from_code)
                .collect(),
        })
        .collect();
    Settings {
        readers: all(f, "readers").filter_map(Role::from_code).collect(),
        retention_years: get(f, "retention_years").trim().parse().unwrap_or(0),
        guidance: Guidance { rows },
    }
}

pub async fn save_settings(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = settings_input(&f.form);
    match state
        .app
        .save_violation_settings(user.actor(), &input)
        .await
    {
        Ok(()) => Ok(done("/violations/settings", "violation.settings_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = state_of(&f.form, user.lang).with_errors(inv);
                settings_page_of(&state, user, form, Some(input.clone())).await
            })
            .await
        }
    }
}

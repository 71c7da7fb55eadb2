//! The risk form: its flat fields (the stage factors as `inherent_likelihood` …), how
//! they become the application's `RiskInput`, and the new and edit pages.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::AppError;
use mamori_app::authz::Capability;
use mamori_app::risks::{RiskInput, RiskView, StageInput, StageView};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{entry_choice, filters};
use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{Choice, DeptOption, FormState, done, form_links, render, reshow};
use crate::session::{CsrfForm, SignedIn};

/// The form as posted: flat fields (the stage factors as `inherent_likelihood` …).
#[derive(Deserialize, Serialize, Default, Clone)]
#[serde(default)]
pub struct RiskForm {
    pub title: String,
    pub description: String,
    pub department: String,
    pub assets: String,
    pub asset_group: String,
    pub threat: String,
    pub vulnerability: String,
    pub inherent_importance: String,
    pub inherent_likelihood: String,
    pub inherent_vulnerability: String,
    pub inherent_impact: String,
    pub current_importance: String,
    pub current_likelihood: String,
    pub current_vulnerability: String,
    pub current_impact: String,
    pub residual_importance: String,
    pub residual_likelihood: String,
    pub residual_vulnerability: String,
    pub residual_impact: String,
    pub treatment: String,
    pub treatment_note: String,
    pub owner: String,
    pub due_on: String,
    pub review_on: String,
    pub controls: String,
    /// The self-inspection answer (an item not done) the risk is opened from.
    pub from_answer: String,
}

/// A factor as typed: empty is "not given"; anything else that is not 1–255 is kept
/// as 0 so the domain names the field and the range.
fn factor(s: &str) -> Option<u8> {
    let s = s.trim();
    (!s.is_empty()).then(|| mamori_domain::text::clean(s).parse().unwrap_or(0))
}

fn list_field(s: &str) -> Vec<String> {
    s.split(|c: char| c == ',' || c == '、' || c.is_whitespace())
        .map(str::trim)
        .filter(|x| !x.is_empty())
        .map(str::to_owned)
        .collect()
}

impl RiskForm {
    fn to_input(&self) -> RiskInput {
        let stage = |i: &str, l: &str, v: &str, m: &str| StageInput {
            importance: factor(i),
            likelihood: factor(l),
            vulnerability: factor(v),
            impact: factor(m),
        };
        RiskInput {
            title: self.title.clone(),
            description: self.description.clone(),
            department: self.department.clone(),
            assets: list_field(&self.assets),
            asset_group: self.asset_group.clone(),
            threat: self.threat.clone(),
            vulnerability: self.vulnerability.clone(),
            inherent: stage(
                &self.inherent_importance,
                &self.inherent_likelihood,
                &self.inherent_vulnerability,
                &self.inherent_impact,
            ),
            current: stage(
                &self.current_importance,
                &self.current_likelihood,
                &self.current_vulnerability,
                &self.current_impact,
            ),
            residual: stage(
                &self.residual_importance,
                &self.residual_likelihood,
                &self.residual_vulnerability,
                &self.residual_impact,
            ),
            treatment: self.treatment.clone(),
            treatment_note: self.treatment_note.clone(),
            owner: self.owner.clone(),
            due_on: self.due_on.clone(),
            review_on: self.review_on.clone(),
            controls: list_field(&self.controls),
        }
    }

    fn of(r: &RiskView, links: &mamori_app::risks::RiskLinks) -> Self {
        let n = |v: Option<u8>| v.map(|v| v.to_string()).unwrap_or_default();
        let s = |v: &Option<StageView>| {
            v.as_ref()
                .map(|s| StageInput::of(s.factors))
                .unwrap_or_default()
        };
        let (i, c, re) = (s(&r.inherent), s(&r.current), s(&r.residual));
        Self {
            title: r.title.clone(),
            description: r.description.clone(),
            department: r.department_id.map(|d| d.to_string()).unwrap_or_default(),
            assets: links
                .assets
                .iter()
                .map(|(_, n)| n.split(' ').next().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            asset_group: r.asset_group.clone(),
            threat: r.threat_id.map(|t| t.to_string()).unwrap_or_default(),
            vulnerability: r
                .vulnerability_id
                .map(|t| t.to_string())
                .unwrap_or_default(),
            inherent_importance: n(i.importance),
            inherent_likelihood: n(i.likelihood),
            inherent_vulnerability: n(i.vulnerability),
            inherent_impact: n(i.impact),
            current_importance: n(c.importance),
            current_likelihood: n(c.likelihood),
            current_vulnerability: n(c.vulnerability),
            current_impact: n(c.impact),
            residual_importance: n(re.importance),
            residual_likelihood: n(re.likelihood),
            residual_vulnerability: n(re.vulnerability),
            residual_impact: n(re.impact),
            treatment: r.treatment.map(|t| t.code().to_owned()).unwrap_or_default(),
            treatment_note: r.treatment_note.clone(),
            owner: r.owner_staff_id.map(|o| o.to_string()).unwrap_or_default(),
            due_on: crate::ctx::iso(&r.due_on),
            review_on: crate::ctx::iso(&r.review_on),
            controls: links
                .controls
                .iter()
                .map(|(_, n)| n.split(' ').next().unwrap_or("").to_owned())
                .collect::<Vec<_>>()
                .join("\n"),
            from_answer: String::new(),
        }
    }

    fn state(&self, lang: Lang) -> FormState {
        FormState::of(self, lang)
    }
}

#[derive(Template)]
#[template(path = "risk_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    cancel: String,
    ipa: bool,
    scale: Vec<u8>,
    departments: Vec<DeptOption>,
    threats: Vec<Choice>,
    vulnerabilities: Vec<Choice>,
    treatments: Vec<Choice>,
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    mut form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let lang = user.lang;
    let app = &state.app;
    let a = user.actor();
    let method = app.risk_method(a).await.lang(lang)?;
    let f = filters(state, user, &method).await?;
    let vulnerabilities = app.vulnerabilities(a).await.lang(lang)?;
    // Field names in messages use dots (`residual.likelihood`); inputs use underscores.
    for e in &mut form.errors {
        e.field = e.field.replace('.', "_");
    }
    let scale = match &method.method {
        mamori_domain::risk::Method::Ipa { .. } => vec![1, 2, 3],
        mamori_domain::risk::Method::Matrix { cells } => {
            (1..=u8::try_from(cells.len()).unwrap_or(5)).collect()
        }
    };
    let (title_key, action, cancel) = form_links("/risks", ("risk.new", "risk.edit"), editing);
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key,
        action,
        cancel,
        ipa: method.is_ipa(),
        scale,
        departments: f.departments,
        threats: f.threats,
        vulnerabilities: vulnerabilities
            .into_iter()
            .filter(|v| !v.retired)
            .map(|v| entry_choice(v, lang))
            .collect(),
        treatments: f.treatments,
    })
}

/// Where a new risk comes from: a self-inspection's item not done.
#[derive(Deserialize, Default)]
#[serde(default)]
pub struct NewRiskQuery {
    pub from_answer: String,
}

pub async fn new_page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<NewRiskQuery>,
) -> Result<Response, WebError> {
    let (app, a, lang) = (&state.app, user.actor(), user.lang);
    app.authorize(a, Capability::CreateRisks).await.lang(lang)?;
    let form = match Uuid::parse_str(q.from_answer.trim()) {
        Ok(answer) => {
            let draft = app.risk_draft_from_answer(a, answer).await.lang(lang)?;
            RiskForm {
                title: draft.title,
                description: draft.description,
                department: draft.department,
                from_answer: answer.to_string(),
                ..RiskForm::default()
            }
        }
        Err(_) => RiskForm::default(),
    };
    Ok(render(
        &form_page(&state, &user, form.state(lang), None).await?,
    ))
}

async fn submitted(
    state: &WebState,
    f: &CsrfForm<RiskForm>,
    editing: Option<Uuid>,
    r: Result<RiskView, AppError>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match r {
        Ok(r) => Ok(done(
            &format!("/risks/{}", r.id),
            if editing.is_some() {
                "risk.updated"
            } else {
                "risk.created"
            },
        )),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = f.form.state(lang).with_errors(inv);
                form_page(state, &f.user, form, editing).await
            })
            .await
        }
    }
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<RiskForm>,
) -> Result<Response, WebError> {
    let (app, a, input) = (&state.app, f.user.actor(), f.form.to_input());
    let r = match Uuid::parse_str(f.form.from_answer.trim()) {
        Ok(answer) => match app.risk_from_answer(a, answer, &input).await {
            Ok(id) => app.risk(a, id).await,
            Err(e) => Err(e),
        },
        Err(_) => app.create_risk(a, &input).await,
    };
    submitted(&state, &f, None, r).await
}

pub async fn edit_page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let (r, links) = state.app.risk_for_edit(user.actor(), id).await.lang(lang)?;
    let form = RiskForm::of(&r, &links).state(lang);
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RiskForm>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .update_risk(f.user.actor(), id, &f.form.to_input())
        .await;
    submitted(&state, &f, Some(id), r).await
}

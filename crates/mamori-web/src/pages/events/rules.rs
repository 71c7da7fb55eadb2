//! Event rules: the list in the order they are tried with a form to add one, a rule's
//! page to change or delete it, and how long events are kept.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::events::{EventSettingsInput, RuleInput, RuleView, SourceView};
use mamori_domain::event::EventSeverity;
use mamori_domain::event::rule::RuleAction;
use mamori_domain::incident::{Category, Severity};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{Choice, DoneQuery, Empty, FormState, choices, done, render, reshow};
use crate::session::{CsrfForm, SignedIn};

/// The choices a rule form offers.
struct RuleChoices {
    sources: Vec<SourceView>,
    severities: Vec<Choice>,
    actions: Vec<Choice>,
    categories: Vec<Choice>,
    incident_severities: Vec<Choice>,
}

async fn rule_choices(state: &WebState, user: &SignedIn) -> Result<RuleChoices, WebError> {
    let lang = user.lang;
    Ok(RuleChoices {
        sources: state.app.event_sources(user.actor()).await.lang(lang)?,
        severities: choices(
            &EventSeverity::ALL,
            EventSeverity::code,
            EventSeverity::label,
            lang,
        ),
        actions: choices(&RuleAction::ALL, RuleAction::code, RuleAction::label, lang),
        categories: choices(&Category::ALL, Category::code, Category::label, lang),
        incident_severities: choices(&Severity::ALL, Severity::code, Severity::label, lang),
    })
}

#[derive(Template)]
#[template(path = "event_rules.html")]
struct RulesPage {
    ctx: Ctx,
    rules: Vec<RuleView>,
    c: RuleChoices,
    form: FormState,
    settings: FormState,
    can_manage: bool,
}

fn new_rule_form(lang: Lang) -> FormState {
    FormState::new(lang)
        .with("min_severity", "err")
        .with("action", "draft")
        .with("category", "malware")
        .with("window_minutes", "60")
}

async fn rules_page(
    state: &WebState,
    user: &SignedIn,
    ctx: Ctx,
    form: FormState,
    settings: Option<FormState>,
) -> Result<RulesPage, WebError> {
    let lang = user.lang;
    let rules = state.app.event_rules(user.actor()).await.lang(lang)?;
    let settings = match settings {
        Some(s) => s,
        None => {
            let s = state.app.event_settings(user.actor()).await.lang(lang)?;
            FormState::new(lang).with("retention_days", s.retention_days.to_string())
        }
    };
    Ok(RulesPage {
        ctx,
        rules,
        c: rule_choices(state, user).await?,
        form,
        settings,
        can_manage: user.actor().can(Capability::ManageEventSources),
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let form = new_rule_form(user.lang);
    Ok(render(&rules_page(&state, &user, ctx, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<RuleInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.create_event_rule(user.actor(), &f.form).await {
        Ok(_) => Ok(done("/events/rules", "event.rule_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = FormState::of(&f.form, user.lang).with_errors(inv);
                rules_page(&state, user, Ctx::new(user), form, None).await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "event_rule.html")]
struct RulePage {
    ctx: Ctx,
    r: RuleView,
    c: RuleChoices,
    form: FormState,
    can_manage: bool,
}

fn rule_form(r: &RuleView, lang: Lang) -> FormState {
    FormState::new(lang)
        .with("name", r.name.clone())
        .with("position", r.position.to_string())
        .with("enabled", if r.enabled { "yes" } else { "no" })
        .with(
            "source",
            r.source_id.map(|s| s.to_string()).unwrap_or_default(),
        )
        .with("min_severity", r.min_severity.clone())
        .with("host", r.host.clone())
        .with("pattern", r.pattern.clone())
        .with("action", r.action.clone())
        .with("category", r.category.clone())
        .with("severity", r.severity.clone().unwrap_or_default())
        .with("incident", r.incident.clone().unwrap_or_default())
        .with("window_minutes", r.window_minutes.to_string())
}

pub async fn edit(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .event_rule(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(render(&RulePage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        form: rule_form(&r, user.lang),
        r,
        c: rule_choices(&state, &user).await?,
        can_manage: user.actor().can(Capability::ManageEventSources),
    }))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<RuleInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.update_event_rule(user.actor(), id, &f.form).await {
        Ok(_) => Ok(done(&format!("/events/rules/{id}"), "event.rule_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let r = state
                    .app
                    .event_rule(user.actor(), id)
                    .await
                    .lang(user.lang)?;
                Ok(RulePage {
                    ctx: Ctx::new(user),
                    form: FormState::of(&f.form, user.lang).with_errors(inv),
                    r,
                    c: rule_choices(&state, user).await?,
                    can_manage: true,
                })
            })
            .await
        }
    }
}

pub async fn delete(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Empty>,
) -> Result<Response, WebError> {
    state
        .app
        .delete_event_rule(f.user.actor(), id)
        .await
        .lang(f.user.lang)?;
    Ok(done("/events/rules", "event.rule_removed"))
}

pub async fn save_settings(
    State(state): State<WebState>,
    f: CsrfForm<EventSettingsInput>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state.app.save_event_settings(user.actor(), &f.form).await {
        Ok(_) => Ok(done("/events/rules", "event.settings_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let settings = FormState::of(&f.form, user.lang).with_errors(inv);
                let form = new_rule_form(user.lang);
                rules_page(&state, user, Ctx::new(user), form, Some(settings)).await
            })
            .await
        }
    }
}

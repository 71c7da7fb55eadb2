//! The contractor register: the list of companies with their certifications flagged,
//! adding and changing one, its page (certifications, contracts, sub-contracting, its
//! people in the staff register, the services it provides and the incidents at it), and
//! the contract template's clauses.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::compliance::contractors::{
    CertificationInput, ClauseSettingsInput, ContractorCounts, ContractorDetail, ContractorInput,
    ContractorView, PersonInput,
};
use mamori_app::compliance::services::{ServiceQuery, ServiceView};
use mamori_app::incidents::LinkedIncidents;
use mamori_domain::contractor::CertKind;
use serde::Deserialize;
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DoneQuery, FormState, Pairs, answer_on_page, choices, done, get, render, reshow,
    state_of,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Deserialize, Default)]
#[serde(default)]
pub struct ListParams {
    pub q: String,
    pub done: Option<String>,
}

#[derive(Template)]
#[template(path = "contractor_list.html")]
struct ListPage {
    ctx: Ctx,
    items: Vec<ContractorView>,
    counts: ContractorCounts,
    q: String,
    may_keep: bool,
    may_configure: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let q = Some(p.q.trim()).filter(|q| !q.is_empty());
    let items = state.app.contractors(actor, q).await.lang(lang)?;
    let counts = state.app.contractor_counts(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        items,
        counts,
        q: p.q,
        may_keep: actor.can(Capability::KeepContractors),
        may_configure: actor.can(Capability::ManageCompliance),
    }))
}

fn contractor_input(f: &Pairs) -> ContractorInput {
    ContractorInput {
        name: get(f, "name").into(),
        kana: get(f, "kana").into(),
        corporate_number: get(f, "corporate_number").into(),
        address: get(f, "address").into(),
        contact: get(f, "contact").into(),
        notes: get(f, "notes").into(),
    }
}

#[derive(Template)]
#[template(path = "contractor_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    heading: &'static str,
    action: String,
    back: String,
}

impl FormPage {
    fn of(user: &SignedIn, form: FormState, editing: Option<Uuid>) -> Self {
        let (heading, action, back) = crate::pages::form_links(
            "/contractors",
            ("contractor.new", "contractor.edit"),
            editing,
        );
        Self {
            ctx: Ctx::new(user),
            form,
            heading,
            action,
            back,
        }
    }
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::KeepContractors)
        .await
        .lang(user.lang)?;
    Ok(render(&FormPage::of(
        &user,
        FormState::new(user.lang),
        None,
    )))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_contractor(user.actor(), &contractor_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/contractors/{id}"), "contractor.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(FormPage::of(
                    user,
                    state_of(&f.form, user.lang).with_errors(inv),
                    None,
                ))
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
    let d = state
        .app
        .contractor(user.actor(), id)
        .await
        .lang(user.lang)?;
    state
        .app
        .authorize(user.actor(), Capability::KeepContractors)
        .await
        .lang(user.lang)?;
    let c = &d.contractor;
    let form = FormState::new(user.lang)
        .with("name", c.name.clone())
        .with("kana", c.kana.clone())
        .with("corporate_number", c.corporate_number.clone())
        .with("address", c.address.clone())
        .with("contact", c.contact.clone())
        .with("notes", c.notes.clone());
    Ok(render(&FormPage::of(&user, form, Some(id))))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .update_contractor(user.actor(), id, &contractor_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/contractors/{id}"), "contractor.saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(FormPage::of(
                    user,
                    state_of(&f.form, user.lang).with_errors(inv),
                    Some(id),
                ))
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "contractor_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: ContractorDetail,
    kinds: Vec<Choice>,
    /// The services it provides.
    services: Vec<ServiceView>,
    /// The incidents that happened at it.
    incidents: LinkedIncidents,
    /// The certification and person forms as sent, with their problems.
    cert: FormState,
    person: FormState,
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    notice: Option<&str>,
) -> Result<DetailPage, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let d = state.app.contractor(actor, id).await.lang(lang)?;
    let provided = ServiceQuery {
        contractor: Some(id),
        ..ServiceQuery::default()
    };
    let services = state.app.services(actor, &provided).await.lang(lang)?;
    let incidents = state
        .app
        .incidents_behind(actor, "contractor", id)
        .await
        .lang(lang)?;
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, notice),
        d,
        kinds: choices(&CertKind::ALL, CertKind::code, CertKind::label, lang),
        services,
        incidents,
        cert: FormState::new(lang),
        person: FormState::new(lang),
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

pub async fn add_certification(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = CertificationInput {
        kind: get(&f.form, "kind").into(),
        number: get(&f.form, "number").into(),
        scope: get(&f.form, "scope").into(),
        registered_on: get(&f.form, "registered_on").into(),
        expires_on: get(&f.form, "expires_on").into(),
    };
    let r = state.app.add_certification(user.actor(), id, &input).await;
    answer_on_page(
        &f,
        r,
        (&format!("/contractors/{id}"), "contractor.cert_added"),
        async |form| {
            let mut p = detail(&state, user, id, None).await?;
            p.cert = form;
            Ok(p)
        },
    )
    .await
}

pub async fn link_person(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = PersonInput {
        employee_number: get(&f.form, "employee_number").into(),
    };
    let r = state
        .app
        .link_contractor_person(f.user.actor(), id, &input)
        .await;
    answer_on_page(
        &f,
        r,
        (&format!("/contractors/{id}"), "contractor.person_linked"),
        async |form| {
            let mut p = detail(&state, &f.user, id, None).await?;
            p.person = form;
            Ok(p)
        },
    )
    .await
}

pub async fn unlink_person(
    State(state): State<WebState>,
    Path((id, pid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .unlink_contractor_person(f.user.actor(), id, pid)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/contractors/{id}"),
        "contractor.person_unlinked",
    ))
}

pub async fn remove_certification(
    State(state): State<WebState>,
    Path((id, cid)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    state
        .app
        .remove_certification(f.user.actor(), id, cid)
        .await
        .lang(f.user.lang)?;
    Ok(done(
        &format!("/contractors/{id}"),
        "contractor.cert_removed",
    ))
}

#[derive(Template)]
#[template(path = "contract_settings.html")]
struct SettingsPage {
    ctx: Ctx,
    form: FormState,
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
    let text = state
        .app
        .contract_clauses_text(actor)
        .await
        .lang(user.lang)?;
    Ok(render(&SettingsPage {
        ctx: Ctx::new(&user),
        form: FormState::new(user.lang).with("clauses", text),
    }))
}

pub async fn save_settings(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    let input = ClauseSettingsInput {
        clauses: get(&f.form, "clauses").into(),
    };
    match state.app.save_contract_clauses(user.actor(), &input).await {
        Ok(()) => Ok(done("/contractors", "contractor.settings_saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(SettingsPage {
                    ctx: Ctx::new(user),
                    form: state_of(&f.form, user.lang).with_errors(inv),
                })
            })
            .await
        }
    }
}

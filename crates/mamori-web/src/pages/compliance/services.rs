//! The external service register with its filters and exports, recording and changing
//! a service, and its page: the ceiling, the listing, the data's location, the terms,
//! the period and deletion, the administrators, and the assets on it with those above
//! the ceiling flagged.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::compliance::contractors::ContractorView;
use mamori_app::compliance::services::{
    EXPORT_HEADERS, ServiceCounts, ServiceDetail, ServiceInput, ServiceQuery, ServiceView,
};
use mamori_domain::asset::PersonalDataKind;
use mamori_domain::classification::Dimension;
use mamori_domain::service::{Excess, Kind, Listing, Location, Usage};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{
    Choice, DeptOption, DoneQuery, Download, FormState, Pairs, choices, dept_options, done, get,
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
    pub usage: String,
    pub flagged: String,
    pub over: String,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> ServiceQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ServiceQuery {
            q: text(&self.q),
            kind: text(&self.kind),
            department: Uuid::parse_str(self.department.trim()).ok(),
            contractor: None,
            usage: text(&self.usage),
            over: (self.over == "1").then_some(true),
            flagged: (self.flagged == "1").then_some(true),
        }
    }
}

/// Where an asset goes over a service's ceiling, in words.
pub(crate) fn over_text(over: &[Excess], lang: Lang) -> String {
    over.iter()
        .map(|e| e.label(lang.code()))
        .collect::<Vec<_>>()
        .join(if lang == Lang::En { ", " } else { "、" })
}

#[derive(Template)]
#[template(path = "service_list.html")]
struct ListPage {
    ctx: Ctx,
    items: Vec<ServiceView>,
    counts: ServiceCounts,
    p: ListParams,
    query: String,
    kinds: Vec<Choice>,
    usages: Vec<Choice>,
    departments: Vec<DeptOption>,
    may_create: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let (items, counts) = state
        .app
        .services_and_counts(actor, &p.to_query())
        .await
        .lang(lang)?;
    let idx = state.app.dept_index(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        items,
        counts,
        query: query_string(&p),
        kinds: choices(&Kind::ALL, Kind::code, Kind::label, lang),
        usages: choices(&Usage::ALL, Usage::code, Usage::label, lang),
        departments: dept_options(&idx, state.app.today(), lang),
        may_create: actor.can(Capability::KeepContractors),
        p,
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
        .services_table(user.actor(), &p.to_query())
        .await
        .lang(user.lang)?;
    register_download(
        format,
        ("services", "外部サービス"),
        &EXPORT_HEADERS,
        rows,
        state.app.today(),
        user.lang,
    )
}

super::register_exports!();

/// The form's one-per-line fields.
fn lines(f: &Pairs, name: &str) -> Vec<String> {
    get(f, name)
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .map(str::to_owned)
        .collect()
}

/// A service form as sent (assets and administrators one per line).
fn service_input(f: &Pairs) -> ServiceInput {
    let s = |name: &str| get(f, name).to_owned();
    ServiceInput {
        name: s("name"),
        kind: s("kind"),
        contractor: Uuid::parse_str(get(f, "contractor").trim()).ok(),
        department: Uuid::parse_str(get(f, "department").trim()).ok(),
        purpose: s("purpose"),
        url: s("url"),
        max_c: s("max_c"),
        max_i: s("max_i"),
        max_a: s("max_a"),
        max_personal: s("max_personal"),
        listing: s("listing"),
        listing_number: s("listing_number"),
        listed_on: s("listed_on"),
        listing_expires_on: s("listing_expires_on"),
        location: s("location"),
        location_note: s("location_note"),
        terms_accepted_on: s("terms_accepted_on"),
        terms_ref: s("terms_ref"),
        admins: lines(f, "admins"),
        assets: lines(f, "assets"),
        starts_on: s("starts_on"),
        ends_on: s("ends_on"),
        deletion: s("deletion"),
        deleted_on: s("deleted_on"),
        deletion_ref: s("deletion_ref"),
        notes: s("notes"),
    }
}

#[derive(Template)]
#[template(path = "service_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    contractors: Vec<ContractorView>,
    departments: Vec<DeptOption>,
    kinds: Vec<Choice>,
    listings: Vec<Choice>,
    locations: Vec<Choice>,
    personal: Vec<Choice>,
    /// The active scheme's levels per scale, highest first.
    levels_c: Vec<Choice>,
    levels_i: Vec<Choice>,
    levels_a: Vec<Choice>,
    heading: &'static str,
    action: String,
    back: String,
}

impl FormPage {
    async fn of(
        state: &WebState,
        user: &SignedIn,
        form: FormState,
        editing: Option<Uuid>,
    ) -> Result<Self, WebError> {
        let (actor, lang) = (user.actor(), user.lang);
        let contractors = state.app.contractors(actor, None).await.lang(lang)?;
        let idx = state.app.dept_index(actor).await.lang(lang)?;
        let schemes = state.app.schemes(actor).await.lang(lang)?;
        let levels = |d: Dimension| -> Vec<Choice> {
            let mut v: Vec<_> = schemes.active().scale(d).levels.iter().collect();
            v.sort_by_key(|l| std::cmp::Reverse(l.rank));
            v.into_iter()
                .map(|l| Choice {
                    value: l.code.clone(),
                    label: format!("{} {}", l.code, l.label(lang.code())),
                })
                .collect()
        };
        let (heading, action, back) =
            crate::pages::form_links("/services", ("service.new", "service.edit"), editing);
        Ok(Self {
            ctx: Ctx::new(user),
            form,
            contractors,
            departments: dept_options(&idx, state.app.today(), lang),
            kinds: choices(&Kind::ALL, Kind::code, Kind::label, lang),
            listings: choices(&Listing::ALL, Listing::code, Listing::label, lang),
            locations: choices(&Location::ALL, Location::code, Location::label, lang),
            personal: choices(
                &PersonalDataKind::ALL,
                PersonalDataKind::code,
                PersonalDataKind::label,
                lang,
            ),
            levels_c: levels(Dimension::C),
            levels_i: levels(Dimension::I),
            levels_a: levels(Dimension::A),
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
        .authorize(user.actor(), Capability::KeepContractors)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("contractor", p.contractor)
        .with("location", "domestic")
        .with("max_personal", "none");
    Ok(render(&FormPage::of(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_service(user.actor(), &service_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/services/{id}"), "service.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    state_of(&f.form, user.lang).with_errors(inv),
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
    let d = state.app.service(user.actor(), id).await.lang(user.lang)?;
    state
        .app
        .authorize(
            user.actor(),
            Capability::EditService {
                department: d.service.department_id,
            },
        )
        .await
        .lang(user.lang)?;
    let s = &d.service;
    let day = |v: Option<chrono::NaiveDate>| v.map(|d| d.to_string()).unwrap_or_default();
    let assets: Vec<&str> = d.assets.iter().map(|a| a.number.as_str()).collect();
    let admins: Vec<&str> = d
        .admins
        .iter()
        .map(|a| a.employee_number.as_str())
        .collect();
    let form = FormState::new(user.lang)
        .with("name", s.name.clone())
        .with("kind", s.kind.code())
        .with("contractor", s.contractor_id.to_string())
        .with(
            "department",
            s.department_id.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with("purpose", s.purpose.clone())
        .with("url", s.url.clone())
        .with("max_c", s.max_c.clone())
        .with("max_i", s.max_i.clone())
        .with("max_a", s.max_a.clone())
        .with("max_personal", s.max_personal.code())
        .with("listing", s.listing.code())
        .with("listing_number", s.listing_number.clone())
        .with("listed_on", day(s.listed_on))
        .with("listing_expires_on", day(s.listing_expires_on))
        .with("location", s.location.code())
        .with("location_note", s.location_note.clone())
        .with("terms_accepted_on", day(s.terms_accepted_on))
        .with("terms_ref", s.terms_ref.clone())
        .with("admins", admins.join("\n"))
        .with("assets", assets.join("\n"))
        .with("starts_on", day(s.starts_on))
        .with("ends_on", day(s.ends_on))
        .with("deletion", s.deletion.clone())
        .with("deleted_on", day(s.deleted_on))
        .with("deletion_ref", s.deletion_ref.clone())
        .with("notes", s.notes.clone());
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
        .update_service(user.actor(), id, &service_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/services/{id}"), "service.saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                FormPage::of(
                    &state,
                    user,
                    state_of(&f.form, user.lang).with_errors(inv),
                    Some(id),
                )
                .await
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "service_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: ServiceDetail,
    /// The incidents that happened at it.
    incidents: mamori_app::incidents::LinkedIncidents,
}

impl DetailPage {
    fn over(&self, over: &[Excess]) -> String {
        over_text(over, self.ctx.lang)
    }
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let d = state.app.service(user.actor(), id).await.lang(user.lang)?;
    let incidents = state
        .app
        .incidents_behind(user.actor(), "service", id)
        .await
        .lang(user.lang)?;
    Ok(render(&DetailPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        d,
        incidents,
    }))
}

//! The register of devices and media: the list with its filters and exports, and the
//! form that adds or changes one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::media::{ITEM_HEADERS, ItemInput, ItemQuery, ItemView, MediaCounts};
use mamori_app::{Page, PageRequest};
use mamori_domain::media::{ItemKind, ItemStatus};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

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
    pub kind: String,
    pub department: String,
    pub status: String,
    pub q: String,
    /// A place's id (the link from an area's page).
    pub area: String,
    #[serde(skip_serializing)]
    pub page: Option<u64>,
    #[serde(skip_serializing)]
    pub done: Option<String>,
}

impl ListParams {
    fn to_query(&self) -> ItemQuery {
        let text = |s: &str| Some(s.trim().to_owned()).filter(|s| !s.is_empty());
        ItemQuery {
            kind: text(&self.kind),
            department: Uuid::parse_str(self.department.trim()).ok(),
            status: text(&self.status),
            q: text(&self.q),
            area: Uuid::parse_str(self.area.trim()).ok(),
        }
    }
}

#[derive(Template)]
#[template(path = "item_list.html")]
struct ListPage {
    ctx: Ctx,
    page: Page<ItemView>,
    p: ListParams,
    query: String,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    departments: Vec<DeptOption>,
    counts: MediaCounts,
    may_create: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(p): Query<ListParams>,
) -> Result<Response, WebError> {
    let (actor, lang) = (user.actor(), user.lang);
    let page = state
        .app
        .items(actor, &p.to_query(), PageRequest::new(p.page, Some(50)))
        .await
        .lang(lang)?;
    let idx = state.app.dept_index(actor).await.lang(lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, p.done.as_deref()),
        page,
        query: query_string(&p),
        kinds: choices(&ItemKind::ALL, ItemKind::code, ItemKind::label, lang),
        statuses: choices(&ItemStatus::ALL, ItemStatus::code, ItemStatus::label, lang),
        departments: dept_options(&idx, state.app.today(), lang),
        counts: state.app.media_counts(actor).await.lang(lang)?,
        may_create: actor.can(Capability::KeepMedia { department: None })
            || actor.can(Capability::CreateAssets),
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
        .items_table(user.actor(), &p.to_query(), lang.code())
        .await
        .lang(lang)?;
    let headers = crate::pages::headers_in(&ITEM_HEADERS, lang);
    register_download(
        format,
        ("media", "機器・媒体台帳"),
        &headers,
        rows,
        state.app.today(),
        lang,
    )
}

crate::pages::compliance::register_exports!();

/// An item form as sent.
fn item_input(f: &Pairs) -> ItemInput {
    let s = |name: &str| get(f, name).to_owned();
    ItemInput {
        number: s("number"),
        kind: s("kind"),
        name: s("name"),
        asset: s("asset"),
        serial: s("serial"),
        asset_tag: s("asset_tag"),
        capacity: s("capacity"),
        encrypted: get(f, "encrypted") == "1",
        max_level: s("max_level"),
        department: Uuid::parse_str(get(f, "department").trim()).ok(),
        holder: s("holder"),
        area: s("area"),
        rack: s("rack"),
        status: s("status"),
        notes: s("notes"),
    }
}

#[derive(Template)]
#[template(path = "item_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    kinds: Vec<Choice>,
    statuses: Vec<Choice>,
    departments: Vec<DeptOption>,
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
        let lang = user.lang;
        let idx = state.app.dept_index(user.actor()).await.lang(lang)?;
        let (heading, action, back) =
            crate::pages::form_links("/media", ("item.new", "item.edit"), editing);
        Ok(Self {
            ctx: Ctx::new(user),
            form,
            kinds: choices(&ItemKind::ALL, ItemKind::code, ItemKind::label, lang),
            statuses: choices(&ItemStatus::ALL, ItemStatus::code, ItemStatus::label, lang),
            departments: dept_options(&idx, state.app.today(), lang),
            heading,
            action,
            back,
        })
    }
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ViewMedia)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("kind", "usb")
        .with("status", "in_use");
    Ok(render(&FormPage::of(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_item(user.actor(), &item_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/media/{id}"), "item.created")),
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
    let d = state.app.item(user.actor(), id).await.lang(user.lang)?;
    let i = &d.item;
    state
        .app
        .authorize(
            user.actor(),
            Capability::KeepMedia {
                department: i.department_id,
            },
        )
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("number", i.number.clone())
        .with("kind", i.kind.code())
        .with("name", i.name.clone())
        .with(
            "asset",
            i.asset.as_ref().map(|a| a.code.clone()).unwrap_or_default(),
        )
        .with("serial", i.serial.clone())
        .with("asset_tag", i.asset_tag.clone())
        .with("capacity", i.capacity.clone())
        .with("encrypted", if i.encrypted { "1" } else { "" })
        .with("max_level", i.max_level.clone())
        .with(
            "department",
            i.department_id.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with(
            "holder",
            i.holder
                .as_ref()
                .map(|h| h.employee_number.clone())
                .unwrap_or_default(),
        )
        .with(
            "area",
            i.area.as_ref().map(|a| a.code.clone()).unwrap_or_default(),
        )
        .with("rack", i.rack.clone())
        .with("status", i.status.code())
        .with("notes", i.notes.clone());
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
        .update_item(user.actor(), id, &item_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/media/{id}"), "item.saved")),
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

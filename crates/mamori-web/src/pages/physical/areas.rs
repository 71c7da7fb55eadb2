//! The tree of buildings, floors and areas, and the form that adds or changes one.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::physical::{LogColumns, PlaceInput, PlaceView};
use mamori_domain::physical::{EntryControl, Level, PlaceKind, controls_code};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, DoneQuery, FormState, Pairs, choices, dept_options, done, get, render,
    reshow, state_of,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "place_list.html")]
struct ListPage {
    ctx: Ctx,
    places: Vec<PlaceView>,
    pending: u64,
    reviews_due: usize,
    may_create: bool,
    may_read_log: bool,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let actor = user.actor();
    let places = state.app.places(actor).await.lang(user.lang)?;
    Ok(render(&ListPage {
        ctx: Ctx::with_notice(&user, q.done.as_deref()),
        pending: places.iter().map(|p| p.pending).sum(),
        reviews_due: places.iter().filter(|p| p.review_due).count(),
        places,
        may_create: actor.can(Capability::KeepPlaces),
        may_read_log: actor.can(Capability::ViewEntries { manager: false }),
    }))
}

/// A place form as sent.
fn place_input(f: &Pairs) -> PlaceInput {
    let s = |name: &str| get(f, name).to_owned();
    let controls: Vec<EntryControl> = EntryControl::ALL
        .into_iter()
        .filter(|c| get(f, &format!("control_{}", c.code())) == "1")
        .collect();
    PlaceInput {
        kind: s("kind"),
        code: s("code"),
        name: s("name"),
        parent: Uuid::parse_str(get(f, "parent").trim()).ok(),
        level: s("level"),
        department: Uuid::parse_str(get(f, "department").trim()).ok(),
        manager: s("manager"),
        controls: controls_code(&controls),
        hours: s("hours"),
        weekends: get(f, "weekends") == "1",
        review_months: get(f, "review_months").trim().parse().ok(),
        log_columns: LogColumns {
            time: s("col_time"),
            direction: s("col_direction"),
            entered_at: s("col_entered_at"),
            exited_at: s("col_exited_at"),
            badge: s("col_badge"),
            employee_number: s("col_employee_number"),
            area: s("col_area"),
        },
        notes: s("notes"),
        retired: get(f, "retired") == "1",
    }
}

#[derive(Template)]
#[template(path = "place_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    kinds: Vec<Choice>,
    levels: Vec<Choice>,
    controls: Vec<Choice>,
    /// Buildings and floors a place may be put in.
    parents: Vec<PlaceView>,
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
        let (actor, lang) = (user.actor(), user.lang);
        let parents = state
            .app
            .places(actor)
            .await
            .lang(lang)?
            .into_iter()
            .filter(|p| p.kind != PlaceKind::Area && Some(p.id) != editing)
            .collect();
        let idx = state.app.dept_index(actor).await.lang(lang)?;
        let (heading, action, back) =
            crate::pages::form_links("/areas", ("place.new", "place.edit"), editing);
        Ok(Self {
            ctx: Ctx::new(user),
            form,
            kinds: choices(&PlaceKind::ALL, PlaceKind::code, PlaceKind::label, lang),
            levels: choices(&Level::ALL, Level::code, Level::label, lang),
            controls: choices(
                &EntryControl::ALL,
                EntryControl::code,
                EntryControl::label,
                lang,
            ),
            parents,
            departments: dept_options(&idx, state.app.today(), lang),
            heading,
            action,
            back,
        })
    }

    fn control_checked(&self, code: &str) -> bool {
        self.form.v(&format!("control_{code}")) == "1"
    }
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::KeepPlaces)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("kind", "area")
        .with("review_months", "6");
    Ok(render(&FormPage::of(&state, &user, form, None).await?))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_place(user.actor(), &place_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/areas/{id}"), "place.created")),
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
    state
        .app
        .authorize(user.actor(), Capability::KeepPlaces)
        .await
        .lang(user.lang)?;
    let d = state.app.area(user.actor(), id).await.lang(user.lang)?;
    let p = &d.place;
    let mut form = FormState::new(user.lang)
        .with("kind", p.kind.code())
        .with("code", p.code.clone())
        .with("name", p.name.clone())
        .with(
            "parent",
            p.parent_id.map(|i| i.to_string()).unwrap_or_default(),
        )
        .with("level", p.level.map(|l| l.code()).unwrap_or_default())
        .with(
            "department",
            p.department_id.map(|i| i.to_string()).unwrap_or_default(),
        )
        .with(
            "manager",
            p.manager
                .as_ref()
                .map(|m| m.employee_number.clone())
                .unwrap_or_default(),
        )
        .with("hours", p.hours.clone())
        .with("weekends", if p.weekends { "1" } else { "" })
        .with("review_months", p.review_months.to_string())
        .with("col_time", p.log_columns.time.clone())
        .with("col_direction", p.log_columns.direction.clone())
        .with("col_entered_at", p.log_columns.entered_at.clone())
        .with("col_exited_at", p.log_columns.exited_at.clone())
        .with("col_badge", p.log_columns.badge.clone())
        .with("col_employee_number", p.log_columns.employee_number.clone())
        .with("col_area", p.log_columns.area.clone())
        .with("notes", p.notes.clone())
        .with("retired", if p.retired { "1" } else { "" });
    for c in &p.controls {
        form = form.with(&format!("control_{}", c.code()), "1");
    }
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
        .update_place(user.actor(), id, &place_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/areas/{id}"), "place.saved")),
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

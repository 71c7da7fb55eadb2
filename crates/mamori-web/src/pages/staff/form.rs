//! The staff form: new and edit pages and their submissions.

use askama::Template;
use axum::extract::{Path, State};
use axum::response::Response;
use mamori_app::staff::StaffInput;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::{Ctx, iso};
use crate::error::{InLang, WebError};
use crate::i18n::Lang;
use crate::pages::{
    DeptOption, FormState, category_options, dept_options, done, form_links, optional_date, render,
    reshow,
};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "staff_form.html")]
struct FormPage {
    ctx: Ctx,
    form: FormState,
    title_key: &'static str,
    action: String,
    cancel: String,
    editing: bool,
    departments: Vec<DeptOption>,
    categories: Vec<(&'static str, &'static str)>,
}

async fn form_page(
    state: &WebState,
    user: &SignedIn,
    form: FormState,
    editing: Option<Uuid>,
) -> Result<FormPage, WebError> {
    let idx = state.app.departments(user.actor()).await.lang(user.lang)?;
    let (title_key, action, cancel) = form_links("/staff", ("staff.new", "staff.edit"), editing);
    Ok(FormPage {
        ctx: Ctx::new(user),
        form,
        title_key,
        action,
        cancel,
        editing: editing.is_some(),
        departments: dept_options(&idx, state.app.today(), user.lang),
        categories: category_options(user.lang),
    })
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let form = FormState::new(user.lang).with("category", "regular");
    Ok(render(&form_page(&state, &user, form, None).await?))
}

#[derive(Deserialize, Serialize, Default)]
pub struct StaffForm {
    #[serde(default)]
    employee_number: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kana: String,
    #[serde(default)]
    email: String,
    #[serde(default)]
    department: String,
    #[serde(default)]
    category: String,
    #[serde(default)]
    part_time: String,
    #[serde(default)]
    start_date: String,
    #[serde(default)]
    end_date: String,
    #[serde(default)]
    moved_on: String,
}

impl StaffForm {
    fn input(&self) -> StaffInput {
        StaffInput {
            employee_number: self.employee_number.clone(),
            name: self.name.clone(),
            kana: self.kana.clone(),
            email: self.email.clone(),
            department: self.department.clone(),
            category: self.category.clone(),
            part_time: self.part_time.clone(),
            start_date: self.start_date.clone(),
            end_date: self.end_date.clone(),
        }
    }

    fn state(&self, lang: Lang) -> FormState {
        FormState::of(self, lang)
    }
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<StaffForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    match state
        .app
        .create_staff(f.user.actor(), &f.form.input())
        .await
    {
        Ok(s) => Ok(done(&format!("/staff/{}", s.id), "staff.created")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = f.form.state(lang).with_errors(inv);
                form_page(&state, &f.user, form, None).await
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
    let s = state
        .app
        .staff_for_edit(user.actor(), id)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("employee_number", s.employee_number)
        .with("name", s.name)
        .with("kana", s.kana)
        .with("email", s.email.unwrap_or_default())
        .with(
            "department",
            s.department_id.map(|d| d.to_string()).unwrap_or_default(),
        )
        .with("category", s.category.code())
        .with("part_time", if s.part_time { "1" } else { "" })
        .with("start_date", iso(&s.start_date))
        .with("end_date", iso(&s.end_date));
    Ok(render(&form_page(&state, &user, form, Some(id)).await?))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<StaffForm>,
) -> Result<Response, WebError> {
    let lang = f.user.lang;
    let result = match optional_date(&f.form.moved_on, "moved_on") {
        Ok(moved_on) => {
            state
                .app
                .update_staff(f.user.actor(), id, &f.form.input(), moved_on)
                .await
        }
        Err(e) => Err(e),
    };
    match result {
        Ok(_) => Ok(done(&format!("/staff/{id}"), "staff.updated")),
        Err(e) => {
            reshow(e, lang, async |inv| {
                let form = f.form.state(lang).with_errors(inv);
                form_page(&state, &f.user, form, Some(id)).await
            })
            .await
        }
    }
}

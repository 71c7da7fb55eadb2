//! The list of courses with their coverage, a course's page and settings, its coverage
//! by department, category and role, and the coverage download.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::training::{
    COVERAGE_HEADERS, CourseCoverage, CourseDetail, CourseInput, CourseView, CoverageOverview,
    SessionInput,
};
use serde::Deserialize;
use uuid::Uuid;

use super::{frequency_choices, kind_choices, mode_choices, role_choices};
use crate::WebState;
use crate::charts::{Bar, percent_rows};
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{
    Choice, DeptOption, DoneQuery, FormState, Pairs, all, category_options, dated, dept_options,
    done, get, render, reshow, state_of, xlsx_download,
};
use crate::session::{CsrfForm, SignedIn};

/// The choices every course form offers.
pub(super) struct CourseChoices {
    kinds: Vec<Choice>,
    frequencies: Vec<Choice>,
    roles: Vec<Choice>,
    categories: Vec<(&'static str, &'static str)>,
    depts: Vec<DeptOption>,
    /// Categories, departments and roles ticked.
    selected: Vec<String>,
}

impl CourseChoices {
    fn on(&self, v: &str) -> bool {
        self.selected.iter().any(|s| s == v)
    }

    async fn of(
        state: &WebState,
        user: &SignedIn,
        selected: Vec<String>,
    ) -> Result<Self, WebError> {
        let idx = state.app.dept_index(user.actor()).await.lang(user.lang)?;
        Ok(Self {
            kinds: kind_choices(user.lang),
            frequencies: frequency_choices(user.lang),
            roles: role_choices(user.lang),
            categories: category_options(user.lang),
            depts: dept_options(&idx, state.app.today(), user.lang),
            selected,
        })
    }
}

/// What a sent course form ticked.
fn ticked(f: &Pairs) -> Vec<String> {
    f.iter()
        .filter(|(k, _)| k == "categories" || k == "departments" || k == "roles")
        .map(|(_, v)| v.clone())
        .collect()
}

/// A course form as sent: categories, departments and roles may repeat.
fn course_input(f: &Pairs) -> CourseInput {
    let num = |k: &str| get(f, k).trim().parse::<i32>().ok();
    CourseInput {
        kind: get(f, "kind").into(),
        title: get(f, "title").into(),
        description: get(f, "description").into(),
        frequency: get(f, "frequency").into(),
        categories: all(f, "categories").map(str::to_owned).collect(),
        departments: all(f, "departments")
            .filter_map(|d| Uuid::parse_str(d).ok())
            .collect(),
        contractors: get(f, "contractors") == "1",
        roles: all(f, "roles").map(str::to_owned).collect(),
        grace_days: num("grace_days"),
        applies_from: get(f, "applies_from").into(),
        pass_percent: num("pass_percent"),
        max_attempts: num("max_attempts"),
        retired: get(f, "retired") == "1",
    }
}

#[derive(Template)]
#[template(path = "training_list.html")]
struct ListPage {
    ctx: Ctx,
    courses: Vec<CourseView>,
    coverage: Option<CoverageOverview>,
    may_manage: bool,
    chart: String,
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let actor = user.actor();
    let coverage = if actor.can(Capability::ViewCoverage) {
        Some(state.app.training_coverage(actor).await.lang(user.lang)?)
    } else {
        None
    };
    let courses = state.app.training_courses(actor).await.lang(user.lang)?;
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    let chart = coverage.as_ref().map_or_else(String::new, |c| {
        let bars: Vec<Bar> = c
            .courses
            .iter()
            .map(|r| Bar {
                label: r.title.clone(),
                value: f64::from(r.percent),
                text: format!("{}%", r.percent),
            })
            .collect();
        percent_rows("training-courses", ctx.t("training.coverage"), &bars)
    });
    Ok(render(&ListPage {
        ctx,
        courses,
        coverage,
        may_manage: actor.can(Capability::ManageTraining),
        chart,
    }))
}

#[derive(Template)]
#[template(path = "training_new.html")]
struct NewPage {
    ctx: Ctx,
    form: FormState,
    c: CourseChoices,
}

pub async fn new_page(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    state
        .app
        .authorize(user.actor(), Capability::ManageTraining)
        .await
        .lang(user.lang)?;
    let form = FormState::new(user.lang)
        .with("kind", "all_staff")
        .with("frequency", "annual")
        .with("grace_days", "30")
        .with("pass_percent", "80")
        .with("max_attempts", "3");
    Ok(render(&NewPage {
        ctx: Ctx::new(&user),
        form,
        c: CourseChoices::of(&state, &user, Vec::new()).await?,
    }))
}

pub async fn create(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .create_course(user.actor(), &course_input(&f.form))
        .await
    {
        Ok(id) => Ok(done(&format!("/training/{id}"), "training.created")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                Ok(NewPage {
                    ctx: Ctx::new(user),
                    form: state_of(&f.form, user.lang).with_errors(inv),
                    c: CourseChoices::of(&state, user, ticked(&f.form)).await?,
                })
            })
            .await
        }
    }
}

#[derive(Template)]
#[template(path = "training_course.html")]
struct CoursePage {
    ctx: Ctx,
    d: CourseDetail,
    form: FormState,
    session: FormState,
    c: CourseChoices,
    modes: Vec<Choice>,
}

/// The course form filled from the course as stored.
fn form_of(d: &CourseDetail, lang: crate::i18n::Lang) -> FormState {
    let c = &d.course;
    FormState::new(lang)
        .with("kind", c.kind.clone())
        .with("title", c.title.clone())
        .with("description", c.description.clone())
        .with("frequency", c.frequency.clone())
        .with("grace_days", c.grace_days.to_string())
        .with("applies_from", c.applies_from.to_string())
        .with("pass_percent", c.pass_percent.to_string())
        .with("max_attempts", c.max_attempts.to_string())
        .with("retired", if c.retired { "1" } else { "" })
        .with("contractors", if c.contractors { "1" } else { "" })
}

async fn course_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    ctx: Ctx,
    form: Option<(FormState, Vec<String>)>,
    session: Option<FormState>,
) -> Result<CoursePage, WebError> {
    let d = state
        .app
        .training_course(user.actor(), id)
        .await
        .lang(user.lang)?;
    let (form, selected) = form.unwrap_or_else(|| {
        let c = &d.course;
        let selected = c
            .categories
            .iter()
            .chain(&c.roles)
            .cloned()
            .chain(c.departments.iter().map(Uuid::to_string))
            .collect();
        (form_of(&d, user.lang), selected)
    });
    let today = state.app.today().to_string();
    Ok(CoursePage {
        form,
        session: session.unwrap_or_else(|| {
            FormState::new(user.lang)
                .with("held_on", today)
                .with("mode", "classroom")
        }),
        c: CourseChoices::of(state, user, selected).await?,
        modes: mode_choices(user.lang),
        ctx,
        d,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    let ctx = Ctx::with_notice(&user, q.done.as_deref());
    Ok(render(
        &course_page(&state, &user, id, ctx, None, None).await?,
    ))
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let user = &f.user;
    match state
        .app
        .update_course(user.actor(), id, &course_input(&f.form))
        .await
    {
        Ok(()) => Ok(done(&format!("/training/{id}"), "training.saved")),
        Err(e) => {
            reshow(e, user.lang, async |inv| {
                let form = state_of(&f.form, user.lang).with_errors(inv);
                let form = Some((form, ticked(&f.form)));
                course_page(&state, user, id, Ctx::new(user), form, None).await
            })
            .await
        }
    }
}

/// Re-shows the course page with the session form's problems.
pub(super) async fn course_with_session_errors(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    input: &SessionInput,
    inv: mamori_domain::Invalid,
) -> Result<impl Template, WebError> {
    let session = FormState::of(input, user.lang).with_errors(inv);
    course_page(state, user, id, Ctx::new(user), None, Some(session)).await
}

#[derive(Deserialize, Default)]
pub struct CoverageQuery {
    #[serde(default)]
    department: Option<Uuid>,
}

#[derive(Template)]
#[template(path = "training_coverage.html")]
struct CoveragePage {
    ctx: Ctx,
    c: CourseCoverage,
    chart: String,
}

pub async fn coverage(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<CoverageQuery>,
) -> Result<Response, WebError> {
    let c = state
        .app
        .course_coverage(user.actor(), id, q.department, false)
        .await
        .lang(user.lang)?;
    let ctx = Ctx::new(&user);
    let bars: Vec<Bar> = c
        .by_department
        .iter()
        .map(|r| Bar {
            label: r.label.clone(),
            value: f64::from(r.percent),
            text: format!("{}%", r.percent),
        })
        .collect();
    let chart = percent_rows("training-departments", ctx.t("ack.by_department"), &bars);
    Ok(render(&CoveragePage { ctx, c, chart }))
}

/// `GET /training/coverage.xlsx`: every course's coverage by department.
pub async fn export(State(state): State<WebState>, user: SignedIn) -> Result<Response, WebError> {
    let rows = state
        .app
        .coverage_table(user.actor())
        .await
        .lang(user.lang)?;
    xlsx_download(
        "研修受講状況",
        &COVERAGE_HEADERS,
        &mut rows.into_iter(),
        &dated("研修受講状況", state.app.today()),
        user.lang,
    )
}

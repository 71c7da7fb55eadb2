//! An audit's page: its plan and auditors, its stage, the findings with the audited
//! departments' answers and corrective actions, and the forms each reader may use;
//! and the audit report printed on A4.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::review::audit::{
    ActionReport, ActionVerification, AuditDetail, CorrectiveActionInput, FindingResponse,
    NewFinding,
};
use mamori_domain::review::audit::{ActionState, AuditState, Grade};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{Choice, DoneQuery, FormState, Pairs, answer_on_page, get, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "audit_detail.html")]
struct DetailPage {
    ctx: Ctx,
    d: AuditDetail,
    form: FormState,
    grades: Vec<Choice>,
}

impl DetailPage {
    fn takes_findings(&self) -> bool {
        self.d.may_conduct && self.d.audit.state.takes_findings()
    }

    fn may_advance(&self) -> bool {
        self.d.may_conduct && self.d.audit.state != AuditState::Closed
    }
}

async fn detail(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    done: Option<&str>,
) -> Result<DetailPage, WebError> {
    let d = state
        .app
        .security_audit(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(DetailPage {
        ctx: Ctx::with_notice(user, done),
        d,
        form: FormState::new(user.lang),
        grades: crate::pages::choices(&Grade::ALL, Grade::code, Grade::label, user.lang),
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

/// Answers a form posted from the audit's page: back to it with `key`, or the page
/// again with the form's problems.
async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    audit: Uuid,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    let back = format!("/audits/{audit}");
    answer_on_page(f, r, (&back, key), async |form| {
        let mut p = detail(state, &f.user, audit, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

/// The audit of a finding, whose page a finding's form goes back to.
async fn of_finding(state: &WebState, f: &CsrfForm<Pairs>, id: Uuid) -> Result<Uuid, WebError> {
    state
        .app
        .audit_of_finding(f.user.actor(), id)
        .await
        .lang(f.user.lang)
}

/// The audit of a corrective action.
async fn of_action(state: &WebState, f: &CsrfForm<Pairs>, id: Uuid) -> Result<Uuid, WebError> {
    state
        .app
        .audit_of_action(f.user.actor(), id)
        .await
        .lang(f.user.lang)
}

pub async fn advance(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.advance_audit(f.user.actor(), id).await;
    answer(&state, &f, id, r, "audits.advanced").await
}

pub async fn finding(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = NewFinding {
        grade: get(&f.form, "grade").to_owned(),
        department: get(&f.form, "department").to_owned(),
        criterion: get(&f.form, "criterion").to_owned(),
        description: get(&f.form, "description").to_owned(),
        found_on: get(&f.form, "found_on").to_owned(),
    };
    let r = state
        .app
        .record_audit_finding(f.user.actor(), id, &input)
        .await;
    answer(&state, &f, id, r, "audits.finding_recorded").await
}

pub async fn respond(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let audit = of_finding(&state, &f, id).await?;
    let input = FindingResponse {
        response: get(&f.form, "response").to_owned(),
    };
    let r = state
        .app
        .respond_to_finding(f.user.actor(), id, &input)
        .await;
    answer(&state, &f, audit, r, "audits.responded").await
}

pub async fn plan_action(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let audit = of_finding(&state, &f, id).await?;
    let input = CorrectiveActionInput {
        cause: get(&f.form, "cause").to_owned(),
        action: get(&f.form, "action").to_owned(),
        owner: get(&f.form, "owner").to_owned(),
        due_on: get(&f.form, "due_on").to_owned(),
    };
    let r = state
        .app
        .plan_corrective_action(f.user.actor(), id, &input)
        .await;
    answer(&state, &f, audit, r, "audits.action_planned").await
}

pub async fn close_finding(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let audit = of_finding(&state, &f, id).await?;
    let r = state.app.close_finding(f.user.actor(), id).await;
    answer(&state, &f, audit, r, "audits.finding_closed").await
}

pub async fn action_done(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let audit = of_action(&state, &f, id).await?;
    let input = ActionReport {
        note: get(&f.form, "note").to_owned(),
    };
    let r = state
        .app
        .report_action_done(f.user.actor(), id, &input)
        .await;
    answer(&state, &f, audit, r, "audits.action_reported").await
}

pub async fn verify(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let audit = of_action(&state, &f, id).await?;
    let input = ActionVerification {
        accept: get(&f.form, "accept") == "1",
        note: get(&f.form, "note").to_owned(),
    };
    let r = state.app.verify_action(f.user.actor(), id, &input).await;
    answer(&state, &f, audit, r, "audits.action_checked").await
}

#[derive(Template)]
#[template(path = "audit_report.html")]
struct ReportPage {
    ctx: Ctx,
    d: AuditDetail,
}

/// The audit report as a PDF (Japanese text in the built-in font).
pub async fn report_pdf(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let lang = user.lang;
    let d = state
        .app
        .security_audit(user.actor(), id)
        .await
        .lang(lang)?;
    let bytes = crate::pdf::audit_report(&d, lang)
        .map_err(|e| WebError::new(mamori_app::AppError::Internal(e), lang))?;
    Ok(crate::pages::attachment(
        bytes,
        "application/pdf",
        &format!("{}.pdf", d.audit.number),
    ))
}

/// The audit report on A4: the plan, the findings by grade and department with the
/// departments' answers and the state of their corrective actions.
pub async fn report(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
) -> Result<Response, WebError> {
    let d = state
        .app
        .security_audit(user.actor(), id)
        .await
        .lang(user.lang)?;
    Ok(render(&ReportPage {
        ctx: Ctx::new(&user),
        d,
    }))
}

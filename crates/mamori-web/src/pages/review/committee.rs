//! The security committee: its members, meetings and decisions, with the form that
//! schedules a meeting; a meeting's page with its attendees, agenda, decisions and
//! minutes, and the secretariat's forms.

use askama::Template;
use axum::extract::{Path, Query, State};
use axum::response::Response;
use mamori_app::authz::Capability;
use mamori_app::review::committee::{
    AgendaCandidate, AgendaInput, CommitteeDecision, DecisionView, MeetingDetail, MeetingInput,
    MeetingView, MemberView, MinutesApproval, MinutesInput,
};
use mamori_domain::review::committee::{AgendaKind, MeetingState, Outcome};
use uuid::Uuid;

use crate::WebState;
use crate::ctx::Ctx;
use crate::error::{InLang, WebError};
use crate::pages::{DoneQuery, FormState, Pairs, all, answer_created, answer_on_page, get, render};
use crate::session::{CsrfForm, SignedIn};

#[derive(Template)]
#[template(path = "committee_list.html")]
struct ListPage {
    ctx: Ctx,
    members: Vec<MemberView>,
    meetings: Vec<MeetingView>,
    decisions: Vec<DecisionView>,
    form: FormState,
    may_run: bool,
}

async fn list_page(
    state: &WebState,
    user: &SignedIn,
    done: Option<&str>,
) -> Result<ListPage, WebError> {
    let a = user.actor();
    Ok(ListPage {
        ctx: Ctx::with_notice(user, done),
        members: state.app.committee_members(a).await.lang(user.lang)?,
        meetings: state.app.committee_meetings(a).await.lang(user.lang)?,
        decisions: state.app.committee_decisions(a).await.lang(user.lang)?,
        form: FormState::new(user.lang),
        may_run: a.can(Capability::RunCommittee),
    })
}

impl ListPage {
    /// A member's role as the reader's language names it.
    fn role(&self, code: &str) -> &'static str {
        mamori_domain::Role::from_code(code).map_or("", |r| r.label(self.ctx.lang_code()))
    }
}

pub async fn list(
    State(state): State<WebState>,
    user: SignedIn,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(&list_page(&state, &user, q.done.as_deref()).await?))
}

fn meeting_input(f: &Pairs) -> MeetingInput {
    MeetingInput {
        title: get(f, "title").to_owned(),
        held_on: get(f, "held_on").to_owned(),
        place: get(f, "place").to_owned(),
        attendees: all(f, "attendee").map(str::to_owned).collect(),
        guests: get(f, "guests").to_owned(),
    }
}

pub async fn schedule(
    State(state): State<WebState>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .schedule_meeting(f.user.actor(), &meeting_input(&f.form))
        .await;
    answer_created(
        &f,
        r,
        ("/committee/meetings", "committee.scheduled"),
        async |form| {
            let mut p = list_page(&state, &f.user, None).await?;
            p.form = form;
            Ok(p)
        },
    )
    .await
}

#[derive(Template)]
#[template(path = "committee_meeting.html")]
struct MeetingPage {
    ctx: Ctx,
    d: MeetingDetail,
    members: Vec<MemberView>,
    candidates: Vec<AgendaCandidate>,
    form: FormState,
}

impl MeetingPage {
    fn held(&self) -> bool {
        self.d.meeting.state == MeetingState::Held
    }

    fn attends(&self, staff: &Uuid) -> bool {
        self.d.meeting.attendees.iter().any(|a| a.id == *staff)
    }

    /// The value the agenda form's record list sends: kind, record and version.
    fn candidate_value(&self, c: &AgendaCandidate) -> String {
        match c.version {
            Some(v) => format!("{}:{}:{v}", c.kind.code(), c.record),
            None => format!("{}:{}", c.kind.code(), c.record),
        }
    }

    /// An outcome's code as the reader's language names it.
    fn outcome(&self, code: &str) -> &'static str {
        Outcome::from_code(code).map_or("", |o| o.label(self.ctx.lang_code()))
    }

    fn kinds(&self) -> &'static [AgendaKind] {
        &AgendaKind::ALL
    }
}

async fn meeting_page(
    state: &WebState,
    user: &SignedIn,
    id: Uuid,
    done: Option<&str>,
) -> Result<MeetingPage, WebError> {
    let a = user.actor();
    let d = state.app.committee_meeting(a, id).await.lang(user.lang)?;
    let (members, candidates) = if d.may_run {
        (
            state.app.committee_members(a).await.lang(user.lang)?,
            state.app.agenda_candidates(a).await.lang(user.lang)?,
        )
    } else {
        (Vec::new(), Vec::new())
    };
    Ok(MeetingPage {
        ctx: Ctx::with_notice(user, done),
        form: FormState::new(user.lang).with("minutes", d.minutes.clone()),
        d,
        members,
        candidates,
    })
}

pub async fn page(
    State(state): State<WebState>,
    user: SignedIn,
    Path(id): Path<Uuid>,
    Query(q): Query<DoneQuery>,
) -> Result<Response, WebError> {
    Ok(render(
        &meeting_page(&state, &user, id, q.done.as_deref()).await?,
    ))
}

/// Back to the meeting's page with `key`, or the page again with the form's problems.
async fn answer<R>(
    state: &WebState,
    f: &CsrfForm<Pairs>,
    meeting: Uuid,
    r: mamori_app::AppResult<R>,
    key: &str,
) -> Result<Response, WebError> {
    let back = format!("/committee/meetings/{meeting}");
    answer_on_page(f, r, (&back, key), async |form| {
        let mut p = meeting_page(state, &f.user, meeting, None).await?;
        p.form = form;
        Ok(p)
    })
    .await
}

pub async fn update(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state
        .app
        .update_meeting(f.user.actor(), id, &meeting_input(&f.form))
        .await;
    answer(&state, &f, id, r, "committee.updated").await
}

pub async fn hold(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.hold_meeting(f.user.actor(), id).await;
    answer(&state, &f, id, r, "committee.held").await
}

pub async fn add_item(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    // The record list sends `kind:record[:version]`; with none picked, the kind chosen.
    let picked = get(&f.form, "record");
    let mut parts = picked.split(':');
    let (kind, record, version) = match (parts.next(), parts.next()) {
        (Some(k), Some(r)) if !picked.is_empty() => (
            k.to_owned(),
            Uuid::parse_str(r).ok(),
            parts.next().and_then(|v| v.parse().ok()),
        ),
        _ => (get(&f.form, "kind").to_owned(), None, None),
    };
    let input = AgendaInput {
        kind,
        record,
        version,
        title: get(&f.form, "title").to_owned(),
        note: get(&f.form, "note").to_owned(),
    };
    let r = state.app.add_agenda_item(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "committee.item_added").await
}

pub async fn remove_item(
    State(state): State<WebState>,
    Path((id, item)): Path<(Uuid, Uuid)>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let r = state.app.remove_agenda_item(f.user.actor(), item).await;
    answer(&state, &f, id, r, "committee.item_removed").await
}

pub async fn decide(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = CommitteeDecision {
        agenda_item: Uuid::parse_str(get(&f.form, "agenda_item").trim()).unwrap_or_default(),
        outcome: get(&f.form, "outcome").to_owned(),
        text: get(&f.form, "text").to_owned(),
        effective_on: get(&f.form, "effective_on").to_owned(),
        expires_on: get(&f.form, "expires_on").to_owned(),
    };
    let r = state.app.record_decision(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "committee.decided").await
}

pub async fn minutes(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = MinutesInput {
        minutes: get(&f.form, "minutes").to_owned(),
    };
    let r = state.app.save_minutes(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "committee.minutes_saved").await
}

pub async fn approve_minutes(
    State(state): State<WebState>,
    Path(id): Path<Uuid>,
    f: CsrfForm<Pairs>,
) -> Result<Response, WebError> {
    let input = MinutesApproval {
        meeting: Uuid::parse_str(get(&f.form, "meeting").trim()).unwrap_or_default(),
    };
    let r = state.app.approve_minutes(f.user.actor(), id, &input).await;
    answer(&state, &f, id, r, "committee.minutes_approved").await
}

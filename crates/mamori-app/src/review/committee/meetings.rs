//! Meetings: who sits on the committee, scheduling a meeting with its attendees,
//! marking it held, its minutes and their approval at a later meeting.

use chrono::NaiveDate;
use mamori_domain::review::committee::{self as rules, MeetingState, MinutesFacts};
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::entity::committee_meeting;
use uuid::Uuid;

use super::input::{MeetingInput, MinutesApproval, MinutesInput};
use super::view::{MeetingDetail, MeetingView, MemberView, meeting_named};
use crate::authz::{Actor, Capability};
use crate::media::Named;
use crate::{App, AppError, AppResult};

const MEMBER_ROLES: [Role; 3] = [Role::Ciso, Role::DeputyCiso, Role::Committee];

fn state_of(m: &committee_meeting::Model) -> MeetingState {
    MeetingState::from_code(&m.state).unwrap_or(MeetingState::Scheduled)
}

fn attendee_ids(m: &committee_meeting::Model) -> Vec<Uuid> {
    serde_json::from_str(&m.attendees).unwrap_or_default()
}

pub(super) fn named(m: &committee_meeting::Model) -> Named {
    meeting_named(m.id, m.fiscal_year, m.seq, &m.title)
}

/// What the audit log keeps of a meeting.
fn audited(m: &committee_meeting::Model) -> serde_json::Value {
    serde_json::json!({
        "title": m.title, "held_on": m.held_on, "place": m.place, "state": m.state,
        "attendees": attendee_ids(m), "guests": m.guests,
        "minutes_hash": mamori_domain::evidence::sha256_hex(m.minutes.as_bytes()),
        "minutes_approved_in": m.minutes_approved_in,
    })
}

impl App {
    /// The committee's members on a day: the CISO, the deputy and those holding the
    /// committee role then, once each.
    pub(crate) async fn members_on(
        &self,
        org_id: Uuid,
        day: NaiveDate,
    ) -> AppResult<Vec<MemberView>> {
        let conn = self.store.conn();
        let roles: Vec<_> = mamori_store::roles::all(conn, org_id, None)
            .await?
            .into_iter()
            .filter(|r| mamori_domain::role::is_active_on(r.term_from, r.term_to, day))
            .filter(|r| Role::from_code(&r.role).is_some_and(|role| MEMBER_ROLES.contains(&role)))
            .collect();
        let ids: Vec<Uuid> = roles.iter().map(|r| r.staff_id).collect();
        let staff = mamori_store::staff::by_ids(conn, org_id, &ids).await?;
        let mut out: Vec<MemberView> = Vec::new();
        for role in MEMBER_ROLES {
            for r in roles.iter().filter(|r| r.role == role.code()) {
                if out.iter().any(|m| m.staff_id == r.staff_id) {
                    continue;
                }
                if let Some(s) = staff.iter().find(|s| s.id == r.staff_id) {
                    out.push(MemberView {
                        staff_id: s.id,
                        name: s.name.clone(),
                        employee_number: s.employee_number.clone(),
                        role: r.role.clone(),
                        term_to: r.term_to,
                    });
                }
            }
        }
        Ok(out)
    }

    /// The committee's members today.
    pub async fn committee_members(&self, actor: &Actor) -> AppResult<Vec<MemberView>> {
        self.authorize(actor, Capability::ViewCommittee).await?;
        self.members_on(actor.org_id, self.today()).await
    }

    /// Every meeting, the latest first.
    pub async fn committee_meetings(&self, actor: &Actor) -> AppResult<Vec<MeetingView>> {
        self.authorize(actor, Capability::ViewCommittee).await?;
        let conn = self.store.conn();
        let all = mamori_store::review::committee::meetings(conn, actor.org_id).await?;
        let ids: Vec<Uuid> = all.iter().map(|m| m.id).collect();
        let agenda = mamori_store::review::committee::agenda(conn, actor.org_id, &ids).await?;
        let decisions = mamori_store::review::committee::decisions(conn, actor.org_id).await?;
        let people: Vec<Uuid> = all.iter().flat_map(attendee_ids).collect();
        let staff = mamori_store::staff::by_ids(conn, actor.org_id, &people).await?;
        Ok(all
            .iter()
            .map(|m| MeetingView {
                id: m.id,
                fiscal_year: m.fiscal_year,
                seq: m.seq,
                title: m.title.clone(),
                held_on: m.held_on,
                place: m.place.clone(),
                state: state_of(m),
                attendees: attendee_ids(m)
                    .iter()
                    .filter_map(|id| staff.iter().find(|s| s.id == *id))
                    .map(|s| Named {
                        id: s.id,
                        code: s.employee_number.clone(),
                        name: s.name.clone(),
                    })
                    .collect(),
                guests: m.guests.clone(),
                agenda_items: agenda.iter().filter(|a| a.meeting_id == m.id).count(),
                decisions: decisions.iter().filter(|d| d.meeting_id == m.id).count(),
                minutes_written: !m.minutes.trim().is_empty(),
                minutes_approved_in: m
                    .minutes_approved_in
                    .and_then(|id| all.iter().find(|o| o.id == id))
                    .map(named),
                minutes_approved_on: m.minutes_approved_on,
            })
            .collect())
    }

    /// A meeting's page: its agenda with the decisions, its minutes, and the earlier
    /// minutes it may approve.
    pub async fn committee_meeting(&self, actor: &Actor, id: Uuid) -> AppResult<MeetingDetail> {
        let all = self.committee_meetings(actor).await?;
        let meeting = all
            .iter()
            .find(|m| m.id == id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        let row = self.meeting_row(actor, id).await?;
        let minutes_to_approve = all
            .iter()
            .filter(|m| {
                m.state == MeetingState::Held
                    && m.minutes_written
                    && m.minutes_approved_in.is_none()
                    && m.held_on < meeting.held_on
            })
            .map(|m| meeting_named(m.id, m.fiscal_year, m.seq, &m.title))
            .collect();
        Ok(MeetingDetail {
            agenda: self.agenda_views(actor, &row).await?,
            minutes_html: mamori_domain::policy::markdown::render(&row.minutes),
            minutes: row.minutes,
            minutes_to_approve,
            may_run: actor.can(Capability::RunCommittee),
            meeting,
        })
    }

    pub(super) async fn meeting_row(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<committee_meeting::Model> {
        mamori_store::review::committee::get_meeting(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)
    }

    /// Checks a meeting's details: its day, and attendees who sat on the committee
    /// that day (by staff id or employee number, each named when refused).
    async fn checked_meeting(
        &self,
        actor: &Actor,
        input: &MeetingInput,
    ) -> AppResult<(NaiveDate, Vec<Uuid>)> {
        let mut inv = Invalid::new();
        let day = crate::departments::optional_date(&mut inv, "held_on", &input.held_on);
        if day.is_none() && inv.is_empty() {
            inv.push(FieldError::new(
                "held_on",
                "開催日を入力してください。",
                "Give the day of the meeting.",
            ));
        }
        let mut attendees = Vec::new();
        if let Some(day) = day {
            let members = self.members_on(actor.org_id, day).await?;
            for (i, given) in input.attendees.iter().enumerate() {
                let field = format!("attendees[{i}]");
                let Some(id) = self
                    .resolve_staff(actor.org_id, given, &field, &mut inv)
                    .await?
                else {
                    continue;
                };
                if !members.iter().any(|m| m.staff_id == id) {
                    inv.push(FieldError::new(
                        &field,
                        format!("「{}」は{day}に委員会の委員ではありません。", given.trim()),
                        format!(
                            "“{}” was not a member of the committee on {day}.",
                            given.trim()
                        ),
                    ));
                } else if !attendees.contains(&id) {
                    attendees.push(id);
                }
            }
        }
        inv.into_result()?;
        Ok((day.unwrap_or_default(), attendees))
    }

    /// Schedules a meeting, numbered in its fiscal year.
    pub async fn schedule_meeting(&self, actor: &Actor, input: &MeetingInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let (day, attendees) = self.checked_meeting(actor, input).await?;
        let year = mamori_domain::wareki::fiscal_year(day);
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let seq = rules::next_seq(
            mamori_store::review::committee::meetings(&*tx, actor.org_id)
                .await?
                .iter()
                .filter(|m| m.fiscal_year == year)
                .map(|m| m.seq),
        );
        let mut title = mamori_domain::text::clean(&input.title);
        if title.is_empty() {
            title = format!(
                "{} 第{seq}回 情報セキュリティ委員会",
                mamori_domain::wareki::fiscal_year_label(year)
            );
        }
        let m = committee_meeting::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            fiscal_year: year,
            seq,
            title,
            held_on: day,
            place: mamori_domain::text::clean(&input.place),
            state: MeetingState::Scheduled.code().into(),
            attendees: serde_json::to_string(&attendees).unwrap_or_default(),
            guests: input.guests.trim().to_owned(),
            minutes: String::new(),
            minutes_approved_in: None,
            minutes_approved_on: None,
            created_by: actor.label.clone(),
            created_at: self.now(),
            updated_at: self.now(),
        };
        mamori_store::review::committee::insert_meeting(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "committee_meeting.create",
            ("committee_meeting", m.id),
            None,
            Some(&audited(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a meeting's title, place, attendees and guests; its day only while it
    /// is scheduled and within the same fiscal year (its number belongs to the year).
    pub async fn update_meeting(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &MeetingInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let before = self.meeting_row(actor, id).await?;
        let (day, attendees) = self.checked_meeting(actor, input).await?;
        if day != before.held_on
            && (state_of(&before) == MeetingState::Held
                || mamori_domain::wareki::fiscal_year(day) != before.fiscal_year)
        {
            return Err(AppError::field(
                "held_on",
                "開催済みの会議の日付、または年度をまたぐ日付には変更できません。",
                "A held meeting keeps its day, and a meeting stays in its fiscal year.",
            ));
        }
        let title = mamori_domain::text::clean(&input.title);
        let after = committee_meeting::Model {
            title: if title.is_empty() {
                before.title.clone()
            } else {
                title
            },
            held_on: day,
            place: mamori_domain::text::clean(&input.place),
            attendees: serde_json::to_string(&attendees).unwrap_or_default(),
            guests: input.guests.trim().to_owned(),
            updated_at: self.now(),
            ..before.clone()
        };
        self.write_meeting(actor, "committee_meeting.update", &before, after)
            .await
    }

    /// Marks a scheduled meeting held, on or after its day.
    pub async fn hold_meeting(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let before = self.meeting_row(actor, id).await?;
        if state_of(&before) == MeetingState::Held {
            return Err(AppError::field(
                "state",
                "この会議は開催済みです。",
                "This meeting is already held.",
            ));
        }
        rules::check_held(before.held_on, self.today()).map_err(|p| p.at("held_on"))?;
        let after = committee_meeting::Model {
            state: MeetingState::Held.code().into(),
            updated_at: self.now(),
            ..before.clone()
        };
        self.write_meeting(actor, "committee_meeting.hold", &before, after)
            .await
    }

    /// Writes a held meeting's minutes (Markdown, checked as policy text is); once
    /// approved they no longer change.
    pub async fn save_minutes(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &MinutesInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let before = self.meeting_row(actor, id).await?;
        if state_of(&before) != MeetingState::Held || before.minutes_approved_in.is_some() {
            return Err(AppError::field(
                "minutes",
                "議事録は開催後に記録し、承認後は変更できません。",
                "Minutes are written after the meeting and do not change once approved.",
            ));
        }
        let text = mamori_domain::policy::markdown::normalize(&input.minutes);
        if let Some(p) = mamori_domain::policy::markdown::check(&text)
            .into_iter()
            .next()
        {
            return Err(AppError::Invalid(Invalid::from(p.at("minutes"))));
        }
        let after = committee_meeting::Model {
            minutes: text,
            updated_at: self.now(),
            ..before.clone()
        };
        self.write_meeting(actor, "committee_meeting.minutes", &before, after)
            .await
    }

    /// Approves an earlier meeting's minutes at this (held, later) meeting.
    pub async fn approve_minutes(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &MinutesApproval,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let at = self.meeting_row(actor, id).await?;
        let before = self
            .meeting_row(actor, input.meeting)
            .await
            .map_err(|e| match e {
                AppError::NotFound => AppError::field(
                    "meeting",
                    "承認する議事録の会議が見つかりません。",
                    "The meeting whose minutes are approved does not exist.",
                ),
                e => e,
            })?;
        let facts = |m: &committee_meeting::Model| MinutesFacts {
            state: state_of(m),
            held_on: m.held_on,
            minutes: "",
            approved: m.minutes_approved_in.is_some(),
        };
        rules::check_minutes_approval(
            MinutesFacts {
                minutes: &before.minutes,
                ..facts(&before)
            },
            facts(&at),
        )
        .map_err(|p| p.at("meeting"))?;
        let after = committee_meeting::Model {
            minutes_approved_in: Some(at.id),
            minutes_approved_on: Some(at.held_on),
            updated_at: self.now(),
            ..before.clone()
        };
        self.write_meeting(actor, "committee_meeting.approve_minutes", &before, after)
            .await
    }

    async fn write_meeting(
        &self,
        actor: &Actor,
        action: &str,
        before: &committee_meeting::Model,
        after: committee_meeting::Model,
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        mamori_store::review::committee::update_meeting(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("committee_meeting", after.id),
            Some(&audited(before)),
            Some(&audited(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! Stored courses and sessions ↔ what the app shows, and where each person on the
//! register stands on a course today.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::policy::ack::Tally;
use mamori_domain::training::{
    Audience, CourseKind, Frequency, Obligation, SessionMode, Standing, course_code,
    fiscal_year_end, fiscal_year_start, session_code, standing,
};
use mamori_domain::{Role, StaffCategory};
use mamori_store::entity::{training_course, training_session};
use mamori_store::policies::Person;
use uuid::Uuid;

use super::view::{CourseView, SessionView};
use crate::departments::DeptIndex;

pub(super) fn audience_of(c: &training_course::Model) -> Audience {
    serde_json::from_str(&c.audience).unwrap_or_default()
}

pub(super) fn frequency_of(c: &training_course::Model) -> Frequency {
    Frequency::from_code(&c.frequency).unwrap_or(Frequency::Annual)
}

pub(super) fn mode_of(s: &training_session::Model) -> SessionMode {
    SessionMode::from_code(&s.mode).unwrap_or(SessionMode::Classroom)
}

/// Whom a course binds, in Japanese and English words.
fn audience_words(a: &Audience, depts: &DeptIndex) -> (String, String) {
    let (mut ja, mut en) = crate::policies::acks::audience_words(&a.staff, depts);
    if !a.roles.is_empty() {
        let (rj, re): (Vec<&str>, Vec<&str>) =
            a.roles.iter().map(|r| (r.label_ja(), r.label_en())).unzip();
        ja = format!("{ja}のうち{}", rj.join("・"));
        en = format!("{en} holding: {}", re.join(", "));
    }
    (ja, en)
}

/// This fiscal year's deadline of an annual course: the last day of its last session
/// this year, or the year's end when none is planned.
pub(super) fn year_deadline(sessions: &[&training_session::Model], today: NaiveDate) -> NaiveDate {
    let (from, to) = (fiscal_year_start(today), fiscal_year_end(today));
    sessions
        .iter()
        .filter(|s| s.held_on >= from && s.held_on <= to)
        .map(|s| s.until.unwrap_or(s.held_on))
        .max()
        .unwrap_or(to)
}

pub(super) fn course_view(
    c: &training_course::Model,
    depts: &DeptIndex,
    questions: usize,
    deadline: NaiveDate,
    total: Tally,
) -> CourseView {
    let kind = CourseKind::from_code(&c.kind).unwrap_or(CourseKind::Other);
    let frequency = frequency_of(c);
    let audience = audience_of(c);
    let (audience_ja, audience_en) = audience_words(&audience, depts);
    CourseView {
        id: c.id,
        code: course_code(c.number),
        kind: kind.code().into(),
        kind_ja: kind.label_ja().into(),
        kind_en: kind.label_en().into(),
        title: c.title.clone(),
        description: c.description.clone(),
        frequency: frequency.code().into(),
        frequency_ja: frequency.label_ja().into(),
        frequency_en: frequency.label_en().into(),
        audience_ja,
        audience_en,
        roles: audience.roles.iter().map(|r| r.code().to_owned()).collect(),
        categories: audience
            .staff
            .categories
            .iter()
            .map(|c| c.code().to_owned())
            .collect(),
        departments: audience.staff.departments.clone(),
        contractors: audience.staff.contractors,
        grace_days: c.grace_days,
        applies_from: c.applies_from,
        pass_percent: c.pass_percent,
        max_attempts: c.max_attempts,
        retired: c.retired,
        questions,
        year_deadline: (frequency == Frequency::Annual).then_some(deadline),
        percent: total.percent(),
        total,
    }
}

pub(super) fn session_view(
    s: &training_session::Model,
    c: &training_course::Model,
    attendees: usize,
    today: NaiveDate,
) -> SessionView {
    let mode = mode_of(s);
    SessionView {
        id: s.id,
        code: session_code(s.number),
        course_id: c.id,
        course_code: course_code(c.number),
        course_title: c.title.clone(),
        held_on: s.held_on,
        until: s.until,
        mode: mode.code().into(),
        mode_ja: mode.label_ja().into(),
        mode_en: mode.label_en().into(),
        place: s.place.clone(),
        trainer: s.trainer.clone(),
        materials: s.materials.clone(),
        attendees,
        open_now: mode == SessionMode::ELearning
            && s.held_on <= today
            && s.until.unwrap_or(s.held_on) >= today,
    }
}

/// The staff register as training reads it: who is on it today, where they sit,
/// and the roles they hold with the day they took each.
pub(super) struct Register {
    pub people: Vec<Person>,
    pub depts: DeptIndex,
    chains: HashMap<Uuid, Vec<Uuid>>,
    roles: HashMap<Uuid, Vec<HeldRole>>,
}

/// A role held today: since its term began, if the assignment states one, and when
/// the assignment was recorded.
#[derive(Debug, Clone, Copy)]
pub(super) struct HeldRole {
    pub role: Role,
    pub term_from: Option<NaiveDate>,
    pub recorded: NaiveDate,
}

/// One person's standing on one course.
pub(super) struct Trainee<'a> {
    pub person: &'a Person,
    pub category: StaffCategory,
    pub chain: &'a [Uuid],
    pub roles: &'a [HeldRole],
    pub standing: Standing,
    /// Bound because of a role they hold.
    pub by_role: bool,
}

impl Register {
    pub fn new(
        people: Vec<Person>,
        depts: DeptIndex,
        assignments: Vec<mamori_store::entity::role_assignment::Model>,
        today: NaiveDate,
    ) -> Self {
        let people: Vec<Person> = people
            .into_iter()
            .filter(|p| p.start_date.is_none_or(|s| s <= today))
            .filter(|p| p.end_date.is_none_or(|e| e >= today))
            .collect();
        let mut chains = HashMap::new();
        for d in people.iter().filter_map(|p| p.department_id) {
            chains
                .entry(d)
                .or_insert_with(|| depts.chain(d).iter().map(|m| m.id).collect());
        }
        let mut roles: HashMap<Uuid, Vec<HeldRole>> = HashMap::new();
        for a in assignments {
            let current = mamori_domain::role::is_active_on(a.term_from, a.term_to, today);
            if let (true, Some(role)) = (current, Role::from_code(&a.role)) {
                roles.entry(a.staff_id).or_default().push(HeldRole {
                    role,
                    term_from: a.term_from,
                    recorded: a.created_at.date_naive(),
                });
            }
        }
        Self {
            people,
            depts,
            chains,
            roles,
        }
    }

    pub fn chain(&self, p: &Person) -> &[Uuid] {
        p.department_id
            .and_then(|d| self.chains.get(&d))
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn roles_of(&self, staff_id: Uuid) -> &[HeldRole] {
        self.roles
            .get(&staff_id)
            .map(Vec::as_slice)
            .unwrap_or_default()
    }

    pub fn department_path(&self, p: &Person) -> String {
        p.department_id
            .map(|d| self.depts.path(d))
            .unwrap_or_default()
    }

    /// Everyone the course binds today (or only `only`, when given), with where they
    /// stand. `latest` gives each person's latest completion of this course.
    pub fn trainees<'a>(
        &'a self,
        c: &training_course::Model,
        deadline: NaiveDate,
        latest: &HashMap<Uuid, NaiveDate>,
        (today, only): (NaiveDate, Option<Uuid>),
    ) -> Vec<Trainee<'a>> {
        let audience = audience_of(c);
        let obligation = Obligation {
            frequency: frequency_of(c),
            grace_days: c.grace_days,
            applies_from: c.applies_from,
            year_deadline: deadline,
        };
        self.people
            .iter()
            .filter(|p| only.is_none_or(|o| p.id == o))
            .filter_map(|p| {
                let category = StaffCategory::from_code(&p.category)?;
                let chain = self.chain(p);
                let roles = self.roles_of(p.id);
                let held: Vec<Role> = roles.iter().map(|r| r.role).collect();
                if !audience.includes(category, chain, &held) {
                    return None;
                }
                // When the person took the role: its term's start. A course taken
                // on taking a role falls back on when the assignment was recorded;
                // for a yearly course an assignment with no term is simply held.
                let on_role = obligation.frequency == mamori_domain::training::Frequency::OnRole;
                let role_since = roles
                    .iter()
                    .filter(|r| audience.roles.contains(&r.role))
                    .filter_map(|r| {
                        if on_role {
                            Some(r.term_from.unwrap_or(r.recorded))
                        } else {
                            r.term_from
                        }
                    })
                    .min();
                let standing = standing(
                    &obligation,
                    p.start_date,
                    role_since,
                    latest.get(&p.id).copied(),
                    today,
                )?;
                Some(Trainee {
                    person: p,
                    category,
                    chain,
                    roles,
                    standing,
                    by_role: !audience.roles.is_empty(),
                })
            })
            .collect()
    }
}

/// Counts over trainees.
pub(super) fn tally(trainees: &[Trainee<'_>]) -> Tally {
    let mut t = Tally::default();
    for x in trainees {
        t.add(x.standing.is_done(), x.standing.is_overdue());
    }
    t
}

/// A course as its audit entries record it.
pub(super) fn audited_course(c: &training_course::Model) -> serde_json::Value {
    serde_json::json!({
        "kind": c.kind,
        "title": c.title,
        "frequency": c.frequency,
        "audience": serde_json::from_str::<serde_json::Value>(&c.audience).unwrap_or_default(),
        "grace_days": c.grace_days,
        "applies_from": c.applies_from,
        "pass_percent": c.pass_percent,
        "max_attempts": c.max_attempts,
        "retired": c.retired,
    })
}

/// A session as its audit entries record it.
pub(super) fn audited_session(s: &training_session::Model) -> serde_json::Value {
    serde_json::json!({
        "code": session_code(s.number),
        "held_on": s.held_on,
        "until": s.until,
        "mode": s.mode,
        "place": s.place,
        "trainer": s.trainer,
        "materials": s.materials,
    })
}

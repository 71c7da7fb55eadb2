//! Reading courses and sessions: the list with today's counts, a course's page, a
//! session's completions (names only for those who answer for the people), a
//! person's own courses for their home page, and certificates of completion.
//!
//! Everyone of the organization sees which courses and sessions there are; who has
//! completed what is shown by name only to the secretariat and to those who answer
//! for the person's department.

use std::collections::HashMap;
use std::sync::Arc;

use chrono::NaiveDate;
use mamori_domain::training::{CompletionSource, Standing, session_code};
use mamori_store::entity::{training_attendance, training_course, training_session};
use uuid::Uuid;

use super::row::{Register, course_view, mode_of, session_view, tally, year_deadline};
use super::view::{
    AttendeeView, Certificate, CourseDetail, CourseView, MyCourse, SessionDetail, SessionView,
};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// Courses, sessions, the register and completions: what coverage is worked out from.
pub(crate) struct Loaded {
    pub(super) courses: Vec<training_course::Model>,
    pub(super) sessions: Vec<training_session::Model>,
    pub(super) register: Register,
    /// Latest completion by course, then person.
    pub(super) latest: HashMap<Uuid, HashMap<Uuid, NaiveDate>>,
    pub(super) questions: HashMap<Uuid, usize>,
    pub(super) today: NaiveDate,
}

impl Loaded {
    pub(super) fn sessions_of(&self, course: Uuid) -> Vec<&training_session::Model> {
        self.sessions
            .iter()
            .filter(|s| s.course_id == course)
            .collect()
    }

    pub(super) fn deadline(&self, course: Uuid) -> NaiveDate {
        year_deadline(&self.sessions_of(course), self.today)
    }

    pub(super) fn trainees(&self, c: &training_course::Model) -> Vec<super::row::Trainee<'_>> {
        self.trainees_of(c, None)
    }

    /// Where one person stands on a course, if it binds them.
    pub(super) fn trainee(
        &self,
        c: &training_course::Model,
        staff: Uuid,
    ) -> Option<super::row::Trainee<'_>> {
        self.trainees_of(c, Some(staff)).pop()
    }

    fn trainees_of(
        &self,
        c: &training_course::Model,
        only: Option<Uuid>,
    ) -> Vec<super::row::Trainee<'_>> {
        let empty = HashMap::new();
        let latest = self.latest.get(&c.id).unwrap_or(&empty);
        self.register
            .trainees(c, self.deadline(c.id), latest, (self.today, only))
    }

    /// The course as lists show it; its counts only for those who follow coverage
    /// (`counted`), and none for a retired course.
    pub(super) fn view(&self, c: &training_course::Model, counted: bool) -> CourseView {
        let total = if c.retired || !counted {
            Default::default()
        } else {
            tally(&self.trainees(c))
        };
        self.view_with(c, total)
    }

    /// The course as lists show it, with counts already made.
    pub(super) fn view_with(
        &self,
        c: &training_course::Model,
        total: mamori_domain::policy::ack::Tally,
    ) -> CourseView {
        course_view(
            c,
            &self.register.depts,
            self.questions.get(&c.id).copied().unwrap_or(0),
            self.deadline(c.id),
            total,
        )
    }

    pub(super) fn course(&self, id: Uuid) -> AppResult<&training_course::Model> {
        self.courses
            .iter()
            .find(|c| c.id == id)
            .ok_or(AppError::NotFound)
    }
}

impl App {
    /// Everything coverage needs, kept while nothing is written (see `kept`); with
    /// `course`, not found unless the organization has it.
    pub(super) async fn load_training(
        &self,
        org_id: Uuid,
        course: Option<Uuid>,
    ) -> AppResult<Arc<Loaded>> {
        let today = self.today();
        // Read before the data, so what is kept is never older than its key.
        let seq = self.audit_seq(org_id).await?;
        let l = match self.training.get(&org_id, seq, today) {
            Some(l) => l,
            None => {
                let l = Arc::new(self.read_training(org_id, today).await?);
                self.training.keep(org_id, seq, today, l.clone());
                l
            }
        };
        if let Some(c) = course {
            l.course(c)?;
        }
        Ok(l)
    }

    async fn read_training(&self, org_id: Uuid, today: NaiveDate) -> AppResult<Loaded> {
        let conn = self.store.conn();
        let courses = mamori_store::training::courses(conn, org_id).await?;
        let sessions = mamori_store::training::sessions(conn, org_id, None).await?;
        let mut latest: HashMap<Uuid, HashMap<Uuid, NaiveDate>> = HashMap::new();
        for (c, s, d) in mamori_store::training::attendance::latest(conn, org_id, None).await? {
            latest.entry(c).or_default().insert(s, d);
        }
        let questions = mamori_store::training::quiz::question_counts(conn, org_id)
            .await?
            .into_iter()
            .map(|(c, n)| (c, usize::try_from(n).unwrap_or(0)))
            .collect();
        let register = Register::new(
            mamori_store::policies::people(conn, org_id).await?,
            self.dept_tree(org_id).await?,
            mamori_store::roles::all(conn, org_id, None).await?,
            today,
        );
        Ok(Loaded {
            courses,
            sessions,
            register,
            latest,
            questions,
            today,
        })
    }

    /// The organization's courses with today's counts; retired ones last.
    pub async fn training_courses(&self, actor: &Actor) -> AppResult<Vec<CourseView>> {
        let l = self.load_training(actor.org_id, None).await?;
        let counted = actor.can(Capability::ViewCoverage);
        let mut out: Vec<CourseView> = l.courses.iter().map(|c| l.view(c, counted)).collect();
        out.sort_by_key(|c| c.retired);
        Ok(out)
    }

    /// A course with its sessions, and where the reader stands on it.
    pub async fn training_course(&self, actor: &Actor, id: Uuid) -> AppResult<CourseDetail> {
        let l = self.load_training(actor.org_id, Some(id)).await?;
        let c = l.course(id)?;
        let counts = self.attendance_counts(actor.org_id).await?;
        let mine = actor
            .staff_id
            .and_then(|me| l.trainee(c, me))
            .map(|t| t.standing);
        Ok(CourseDetail {
            course: l.view(c, actor.can(Capability::ViewCoverage)),
            sessions: l
                .sessions
                .iter()
                .map(|s| session_view(s, c, counts.get(&s.id).copied().unwrap_or(0), l.today))
                .collect(),
            may_manage: actor.can(Capability::ManageTraining),
            mine,
        })
    }

    async fn attendance_counts(&self, org_id: Uuid) -> AppResult<HashMap<Uuid, usize>> {
        Ok(
            mamori_store::training::attendance::counts_by_session(self.store.conn(), org_id)
                .await?
                .into_iter()
                .map(|(s, n)| (s, usize::try_from(n).unwrap_or(0)))
                .collect(),
        )
    }

    /// A session with its completions: every name for the secretariat, those of
    /// departments they answer for to officers and managers, the reader's own to
    /// everyone else.
    pub async fn training_session(&self, actor: &Actor, id: Uuid) -> AppResult<SessionDetail> {
        let conn = self.store.conn();
        let s = mamori_store::training::get_session(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let l = self.load_training(actor.org_id, Some(s.course_id)).await?;
        let c = l.course(s.course_id)?;
        let rows = mamori_store::training::attendance::of_session(conn, actor.org_id, id).await?;
        let by_id: HashMap<Uuid, &mamori_store::policies::Person> =
            l.register.people.iter().map(|p| (p.id, p)).collect();
        let mut attendees = Vec::new();
        let mut not_listed = 0;
        for a in &rows {
            let person = by_id.get(&a.staff_id);
            let department = person.and_then(|p| p.department_id);
            let shown = actor.staff_id == Some(a.staff_id)
                || actor.can(Capability::ManageTraining)
                || actor.can(Capability::CoverageNames { department });
            match (shown, person) {
                (true, Some(p)) => attendees.push(attendee_view(a, p, &l.register)),
                _ => not_listed += 1,
            }
        }
        attendees.sort_by(|a, b| a.employee_number.cmp(&b.employee_number));
        let view = session_view(&s, c, rows.len(), l.today);
        let mine = actor
            .staff_id
            .and_then(|me| rows.iter().find(|a| a.staff_id == me));
        let bound = actor.staff_id.is_some_and(|me| l.trainee(c, me).is_some());
        let has_quiz = l.questions.get(&c.id).copied().unwrap_or(0) > 0;
        let open = view.open_now && !c.retired && bound && mine.is_none();
        Ok(SessionDetail {
            may_self_complete: open && !has_quiz,
            may_take_quiz: open && has_quiz,
            my_completion: mine.map(|a| a.id),
            course: l.view(c, actor.can(Capability::ViewCoverage)),
            session: view,
            attendees,
            not_listed,
            may_manage: actor.can(Capability::ManageTraining),
        })
    }

    /// Sessions of every course, newest first.
    pub async fn training_sessions(&self, actor: &Actor) -> AppResult<Vec<SessionView>> {
        let conn = self.store.conn();
        let courses: HashMap<Uuid, training_course::Model> =
            mamori_store::training::courses(conn, actor.org_id)
                .await?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        let sessions = mamori_store::training::sessions(conn, actor.org_id, None).await?;
        let counts = self.attendance_counts(actor.org_id).await?;
        let today = self.today();
        Ok(sessions
            .iter()
            .filter_map(|s| {
                let c = courses.get(&s.course_id)?;
                Some(session_view(
                    s,
                    c,
                    counts.get(&s.id).copied().unwrap_or(0),
                    today,
                ))
            })
            .collect())
    }

    /// A session by the code attendance sheets name it by (S-0012).
    pub async fn session_by_code(&self, actor: &Actor, code: &str) -> AppResult<Uuid> {
        let n = mamori_domain::training::parse_session_code(code).ok_or_else(|| {
            AppError::field(
                "session",
                format!("研修回「{code}」は S-0001 の形で指定してください。"),
                format!("Write the session \"{code}\" as S-0001."),
            )
        })?;
        mamori_store::training::sessions_by_number(self.store.conn(), actor.org_id, &[n])
            .await?
            .first()
            .map(|s| s.id)
            .ok_or_else(|| {
                AppError::field(
                    "session",
                    format!("研修回「{code}」はありません。"),
                    format!("There is no session \"{code}\"."),
                )
            })
    }

    /// The courses that bind the reader, with where they stand; for the home page.
    pub async fn my_training(&self, actor: &Actor) -> AppResult<Vec<MyCourse>> {
        let Some(me) = actor.staff_id else {
            return Ok(Vec::new());
        };
        let l = self.load_training(actor.org_id, None).await?;
        let mine =
            mamori_store::training::attendance::of_staff(self.store.conn(), actor.org_id, me)
                .await?;
        let mut out = Vec::new();
        for c in l.courses.iter().filter(|c| !c.retired) {
            let Some(t) = l.trainee(c, me) else {
                continue;
            };
            let open_session = l
                .sessions_of(c.id)
                .into_iter()
                .find(|s| session_view(s, c, 0, l.today).open_now)
                .map(|s| s.id);
            out.push(MyCourse {
                course_id: c.id,
                code: mamori_domain::training::course_code(c.number),
                title: c.title.clone(),
                standing: t.standing,
                open_session,
                has_quiz: l.questions.get(&c.id).copied().unwrap_or(0) > 0,
                last_completion: mine.iter().find(|a| a.course_id == c.id).map(|a| a.id),
            });
        }
        // Overdue first, then due by date, then done.
        out.sort_by_key(|m| match m.standing {
            Standing::Overdue { by } => (0, by),
            Standing::Due { by } => (1, by),
            Standing::Done { on } => (2, on),
        });
        Ok(out)
    }

    /// A certificate of completion, for the person themselves, the secretariat, and
    /// those who answer for the person's department.
    pub async fn training_certificate(
        &self,
        actor: &Actor,
        attendance_id: Uuid,
    ) -> AppResult<Certificate> {
        let conn = self.store.conn();
        let a = mamori_store::training::attendance::get(conn, actor.org_id, attendance_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let person = mamori_store::staff::get(conn, actor.org_id, a.staff_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let may = actor.staff_id == Some(a.staff_id)
            || actor.can(Capability::ManageTraining)
            || actor.can(Capability::CoverageNames {
                department: person.department_id,
            });
        if !may {
            return Err(AppError::NotFound);
        }
        let c = mamori_store::training::get_course(conn, actor.org_id, a.course_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let s = mamori_store::training::get_session(conn, actor.org_id, a.session_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let org = mamori_store::orgs::get(conn, actor.org_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let depts = self.dept_tree(actor.org_id).await?;
        let kind = mamori_domain::training::CourseKind::from_code(&c.kind)
            .unwrap_or(mamori_domain::training::CourseKind::Other);
        let mode = mode_of(&s);
        Ok(Certificate {
            number: format!(
                "{}-{}-{}",
                mamori_domain::training::course_code(c.number),
                session_code(s.number),
                person.employee_number
            ),
            org_name: org.name,
            name: person.name,
            employee_number: person.employee_number,
            department: person
                .department_id
                .map(|d| depts.path(d))
                .unwrap_or_default(),
            course_title: c.title,
            course_kind_ja: kind.label_ja().into(),
            course_kind_en: kind.label_en().into(),
            session_code: session_code(s.number),
            mode_ja: mode.label_ja().into(),
            mode_en: mode.label_en().into(),
            trainer: s.trainer,
            completed_on: a.completed_on,
        })
    }
}

pub(super) fn attendee_view(
    a: &training_attendance::Model,
    p: &mamori_store::policies::Person,
    register: &Register,
) -> AttendeeView {
    let source = CompletionSource::from_code(&a.source).unwrap_or(CompletionSource::Trainer);
    AttendeeView {
        attendance_id: a.id,
        staff_id: p.id,
        employee_number: p.employee_number.clone(),
        name: p.name.clone(),
        department: register.department_path(p),
        completed_on: a.completed_on,
        source: source.code().into(),
        source_ja: source.label_ja().into(),
        source_en: source.label_en().into(),
    }
}

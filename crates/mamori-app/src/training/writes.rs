//! Writing courses, sessions and completions. Each write is audited in its own
//! transaction, under the organization's lock where it takes a number or could race
//! another completion of the same person.

use mamori_domain::training::{CompletionSource, SessionMode, check_course, check_session};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{training_attendance, training_course, training_session};
use uuid::Uuid;

use super::input::{AttendanceInput, CourseInput, SessionInput};
use super::row::{audited_course, audited_session, mode_of};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// Field problems from a domain check, added to those already found.
pub(super) fn merge(inv: &mut Invalid, errs: Vec<(&'static str, mamori_domain::Problem)>) {
    for (f, p) in errs {
        if !inv.0.iter().any(|e| e.field == f) {
            inv.push(p.at(f));
        }
    }
}

impl App {
    fn course_from(
        &self,
        actor: &Actor,
        input: &CourseInput,
        depts: &crate::departments::DeptIndex,
        before: Option<&training_course::Model>,
    ) -> AppResult<training_course::Model> {
        let mut inv = Invalid::new();
        let parsed = input.parse(&mut inv);
        let applies_from = optional_date(&mut inv, "applies_from", &input.applies_from);
        if let Err(errs) = check_course(
            &input.title,
            input.grace_days(),
            input.pass_percent(),
            input.max_attempts(),
        ) {
            merge(&mut inv, errs);
        }
        if let Some(p) = &parsed
            && p.audience
                .staff
                .departments
                .iter()
                .any(|d| depts.get(*d).is_none())
        {
            inv.push(FieldError::new(
                "departments",
                "選んだ所属の中に、この団体にないものがあります。",
                "One of the departments chosen is not this organization's.",
            ));
        }
        let Some(p) = parsed.filter(|_| inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        Ok(training_course::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            number: before.map_or(0, |b| b.number),
            kind: p.kind.code().into(),
            title: mamori_domain::text::clean(&input.title),
            description: input.description.trim().to_owned(),
            frequency: p.frequency.code().into(),
            audience: serde_json::to_string(&p.audience).unwrap_or_default(),
            grace_days: input.grace_days(),
            applies_from: applies_from
                .or(before.map(|b| b.applies_from))
                .unwrap_or_else(|| self.today()),
            pass_percent: input.pass_percent(),
            max_attempts: input.max_attempts(),
            retired: before.is_some_and(|b| b.retired),
            created_by: before.map_or_else(|| actor.label.clone(), |b| b.created_by.clone()),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        })
    }

    /// Adds a course.
    pub async fn create_course(&self, actor: &Actor, input: &CourseInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let depts = self.dept_tree(actor.org_id).await?;
        let mut m = self.course_from(actor, input, &depts, None)?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number = mamori_store::training::next_course_number(&*tx, actor.org_id).await?;
        mamori_store::training::insert_course(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.course_create",
            ("training_course", m.id),
            None,
            Some(&audited_course(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a course; `input.retired` takes it out of coverage and home pages, keeping
    /// its completions.
    pub async fn update_course(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &CourseInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let depts = self.dept_tree(actor.org_id).await?;
        let tx = self.store.begin_write().await?;
        let before = mamori_store::training::get_course(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let mut after = self.course_from(actor, input, &depts, Some(&before))?;
        after.retired = input.retired;
        mamori_store::training::update_course(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.course_update",
            ("training_course", id),
            Some(&audited_course(&before)),
            Some(&audited_course(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    fn session_from(
        &self,
        actor: &Actor,
        course_id: Uuid,
        input: &SessionInput,
        before: Option<&training_session::Model>,
    ) -> AppResult<training_session::Model> {
        let mut inv = Invalid::new();
        let held_on = optional_date(&mut inv, "held_on", &input.held_on);
        let until = optional_date(&mut inv, "until", &input.until);
        let mode = inv.check("mode", SessionMode::parse(&input.mode));
        let held_on = match check_session(held_on, until) {
            Ok(h) => Some(h),
            Err(errs) => {
                merge(&mut inv, errs);
                None
            }
        };
        let (Some(held_on), Some(mode)) = (held_on, mode) else {
            return Err(AppError::Invalid(inv));
        };
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        Ok(training_session::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            course_id,
            number: before.map_or(0, |b| b.number),
            held_on,
            // A window belongs to e-learning; a day in a room has none.
            until: until.filter(|_| mode == SessionMode::ELearning),
            mode: mode.code().into(),
            place: mamori_domain::text::clean(&input.place),
            trainer: mamori_domain::text::clean(&input.trainer),
            materials: input.materials.trim().to_owned(),
            created_by: before.map_or_else(|| actor.label.clone(), |b| b.created_by.clone()),
            created_at: before.map_or_else(|| self.now(), |b| b.created_at),
        })
    }

    /// Adds a session to a course.
    pub async fn create_session(
        &self,
        actor: &Actor,
        course_id: Uuid,
        input: &SessionInput,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let mut m = self.session_from(actor, course_id, input, None)?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        mamori_store::training::get_course(&*tx, actor.org_id, course_id)
            .await?
            .ok_or(AppError::NotFound)?;
        m.number = mamori_store::training::next_session_number(&*tx, actor.org_id).await?;
        mamori_store::training::insert_session(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.session_create",
            ("training_course", course_id),
            None,
            Some(&audited_session(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a session's day, place, trainer or materials.
    pub async fn update_session(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &SessionInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let tx = self.store.begin_write().await?;
        let before = mamori_store::training::get_session(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let after = self.session_from(actor, before.course_id, input, Some(&before))?;
        mamori_store::training::update_session(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.session_update",
            ("training_course", before.course_id),
            Some(&audited_session(&before)),
            Some(&audited_session(&after)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The trainer records who completed a session, by employee number; all or
    /// nothing: an unknown number is refused, naming it. Those already recorded are
    /// left as they are. Returns how many were added.
    pub async fn record_attendance(
        &self,
        actor: &Actor,
        session_id: Uuid,
        input: &AttendanceInput,
    ) -> AppResult<usize> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let numbers = input.numbers();
        let mut inv = Invalid::new();
        let completed_on = optional_date(&mut inv, "completed_on", &input.completed_on);
        if numbers.is_empty() {
            inv.push(FieldError::new(
                "employee_numbers",
                "受講した職員の職員番号を入力してください。",
                "Enter the employee numbers of those who completed it.",
            ));
        }
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let s = mamori_store::training::get_session(&*tx, actor.org_id, session_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let people = mamori_store::policies::people(&*tx, actor.org_id).await?;
        let unknown: Vec<&str> = numbers
            .iter()
            .filter(|n| !people.iter().any(|p| &p.employee_number == *n))
            .map(String::as_str)
            .collect();
        if !unknown.is_empty() {
            let list = unknown.join("、");
            return Err(AppError::field(
                "employee_numbers",
                format!("職員番号「{list}」の職員はいません。何も記録していません。"),
                format!("No staff member has the employee number {list}; nothing was recorded."),
            ));
        }
        let day = completed_on.unwrap_or(s.held_on);
        if day < s.held_on || day > self.today() {
            return Err(AppError::field(
                "completed_on",
                "受講日は、実施日から今日までの日付にしてください。",
                "The day completed is between the session's day and today.",
            ));
        }
        let existing =
            mamori_store::training::attendance::of_session(&*tx, actor.org_id, s.id).await?;
        let staff: Vec<Uuid> = numbers
            .iter()
            .filter_map(|n| people.iter().find(|p| &p.employee_number == n))
            .map(|p| p.id)
            .filter(|id| !existing.iter().any(|a| a.staff_id == *id))
            .collect();
        let added = self
            .write_completions(&*tx, actor, &s, &staff, day, CompletionSource::Trainer)
            .await?;
        tx.commit().await?;
        Ok(added)
    }

    /// Writes completions of a session with one audit entry naming who.
    pub(crate) async fn write_completions<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        s: &training_session::Model,
        staff: &[Uuid],
        day: chrono::NaiveDate,
        source: CompletionSource,
    ) -> AppResult<usize> {
        if staff.is_empty() {
            return Ok(0);
        }
        let now = self.now();
        let rows: Vec<training_attendance::Model> = staff
            .iter()
            .map(|p| training_attendance::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                course_id: s.course_id,
                session_id: s.id,
                staff_id: *p,
                completed_on: day,
                source: source.code().into(),
                recorded_by: actor.label.clone(),
                recorded_at: now,
            })
            .collect();
        mamori_store::training::attendance::insert(conn, rows).await?;
        self.audit_change(
            conn,
            actor,
            "training.attendance",
            ("training_session", s.id),
            None,
            Some(&serde_json::json!({
                "completed_on": day,
                "source": source.code(),
                "staff": staff,
            })),
        )
        .await?;
        Ok(staff.len())
    }

    /// Removes a completion recorded in error.
    pub async fn remove_attendance(
        &self,
        actor: &Actor,
        session_id: Uuid,
        staff_id: Uuid,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let tx = self.store.begin_write().await?;
        if !mamori_store::training::attendance::delete(&*tx, actor.org_id, session_id, staff_id)
            .await?
        {
            return Err(AppError::NotFound);
        }
        self.audit_change(
            &*tx,
            actor,
            "training.attendance_remove",
            ("training_session", session_id),
            Some(&serde_json::json!({ "staff": [staff_id] })),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The reader marks an open e-learning session (one with no quiz) completed.
    pub async fn complete_session(&self, actor: &Actor, session_id: Uuid) -> AppResult<()> {
        let me = actor.staff_id.ok_or(AppError::NotFound)?;
        let page = self.training_session(actor, session_id).await?;
        if page.my_completion.is_some() {
            return Err(AppError::field(
                "session",
                "この研修はすでに受講済みです。",
                "You have already completed this session.",
            ));
        }
        if !page.may_self_complete {
            return Err(AppError::field(
                "session",
                "この研修は、今は本人が受講完了を記録できません（受講期間外、対象外、または確認テストがあります）。",
                "You cannot mark this session completed now (outside its window, not bound by it, or it has a quiz to pass).",
            ));
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let s = mamori_store::training::get_session(&*tx, actor.org_id, session_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let existing =
            mamori_store::training::attendance::of_session(&*tx, actor.org_id, s.id).await?;
        if existing.iter().any(|a| a.staff_id == me) || mode_of(&s) != SessionMode::ELearning {
            return Ok(());
        }
        self.write_completions(
            &*tx,
            actor,
            &s,
            &[me],
            self.today(),
            CompletionSource::SelfReported,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! Many completions or quiz results recorded at once, in one transaction with one
//! audit entry that counts them: how the demo and the benchmark fill a year of
//! training without a request per person.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::training::CompletionSource;
use mamori_domain::training::quiz::passed;
use mamori_store::entity::{quiz_attempt, quiz_mark, training_attendance};
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

impl App {
    /// Records completions of a session (`(person, day)`), skipping anyone already
    /// recorded.
    pub async fn record_completions_at_once(
        &self,
        actor: &Actor,
        session_id: Uuid,
        done: &[(Uuid, NaiveDate)],
        source: CompletionSource,
    ) -> AppResult<usize> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let tx = self.store.begin_write().await?;
        let s = mamori_store::training::get_session(&*tx, actor.org_id, session_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let existing =
            mamori_store::training::attendance::of_session(&*tx, actor.org_id, s.id).await?;
        let now = self.now();
        let mut seen = std::collections::HashSet::new();
        let rows: Vec<training_attendance::Model> = done
            .iter()
            .filter(|(p, _)| !existing.iter().any(|a| a.staff_id == *p) && seen.insert(*p))
            .map(|(p, day)| training_attendance::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                course_id: s.course_id,
                session_id: s.id,
                staff_id: *p,
                completed_on: *day,
                source: source.code().into(),
                recorded_by: actor.label.clone(),
                recorded_at: now,
            })
            .collect();
        let n = rows.len();
        mamori_store::training::attendance::insert(&*tx, rows).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.attendance_load",
            ("training_session", s.id),
            None,
            Some(&serde_json::json!({"source": source.code(), "completions": n})),
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Records submitted quiz attempts: for each person, when, and which of the
    /// course's questions (in bank order) they got right. A pass is recorded as the
    /// session's completion on that day.
    pub async fn record_quiz_at_once(
        &self,
        actor: &Actor,
        session_id: Uuid,
        results: &[(Uuid, DateTime<Utc>, Vec<bool>)],
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let conn = self.store.conn();
        let s = mamori_store::training::get_session(conn, actor.org_id, session_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let c = mamori_store::training::get_course(conn, actor.org_id, s.course_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let bank: Vec<Uuid> = mamori_store::training::quiz::questions(conn, actor.org_id, c.id)
            .await?
            .into_iter()
            .filter(|q| !q.retired)
            .map(|q| q.id)
            .collect();
        let mut attempts = Vec::new();
        let mut marks = Vec::new();
        let mut done = Vec::new();
        for (staff, at, right) in results {
            let id = self.new_id();
            let domain: Vec<mamori_domain::training::quiz::Mark> = bank
                .iter()
                .zip(right)
                .enumerate()
                .map(|(i, (_, r))| mamori_domain::training::quiz::Mark {
                    question: u32::try_from(i).unwrap_or(0),
                    right: *r,
                })
                .collect();
            let pass = passed(&domain, u32::try_from(c.pass_percent).unwrap_or(100));
            for (q, r) in bank.iter().zip(right) {
                marks.push(quiz_mark::Model {
                    id: self.new_id(),
                    org_id: actor.org_id,
                    attempt_id: id,
                    course_id: c.id,
                    question_id: *q,
                    chosen: "[]".into(),
                    right: *r,
                });
            }
            attempts.push(quiz_attempt::Model {
                id,
                org_id: actor.org_id,
                course_id: c.id,
                session_id,
                staff_id: *staff,
                shown: serde_json::json!({"questions": bank, "options": {}}).to_string(),
                started_at: *at,
                submitted_at: Some(*at),
                right_count: i32::try_from(right.iter().filter(|r| **r).count()).unwrap_or(0),
                total: i32::try_from(bank.len()).unwrap_or(0),
                passed: pass,
            });
            if pass {
                done.push((*staff, (*at + chrono::Duration::hours(9)).date_naive()));
            }
        }
        let tx = self.store.begin_write().await?;
        mamori_store::training::quiz::insert_attempts(&*tx, attempts).await?;
        mamori_store::training::quiz::insert_marks(&*tx, marks).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.quiz_load",
            ("training_session", session_id),
            None,
            Some(&serde_json::json!({"attempts": results.len(), "passed": done.len()})),
        )
        .await?;
        tx.commit().await?;
        self.record_completions_at_once(actor, session_id, &done, CompletionSource::Quiz)
            .await?;
        Ok(())
    }
}

impl App {
    /// Replaces a drill's results with these outcomes, one per person.
    pub async fn record_drill_at_once(
        &self,
        actor: &Actor,
        drill_id: Uuid,
        people: &[Uuid],
        outcomes: &[mamori_domain::training::phishing::Outcome],
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let rows: Vec<mamori_store::entity::phishing_result::Model> = people
            .iter()
            .zip(outcomes)
            .map(|(p, o)| mamori_store::entity::phishing_result::Model {
                id: self.new_id(),
                org_id: actor.org_id,
                drill_id,
                staff_id: *p,
                opened: o.opened,
                clicked: o.clicked,
                reported: o.reported,
            })
            .collect();
        let tx = self.store.begin_write().await?;
        mamori_store::training::phishing::get_drill(&*tx, actor.org_id, drill_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let n = rows.len();
        mamori_store::training::phishing::replace_results(&*tx, actor.org_id, drill_id, rows)
            .await?;
        self.audit_change(
            &*tx,
            actor,
            "training.drill_results",
            ("phishing_drill", drill_id),
            None,
            Some(&serde_json::json!({"recipients": n})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! Quizzes: the trainer's question bank with each question's results, and a person's
//! attempt — shown in an order drawn from the injected randomness, kept with the
//! attempt so the page can be reloaded, scored question by question on submission,
//! and a pass recorded as the course's completion.

use std::collections::HashMap;

use mamori_domain::training::CompletionSource;
use mamori_domain::training::quiz::{Question, passed, score, shuffle};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::{quiz_attempt, quiz_mark, quiz_question};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::input::{AnswersInput, QuestionInput};
use super::view::{AttemptView, QuestionStats, QuizDetail, ShownQuestion};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The order an attempt shows its questions and their options in.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Shown {
    questions: Vec<Uuid>,
    /// For each question, its options' indexes (as written) in the order shown.
    options: HashMap<Uuid, Vec<usize>>,
}

fn options_of(q: &quiz_question::Model) -> Vec<String> {
    serde_json::from_str(&q.options).unwrap_or_default()
}

fn correct_of(q: &quiz_question::Model) -> Vec<usize> {
    serde_json::from_str(&q.correct).unwrap_or_default()
}

/// The domain's question for a stored one, numbered by its place in `bank`.
fn domain_question(i: usize, q: &quiz_question::Model) -> Question {
    Question {
        id: u32::try_from(i + 1).unwrap_or(u32::MAX),
        text: q.text.clone(),
        options: options_of(q),
        correct: correct_of(q),
        multiple: q.multiple,
    }
}

impl QuestionInput {
    fn to_question(&self) -> Result<Question, Invalid> {
        let options: Vec<String> = self
            .options
            .iter()
            .map(|o| o.trim().to_owned())
            .filter(|o| !o.is_empty())
            .collect();
        let q = Question {
            id: 0,
            text: self.text.trim().to_owned(),
            options,
            correct: self
                .correct
                .iter()
                .map(|c| usize::try_from(*c).unwrap_or(usize::MAX).wrapping_sub(1))
                .collect(),
            multiple: self.multiple,
        };
        q.check().map_err(|p| Invalid::from(p.at("question")))?;
        Ok(q)
    }
}

impl App {
    /// Adds a question to a course's quiz.
    pub async fn add_question(
        &self,
        actor: &Actor,
        course_id: Uuid,
        input: &QuestionInput,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let q = input.to_question().map_err(AppError::Invalid)?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        mamori_store::training::get_course(&*tx, actor.org_id, course_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = quiz_question::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            course_id,
            number: mamori_store::training::quiz::next_question_number(
                &*tx,
                actor.org_id,
                course_id,
            )
            .await?,
            text: q.text.clone(),
            options: serde_json::to_string(&q.options).unwrap_or_default(),
            correct: serde_json::to_string(&q.correct).unwrap_or_default(),
            multiple: q.multiple,
            retired: false,
            created_at: self.now(),
        };
        mamori_store::training::quiz::insert_question(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.question_add",
            ("training_course", course_id),
            None,
            Some(&serde_json::json!({"number": m.number, "text": q.text, "options": q.options, "correct": q.correct})),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Stops asking a question; its results stay with the attempts that answered it.
    pub async fn retire_question(&self, actor: &Actor, course_id: Uuid, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let tx = self.store.begin_write().await?;
        let bank = mamori_store::training::quiz::questions(&*tx, actor.org_id, course_id).await?;
        let before = bank
            .into_iter()
            .find(|q| q.id == id)
            .ok_or(AppError::NotFound)?;
        if before.retired {
            return Ok(());
        }
        let after = quiz_question::Model {
            retired: true,
            ..before.clone()
        };
        mamori_store::training::quiz::update_question(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.question_retire",
            ("training_course", course_id),
            Some(&serde_json::json!({"number": before.number, "retired": false})),
            Some(&serde_json::json!({"number": before.number, "retired": true})),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A course's quiz for the trainer: each question with how often it was answered
    /// right, the hardest first among those asked.
    pub async fn quiz_detail(&self, actor: &Actor, course_id: Uuid) -> AppResult<QuizDetail> {
        self.authorize(actor, Capability::ManageTraining).await?;
        let l = self.load_training(actor.org_id, Some(course_id)).await?;
        let c = l.course(course_id)?;
        let conn = self.store.conn();
        let results: HashMap<Uuid, (i64, i64)> =
            mamori_store::training::quiz::question_results(conn, actor.org_id, course_id)
                .await?
                .into_iter()
                .map(|(q, n, r)| (q, (n, r)))
                .collect();
        let questions = mamori_store::training::quiz::questions(conn, actor.org_id, course_id)
            .await?
            .into_iter()
            .map(|q| {
                let (answered, right) = results.get(&q.id).copied().unwrap_or((0, 0));
                QuestionStats {
                    id: q.id,
                    number: q.number,
                    options: options_of(&q),
                    correct: correct_of(&q)
                        .iter()
                        .map(|c| u32::try_from(*c + 1).unwrap_or(0))
                        .collect(),
                    text: q.text,
                    multiple: q.multiple,
                    retired: q.retired,
                    answered,
                    right,
                    percent_right: (right * 100).checked_div(answered).unwrap_or(100),
                }
            })
            .collect();
        let (attempts, passed) =
            mamori_store::training::quiz::attempt_counts(conn, actor.org_id, course_id).await?;
        Ok(QuizDetail {
            course: l.view(c, true),
            questions,
            attempts,
            passed,
        })
    }

    /// Starts (or resumes) the reader's attempt at the quiz of an open session's course.
    pub async fn start_attempt(&self, actor: &Actor, session_id: Uuid) -> AppResult<Uuid> {
        let me = actor.staff_id.ok_or(AppError::NotFound)?;
        let page = self.training_session(actor, session_id).await?;
        if !page.may_take_quiz {
            return Err(AppError::field(
                "session",
                "この確認テストは、今は受験できません（受講期間外、対象外、または受講済み）。",
                "You cannot take this quiz now (outside its window, not bound by it, or already completed).",
            ));
        }
        let course = page.course;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let attempts =
            mamori_store::training::quiz::attempts_of(&*tx, actor.org_id, course.id, me).await?;
        if let Some(open) = attempts
            .iter()
            .find(|a| a.submitted_at.is_none() && a.session_id == session_id)
        {
            return Ok(open.id);
        }
        let made = attempts.iter().filter(|a| a.submitted_at.is_some()).count();
        if course.max_attempts > 0 && made >= usize::try_from(course.max_attempts).unwrap_or(0) {
            return Err(AppError::field(
                "session",
                format!(
                    "受験できる回数（{}回）を使い切りました。研修担当に相談してください。",
                    course.max_attempts
                ),
                format!(
                    "You have used all {} attempts; ask the training secretariat.",
                    course.max_attempts
                ),
            ));
        }
        let bank: Vec<quiz_question::Model> =
            mamori_store::training::quiz::questions(&*tx, actor.org_id, course.id)
                .await?
                .into_iter()
                .filter(|q| !q.retired)
                .collect();
        let domain: Vec<Question> = bank
            .iter()
            .enumerate()
            .map(|(i, q)| domain_question(i, q))
            .collect();
        let order = shuffle(&domain, |n| {
            let mut b = [0u8; 4];
            self.random.fill(&mut b);
            usize::try_from(u32::from_le_bytes(b)).unwrap_or(0) % n.max(1)
        });
        let shown = Shown {
            questions: order.questions.iter().map(|i| bank[*i].id).collect(),
            options: bank
                .iter()
                .zip(order.options)
                .map(|(q, o)| (q.id, o))
                .collect(),
        };
        let m = quiz_attempt::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            course_id: course.id,
            session_id,
            staff_id: me,
            shown: serde_json::to_string(&shown).unwrap_or_default(),
            started_at: self.now(),
            submitted_at: None,
            right_count: 0,
            total: i32::try_from(bank.len()).unwrap_or(0),
            passed: false,
        };
        mamori_store::training::quiz::insert_attempt(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.quiz_start",
            ("training_session", session_id),
            None,
            Some(&serde_json::json!({"attempt": m.id, "questions": m.total})),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    async fn own_attempt(&self, actor: &Actor, id: Uuid) -> AppResult<quiz_attempt::Model> {
        let me = actor.staff_id.ok_or(AppError::NotFound)?;
        mamori_store::training::quiz::get_attempt(self.store.conn(), actor.org_id, id)
            .await?
            .filter(|a| a.staff_id == me)
            .ok_or(AppError::NotFound)
    }

    /// The reader's own attempt: the questions in the order drawn, and once submitted
    /// the result of each.
    pub async fn attempt(&self, actor: &Actor, id: Uuid) -> AppResult<AttemptView> {
        let a = self.own_attempt(actor, id).await?;
        let conn = self.store.conn();
        let c = mamori_store::training::get_course(conn, actor.org_id, a.course_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let bank = mamori_store::training::quiz::questions(conn, actor.org_id, a.course_id).await?;
        let shown: Shown = serde_json::from_str(&a.shown).unwrap_or_default();
        let questions = shown
            .questions
            .iter()
            .filter_map(|id| bank.iter().find(|q| q.id == *id))
            .map(|q| {
                let texts = options_of(q);
                let order = shown
                    .options
                    .get(&q.id)
                    .cloned()
                    .unwrap_or_else(|| (0..texts.len()).collect());
                ShownQuestion {
                    id: q.id,
                    text: q.text.clone(),
                    multiple: q.multiple,
                    options: order
                        .iter()
                        .filter_map(|i| Some((u32::try_from(*i + 1).ok()?, texts.get(*i)?.clone())))
                        .collect(),
                }
            })
            .collect();
        let marks = mamori_store::training::quiz::marks_of(conn, actor.org_id, a.id)
            .await?
            .into_iter()
            .map(|m| (m.question_id, m.right))
            .collect();
        let made =
            mamori_store::training::quiz::attempts_of(conn, actor.org_id, a.course_id, a.staff_id)
                .await?
                .iter()
                .filter(|x| x.submitted_at.is_some())
                .count();
        Ok(AttemptView {
            id: a.id,
            course_id: c.id,
            course_title: c.title,
            session_id: a.session_id,
            pass_percent: c.pass_percent,
            questions,
            started_at: a.started_at,
            submitted_at: a.submitted_at,
            right: a.right_count,
            total: a.total,
            passed: a.passed,
            marks,
            attempts_made: made,
            max_attempts: c.max_attempts,
        })
    }

    /// Scores the reader's answers. An answer to a question the attempt did not show,
    /// or naming an option the question does not have, is refused and nothing is
    /// written. A pass records the course as completed in the attempt's session.
    pub async fn submit_attempt(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &AnswersInput,
    ) -> AppResult<AttemptView> {
        let a = self.own_attempt(actor, id).await?;
        if a.submitted_at.is_some() {
            return Err(AppError::field(
                "answers",
                "この受験はすでに採点済みです。",
                "This attempt has already been scored.",
            ));
        }
        let shown: Shown = serde_json::from_str(&a.shown).unwrap_or_default();
        let conn = self.store.conn();
        let stored =
            mamori_store::training::quiz::questions(conn, actor.org_id, a.course_id).await?;
        let bank: Vec<&quiz_question::Model> = shown
            .questions
            .iter()
            .filter_map(|q| stored.iter().find(|x| x.id == *q))
            .collect();
        let domain: Vec<Question> = bank
            .iter()
            .enumerate()
            .map(|(i, q)| domain_question(i, q))
            .collect();
        let mut answers = Vec::new();
        for (qid, chosen) in &input.answers {
            let Some(pos) = bank.iter().position(|q| q.id == *qid) else {
                return Err(AppError::Invalid(Invalid::from(FieldError::new(
                    "answers",
                    format!("問題「{qid}」はこの受験にありません。何も記録していません。"),
                    format!("Question \"{qid}\" is not in this attempt; nothing was recorded."),
                ))));
            };
            if chosen.contains(&0) {
                return Err(AppError::field(
                    "answers",
                    "選択肢は1から数えて指定してください。",
                    "Options are counted from 1.",
                ));
            }
            let id = domain[pos].id;
            answers.push((
                id,
                chosen
                    .iter()
                    .map(|c| usize::try_from(*c - 1).unwrap_or(usize::MAX))
                    .collect(),
            ));
        }
        let marks = score(&domain, &answers)
            .map_err(|p| AppError::Invalid(Invalid::from(p.at("answers"))))?;
        let course = mamori_store::training::get_course(conn, actor.org_id, a.course_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let pass = passed(&marks, u32::try_from(course.pass_percent).unwrap_or(100));
        let right = marks.iter().filter(|m| m.right).count();
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        // Re-read under the lock: a second submission of the same attempt loses.
        let fresh = mamori_store::training::quiz::get_attempt(&*tx, actor.org_id, a.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if fresh.submitted_at.is_some() {
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "この受験はすでに採点済みです。",
                "This attempt has already been scored.",
            )));
        }
        let rows: Vec<quiz_mark::Model> = marks
            .iter()
            .zip(&bank)
            .map(|(m, q)| {
                let chosen: Vec<usize> = answers
                    .iter()
                    .find(|(id, _)| *id == m.question)
                    .map(|(_, c)| c.clone())
                    .unwrap_or_default();
                quiz_mark::Model {
                    id: self.new_id(),
                    org_id: actor.org_id,
                    attempt_id: a.id,
                    course_id: a.course_id,
                    question_id: q.id,
                    chosen: serde_json::to_string(&chosen).unwrap_or_default(),
                    right: m.right,
                }
            })
            .collect();
        mamori_store::training::quiz::insert_marks(&*tx, rows).await?;
        let after = quiz_attempt::Model {
            submitted_at: Some(self.now()),
            right_count: i32::try_from(right).unwrap_or(0),
            total: i32::try_from(marks.len()).unwrap_or(0),
            passed: pass,
            ..fresh
        };
        mamori_store::training::quiz::update_attempt(&*tx, after.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "training.quiz_submit",
            ("training_session", a.session_id),
            None,
            Some(&serde_json::json!({"attempt": a.id, "right": right, "total": marks.len(), "passed": pass})),
        )
        .await?;
        if pass {
            let s = mamori_store::training::get_session(&*tx, actor.org_id, a.session_id)
                .await?
                .ok_or(AppError::NotFound)?;
            let done =
                mamori_store::training::attendance::of_session(&*tx, actor.org_id, s.id).await?;
            if !done.iter().any(|x| x.staff_id == a.staff_id) {
                self.write_completions(
                    &*tx,
                    actor,
                    &s,
                    &[a.staff_id],
                    self.today(),
                    CompletionSource::Quiz,
                )
                .await?;
            }
        }
        tx.commit().await?;
        self.attempt(actor, id).await
    }
}

//! Quizzes: questions shown in a drawn order, answers to questions the attempt did
//! not show refused with nothing written, scoring question by question, attempts
//! limited, a pass recorded as the completion, each question's results for the trainer.

use mamori_app::AppError;
use mamori_app::training::{AnswersInput, CourseInput, QuestionInput};
use uuid::Uuid;

use super::{field_of, people, session};
use crate::common::envs;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_quiz_is_scored_question_by_question() {
    for e in envs().await {
        let app = &e.app;
        let name = e.name;
        let cli = app.cli_actor(None, "test").await.unwrap();
        let p = people(app, &cli).await;
        let input = CourseInput {
            kind: "all_staff".into(),
            title: "eラーニング".into(),
            frequency: "annual".into(),
            pass_percent: Some(60),
            max_attempts: Some(2),
            ..CourseInput::default()
        };
        let course = app.create_course(&cli, &input).await.unwrap();
        let q = |text: &str, correct: Vec<u32>| QuestionInput {
            text: text.into(),
            options: vec!["ア".into(), "イ".into(), "ウ".into()],
            multiple: correct.len() > 1,
            correct,
        };
        assert_eq!(
            field_of(
                app.add_question(&cli, course, &q("範囲外", vec![4]))
                    .await
                    .unwrap_err()
            ),
            "question"
        );
        let q1 = app
            .add_question(&cli, course, &q("問1", vec![1]))
            .await
            .unwrap();
        let q2 = app
            .add_question(&cli, course, &q("問2", vec![2, 3]))
            .await
            .unwrap();
        let q3 = app
            .add_question(&cli, course, &q("問3", vec![3]))
            .await
            .unwrap();
        let s = app
            .create_session(
                &cli,
                course,
                &session("2026-04-01", "2026-04-30", "e_learning"),
            )
            .await
            .unwrap();
        let page = app.training_session(&p.p1, s).await.unwrap();
        assert!(
            page.may_take_quiz && !page.may_self_complete,
            "[{name}] a quiz instead of a tick"
        );
        assert_eq!(
            field_of(app.complete_session(&p.p1, s).await.unwrap_err()),
            "session"
        );

        let a = app.start_attempt(&p.p1, s).await.unwrap();
        assert_eq!(
            app.start_attempt(&p.p1, s).await.unwrap(),
            a,
            "[{name}] resumed, not a second attempt"
        );
        let shown = app.attempt(&p.p1, a).await.unwrap();
        let mut ids: Vec<Uuid> = shown.questions.iter().map(|q| q.id).collect();
        ids.sort();
        let mut want = vec![q1, q2, q3];
        want.sort();
        assert_eq!(ids, want, "[{name}] every question, once");
        assert!(
            matches!(app.attempt(&p.p2, a).await, Err(AppError::NotFound)),
            "[{name}] not someone else's"
        );

        let answers = |pairs: &[(Uuid, Vec<u32>)]| AnswersInput {
            answers: pairs.iter().cloned().collect(),
        };
        let stranger = answers(&[(q1, vec![1]), (Uuid::now_v7(), vec![1])]);
        assert_eq!(
            field_of(app.submit_attempt(&p.p1, a, &stranger).await.unwrap_err()),
            "answers"
        );
        let no_option = answers(&[(q1, vec![7])]);
        assert_eq!(
            field_of(app.submit_attempt(&p.p1, a, &no_option).await.unwrap_err()),
            "answers"
        );
        let unscored = app.attempt(&p.p1, a).await.unwrap();
        assert!(
            unscored.submitted_at.is_none() && unscored.marks.is_empty(),
            "[{name}] nothing recorded"
        );

        // One of three: not a pass.
        let r = app
            .submit_attempt(
                &p.p1,
                a,
                &answers(&[(q1, vec![1]), (q2, vec![2]), (q3, vec![1])]),
            )
            .await
            .unwrap();
        assert_eq!((r.right, r.total, r.passed), (1, 3, false), "[{name}]");
        assert_eq!(r.marks.iter().filter(|(_, right)| *right).count(), 1);
        assert!(
            app.submit_attempt(&p.p1, a, &answers(&[])).await.is_err(),
            "[{name}] scored once"
        );
        let b = app.start_attempt(&p.p1, s).await.unwrap();
        assert_ne!(a, b);
        let r = app
            .submit_attempt(
                &p.p1,
                b,
                &answers(&[(q1, vec![1]), (q2, vec![3, 2]), (q3, vec![3])]),
            )
            .await
            .unwrap();
        assert!(r.passed && r.right == 3, "[{name}]");
        let mine = app.my_training(&p.p1).await.unwrap();
        assert!(
            mine[0].standing.is_done(),
            "[{name}] the pass completes the course"
        );
        assert_eq!(
            field_of(app.start_attempt(&p.p1, s).await.unwrap_err()),
            "session",
            "[{name}] done"
        );

        // Two attempts allowed: p2 fails twice and may not try a third time.
        for _ in 0..2 {
            let x = app.start_attempt(&p.p2, s).await.unwrap();
            app.submit_attempt(&p.p2, x, &answers(&[])).await.unwrap();
        }
        assert_eq!(
            field_of(app.start_attempt(&p.p2, s).await.unwrap_err()),
            "session"
        );

        let stats = app.quiz_detail(&cli, course).await.unwrap();
        assert_eq!((stats.attempts, stats.passed), (4, 1), "[{name}]");
        let of = |id: Uuid| stats.questions.iter().find(|q| q.id == id).unwrap();
        assert_eq!((of(q1).answered, of(q1).right), (4, 2), "[{name}]");
        assert_eq!(
            (of(q2).answered, of(q2).right),
            (4, 1),
            "[{name}] what was misunderstood"
        );
        assert_eq!(of(q2).correct, [2, 3]);
        assert!(matches!(
            app.quiz_detail(&p.officer, course).await,
            Err(AppError::Forbidden)
        ));
    }
}

//! Training on SQLite and PostgreSQL: course and session numbers per organization,
//! sessions found by the numbers a sheet names (never another organization's), each
//! person's latest completion of each course, one completion per person and session,
//! each quiz question's results, and a drill's results replaced by a newer report.

use mamori_store::Store;
use mamori_store::entity::{
    phishing_drill, phishing_result, quiz_attempt, quiz_mark, quiz_question, training_attendance,
    training_course, training_session,
};
use mamori_store::training::{attendance, phishing, quiz};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn d(s: &str) -> chrono::NaiveDate {
    s.parse().unwrap()
}

async fn course(store: &Store, org: Uuid, title: &str) -> training_course::Model {
    let tx = store.begin_write().await.unwrap();
    let m = training_course::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number: mamori_store::training::next_course_number(&*tx, org)
            .await
            .unwrap(),
        kind: "all_staff".into(),
        title: title.into(),
        description: String::new(),
        frequency: "annual".into(),
        audience: "{}".into(),
        grace_days: 30,
        applies_from: d("2026-04-01"),
        pass_percent: 80,
        max_attempts: 3,
        retired: false,
        created_by: "user:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    };
    mamori_store::training::insert_course(&*tx, m.clone())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    m
}

async fn session(
    store: &Store,
    c: &training_course::Model,
    held_on: &str,
) -> training_session::Model {
    let tx = store.begin_write().await.unwrap();
    let m = training_session::Model {
        id: Uuid::now_v7(),
        org_id: c.org_id,
        course_id: c.id,
        number: mamori_store::training::next_session_number(&*tx, c.org_id)
            .await
            .unwrap(),
        held_on: d(held_on),
        until: None,
        mode: "classroom".into(),
        place: "研修室".into(),
        trainer: String::new(),
        materials: String::new(),
        created_by: "user:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
    };
    mamori_store::training::insert_session(&*tx, m.clone())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    m
}

fn done(s: &training_session::Model, staff: Uuid, on: &str) -> training_attendance::Model {
    training_attendance::Model {
        id: Uuid::now_v7(),
        org_id: s.org_id,
        course_id: s.course_id,
        session_id: s.id,
        staff_id: staff,
        completed_on: d(on),
        source: "trainer".into(),
        recorded_by: "user:test".into(),
        recorded_at: t("2026-06-01T00:00:00Z"),
    }
}

#[tokio::test]
async fn courses_sessions_and_completions_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let a = course(&store, org, "全職員研修").await;
        let b = course(&store, org, "CSIRT訓練").await;
        let theirs = course(&store, other, "よその研修").await;
        assert_eq!((a.number, b.number, theirs.number), (1, 2, 1), "[{name}]");
        let s1 = session(&store, &a, "2025-10-01").await;
        let s2 = session(&store, &a, "2026-10-01").await;
        let s3 = session(&store, &b, "2026-11-01").await;
        let their_session = session(&store, &theirs, "2026-10-01").await;
        assert_eq!(
            (s1.number, s2.number, s3.number, their_session.number),
            (1, 2, 3, 1),
            "[{name}]"
        );
        let found = mamori_store::training::sessions_by_number(store.conn(), org, &[1, 3, 9])
            .await
            .unwrap();
        let mut ids: Vec<Uuid> = found.iter().map(|s| s.id).collect();
        ids.sort();
        let mut want = vec![s1.id, s3.id];
        want.sort();
        assert_eq!(ids, want, "[{name}] numbers are the organization's own");
        let sessions = mamori_store::training::sessions(store.conn(), org, Some(a.id))
            .await
            .unwrap();
        assert_eq!(
            sessions.iter().map(|s| s.number).collect::<Vec<_>>(),
            [2, 1],
            "[{name}] newest first"
        );

        let (p, q) = (Uuid::now_v7(), Uuid::now_v7());
        let tx = store.begin_write().await.unwrap();
        attendance::insert(
            &*tx,
            vec![
                done(&s1, p, "2025-10-02"),
                done(&s2, p, "2026-10-03"),
                done(&s1, q, "2025-10-01"),
                done(&s3, q, "2026-11-01"),
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        // Twice in one session is refused by the database itself.
        let tx = store.begin_write().await.unwrap();
        assert!(
            attendance::insert(&*tx, vec![done(&s1, p, "2025-10-05")])
                .await
                .is_err(),
            "[{name}]"
        );
        drop(tx);
        let mut latest = attendance::latest(store.conn(), org, None).await.unwrap();
        latest.sort();
        let mut want = vec![
            (a.id, p, d("2026-10-03")),
            (a.id, q, d("2025-10-01")),
            (b.id, q, d("2026-11-01")),
        ];
        want.sort();
        assert_eq!(latest, want, "[{name}] the latest per course and person");
        assert_eq!(
            attendance::latest(store.conn(), org, Some(b.id))
                .await
                .unwrap()
                .len(),
            1,
            "[{name}]"
        );
        let mut counts = attendance::counts_by_session(store.conn(), org)
            .await
            .unwrap();
        counts.sort();
        let mut want = vec![(s1.id, 2), (s2.id, 1), (s3.id, 1)];
        want.sort();
        assert_eq!(counts, want, "[{name}]");
        assert_eq!(
            attendance::of_staff(store.conn(), org, p).await.unwrap()[0].completed_on,
            d("2026-10-03"),
            "[{name}]"
        );
        let tx = store.begin_write().await.unwrap();
        assert!(
            attendance::delete(&*tx, org, s1.id, p).await.unwrap(),
            "[{name}]"
        );
        assert!(
            !attendance::delete(&*tx, other, s2.id, p).await.unwrap(),
            "[{name}] not another organization's"
        );
        tx.commit().await.unwrap();
        assert_eq!(
            attendance::of_session(store.conn(), org, s1.id)
                .await
                .unwrap()
                .len(),
            1,
            "[{name}]"
        );
    }
}

#[tokio::test]
async fn quiz_results_and_drill_reports_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let c = course(&store, org, "全職員研修").await;
        let s = session(&store, &c, "2026-10-01").await;
        let tx = store.begin_write().await.unwrap();
        let mut questions = Vec::new();
        for text in ["パスワード", "USB"] {
            let q = quiz_question::Model {
                id: Uuid::now_v7(),
                org_id: org,
                course_id: c.id,
                number: quiz::next_question_number(&*tx, org, c.id).await.unwrap(),
                text: text.into(),
                options: r#"["ア","イ"]"#.into(),
                correct: "[0]".into(),
                multiple: false,
                retired: false,
                created_at: t("2026-04-01T00:00:00Z"),
            };
            quiz::insert_question(&*tx, q.clone()).await.unwrap();
            questions.push(q);
        }
        let mut attempts = Vec::new();
        let mut marks = Vec::new();
        for (i, rights) in [[true, false], [true, true], [false, false]]
            .into_iter()
            .enumerate()
        {
            let a = quiz_attempt::Model {
                id: Uuid::now_v7(),
                org_id: org,
                course_id: c.id,
                session_id: s.id,
                staff_id: Uuid::now_v7(),
                shown: "{}".into(),
                started_at: t("2026-10-02T00:00:00Z"),
                submitted_at: (i < 2).then(|| t("2026-10-02T00:10:00Z")),
                right_count: 0,
                total: 2,
                passed: i == 1,
            };
            for (q, right) in questions.iter().zip(rights) {
                marks.push(quiz_mark::Model {
                    id: Uuid::now_v7(),
                    org_id: org,
                    attempt_id: a.id,
                    course_id: c.id,
                    question_id: q.id,
                    chosen: "[]".into(),
                    right,
                });
            }
            attempts.push(a);
        }
        quiz::insert_attempts(&*tx, attempts.clone()).await.unwrap();
        quiz::insert_marks(&*tx, marks).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            questions.iter().map(|q| q.number).collect::<Vec<_>>(),
            [1, 2],
            "[{name}]"
        );
        let results = quiz::question_results(store.conn(), org, c.id)
            .await
            .unwrap();
        let of =
            |q: &quiz_question::Model| results.iter().find(|r| r.0 == q.id).map(|r| (r.1, r.2));
        assert_eq!(of(&questions[0]), Some((3, 2)), "[{name}]");
        assert_eq!(
            of(&questions[1]),
            Some((3, 1)),
            "[{name}] the question most get wrong"
        );
        assert_eq!(
            quiz::attempt_counts(store.conn(), org, c.id).await.unwrap(),
            (2, 1),
            "[{name}] submitted, passed"
        );
        assert_eq!(
            quiz::marks_of(store.conn(), org, attempts[0].id)
                .await
                .unwrap()
                .len(),
            2,
            "[{name}]"
        );
        assert_eq!(
            quiz::question_counts(store.conn(), org).await.unwrap(),
            [(c.id, 2)],
            "[{name}]"
        );

        let tx = store.begin_write().await.unwrap();
        let drill = phishing_drill::Model {
            id: Uuid::now_v7(),
            org_id: org,
            number: phishing::next_drill_number(&*tx, org).await.unwrap(),
            title: "第1回".into(),
            sent_on: d("2026-07-14"),
            vendor: String::new(),
            note: String::new(),
            created_by: "user:test".into(),
            created_at: t("2026-07-01T00:00:00Z"),
        };
        phishing::insert_drill(&*tx, drill.clone()).await.unwrap();
        let result = |clicked: bool| phishing_result::Model {
            id: Uuid::now_v7(),
            org_id: org,
            drill_id: drill.id,
            staff_id: Uuid::now_v7(),
            opened: clicked,
            clicked,
            reported: false,
        };
        phishing::replace_results(&*tx, org, drill.id, vec![result(true), result(false)])
            .await
            .unwrap();
        phishing::replace_results(&*tx, org, drill.id, vec![result(false)])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let kept = phishing::results(store.conn(), org, Some(drill.id))
            .await
            .unwrap();
        assert_eq!(
            kept.len(),
            1,
            "[{name}] the newer report replaces the older"
        );
        assert!(!kept[0].clicked, "[{name}]");
        assert_eq!(
            phishing::drills(store.conn(), org).await.unwrap().len(),
            1,
            "[{name}]"
        );
    }
}

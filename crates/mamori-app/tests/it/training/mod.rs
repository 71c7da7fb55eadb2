//! Training through the use cases, on SQLite and PostgreSQL: the trainer imports an
//! attendance sheet in Shift_JIS (a sheet naming an unknown employee or session
//! changes nothing) and sees who is overdue, by department and role, a CSIRT member
//! overdue on the CSIRT exercise first; names only for those who answer for them;
//! certificates for the person and their officers only; the morning job reminds those
//! past their date. Quizzes and drills are in the files beside this one.

mod drills;
mod quiz;

use mamori_app::App;
use mamori_app::AppError;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::import::{ImportKind, ImportOptions};
use mamori_app::training::{CourseInput, SessionInput};
use mamori_domain::training::Standing;

use crate::common::{envs, signed_in, staff};

fn sjis(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

fn field_of(e: AppError) -> String {
    match e {
        AppError::Invalid(inv) => inv.0[0].field.clone(),
        other => panic!("expected a refusal by field, got {other:?}"),
    }
}

fn session(held_on: &str, until: &str, mode: &str) -> SessionInput {
    SessionInput {
        held_on: held_on.into(),
        until: until.into(),
        mode: mode.into(),
        place: "本庁舎 研修室".into(),
        trainer: "情報政策課".into(),
        ..SessionInput::default()
    }
}

/// Two departments, their officer, a CSIRT member and three staff.
struct People {
    officer: Actor,
    csirt: Actor,
    p1: Actor,
    p2: Actor,
}

async fn people(app: &App, cli: &Actor) -> People {
    for (code, dept) in [("100", "総務課"), ("200", "福祉課")] {
        let d = DepartmentInput {
            code: code.into(),
            name: dept.into(),
            ..DepartmentInput::default()
        };
        app.create_department(cli, &d).await.unwrap();
    }
    let officer = signed_in(
        app,
        cli,
        staff("A-1", "責任 一郎", "100"),
        "officer",
        &[("department-officer", "100")],
    )
    .await;
    let csirt = signed_in(
        app,
        cli,
        staff("A-9", "対応 九郎", "100"),
        "csirt",
        &[("csirt", "")],
    )
    .await;
    let p1 = signed_in(app, cli, staff("A-2", "職員 二郎", "100"), "person1", &[]).await;
    let p2 = signed_in(app, cli, staff("B-1", "福祉 三郎", "200"), "person2", &[]).await;
    app.create_staff(cli, &staff("B-2", "窓口 四郎", "200"))
        .await
        .unwrap();
    People {
        officer,
        csirt,
        p1,
        p2,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trainer_imports_attendance_and_sees_who_is_overdue() {
    for e in envs().await {
        let app = &e.app;
        let name = e.name;
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let p = people(app, &cli).await;
        let all = CourseInput {
            kind: "all_staff".into(),
            title: "全職員情報セキュリティ研修".into(),
            frequency: "annual".into(),
            ..CourseInput::default()
        };
        assert!(matches!(
            app.create_course(&p.p1, &all).await,
            Err(AppError::Forbidden)
        ));
        let bad = CourseInput {
            title: " ".into(),
            grace_days: Some(0),
            ..all.clone()
        };
        assert_eq!(
            field_of(app.create_course(&cli, &bad).await.unwrap_err()),
            "title",
            "[{name}]"
        );
        let course = app.create_course(&cli, &all).await.unwrap();
        let s1 = app
            .create_session(&cli, course, &session("2026-04-10", "", "classroom"))
            .await
            .unwrap();
        app.create_session(&cli, course, &session("2026-05-20", "", "classroom"))
            .await
            .unwrap();
        let csirt_course = CourseInput {
            kind: "csirt".into(),
            title: "CSIRT 訓練".into(),
            frequency: "annual".into(),
            roles: vec!["csirt".into()],
            ..CourseInput::default()
        };
        let csirt_course = app.create_course(&cli, &csirt_course).await.unwrap();
        app.create_session(&cli, csirt_course, &session("2026-05-01", "", "exercise"))
            .await
            .unwrap();
        e.clock.set("2026-05-21T01:00:00Z".parse().unwrap());

        // A sheet naming someone not on the register and a session that does not
        // exist is refused whole, each problem by row and column.
        let sheet = "研修回,職員番号,氏名,受講日\nS-0001,A-2,職員 二郎,2026-04-10\nS-0001,Z-9,,\nS-0042,B-1,,\n";
        let plan = app
            .import(
                &cli,
                ImportKind::Attendance,
                &sjis(sheet),
                &ImportOptions::default(),
                true,
            )
            .await
            .unwrap();
        assert!(!plan.committed, "[{name}]");
        assert_eq!(plan.format, "CSV (Shift_JIS)", "[{name}]");
        let located: Vec<(usize, String)> = plan
            .errors
            .iter()
            .map(|i| (i.row, i.column.clone()))
            .collect();
        assert_eq!(
            located,
            [(3, "職員番号".to_owned()), (4, "研修回".to_owned())],
            "[{name}]"
        );
        let before = app
            .course_coverage(&cli, course, None, false)
            .await
            .unwrap();
        assert_eq!(before.course.total.done, 0, "[{name}] nothing half-written");

        let sheet =
            "研修回,職員番号,氏名,受講日\nS-0001,A-2,職員 二郎,2026-04-10\nS-0002,B-1,福祉 三郎,\n";
        let preview = app
            .import(
                &cli,
                ImportKind::Attendance,
                &sjis(sheet),
                &ImportOptions::default(),
                false,
            )
            .await
            .unwrap();
        assert_eq!((preview.creates, preview.committed), (2, false), "[{name}]");
        let plan = app
            .import(
                &cli,
                ImportKind::Attendance,
                &sjis(sheet),
                &ImportOptions::default(),
                true,
            )
            .await
            .unwrap();
        assert!(
            plan.committed && plan.creates == 2,
            "[{name}] {:?}",
            plan.errors
        );
        let again = app
            .import(
                &cli,
                ImportKind::Attendance,
                &sjis(sheet),
                &ImportOptions::default(),
                true,
            )
            .await
            .unwrap();
        assert_eq!(
            (again.creates, again.unchanged),
            (0, 2),
            "[{name}] a sheet imported twice adds nothing"
        );

        // Deadline: the last session's day (20 May). Everyone else is now overdue.
        let c = app.course_coverage(&cli, course, None, true).await.unwrap();
        assert_eq!(c.course.total.done, 2, "[{name}]");
        assert!(
            c.course.total.required >= 6,
            "[{name}] {}",
            c.course.total.required
        );
        assert_eq!(
            c.course.total.overdue,
            c.course.total.required - 2,
            "[{name}]"
        );
        assert_eq!(c.course.year_deadline, Some("2026-05-20".parse().unwrap()));
        assert!(
            c.pending
                .iter()
                .any(|t| t.employee_number == "B-2" && t.overdue),
            "[{name}]"
        );
        assert!(
            !c.pending.iter().any(|t| t.employee_number == "A-2"),
            "[{name}] done"
        );
        let mine = app.my_training(&p.p1).await.unwrap();
        assert!(matches!(
            mine.iter()
                .find(|m| m.course_id == course)
                .unwrap()
                .standing,
            Standing::Done { .. }
        ));
        let theirs = app.my_training(&p.p2).await.unwrap();
        assert_eq!(
            theirs.len(),
            1,
            "[{name}] the CSIRT exercise does not bind them"
        );

        // The officer of 総務課 follows counts, and names of their own department only.
        let depts = app.dept_index(&cli).await.unwrap();
        let (d100, d200) = (
            depts.by_code("100").unwrap().id,
            depts.by_code("200").unwrap().id,
        );
        let own = app
            .course_coverage(&p.officer, course, Some(d100), false)
            .await
            .unwrap();
        assert!(
            own.names_shown && own.pending.iter().all(|t| t.department.contains("総務課")),
            "[{name}]"
        );
        let other = app
            .course_coverage(&p.officer, course, Some(d200), false)
            .await
            .unwrap();
        assert!(!other.names_shown && other.pending.is_empty(), "[{name}]");
        assert!(matches!(
            app.course_coverage(&p.p1, course, None, false).await,
            Err(AppError::Forbidden)
        ));
        let session_page = app.training_session(&p.officer, s1).await.unwrap();
        assert_eq!(session_page.attendees.len(), 1, "[{name}] 総務課's own");
        let session_page = app.training_session(&p.p2, s1).await.unwrap();
        assert_eq!(
            (session_page.attendees.len(), session_page.not_listed),
            (0, 1),
            "[{name}] others by count"
        );

        // The CSIRT member who missed the exercise stands out.
        let overview = app.training_coverage(&cli).await.unwrap();
        let first = &overview.role_overdue[0];
        assert_eq!(
            (first.role.as_str(), first.name.as_str()),
            ("csirt", "対応 九郎"),
            "[{name}]"
        );
        let mine = app.my_training(&p.csirt).await.unwrap();
        assert!(
            mine[0].standing.is_overdue() && mine[0].course_id == csirt_course,
            "[{name}] overdue first"
        );

        // The morning job tells those a day past the date, and not those done.
        let ran = app.run_due_jobs().await.unwrap();
        let line = ran
            .iter()
            .find(|r| r.name == "training.reminders")
            .expect("the job ran");
        assert!(
            line.ok && line.message.starts_with("1 organization(s)"),
            "{}",
            line.message
        );
        let inbox = |who: &Actor| {
            let who = who.clone();
            async move {
                app.inbox(&who, "ja", false, mamori_app::PageRequest::default())
                    .await
                    .unwrap()
                    .items
                    .into_iter()
                    .map(|n| n.subject)
                    .collect::<Vec<_>>()
            }
        };
        let late = "全職員情報セキュリティ研修の受講期限を過ぎています";
        assert!(inbox(&p.csirt).await.iter().any(|s| s == late), "[{name}]");
        assert!(
            !inbox(&p.p1).await.iter().any(|s| s == late),
            "[{name}] done"
        );

        // Certificates: the person and those who answer for them.
        let cert = app.my_training(&p.p1).await.unwrap()[0]
            .last_completion
            .unwrap();
        let c = app.training_certificate(&p.p1, cert).await.unwrap();
        assert_eq!(
            (c.name.as_str(), c.completed_on.to_string().as_str()),
            ("職員 二郎", "2026-04-10")
        );
        assert!(c.number.starts_with("TRN-001-S-0001-"), "{}", c.number);
        assert!(
            app.training_certificate(&p.officer, cert).await.is_ok(),
            "[{name}]"
        );
        assert!(matches!(
            app.training_certificate(&p.p2, cert).await,
            Err(AppError::NotFound)
        ));

        // The trainer's own form: all or nothing too.
        let input = mamori_app::training::AttendanceInput {
            employee_numbers: "A-9\nNOPE".into(),
            completed_on: String::new(),
        };
        assert_eq!(
            field_of(app.record_attendance(&cli, s1, &input).await.unwrap_err()),
            "employee_numbers"
        );
        let input = mamori_app::training::AttendanceInput {
            employee_numbers: "A-9, B-2".into(),
            ..input
        };
        assert_eq!(
            app.record_attendance(&cli, s1, &input).await.unwrap(),
            2,
            "[{name}]"
        );
        let rows = app.coverage_table(&cli).await.unwrap();
        assert_eq!(rows[0][2], "（全体）", "[{name}]");
        assert_eq!(rows[0][4], "4", "[{name}] done after the trainer's form");
    }
}

//! Incidents through the use cases, on SQLite and PostgreSQL: a staff member reports a
//! mis-sent mail with residents' data; the reporting line is told (the CISO too, since
//! personal data is involved) without the title; colleagues outside it do not find the
//! incident; the CSIRT triages it and takes it through its states with a timeline; the
//! CISO closes it once the root cause is recorded. Bad input changes nothing, and an
//! insider case stays within its circle.

use chrono::Duration;
use mamori_app::AppError;
use mamori_app::authz::Actor;
use mamori_app::departments::DepartmentInput;
use mamori_app::incidents::{
    AnalysisInput, BreachInput, EntryInput, IncidentQuery, MoveInput, PreventionInput, ReportInput,
    SubmissionInput, TriageInput,
};
use mamori_app::risks::RiskInput;
use mamori_app::staff::StaffInput;
use mamori_app::{App, Clock, PageRequest};
use mamori_domain::incident::State;

use crate::common::{Env, PASSWORD, envs, signed_in, with_mail};

fn staff(number: &str, name: &str, department: &str) -> StaffInput {
    StaffInput {
        employee_number: number.into(),
        name: name.into(),
        department: department.into(),
        ..StaffInput::default()
    }
}

fn misdelivery() -> ReportInput {
    ReportInput {
        title: "住民票の写しを別の住民に郵送した".into(),
        category: "誤送信".into(),
        description: "窓口で受け付けた請求の写しを、別の方の住所に送った。".into(),
        location: "市民課 窓口".into(),
        occurred_at: "2026-03-30 15:00".into(),
        known_at: "2026-03-31 10:00".into(),
        personal_data: "1".into(),
        persons: "120".into(),
        assets: String::new(),
    }
}

async fn visible(app: &App, who: &Actor) -> Vec<String> {
    app.incidents(who, &IncidentQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.number)
        .collect()
}

async fn inbox_subjects(app: &App, who: &Actor) -> Vec<(String, String)> {
    app.inbox(who, "ja", false, PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|n| (n.subject, n.body))
        .collect()
}

struct People {
    reporter: Actor,
    colleague: Actor,
    csirt: Actor,
    officer: Actor,
    ciso: Actor,
}

async fn people(e: &Env) -> People {
    let app = &e.app;
    let cli = app.cli_actor(None, "test").await.unwrap();
    for (code, name, parent) in [
        ("300", "市民部", ""),
        ("310", "市民課", "市民部"),
        ("320", "税務課", "市民部"),
    ] {
        app.create_department(
            &cli,
            &DepartmentInput {
                code: code.into(),
                name: name.into(),
                parent: parent.into(),
                ..DepartmentInput::default()
            },
        )
        .await
        .unwrap();
    }
    let ciso_session = app.login("ciso", PASSWORD, "test").await.unwrap().unwrap();
    People {
        reporter: signed_in(app, &cli, staff("1001", "報告 花子", "310"), "hanako", &[]).await,
        colleague: signed_in(app, &cli, staff("1002", "同僚 太郎", "320"), "taro", &[]).await,
        csirt: signed_in(
            app,
            &cli,
            staff("2001", "対応 次郎", ""),
            "jiro",
            &[("csirt", "")],
        )
        .await,
        officer: signed_in(
            app,
            &cli,
            staff("3001", "責任 三郎", "300"),
            "saburo",
            &[("department-officer", "300")],
        )
        .await,
        ciso: app
            .session(&ciso_session.cookie, "test")
            .await
            .unwrap()
            .actor,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reported_breach_reaches_its_line_and_is_run_to_closure() {
    for e in envs().await {
        let name = e.name;
        let app = &e.app;
        let p = people(&e).await;

        // Bad input: each problem named by field, nothing written.
        let bad = ReportInput {
            known_at: "2026-03-29 10:00".into(),
            persons: "0".into(),
            assets: "A-999999".into(),
            ..misdelivery()
        };
        let Err(AppError::Invalid(inv)) = app.report_incident(&p.reporter, &bad).await else {
            panic!("[{name}] refused");
        };
        let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["known_at", "persons"], "[{name}]");
        assert!(inv.0[0].ja.contains("発生日時より前"), "[{name}]");
        let future = ReportInput {
            known_at: "2026-04-02 10:00".into(),
            ..misdelivery()
        };
        assert!(matches!(
            app.report_incident(&p.reporter, &future).await,
            Err(AppError::Invalid(_))
        ));
        let unknown_asset = ReportInput {
            assets: "A-999999".into(),
            ..misdelivery()
        };
        let Err(AppError::Invalid(inv)) = app.report_incident(&p.reporter, &unknown_asset).await
        else {
            panic!("[{name}] an unknown asset is refused");
        };
        assert_eq!(inv.0[0].field, "assets");
        assert!(
            visible(app, &p.ciso).await.is_empty(),
            "[{name}] nothing half-written"
        );

        // The report: numbered, restricted (personal data), told to the line.
        let r = app
            .report_incident(&p.reporter, &misdelivery())
            .await
            .unwrap();
        assert_eq!(r.number, "INC-2026-0001", "[{name}]");
        assert_eq!(
            visible(app, &p.reporter).await,
            std::slice::from_ref(&r.number),
            "[{name}] their own report"
        );
        assert!(visible(app, &p.colleague).await.is_empty(), "[{name}]");
        assert!(matches!(
            app.incident_detail(&p.colleague, r.id).await,
            Err(AppError::NotFound)
        ));
        for who in [&p.csirt, &p.officer, &p.ciso] {
            assert_eq!(
                visible(app, who).await,
                std::slice::from_ref(&r.number),
                "[{name}] {}",
                who.label
            );
            let told = inbox_subjects(app, who).await;
            assert!(
                told.iter()
                    .any(|(s, b)| s.contains(&r.number) && !b.contains("住民票")),
                "[{name}] {} told, without the title: {told:?}",
                who.label
            );
        }
        assert!(
            inbox_subjects(app, &p.reporter).await.is_empty(),
            "[{name}] the reporter knows"
        );
        let d = app.incident_detail(&p.csirt, r.id).await.unwrap();
        assert!(d.restricted && d.personal_data && d.persons == Some(120));
        assert_eq!(d.state, State::Received);
        assert_eq!(d.department.as_deref(), Some("市民課"));
        assert_eq!(d.reporter.as_deref(), Some("報告 花子"));
        assert_eq!(d.timeline.len(), 1);
        assert_eq!(d.timeline[0].kind, "report");
        assert!(
            !d.moves.contains(&State::Closed),
            "[{name}] only the CISO closes"
        );

        // Every read of a restricted incident is on the audit log; so is a refusal.
        let audit = app
            .audit_list(
                &p.ciso,
                &Default::default(),
                PageRequest::new(None, Some(200)),
            )
            .await
            .unwrap();
        assert!(
            audit
                .items
                .iter()
                .any(|a| a.action == "incident.read" && a.actor == p.csirt.label)
        );
        assert!(
            audit
                .items
                .iter()
                .any(|a| a.action == "access.denied" && a.actor == p.colleague.label)
        );

        // Triage: severity, assignee, members; a colleague cannot.
        let triage = TriageInput {
            severity: "高".into(),
            assignee: "2001".into(),
            members: "3001".into(),
        };
        assert!(
            app.triage_incident(&p.colleague, r.id, &triage)
                .await
                .is_err()
        );
        app.triage_incident(&p.csirt, r.id, &triage).await.unwrap();
        let d = app.incident_detail(&p.csirt, r.id).await.unwrap();
        assert_eq!(d.assignee.as_deref(), Some("対応 次郎"));
        assert_eq!(d.members, ["責任 三郎"]);
        assert_eq!(
            d.first_response_due - d.reported_at,
            Duration::hours(4),
            "[{name}] high: 4 hours"
        );

        // Through the states, with a timeline; going back needs a reason.
        let go = |to: &str, reason: &str| MoveInput {
            to: to.into(),
            reason: reason.into(),
        };
        app.move_incident(&p.csirt, r.id, &go("investigating", ""))
            .await
            .unwrap();
        let Err(AppError::Invalid(inv)) = app
            .move_incident(&p.csirt, r.id, &go("initial_response", ""))
            .await
        else {
            panic!("[{name}] back without a reason");
        };
        assert_eq!(inv.0[0].field, "reason");
        app.move_incident(&p.csirt, r.id, &go("containment", ""))
            .await
            .unwrap();
        let action = app
            .add_incident_entry(
                &p.csirt,
                r.id,
                &EntryInput {
                    happened_at: "2026-03-31 11:00".into(),
                    kind: "action".into(),
                    body: "誤送付先に連絡し、回収を依頼した".into(),
                    corrects: String::new(),
                },
            )
            .await
            .unwrap();
        app.add_incident_entry(
            &p.csirt,
            r.id,
            &EntryInput {
                happened_at: String::new(),
                kind: "correction".into(),
                body: "連絡は 11:30 だった".into(),
                corrects: action.to_string(),
            },
        )
        .await
        .unwrap();
        for to in ["root_cause", "prevention"] {
            app.move_incident(&p.csirt, r.id, &go(to, ""))
                .await
                .unwrap();
        }
        // Closing: the CISO's sign-off, and only with the root cause recorded.
        assert!(matches!(
            app.move_incident(&p.csirt, r.id, &go("closed", "")).await,
            Err(AppError::Forbidden)
        ));
        let Err(AppError::Invalid(inv)) = app.move_incident(&p.ciso, r.id, &go("closed", "")).await
        else {
            panic!("[{name}] no root cause yet");
        };
        assert!(
            inv.0.iter().any(|f| f.ja.contains("原因")),
            "[{name}] {inv:?}"
        );
        app.record_incident_analysis(
            &p.csirt,
            r.id,
            &AnalysisInput {
                cause_category: "確認不足".into(),
                root_cause: "宛名と請求書の照合をしていなかった".into(),
                contributing: "窓口の混雑".into(),
                lessons: "封入時に二人で照合する".into(),
            },
        )
        .await
        .unwrap();
        // Personal data: the breach assessment first. 120 persons: a report is
        // required; the 確報's 30th day (29 April, 昭和の日) moves to the 30th.
        let Err(AppError::Invalid(inv)) = app.move_incident(&p.ciso, r.id, &go("closed", "")).await
        else {
            panic!("[{name}] not assessed yet");
        };
        assert!(
            inv.0.iter().any(|f| f.ja.contains("報告の要否")),
            "[{name}] {inv:?}"
        );
        let breach = BreachInput {
            personal_data: "1".into(),
            persons: "120".into(),
            ..BreachInput::default()
        };
        app.assess_breach(&p.csirt, r.id, &breach).await.unwrap();
        let b = app
            .incident_detail(&p.csirt, r.id)
            .await
            .unwrap()
            .breach
            .unwrap();
        assert!(b.required, "[{name}]");
        assert!(
            b.reasons_ja.contains("100人を超える"),
            "[{name}] {}",
            b.reasons_ja
        );
        assert_eq!(
            b.preliminary_due.unwrap().to_string(),
            "2026-04-02",
            "[{name}]"
        );
        assert_eq!(b.final_due.unwrap().to_string(), "2026-04-30", "[{name}]");
        assert_eq!(b.final_days_left, Some(29), "[{name}] counted from 1 April");
        // An unauthorized purpose: 60 days.
        let wrongful = BreachInput {
            wrongful_purpose: "1".into(),
            ..breach.clone()
        };
        app.assess_breach(&p.csirt, r.id, &wrongful).await.unwrap();
        let b = app
            .incident_detail(&p.csirt, r.id)
            .await
            .unwrap()
            .breach
            .unwrap();
        assert_eq!(
            b.final_due.unwrap().to_string(),
            "2026-05-29",
            "[{name}] 60 days"
        );
        app.assess_breach(&p.csirt, r.id, &breach).await.unwrap();
        // Bad input: no persons of zero, no filing before assessing or in the future.
        let Err(AppError::Invalid(inv)) = app
            .assess_breach(
                &p.csirt,
                r.id,
                &BreachInput {
                    persons: "0".into(),
                    ..breach.clone()
                },
            )
            .await
        else {
            panic!("[{name}] zero persons");
        };
        assert_eq!(inv.0[0].field, "persons");
        let file = |kind: &str, on: &str| SubmissionInput {
            kind: kind.into(),
            submitted_on: on.into(),
            ..SubmissionInput::default()
        };
        assert!(matches!(
            app.record_submission(&p.csirt, r.id, &file("final", "2026-04-05"))
                .await,
            Err(AppError::Invalid(_))
        ));
        app.record_submission(&p.csirt, r.id, &file("preliminary", "2026-04-01"))
            .await
            .unwrap();
        let Err(AppError::Invalid(inv)) = app.move_incident(&p.ciso, r.id, &go("closed", "")).await
        else {
            panic!("[{name}] the final report is not filed");
        };
        assert!(
            inv.0.iter().any(|f| f.ja.contains("確報")),
            "[{name}] {inv:?}"
        );
        app.record_submission(&p.csirt, r.id, &file("final", "2026-04-01"))
            .await
            .unwrap();
        let b = app
            .incident_detail(&p.csirt, r.id)
            .await
            .unwrap()
            .breach
            .unwrap();
        assert_eq!(b.submissions.len(), 2);
        assert_eq!(b.final_days_left, None, "[{name}] filed");
        // Recurrence prevention changes the register: the risk shows the incident.
        let cli = app.cli_actor(None, "test").await.unwrap();
        let risk = app
            .create_risk(
                &cli,
                &RiskInput {
                    title: "郵送物の宛先誤り".into(),
                    threat: "T-MISSEND".into(),
                    ..RiskInput::default()
                },
            )
            .await
            .unwrap();
        let link = PreventionInput {
            target: risk.number.to_lowercase(),
            note: "封入時の二人照合を管理策に加える".into(),
        };
        app.link_prevention(&p.csirt, r.id, &link).await.unwrap();
        assert!(
            matches!(
                app.link_prevention(&p.csirt, r.id, &link).await,
                Err(AppError::Invalid(_))
            ),
            "[{name}] linked once"
        );
        let behind = app
            .incidents_behind(&p.officer, "risk", risk.id)
            .await
            .unwrap();
        assert_eq!(behind.shown.len(), 1, "[{name}]");
        assert_eq!(behind.shown[0].1, r.number);
        assert_eq!(
            app.incident_detail(&p.csirt, r.id)
                .await
                .unwrap()
                .prevention[0]
                .number,
            risk.number
        );
        app.move_incident(&p.ciso, r.id, &go("closed", ""))
            .await
            .unwrap();
        let d = app.incident_detail(&p.ciso, r.id).await.unwrap();
        assert_eq!(d.state, State::Closed);
        assert_eq!(d.closed_by.as_deref(), Some(p.ciso.label.as_str()));
        let kinds: Vec<&str> = d
            .timeline
            .iter()
            .map(|t| t.kind.as_str())
            .filter(|k| !matches!(*k, "assessment" | "submission"))
            .collect();
        assert_eq!(
            kinds,
            [
                "report",
                "action",
                "triage",
                "state",
                "state",
                "correction",
                "state",
                "state",
                "analysis",
                "prevention",
                "state"
            ],
            "[{name}] by when each happened"
        );
        let corrected = d.timeline.iter().find(|t| t.seq == action).unwrap();
        assert!(
            corrected.corrected,
            "[{name}] the corrected entry stays, marked"
        );
        assert!(d.first_response_at.is_some());
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_insider_case_stays_within_its_circle() {
    for e in envs().await {
        let name = e.name;
        let app = &e.app;
        let p = people(&e).await;
        let r = app
            .report_incident(
                &p.reporter,
                &ReportInput {
                    title: "職員が台帳を私物の USB に複製した疑い".into(),
                    category: "内部不正".into(),
                    known_at: "2026-03-31 09:00".into(),
                    ..ReportInput::default()
                },
            )
            .await
            .unwrap();
        for who in [&p.csirt, &p.officer, &p.colleague] {
            assert!(visible(app, who).await.is_empty(), "[{name}] {}", who.label);
            assert!(matches!(
                app.incident_detail(who, r.id).await,
                Err(AppError::NotFound)
            ));
            assert!(
                inbox_subjects(app, who).await.is_empty(),
                "[{name}] {} not told",
                who.label
            );
        }
        assert_eq!(visible(app, &p.ciso).await, std::slice::from_ref(&r.number));
        // Linked to a risk, it is counted there for the officer, never named.
        let cli = app.cli_actor(None, "test").await.unwrap();
        let risk = app
            .create_risk(
                &cli,
                &RiskInput {
                    title: "台帳の不正な複製".into(),
                    threat: "T-MISSEND".into(),
                    ..RiskInput::default()
                },
            )
            .await
            .unwrap();
        let link = PreventionInput {
            target: risk.number.clone(),
            note: String::new(),
        };
        app.link_prevention(&p.ciso, r.id, &link).await.unwrap();
        let behind = app
            .incidents_behind(&p.officer, "risk", risk.id)
            .await
            .unwrap();
        assert!(behind.shown.is_empty(), "[{name}]");
        assert_eq!(behind.hidden, 1, "[{name}]");
        assert!(
            !inbox_subjects(app, &p.ciso).await.is_empty(),
            "[{name}] the CISO is told"
        );
        assert_eq!(visible(app, &p.reporter).await, [r.number]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_encrypted_stick_lost_needs_no_report_and_says_why() {
    for e in envs().await {
        let app = &e.app;
        let p = people(&e).await;
        let r = app
            .report_incident(
                &p.reporter,
                &ReportInput {
                    title: "暗号化 USB メモリを紛失".into(),
                    category: "紛失".into(),
                    known_at: "2026-03-31 09:00".into(),
                    personal_data: "1".into(),
                    persons: "300".into(),
                    ..ReportInput::default()
                },
            )
            .await
            .unwrap();
        let facts = BreachInput {
            personal_data: "1".into(),
            persons: "300".into(),
            protected: "1".into(),
            ..BreachInput::default()
        };
        app.assess_breach(&p.csirt, r.id, &facts).await.unwrap();
        let b = app
            .incident_detail(&p.csirt, r.id)
            .await
            .unwrap()
            .breach
            .unwrap();
        assert!(!b.required, "[{}]", e.name);
        assert!(
            b.reasons_ja.contains("高度な暗号化"),
            "[{}] {}",
            e.name,
            b.reasons_ja
        );
        assert_eq!((b.preliminary_due, b.final_due), (None, None));
        assert!(matches!(
            app.record_submission(
                &p.csirt,
                r.id,
                &SubmissionInput {
                    kind: "final".into(),
                    submitted_on: "2026-03-31".into(),
                    ..SubmissionInput::default()
                }
            )
            .await,
            Err(AppError::Invalid(_))
        ));
    }
}

/// The clocks: an incident nobody acts on is escalated once to the CISO; the 確報
/// reminder reaches the mail box on the organization's day (7 days before).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn untouched_incidents_escalate_and_the_final_report_is_reminded_by_mail() {
    let Some(smtp) = mamori_testkit::smtp::SmtpServer::start() else {
        return;
    };
    for e in envs().await {
        let name = e.name;
        let app = &with_mail(&e.app, &smtp);
        app.prepare_jobs().await.unwrap();
        let p = people(&e).await;
        let cli = app.cli_actor(None, "test").await.unwrap();
        // The CISO of the setup has an address to be reminded at.
        let ciso_staff = p.ciso.staff_id.unwrap();
        let detail = app.staff_detail(&cli, ciso_staff).await.unwrap();
        let ciso_input = mamori_app::staff::StaffInput {
            employee_number: detail.staff.employee_number.clone(),
            name: detail.staff.name.clone(),
            email: "ciso@city.example.lg.jp".into(),
            category: "special_official".into(),
            ..mamori_app::staff::StaffInput::default()
        };
        app.update_staff(&cli, ciso_staff, &ciso_input, None)
            .await
            .unwrap();
        let r = app
            .report_incident(&p.reporter, &misdelivery())
            .await
            .unwrap();

        // Four hours untouched: escalated once, not again.
        e.clock.advance(Duration::hours(4) + Duration::minutes(6));
        let ran = app.run_due_jobs().await.unwrap();
        assert!(
            ran.iter()
                .any(|r| r.name == "incident.escalate" && r.message == "1 escalated"),
            "[{name}] {ran:?}"
        );
        let told = inbox_subjects(app, &p.ciso).await;
        assert!(
            told.iter().any(|(s, _)| s.contains("初動が遅れています")),
            "[{name}] {told:?}"
        );
        e.clock.advance(Duration::minutes(6));
        let ran = app.run_due_jobs().await.unwrap();
        assert!(
            ran.iter()
                .any(|r| r.name == "incident.escalate" && r.message == "0 escalated"),
            "[{name}]"
        );
        let d = app.incident_detail(&p.ciso, r.id).await.unwrap();
        assert!(d.timeline.iter().any(|t| t.kind == "escalation"));

        // Assessed, 速報 filed: the 確報 (due 2026-04-30) is reminded on 23 April.
        app.assess_breach(
            &p.csirt,
            r.id,
            &BreachInput {
                personal_data: "1".into(),
                persons: "120".into(),
                ..BreachInput::default()
            },
        )
        .await
        .unwrap();
        app.record_submission(
            &p.csirt,
            r.id,
            &SubmissionInput {
                kind: "preliminary".into(),
                submitted_on: "2026-04-01".into(),
                ..SubmissionInput::default()
            },
        )
        .await
        .unwrap();
        let before = smtp.messages().len();
        // To 08:31 on 23 April in Japan (22 April 23:31 UTC).
        let to = chrono::DateTime::parse_from_rfc3339("2026-04-22T23:31:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        e.clock.advance(to - e.clock.now());
        let ran = app.run_due_jobs().await.unwrap();
        assert!(
            ran.iter()
                .any(|r| r.name == "incident.deadlines" && r.message.starts_with("1 reminded")),
            "[{name}] {ran:?}"
        );
        e.clock.advance(Duration::seconds(6));
        app.run_due_jobs().await.unwrap();
        let got = smtp.wait_for(before + 1, std::time::Duration::from_secs(5));
        let mail = got[before..]
            .iter()
            .find(|m| m.contains("ciso@city.example.lg.jp"))
            .unwrap_or_else(|| panic!("[{name}] the CISO's reminder: {:?}", &got[before..]));
        let parsed = mail_parser::MessageParser::default()
            .parse(mail.as_bytes())
            .unwrap();
        let subject = parsed.subject().unwrap_or_default();
        assert!(
            subject.contains(&r.number) && subject.contains("確報"),
            "[{name}] {subject}"
        );
        assert!(
            parsed.body_text(0).unwrap().contains("令和8年4月30日"),
            "[{name}]"
        );
    }
}

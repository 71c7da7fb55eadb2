//! The breach assessment when nothing need be reported, and the clocks that run on their own.

use super::*;

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

/// The organization's settings: a 5-day 速報 target and the deputy signing off; bad
/// values are refused by field; only the top officers may change them. Then the
/// notice to the persons (an exception needs its alternative) and the report to the
/// PPC, drafted from the record and kept once edited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_organization_sets_its_targets_and_who_closes() {
    for e in envs().await {
        let name = e.name;
        let app = &e.app;
        let p = people(&e).await;
        let bad = IncidentSettingsInput {
            closer_role: "auditor".into(),
            preliminary_days: "9".into(),
            reminder_days: "7,x".into(),
        };
        let Err(AppError::Invalid(inv)) = app.save_incident_settings(&p.ciso, &bad).await else {
            panic!("[{name}] refused");
        };
        let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(
            fields,
            ["closer_role", "preliminary_days", "reminder_days"],
            "[{name}]"
        );
        let good = IncidentSettingsInput {
            closer_role: "deputy-ciso".into(),
            preliminary_days: "5".into(),
            reminder_days: "1, 14 ,3".into(),
        };
        assert!(matches!(
            app.save_incident_settings(&p.csirt, &good).await,
            Err(AppError::Forbidden)
        ));
        app.save_incident_settings(&p.ciso, &good).await.unwrap();
        let saved = app.incident_settings_form(&p.ciso).await.unwrap();
        assert_eq!(saved.reminder_days, "14,3,1", "[{name}]");
        let r = app
            .report_incident(&p.reporter, &misdelivery())
            .await
            .unwrap();
        app.assess_breach(
            &p.csirt,
            r.id,
            &BreachInput {
                personal_data: "1".into(),
                sensitive: "1".into(),
                ..BreachInput::default()
            },
        )
        .await
        .unwrap();
        let d = app.incident_detail(&p.csirt, r.id).await.unwrap();
        assert_eq!(
            d.breach.unwrap().preliminary_due.unwrap().to_string(),
            "2026-04-04",
            "[{name}] day 5"
        );
        assert_eq!(d.closer, "統括情報セキュリティ責任者");
        // The persons are told, or the exception is named with its alternative.
        let Err(AppError::Invalid(inv)) = app
            .record_notice(
                &p.csirt,
                r.id,
                &NoticeInput {
                    exception: "difficult".into(),
                    notified_on: "2027-01-01".into(),
                    ..NoticeInput::default()
                },
            )
            .await
        else {
            panic!("[{name}] no alternative, a future date");
        };
        let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["alternative", "notified_on"], "[{name}]");
        let told = NoticeInput {
            method: "郵送による通知書".into(),
            notified_on: "2026-04-01".into(),
            notified: "120".into(),
            published_on: "2026-04-01".into(),
            publication: "市ウェブサイト".into(),
            ..NoticeInput::default()
        };
        app.record_notice(&p.csirt, r.id, &told).await.unwrap();
        let d = app.incident_detail(&p.csirt, r.id).await.unwrap();
        assert_eq!(d.breach.unwrap().notice, told, "[{name}]");
        assert!(d.timeline.iter().any(|t| t.kind == "notice"));

        // The report to the PPC: drafted from the record, kept once edited.
        let draft = app.ppc_report(&p.csirt, r.id).await.unwrap();
        assert!(!draft.edited);
        assert!(
            draft
                .report
                .overview
                .contains("発覚日時: 2026年03月31日 10:00"),
            "[{name}] {}",
            draft.report.overview
        );
        assert_eq!(draft.report.persons, "120人");
        assert!(
            draft.report.response.contains("郵送による通知書")
                && draft.report.response.contains("120人")
        );
        assert!(draft.report.publication.contains("市ウェブサイト"));
        let edited = PpcReport {
            secondary_damage: "現時点で二次被害の報告はない".into(),
            ..draft.report.clone()
        };
        app.save_ppc_report(&p.csirt, r.id, &edited).await.unwrap();
        let kept = app.ppc_report(&p.officer, r.id).await.unwrap();
        assert!(
            kept.edited && !kept.can_edit,
            "[{name}] the officer reads, does not edit"
        );
        assert_eq!(kept.report, edited);
        assert!(matches!(
            app.ppc_report(&p.colleague, r.id).await,
            Err(AppError::NotFound)
        ));
        assert!(
            !d.moves.contains(&State::Closed),
            "[{name}] the CSIRT does not close"
        );
    }
}

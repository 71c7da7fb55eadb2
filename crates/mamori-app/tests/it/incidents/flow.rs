//! A breach reported, told to its line, triaged and run through its states to closure.

use super::*;

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
        // The dashboard tile counts it as an open high; a colleague gets no tile.
        let tile = app.incident_summary(&p.csirt).await.unwrap().unwrap();
        assert_eq!(tile.open, 1, "[{name}]");
        assert!(
            tile.by_severity.contains(&("high", 1)),
            "[{name}] {:?}",
            tile.by_severity
        );
        assert!(tile.by_severity.contains(&("untriaged", 0)));
        assert!(app.incident_summary(&p.colleague).await.unwrap().is_none());

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
        // A task left open keeps the incident from closing.
        app.add_incident_task(
            &p.csirt,
            r.id,
            &TaskInput {
                title: "誤送付先から回収する".into(),
                owner: "2001".into(),
                due_on: "2026-04-03".into(),
            },
        )
        .await
        .unwrap();
        let Err(AppError::Invalid(inv)) = app
            .add_incident_task(
                &p.csirt,
                r.id,
                &TaskInput {
                    title: String::new(),
                    owner: "9999".into(),
                    due_on: "いつか".into(),
                },
            )
            .await
        else {
            panic!("[{name}] a bad task");
        };
        let fields: Vec<&str> = inv.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, ["title", "due_on", "owner"], "[{name}]");
        let task = app.incident_detail(&p.csirt, r.id).await.unwrap().tasks[0].clone();
        assert_eq!(task.owner.as_deref(), Some("対応 次郎"));
        assert!(!task.done && !task.overdue, "[{name}] due on 3 April");
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
        let Err(AppError::Invalid(inv)) = app.move_incident(&p.ciso, r.id, &go("closed", "")).await
        else {
            panic!("[{name}] a task is open");
        };
        assert!(
            inv.0.iter().any(|f| f.ja.contains("タスク")),
            "[{name}] {inv:?}"
        );
        app.complete_incident_task(&p.csirt, r.id, task.id)
            .await
            .unwrap();
        assert!(matches!(
            app.complete_incident_task(&p.csirt, r.id, task.id).await,
            Err(AppError::Conflict(_))
        ));
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
                "task",
                "prevention",
                "task_done",
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
        assert!(
            d.contained_at.is_some(),
            "[{name}] contained on leaving containment"
        );

        // The committee's statistics count it in fiscal 2025 (known on 31 March 2026),
        // with its time to contain; a colleague without the register gets none.
        let s = app.incident_statistics(&p.csirt, Some(2025)).await.unwrap();
        assert_eq!(s.fiscal_year, 2025);
        assert!(s.total >= 1 && s.personal_data >= 1, "[{name}]");
        assert_eq!(s.months[11].count, s.total, "[{name}] all in March");
        assert!(s.by_category.iter().any(|c| c.label_ja == "誤送信・誤交付"));
        assert!(
            s.contain
                .iter()
                .any(|c| c.category.code() == "misdelivery" && c.median_hours >= 23.0),
            "[{name}] {:?}",
            s.contain
        );
        assert_eq!(s.years.len(), 5);
        assert_eq!(s.years[4].count, s.total);
        let now = app.incident_statistics(&p.ciso, None).await.unwrap();
        assert_eq!(
            now.fiscal_year, 2026,
            "[{name}] this fiscal year by default"
        );
        assert!(app.incident_statistics(&p.colleague, None).await.is_err());
        assert!(
            app.incident_statistics(&p.officer, None).await.is_err(),
            "[{name}] a department officer reads their incidents, not the city's counts"
        );
    }
}

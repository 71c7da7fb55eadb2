//! Internal audits through the use cases, on SQLite and PostgreSQL: a plan is refused
//! by field (an auditor of a department in scope without a recorded reason among
//! them) and nothing is written; findings wait for fieldwork, need a grade, a
//! department of the scope and a criterion, and tell the department; the department
//! answers and plans an action (not due before its finding), reports it done; only the
//! audit's auditors verify it and close the finding, once its actions are verified; an
//! action past its day counts as overdue; the audit closes only with its summary.

use mamori_app::AppError;
use mamori_app::review::audit::{
    ActionReport, ActionVerification, AuditInput, AuditorInput, CorrectiveActionInput,
    FindingResponse, NewFinding, ProgrammeInput,
};
use mamori_app::review::{AnswerLine, InspectionInput, SheetAnswers};
use mamori_domain::review::audit::{ActionState, AuditState, Grade};

use crate::common::{departments, envs, fields, signed_in, staff, subjects};

fn auditor(number: &str, reason: &str) -> AuditorInput {
    AuditorInput {
        staff: number.into(),
        lead: number == "A-1",
        own_department_reason: reason.into(),
    }
}

fn plan(auditors: Vec<AuditorInput>) -> AuditInput {
    AuditInput {
        kind: "internal".into(),
        title: "窓口業務の監査".into(),
        departments: vec!["310".into()],
        criteria: "情報セキュリティ対策基準".into(),
        planned_from: "2026-06-01".into(),
        planned_until: "2026-06-30".into(),
        auditors,
        ..AuditInput::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_runs_from_plan_to_findings_to_verified_actions() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        e.clock.set("2026-05-20T00:00:00Z".parse().unwrap());
        let cli = app.cli_actor(None, "test").await.unwrap();
        departments(
            app,
            &cli,
            &[
                ("300", "市民生活部", ""),
                ("310", "市民課", "300"),
                ("320", "税務課", "300"),
                ("800", "会計課", ""),
            ],
        )
        .await;
        let lead = signed_in(
            app,
            &cli,
            staff("A-1", "会計 監査", "800"),
            "lead",
            &[("auditor", "")],
        )
        .await;
        let inside = signed_in(
            app,
            &cli,
            staff("A-2", "市民 監査", "310"),
            "inside",
            &[("auditor", "")],
        )
        .await;
        let officer = signed_in(
            app,
            &cli,
            staff("R-1", "市民 一郎", "310"),
            "officer",
            &[("department-officer", "310")],
        )
        .await;
        let tax = signed_in(
            app,
            &cli,
            staff("R-3", "税務 三郎", "320"),
            "tax",
            &[("section-manager", "320")],
        )
        .await;

        // Planning: the auditors; every bad field named, nothing written.
        assert!(matches!(
            app.create_audit(&officer, &plan(vec![auditor("A-1", "")]))
                .await,
            Err(AppError::Forbidden)
        ));
        let bad = AuditInput {
            kind: "監督".into(),
            title: " ".into(),
            planned_from: "2026-06-30".into(),
            planned_until: "2026-06-01".into(),
            ..plan(vec![
                auditor("A-1", ""),
                auditor("A-2", ""),
                auditor("Z-9", ""),
            ])
        };
        let f = fields(app.create_audit(&lead, &bad).await.unwrap_err());
        assert_eq!(
            f,
            [
                "kind",
                "title",
                "planned_until",
                "auditors[1]",
                "auditors[2]"
            ],
            "[{name}]"
        );
        let e1 = app
            .create_audit(&lead, &plan(vec![auditor("A-2", "")]))
            .await
            .unwrap_err();
        let AppError::Invalid(inv) = e1 else {
            panic!("a refusal")
        };
        assert!(
            inv.0[0].ja.contains("自らの所属は監査できません"),
            "{}",
            inv.0[0].ja
        );
        assert!(
            app.security_audits(&lead).await.unwrap().is_empty(),
            "[{name}]"
        );
        let years = ProgrammeInput {
            name: "中長期計画".into(),
            from_year: "2028".into(),
            until_year: "2026".into(),
            ..ProgrammeInput::default()
        };
        assert_eq!(
            fields(app.create_programme(&lead, &years).await.unwrap_err()),
            ["until_year"]
        );
        let programme = app
            .create_programme(
                &lead,
                &ProgrammeInput {
                    until_year: "2028".into(),
                    from_year: "2026".into(),
                    ..years
                },
            )
            .await
            .unwrap();

        // With the reason recorded, the inside auditor may join.
        let input = AuditInput {
            programme: Some(programme),
            ..plan(vec![
                auditor("A-1", ""),
                auditor("A-2", "窓口業務に精通した職員が他にいないため"),
            ])
        };
        let id = app.create_audit(&lead, &input).await.unwrap();
        let d = app.security_audit(&officer, id).await.unwrap();
        assert_eq!(
            (d.audit.number.as_str(), d.audit.fiscal_year, d.audit.state),
            ("AUD-2026-01", 2026, AuditState::Planned),
            "[{name}]"
        );
        assert_eq!(d.audit.auditors.len(), 2);
        assert!(
            d.audit
                .auditors
                .iter()
                .any(|a| a.own_department_reason.starts_with("窓口業務"))
        );
        assert_eq!(app.audit_programmes(&officer).await.unwrap()[0].audits, 1);

        // Findings wait for fieldwork; only the audit's auditors move it.
        let finding = |grade: &str, department: &str, criterion: &str| NewFinding {
            grade: grade.into(),
            department: department.into(),
            criterion: criterion.into(),
            description: "異動者の利用者IDが残っていた".into(),
            found_on: String::new(),
        };
        let r = app
            .record_audit_finding(&lead, id, &finding("major", "310", "MIC-6.1.3"))
            .await;
        assert_eq!(fields(r.unwrap_err()), ["state"], "[{name}]");
        assert!(matches!(
            app.advance_audit(&officer, id).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.advance_audit(&tax, id).await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(
            app.advance_audit(&lead, id).await.unwrap(),
            AuditState::Fieldwork
        );
        e.clock.set("2026-06-10T00:00:00Z".parse().unwrap());
        let f = fields(
            app.record_audit_finding(&lead, id, &finding("重大かも", "800", " "))
                .await
                .unwrap_err(),
        );
        assert_eq!(f, ["grade", "department", "criterion"], "[{name}]");
        let major = app
            .record_audit_finding(
                &lead,
                id,
                &finding("重大な不備", "310", "mic-guideline:MIC-6.1.3"),
            )
            .await
            .unwrap();
        let good = app
            .record_audit_finding(&inside, id, &finding("good", "310", "MIC-4.1.1"))
            .await
            .unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "監査の指摘事項 AUD-2026-01-01（市民生活部/市民課）"),
            "[{name}] {:?}",
            subjects(app, &officer).await
        );

        // The department answers and plans; another department may not.
        let answer = FindingResponse {
            response: "手順を改める".into(),
        };
        assert!(matches!(
            app.respond_to_finding(&tax, major, &answer).await,
            Err(AppError::Forbidden)
        ));
        app.respond_to_finding(&officer, major, &answer)
            .await
            .unwrap();
        let early = CorrectiveActionInput {
            cause: "手順がない".into(),
            action: "削除手順を定める".into(),
            due_on: "2026-06-09".into(),
            ..CorrectiveActionInput::default()
        };
        let f = fields(
            app.plan_corrective_action(&officer, major, &early)
                .await
                .unwrap_err(),
        );
        assert_eq!(f, ["due_on"], "[{name}] due before the finding");
        let first = app
            .plan_corrective_action(
                &officer,
                major,
                &CorrectiveActionInput {
                    due_on: "2026-07-31".into(),
                    owner: "R-1".into(),
                    ..early.clone()
                },
            )
            .await
            .unwrap();
        let second = app
            .plan_corrective_action(
                &officer,
                major,
                &CorrectiveActionInput {
                    action: "四半期ごとに棚卸しする".into(),
                    due_on: "2026-08-31".into(),
                    ..early
                },
            )
            .await
            .unwrap();
        assert_eq!(
            fields(app.close_finding(&lead, major).await.unwrap_err()),
            ["finding"],
            "[{name}] actions not verified"
        );
        assert!(matches!(
            app.close_finding(&officer, good).await,
            Err(AppError::Forbidden)
        ));
        app.close_finding(&inside, good).await.unwrap();

        // Reported done, verified by an auditor (not the department), one sent back.
        assert_eq!(
            fields(
                app.report_action_done(&officer, first, &ActionReport::default())
                    .await
                    .unwrap_err()
            ),
            ["note"]
        );
        app.report_action_done(
            &officer,
            first,
            &ActionReport {
                note: "手順書を制定".into(),
            },
        )
        .await
        .unwrap();
        let ok = ActionVerification {
            accept: true,
            note: "手順書を確認".into(),
        };
        assert!(matches!(
            app.verify_action(&officer, first, &ok).await,
            Err(AppError::Forbidden)
        ));
        app.verify_action(&lead, first, &ok).await.unwrap();
        app.report_action_done(
            &officer,
            second,
            &ActionReport {
                note: "棚卸し表を作成".into(),
            },
        )
        .await
        .unwrap();
        let back = ActionVerification {
            accept: false,
            note: String::new(),
        };
        assert_eq!(
            fields(app.verify_action(&lead, second, &back).await.unwrap_err()),
            ["note"]
        );
        app.verify_action(
            &lead,
            second,
            &ActionVerification {
                note: "実施記録がない".into(),
                ..back
            },
        )
        .await
        .unwrap();

        // Past its day, the action sent back is overdue.
        e.clock.set("2026-09-01T00:00:00Z".parse().unwrap());
        let d = app.security_audit(&officer, id).await.unwrap();
        let f = d.findings.iter().find(|f| f.id == major).unwrap();
        let states: Vec<(ActionState, bool)> =
            f.actions.iter().map(|a| (a.state, a.overdue)).collect();
        assert_eq!(
            states,
            [(ActionState::Verified, false), (ActionState::Planned, true)],
            "[{name}]"
        );
        assert_eq!(
            f.actions[0].owner.as_ref().map(|o| o.code.as_str()),
            Some("R-1")
        );
        assert_eq!(
            (
                d.audit.findings.total,
                d.audit.findings.open,
                d.audit.findings.actions_open,
                d.audit.findings.actions_overdue
            ),
            (2, 1, 1, 1),
            "[{name}]"
        );
        app.report_action_done(
            &officer,
            second,
            &ActionReport {
                note: "棚卸しを実施し記録".into(),
            },
        )
        .await
        .unwrap();
        app.verify_action(&inside, second, &ok).await.unwrap();
        app.close_finding(&lead, major).await.unwrap();
        assert_eq!(
            fields(
                app.respond_to_finding(&officer, major, &answer)
                    .await
                    .unwrap_err()
            ),
            ["finding"]
        );

        // Closing needs the report's summary; a closed audit does not change.
        assert_eq!(
            app.advance_audit(&lead, id).await.unwrap(),
            AuditState::Reporting
        );

        // An item 市民課 answered not done becomes a finding of this audit in one step.
        let own = InspectionInput {
            name: "点検".into(),
            source: "own".into(),
            checklist: "## 人的対策\n- 研修を受講しているか\n".into(),
            departments: vec!["310".into()],
            ..InspectionInput::default()
        };
        let campaign = app.open_inspection(&cli, &own).await.unwrap();
        let sheet = app.inspection(&cli, campaign).await.unwrap().sheets[0].id;
        let line = AnswerLine {
            item: 1,
            answer: "not_done".into(),
            comment: "未受講者あり".into(),
            evidence: Vec::new(),
        };
        app.answer_inspection(
            &cli,
            campaign,
            sheet,
            &SheetAnswers {
                answers: vec![line],
            },
        )
        .await
        .unwrap();
        let gap = app
            .inspection_sheet(&cli, campaign, sheet)
            .await
            .unwrap()
            .answers[0]
            .id;
        assert!(matches!(
            app.finding_from_answer(&officer, gap, id).await,
            Err(AppError::Forbidden)
        ));
        let s = app.inspection_sheet(&lead, campaign, sheet).await.unwrap();
        assert_eq!(
            s.audits.iter().map(|a| a.id).collect::<Vec<_>>(),
            [id],
            "[{name}] the audit over 市民課"
        );
        assert!(
            app.inspection_sheet(&officer, campaign, sheet)
                .await
                .unwrap()
                .audits
                .is_empty()
        );
        let from_gap = app.finding_from_answer(&lead, gap, id).await.unwrap();
        let s = app.inspection_sheet(&lead, campaign, sheet).await.unwrap();
        assert_eq!(
            s.answers[0].finding.as_ref().map(|f| f.code.as_str()),
            Some("AUD-2026-01-03"),
            "[{name}]"
        );
        assert_eq!(
            fields(app.finding_from_answer(&lead, gap, id).await.unwrap_err()),
            ["answer"],
            "[{name}] once"
        );
        let d = app.security_audit(&lead, id).await.unwrap();
        let f = d.findings.iter().find(|f| f.id == from_gap).unwrap();
        assert_eq!(
            (f.grade, f.criterion.as_str()),
            (Grade::Minor, "自己点検「点検」項目 1"),
            "[{name}]"
        );
        assert!(f.description.contains("未受講者あり"));
        assert_eq!(
            fields(app.advance_audit(&lead, id).await.unwrap_err()),
            ["summary"]
        );
        let summary = AuditInput {
            summary: "重大な不備1件は是正済み。".into(),
            ..input.clone()
        };
        app.update_audit(&lead, id, &summary).await.unwrap();
        assert_eq!(
            app.advance_audit(&lead, id).await.unwrap(),
            AuditState::Closed
        );
        assert_eq!(
            fields(app.update_audit(&lead, id, &summary).await.unwrap_err()),
            ["state"]
        );
        let trail = app
            .history(&cli, "corrective_action", second)
            .await
            .unwrap();
        let actions: Vec<&str> = trail.iter().map(|t| t.action.as_str()).collect();
        assert!(
            actions.contains(&"audit.action_returned")
                && actions.contains(&"audit.action_verified"),
            "[{name}] {actions:?}"
        );
    }
}

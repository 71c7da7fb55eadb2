//! Exceptions to the standards through the use cases, on SQLite and PostgreSQL: a
//! department asks, the designated CISO approves, the exception shows on the control,
//! the asset and the SoA line, and lapses on its date with a notice to the department;
//! an urgent one stands out until decided; bad input names its field and writes
//! nothing; only the designated role decides.

use mamori_app::AppError;
use mamori_app::assets::AssetInput;
use mamori_app::compliance::exceptions::{
    DecisionInput, ExceptionInput, ExceptionQuery, ExceptionSettingsInput, ReviewInput,
};
use mamori_app::controls::AppliedControlInput;
use mamori_app::departments::DepartmentInput;
use mamori_domain::exception::Standing;

use crate::common::{envs, fields, signed_in, staff, subjects};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_approved_exception_shows_on_its_records_and_lapses_with_a_notice() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let d = DepartmentInput {
            code: "300".into(),
            name: "税務課".into(),
            ..DepartmentInput::default()
        };
        let dept = app.create_department(&cli, &d).await.unwrap().id;
        let officer = signed_in(
            app,
            &cli,
            staff("T-1", "税務 一郎", "300"),
            "officer",
            &[("department-officer", "300")],
        )
        .await;
        let ciso = signed_in(
            app,
            &cli,
            staff("C-1", "最高 責任", ""),
            "ciso2",
            &[("ciso", "")],
        )
        .await;
        let deputy = signed_in(
            app,
            &cli,
            staff("C-2", "統括 責任", ""),
            "deputy2",
            &[("deputy-ciso", "")],
        )
        .await;
        let clerk = signed_in(app, &cli, staff("T-2", "税務 二郎", "300"), "clerk", &[]).await;
        let asset = app
            .create_asset(
                &officer,
                &AssetInput {
                    name: "課税台帳システム".into(),
                    medium: "電子".into(),
                    department: "300".into(),
                    c: "2".into(),
                    i: "2".into(),
                    a: "2".into(),
                    ..AssetInput::default()
                },
            )
            .await
            .unwrap();
        let control = app
            .save_applied_control(
                &officer,
                None,
                &AppliedControlInput {
                    name: "USBメモリの使用制限".into(),
                    category: "technical".into(),
                    department: "300".into(),
                    implements: vec!["nist-csf-2.0:PR.DS-01".into()],
                    ..AppliedControlInput::default()
                },
            )
            .await
            .unwrap();
        let input = ExceptionInput {
            title: "申告受付期間中の USB メモリ使用".into(),
            department: Some(dept),
            rule: control.number.to_lowercase(),
            reason: "税務署から USB メモリでデータが届くため".into(),
            compensating: "暗号化 USB に限り、使用後に消去する".into(),
            assets: vec![asset.number.clone()],
            valid_from: "2026-04-01".into(),
            valid_until: "2026-04-30".into(),
            urgent: false,
        };

        // Bad input names its field and writes nothing.
        let bad = ExceptionInput {
            valid_until: String::new(),
            rule: "POL-099 §1.1".into(),
            assets: vec!["NO-SUCH".into()],
            ..input.clone()
        };
        assert_eq!(
            fields(
                app.request_exception(&officer, &bad, None)
                    .await
                    .unwrap_err()
            ),
            ["valid_until", "rule", "assets"],
            "[{name}]"
        );
        let before = ExceptionInput {
            valid_until: "2026-03-31".into(),
            ..input.clone()
        };
        assert_eq!(
            fields(
                app.request_exception(&officer, &before, None)
                    .await
                    .unwrap_err()
            ),
            ["valid_until"],
            "[{name}]"
        );
        assert!(matches!(
            app.request_exception(&clerk, &input, None).await,
            Err(AppError::Forbidden)
        ));
        let all = ExceptionQuery::default();
        assert_eq!(
            app.exceptions(&ciso, &all).await.unwrap().total,
            0,
            "[{name}]"
        );

        // Asked for: the CISO is told; the deputy may not decide in the CISO's place.
        let id = app.request_exception(&officer, &input, None).await.unwrap();
        assert!(
            subjects(app, &ciso)
                .await
                .iter()
                .any(|s| s == "例外措置 EXC-0001 の承認をお願いします"),
            "[{name}]"
        );
        let approve = DecisionInput {
            decision: "approve".into(),
            conditions: "暗号化 USB に限る".into(),
            decision_ref: "第3号".into(),
        };
        assert!(matches!(
            app.decide_exception(&deputy, id, &approve).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.decide_exception(&officer, id, &approve).await,
            Err(AppError::Forbidden)
        ));
        let refuse_without_reason = DecisionInput {
            decision: "refuse".into(),
            conditions: String::new(),
            decision_ref: String::new(),
        };
        assert_eq!(
            fields(
                app.decide_exception(&ciso, id, &refuse_without_reason)
                    .await
                    .unwrap_err()
            ),
            ["conditions"]
        );
        app.decide_exception(&ciso, id, &approve).await.unwrap();
        assert!(matches!(
            app.decide_exception(&ciso, id, &approve).await,
            Err(AppError::Conflict(_))
        ));
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "例外措置 EXC-0001 が承認されました"),
            "[{name}]"
        );
        let detail = app.exception(&officer, id).await.unwrap();
        assert_eq!(detail.exception.standing, Standing::Active, "[{name}]");
        assert_eq!(detail.exception.rule, control.number, "[{name}]");
        assert!(
            detail.rule_label.contains("USBメモリの使用制限"),
            "[{name}]"
        );
        assert_eq!(detail.assets.len(), 1);

        // It shows on the control, the asset, and the SoA line the control implements.
        let on_control = app.exceptions_for_control(&ciso, control.id).await.unwrap();
        assert_eq!(on_control.len(), 1, "[{name}]");
        let on_asset = app.exceptions_for_asset(&ciso, asset.id).await.unwrap();
        assert_eq!(on_asset[0].number, "EXC-0001", "[{name}]");
        let soa = app
            .exceptions_by_catalog_control(&ciso, "nist-csf-2.0")
            .await
            .unwrap();
        assert_eq!(soa.get("PR.DS-01").map(Vec::len), Some(1), "[{name}]");
        // A staff member without the register sees none of it.
        assert!(
            app.exceptions_for_asset(&clerk, asset.id)
                .await
                .unwrap()
                .is_empty()
        );
        assert!(matches!(
            app.exceptions(&clerk, &all).await,
            Err(AppError::Forbidden)
        ));
        let expiring = ExceptionQuery {
            expiring: Some(30),
            ..ExceptionQuery::default()
        };
        assert_eq!(app.exceptions(&ciso, &expiring).await.unwrap().total, 1);

        // A week before its end the department hears; the day after, the rule is back.
        e.clock.advance(chrono::Duration::days(22));
        app.run_due_jobs().await.unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "例外措置 EXC-0001 の終了まであと7日です"),
            "[{name}]"
        );
        e.clock.advance(chrono::Duration::days(8));
        app.run_due_jobs().await.unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "例外措置 EXC-0001 の期間が終了しました"),
            "[{name}]"
        );
        let detail = app.exception(&officer, id).await.unwrap();
        assert_eq!(detail.exception.standing, Standing::Expired, "[{name}]");
        assert!(
            app.exceptions_for_control(&ciso, control.id)
                .await
                .unwrap()
                .is_empty()
        );

        // Renewed as a new decision, linked both ways.
        let renewal = ExceptionInput {
            valid_from: "2026-05-01".into(),
            valid_until: "2026-06-30".into(),
            ..input.clone()
        };
        let next = app
            .request_exception(&officer, &renewal, Some(id))
            .await
            .unwrap();
        let d = app.exception(&officer, next).await.unwrap();
        assert_eq!(d.renews.map(|r| r.id), Some(id), "[{name}]");
        let old = app.exception(&officer, id).await.unwrap();
        assert_eq!(old.renewed_by.len(), 1, "[{name}]");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_urgent_exception_stands_out_until_decided() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let d = DepartmentInput {
            code: "500".into(),
            name: "情報政策課".into(),
            ..DepartmentInput::default()
        };
        let dept = app.create_department(&cli, &d).await.unwrap().id;
        let admin = signed_in(
            app,
            &cli,
            staff("S-1", "システム 管理", "500"),
            "sysadmin2",
            &[("system-admin", "")],
        )
        .await;
        let deputy = signed_in(
            app,
            &cli,
            staff("C-2", "統括 責任", ""),
            "deputy2",
            &[("deputy-ciso", "")],
        )
        .await;
        // The organization designates the deputy CISO; a role outside the list is refused.
        let bad = ExceptionSettingsInput {
            approver: "auditor".into(),
            report_days: 0,
            remind_days: vec![],
        };
        assert_eq!(
            fields(app.save_exception_settings(&cli, &bad).await.unwrap_err()),
            ["approver", "report_days"]
        );
        let settings = ExceptionSettingsInput {
            approver: "deputy-ciso".into(),
            report_days: 3,
            remind_days: vec![7],
        };
        assert!(matches!(
            app.save_exception_settings(&admin, &settings).await,
            Err(AppError::Forbidden)
        ));
        app.save_exception_settings(&cli, &settings).await.unwrap();
        let input = ExceptionInput {
            title: "障害対応のための管理者権限の一時付与".into(),
            department: Some(dept),
            rule: "nist-csf-2.0:PR.AA-05".into(),
            reason: "基幹系の障害復旧を急ぐため".into(),
            compensating: "作業を記録し、翌日に権限を外す".into(),
            valid_from: "2026-04-01".into(),
            valid_until: "2026-04-10".into(),
            urgent: true,
            ..ExceptionInput::default()
        };
        let id = app.request_exception(&admin, &input, None).await.unwrap();
        let v = app.exception(&admin, id).await.unwrap().exception;
        assert_eq!(v.standing, Standing::AwaitingReport, "[{name}]");
        assert_eq!(v.report_due, chrono::NaiveDate::from_ymd_opt(2026, 4, 4));
        assert!(!v.report_overdue);
        let late = ExceptionQuery {
            standing: Some("report_overdue".into()),
            ..ExceptionQuery::default()
        };
        e.clock.advance(chrono::Duration::days(4));
        app.run_due_jobs().await.unwrap();
        assert_eq!(
            app.exceptions(&deputy, &late).await.unwrap().total,
            1,
            "[{name}]"
        );
        assert!(
            subjects(app, &deputy)
                .await
                .iter()
                .any(|s| s == "例外措置 EXC-0001 の事後報告が期限を過ぎています"),
            "[{name}]"
        );
        let counts = app.exception_counts(&deputy).await.unwrap();
        assert_eq!((counts.awaiting_report, counts.report_overdue), (1, 1));
        // A review cannot be empty; the deputy decides, and it no longer stands out.
        assert_eq!(
            fields(
                app.review_exception(&admin, id, &ReviewInput::default())
                    .await
                    .unwrap_err()
            ),
            ["note"]
        );
        let approve = DecisionInput {
            decision: "approve".into(),
            ..DecisionInput::default()
        };
        app.decide_exception(&deputy, id, &approve).await.unwrap();
        assert_eq!(
            app.exceptions(&deputy, &late).await.unwrap().total,
            0,
            "[{name}]"
        );
        // Ended early at a review: the rule applies again.
        let review = ReviewInput {
            note: "復旧が完了した".into(),
            end: true,
        };
        app.review_exception(&admin, id, &review).await.unwrap();
        let v = app.exception(&admin, id).await.unwrap().exception;
        assert_eq!(v.standing, Standing::Ended, "[{name}]");
        // A filter with a standing that does not exist is refused by its name.
        let wrong = ExceptionQuery {
            standing: Some("sideways".into()),
            ..ExceptionQuery::default()
        };
        assert_eq!(
            fields(app.exceptions(&deputy, &wrong).await.unwrap_err()),
            ["standing"]
        );
    }
}

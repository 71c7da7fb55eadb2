//! Violations through the use cases, on SQLite and PostgreSQL: the CISO records one,
//! and negligence with minor impact recommends 注意・指導; the person's own officer,
//! the department officer and even the deputy CISO when the organization leaves them
//! out get "not found", never "forbidden"; every read is audited and the audit log
//! names nobody; suspending access ends the person's sign-in at once; others see
//! counts only; a closed record is purged after its retention, leaving a tombstone.

use mamori_app::AppError;
use mamori_app::authz::Actor;
use mamori_app::compliance::violations::{AssessInput, DecideInput, MeasureInput, ViolationInput};
use mamori_app::departments::DepartmentInput;
use mamori_domain::Role;
use mamori_domain::violation::{Measure, Settings};

use crate::common::{PASSWORD, envs, fields, signed_in, staff};

/// The audit entries about one violation, as someone with the database reads them.
async fn trail(
    db: &mamori_app::Store,
    org: uuid::Uuid,
    id: uuid::Uuid,
) -> Vec<mamori_store::entity::audit_log::Model> {
    let f = mamori_store::audit::AuditFilter {
        object_type: Some("violation".into()),
        object_id: Some(id.to_string()),
        ..Default::default()
    };
    mamori_store::audit::list(
        db.conn(),
        org,
        &f,
        mamori_app::PageRequest::new(None, Some(200)),
    )
    .await
    .unwrap()
    .items
}

fn not_found<T: std::fmt::Debug>(r: Result<T, AppError>) -> bool {
    matches!(r, Err(AppError::NotFound))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_violation_is_assessed_and_seen_only_by_the_designated_roles() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let d = DepartmentInput {
            code: "320".into(),
            name: "税務課".into(),
            ..DepartmentInput::default()
        };
        app.create_department(&cli, &d).await.unwrap();
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
        let officer = signed_in(
            app,
            &cli,
            staff("T-1", "税務 課長", "320"),
            "officer",
            &[("department-officer", "320")],
        )
        .await;
        let auditor = signed_in(
            app,
            &cli,
            staff("A-1", "監査 一郎", ""),
            "auditor",
            &[("auditor", "")],
        )
        .await;
        let _person: Actor =
            signed_in(app, &cli, staff("T-9", "違反 太郎", "320"), "person", &[]).await;

        let input = ViolationInput {
            title: "住民税データの私用 USB への複製".into(),
            employee_number: "T-9".into(),
            rule: "mic-guideline:MIC-3.1.1".into(),
            what: "課税資料を私用の USB メモリに複製し持ち帰った。".into(),
            found_by: "情報政策課".into(),
            ..ViolationInput::default()
        };
        // Bad input names its field; someone without the right cannot open one.
        let bad = ViolationInput {
            employee_number: "NOBODY".into(),
            rule: "nonsense".into(),
            ..input.clone()
        };
        assert_eq!(
            fields(app.record_violation(&ciso, &bad).await.unwrap_err()),
            ["employee_number", "rule"],
            "[{name}]"
        );
        assert!(
            not_found(app.record_violation(&officer, &input).await),
            "[{name}]"
        );
        let id = app.record_violation(&ciso, &input).await.unwrap();

        // Assessed: negligence × minor recommends caution; an unknown level is refused.
        let wrong = AssessInput {
            culpability: "careless".into(),
            impact: "huge".into(),
            note: String::new(),
        };
        assert_eq!(
            fields(app.assess_violation(&ciso, id, &wrong).await.unwrap_err()),
            ["culpability", "impact"]
        );
        let assess = AssessInput {
            culpability: "過失".into(),
            impact: "minor".into(),
            note: "初回、悪意なし".into(),
        };
        app.assess_violation(&ciso, id, &assess).await.unwrap();
        let v = app.violation(&deputy, id).await.unwrap();
        assert_eq!(v.recommended, [Measure::Caution], "[{name}]");
        assert!(v.person.contains("違反 太郎"), "[{name}]");

        // Others: not there at all, the person's own officer included; counts only.
        for who in [&officer, &auditor] {
            assert!(not_found(app.violation(who, id).await), "[{name}]");
            assert!(
                not_found(
                    app.violations(who, None, mamori_app::PageRequest::default())
                        .await
                ),
                "[{name}]"
            );
        }
        // The export is the designated readers' too, and is audited.
        let table = app.violations_table(&deputy, None).await.unwrap();
        assert_eq!(table.len(), 1, "[{name}]");
        assert_eq!(
            table[0].len(),
            mamori_app::compliance::violations::EXPORT_HEADERS.len()
        );
        assert!(table[0][3].contains("違反 太郎") && table[0][10].contains("注意"));
        for who in [&officer, &auditor] {
            assert!(not_found(app.violations_table(who, None).await), "[{name}]");
        }
        let exported = trail(&e.db, ciso.org_id, ciso.org_id).await;
        assert!(
            exported.iter().any(|a| a.action == "violation.export"),
            "[{name}] the export is audited"
        );
        let counts = app.violation_counts(&auditor).await.unwrap();
        assert_eq!(counts.total, 1, "[{name}]");
        assert_eq!(counts.by_culpability.len(), 1);
        assert_eq!(
            (
                counts.by_culpability[0].code.as_str(),
                counts.by_culpability[0].count
            ),
            ("negligence", 1)
        );

        // Every read is audited, and the log names nobody.
        let entries = trail(&e.db, ciso.org_id, id).await;
        assert!(
            entries.iter().any(|a| a.action == "violation.read"),
            "[{name}]"
        );
        assert!(
            entries
                .iter()
                .all(|a| !a.changes.contains("違反 太郎") && !a.changes.contains("USB")),
            "[{name}] the audit log names nobody"
        );

        // The organization narrows the readers to the CISO: the deputy is out.
        let narrow = Settings {
            readers: vec![Role::Ciso],
            ..Settings::default()
        };
        app.save_violation_settings(&cli, &narrow).await.unwrap();
        assert!(not_found(app.violation(&deputy, id).await), "[{name}]");

        // Decided, access suspended at once, closed, then purged after retention.
        let decide = DecideInput {
            decided_by: "最高情報セキュリティ責任者".into(),
            decision_ref: "情セ第4号".into(),
            decided_on: "2026-04-01".into(),
            decision: "注意・指導とし、利用権限を一時停止する。".into(),
            ..DecideInput::default()
        };
        app.decide_violation(&ciso, id, &decide).await.unwrap();
        let suspend = MeasureInput {
            measure: "suspend_access".into(),
            ..MeasureInput::default()
        };
        app.record_measure(&ciso, id, &suspend).await.unwrap();
        assert!(
            app.login("person", PASSWORD, "test")
                .await
                .unwrap()
                .is_err(),
            "[{name}] the suspended account no longer signs in"
        );
        app.close_violation(&ciso, id, false).await.unwrap();
        e.clock.advance(chrono::Duration::days(5 * 366));
        let ran = app.run_due_jobs().await.unwrap();
        let purge = ran.iter().find(|r| r.name == "violations.purge").unwrap();
        assert!(purge.message.starts_with("1 record"), "{}", purge.message);
        assert!(not_found(app.violation(&ciso, id).await), "[{name}]");
        let entries = trail(&e.db, ciso.org_id, id).await;
        assert!(
            entries.iter().any(|a| a.action == "violation.purge"),
            "[{name}] tombstone"
        );
    }
}

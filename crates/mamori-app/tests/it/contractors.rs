//! The contractor register through the use cases, on SQLite and PostgreSQL: a
//! corporate number with a wrong check digit, a certification that expires before it
//! was registered and a contract that ends before it starts are refused by field and
//! write nothing; a department records its contract and the asset's page shows it; a
//! lapsed certification and an unapproved sub-contractor stand out until dealt with;
//! only the department's officer approves; the department hears before the contract
//! ends.

use mamori_app::AppError;
use mamori_app::assets::AssetInput;
use mamori_app::compliance::contractors::{
    CertificationInput, CheckInput, ClauseSettingsInput, ContractInput, ContractQuery,
    ContractorInput, SubcontractApproval, SubcontractorInput,
};
use mamori_app::departments::DepartmentInput;
use mamori_domain::contractor::{CertStatus, Standing};

use crate::common::{envs, fields, signed_in, staff, subjects};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_records_its_contracts_and_the_gaps_stand_out() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let d = DepartmentInput {
            code: "320".into(),
            name: "税務課".into(),
            ..DepartmentInput::default()
        };
        let tax = app.create_department(&cli, &d).await.unwrap().id;
        let officer = signed_in(
            app,
            &cli,
            staff("T-1", "税務 一郎", "320"),
            "officer",
            &[("department-officer", "320")],
        )
        .await;
        let manager = signed_in(
            app,
            &cli,
            staff("T-2", "税務 二郎", "320"),
            "manager",
            &[("section-manager", "320")],
        )
        .await;
        let clerk = signed_in(app, &cli, staff("T-3", "税務 三郎", "320"), "clerk", &[]).await;

        // A wrong check digit is refused by field; so is the same company twice.
        let company = ContractorInput {
            name: "株式会社アオバ情報処理".into(),
            corporate_number: "6000012050002".into(),
            ..ContractorInput::default()
        };
        assert_eq!(
            fields(app.create_contractor(&officer, &company).await.unwrap_err()),
            ["corporate_number"],
            "[{name}]"
        );
        assert!(app.contractors(&officer, None).await.unwrap().is_empty());
        assert!(matches!(
            app.create_contractor(&clerk, &company).await,
            Err(AppError::Forbidden)
        ));
        let company = ContractorInput {
            corporate_number: "7-0000-1205-0002".into(),
            ..company
        };
        let aoba = app.create_contractor(&officer, &company).await.unwrap();
        assert_eq!(
            fields(app.create_contractor(&manager, &company).await.unwrap_err()),
            ["corporate_number"],
            "[{name}] the same company twice"
        );
        let sub = ContractorInput {
            name: "有限会社データ入力センター".into(),
            ..ContractorInput::default()
        };
        let entry = app.create_contractor(&officer, &sub).await.unwrap();

        // An ISMS certificate that expires before it was registered is refused; one that
        // lapsed last month is flagged.
        let backwards = CertificationInput {
            kind: "ISMS".into(),
            number: "IS 956789".into(),
            scope: String::new(),
            registered_on: "2026-04-01".into(),
            expires_on: "2026-03-01".into(),
        };
        assert_eq!(
            fields(
                app.add_certification(&officer, aoba, &backwards)
                    .await
                    .unwrap_err()
            ),
            ["expires_on"]
        );
        let lapsed = CertificationInput {
            registered_on: "2023-03-01".into(),
            ..backwards
        };
        app.add_certification(&officer, aoba, &lapsed)
            .await
            .unwrap();
        let seen = app.contractor(&clerk, aoba).await;
        assert!(
            matches!(seen, Err(AppError::Forbidden)),
            "a clerk reads nothing"
        );
        let seen = app.contractor(&manager, aoba).await.unwrap();
        assert_eq!(
            seen.contractor.certifications[0].status,
            CertStatus::Expired
        );
        assert!(seen.contractor.lapsed);

        // A contract that ends before it starts is refused by field.
        let asset = app
            .create_asset(
                &officer,
                &AssetInput {
                    name: "税務システム".into(),
                    medium: "電子".into(),
                    department: "320".into(),
                    c: "2".into(),
                    i: "2".into(),
                    a: "2".into(),
                    ..AssetInput::default()
                },
            )
            .await
            .unwrap();
        let deal = ContractInput {
            contractor: Some(aoba),
            subject: "税務システム運用支援業務".into(),
            department: Some(tax),
            starts_on: "2026-04-01".into(),
            ends_on: "2026-03-31".into(),
            personal_data: false,
            my_number: true,
            clauses: vec!["policy".into(), "confidentiality".into(), "no-such".into()],
            assets: vec![asset.number.clone()],
            notes: String::new(),
        };
        assert_eq!(
            fields(app.create_contract(&officer, &deal).await.unwrap_err()),
            ["ends_on", "clauses"],
            "[{name}]"
        );
        let deal = ContractInput {
            ends_on: "2026-05-15".into(),
            clauses: vec!["policy".into(), "confidentiality".into()],
            ..deal
        };
        let id = app.create_contract(&manager, &deal).await.unwrap();
        let c = app.contract(&officer, id).await.unwrap();
        assert!(c.contract.personal_data, "My Number data is personal data");
        assert_eq!(
            c.contract.standing,
            Standing::Ending,
            "[{name}] 45 days left"
        );
        assert_eq!(c.contract.missing_clauses, 7, "nine clauses, two ticked");
        assert_eq!(c.clauses.iter().filter(|k| k.ticked).count(), 2);
        let on_asset = app.contracts_for_asset(&officer, asset.id).await.unwrap();
        assert_eq!(on_asset.iter().map(|c| c.id).collect::<Vec<_>>(), [id]);

        // Data entry sub-contracted: unapproved until the officer approves it.
        let proposal = SubcontractorInput {
            contractor: Some(entry),
            scope: "申告書のデータ入力".into(),
        };
        let s = app
            .add_subcontractor(&manager, id, &proposal)
            .await
            .unwrap();
        let itself = SubcontractorInput {
            contractor: Some(aoba),
            ..proposal
        };
        assert_eq!(
            fields(
                app.add_subcontractor(&manager, id, &itself)
                    .await
                    .unwrap_err()
            ),
            ["contractor"]
        );
        let counts = app.contractor_counts(&officer).await.unwrap();
        assert_eq!(
            (counts.lapsed, counts.unapproved, counts.ending),
            (1, 1, 1),
            "[{name}]"
        );
        let approval = SubcontractApproval {
            approved_on: "2026-04-01".into(),
            approval_ref: "税第12号".into(),
        };
        assert!(matches!(
            app.approve_subcontractor(&manager, id, s, &approval).await,
            Err(AppError::Forbidden)
        ));
        let ahead = SubcontractApproval {
            approved_on: "2026-04-02".into(),
            ..approval.clone()
        };
        assert_eq!(
            fields(
                app.approve_subcontractor(&officer, id, s, &ahead)
                    .await
                    .unwrap_err()
            ),
            ["approved_on"]
        );
        app.approve_subcontractor(&officer, id, s, &approval)
            .await
            .unwrap();
        assert!(matches!(
            app.approve_subcontractor(&officer, id, s, &approval).await,
            Err(AppError::Conflict(_))
        ));
        let unapproved = ContractQuery {
            unapproved: Some(true),
            ..ContractQuery::default()
        };
        assert_eq!(app.contracts(&officer, &unapproved).await.unwrap().total, 0);

        // A check with a finding; the export carries the contract with its sub-contractor.
        let check = CheckInput {
            checked_on: "2026-04-01".into(),
            kind: "立入検査".into(),
            findings: "私物端末の持込みを確認。".into(),
            issues: true,
        };
        app.record_contract_check(&manager, id, &check)
            .await
            .unwrap();
        assert!(app.contract(&officer, id).await.unwrap().checks[0].issues);
        let rows = app
            .contracts_table(&officer, &ContractQuery::default())
            .await
            .unwrap();
        assert_eq!(rows.len(), 1);
        assert!(
            rows[0][11].contains("有限会社データ入力センター（2026-04-01）"),
            "{:?}",
            rows[0]
        );

        // A renewal recorded as a new certificate answers for the lapsed one.
        let renewal = CertificationInput {
            kind: "iso27001".into(),
            number: "IS 956789".into(),
            scope: String::new(),
            registered_on: "2026-03-01".into(),
            expires_on: "2029-02-28".into(),
        };
        app.add_certification(&officer, aoba, &renewal)
            .await
            .unwrap();
        assert!(
            !app.contractor(&officer, aoba)
                .await
                .unwrap()
                .contractor
                .lapsed
        );
        assert_eq!(
            app.contractor_counts(&officer).await.unwrap().lapsed,
            0,
            "[{name}]"
        );

        // An empty template is refused; the department hears 30 days before the end.
        let empty = ClauseSettingsInput {
            clauses: String::new(),
        };
        assert_eq!(
            fields(app.save_contract_clauses(&cli, &empty).await.unwrap_err()),
            ["clauses"]
        );
        e.clock.advance(chrono::Duration::days(14));
        app.run_due_jobs().await.unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s.starts_with("委託契約 CON-0001 の終了まであと30日です")),
            "[{name}] {:?}",
            subjects(app, &officer).await
        );
    }
}

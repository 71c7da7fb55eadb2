//! Disposals through the use cases, on SQLite and PostgreSQL: a method the rules do
//! not allow, an unknown disk or a missing contractor is refused by field; a disposal
//! cannot complete without its witness and certificate, nor with a certificate whose
//! serial numbers are not the register's (both numbers named, nothing written); the
//! corrected certificate, written as the vendor prints it, lets it through, and the
//! disks and the server's asset are disposed of.

use mamori_app::AppError;
use mamori_app::PageRequest;
use mamori_app::departments::DepartmentInput;
use mamori_app::media::{ItemInput, ItemQuery};

use crate::common::{envs, fields, signed_in, staff};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_disposal_needs_its_witness_and_a_certificate_whose_serials_match() {
    use mamori_app::assets::AssetInput;
    use mamori_app::compliance::contractors::ContractorInput;
    use mamori_app::media::{CertificateInput, CompleteInput, DisposalInput};
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        let d = DepartmentInput {
            code: "131".into(),
            name: "システム係".into(),
            ..DepartmentInput::default()
        };
        let dept = app.create_department(&cli, &d).await.unwrap().id;
        let officer = signed_in(
            app,
            &cli,
            staff("P-1", "情報 一郎", "131"),
            "officer",
            &[("department-officer", "131")],
        )
        .await;
        let witness = signed_in(app, &cli, staff("P-2", "情報 二郎", "131"), "witness", &[]).await;
        let company = ContractorInput {
            name: "株式会社みどりリサイクル".into(),
            corporate_number: "7-0000-1205-0002".into(),
            ..ContractorInput::default()
        };
        app.create_contractor(&officer, &company).await.unwrap();
        let server = app
            .create_asset(
                &officer,
                &AssetInput {
                    name: "旧ファイルサーバ".into(),
                    kind: "hardware".into(),
                    department: "131".into(),
                    c: "3B".into(),
                    i: "2".into(),
                    a: "2".into(),
                    ..AssetInput::default()
                },
            )
            .await
            .unwrap();
        for i in 1..=3 {
            let disk = ItemInput {
                number: format!("HDD-{i:03}"),
                kind: "disk".into(),
                asset: server.number.clone(),
                serial: format!("WD-{i:05}"),
                department: Some(dept),
                ..ItemInput::default()
            };
            app.create_item(&officer, &disk).await.unwrap();
        }
        let input = DisposalInput {
            items: "HDD-001\nHDD-002\nHDD-003".into(),
            data: "旧ファイルサーバの共有フォルダ".into(),
            level: "3B".into(),
            method: "overwrite".into(),
            performer: "contractor".into(),
            contractor: "CTR-0001".into(),
            planned_on: "2026-04-10".into(),
            ..DisposalInput::default()
        };
        // Overwriting is fine for 3B by default; a shredder is not for disks, and an
        // unknown disk or a missing contractor is refused by field.
        let shred = DisposalInput {
            method: "shredding".into(),
            items: "HDD-001\nHDD-404".into(),
            contractor: String::new(),
            ..input.clone()
        };
        assert_eq!(
            fields(app.request_disposal(&officer, &shred).await.unwrap_err()),
            ["items", "method", "contractor"],
            "[{name}]"
        );
        let id = app.request_disposal(&officer, &input).await.unwrap();
        assert_eq!(
            fields(app.request_disposal(&officer, &input).await.unwrap_err()),
            ["items", "items", "items"],
            "[{name}] already in a disposal under way"
        );
        let d = app.disposal(&officer, id).await.unwrap();
        assert_eq!(d.missing, ["witness", "certificate"], "[{name}]");
        assert_eq!(app.media_counts(&officer).await.unwrap().awaiting_proof, 1);

        // Without its witness and certificate it cannot be completed.
        let done = CompleteInput::default();
        assert_eq!(
            fields(
                app.complete_disposal(&officer, id, &done)
                    .await
                    .unwrap_err()
            ),
            ["witness", "certificate"],
            "[{name}]"
        );
        // A certificate that is not a PDF or image is refused; one that lists a wrong
        // serial blocks completion, naming both numbers.
        let cert = |serials: &str| CertificateInput {
            serials: serials.into(),
        };
        let pdf = b"%PDF-1.4\n%%EOF\n".to_vec();
        assert_eq!(
            fields(
                app.attach_disposal_file(
                    &officer,
                    id,
                    Some(&cert("WD-00001")),
                    ("c.txt".into(), b"hi".to_vec())
                )
                .await
                .unwrap_err()
            ),
            ["file"]
        );
        app.attach_disposal_file(
            &officer,
            id,
            Some(&cert("WD-00001\nWD-00002\nWD-99999")),
            ("証明書.pdf".into(), pdf.clone()),
        )
        .await
        .unwrap();
        let with_witness = CompleteInput {
            witness: "P-2".into(),
            ..CompleteInput::default()
        };
        let e = app
            .complete_disposal(&officer, id, &with_witness)
            .await
            .unwrap_err();
        let AppError::Invalid(inv) = e else {
            panic!("expected a refusal")
        };
        assert_eq!(inv.0.len(), 1);
        assert_eq!(inv.0[0].field, "serials");
        assert!(
            inv.0[0].ja.contains("WD-00003") && inv.0[0].ja.contains("WD-99999"),
            "{}",
            inv.0[0].ja
        );
        assert_eq!(
            app.item(
                &officer,
                app.items(&officer, &ItemQuery::default(), PageRequest::default())
                    .await
                    .unwrap()
                    .items[0]
                    .id
            )
            .await
            .unwrap()
            .item
            .status
            .code(),
            "in_use",
            "[{name}] nothing written"
        );
        // The corrected certificate (as the vendor prints it) lets it through: the
        // disks and the server's asset are disposed of.
        let sha = app
            .attach_disposal_file(
                &officer,
                id,
                Some(&cert("wd 00001\nWD-00002\nＷＤ-00003")),
                ("証明書_訂正.pdf".into(), pdf),
            )
            .await
            .unwrap();
        app.complete_disposal(&officer, id, &with_witness)
            .await
            .unwrap();
        let d = app.disposal(&officer, id).await.unwrap();
        assert!(d.completed_on.is_some() && d.missing.is_empty(), "[{name}]");
        assert_eq!(d.witness.unwrap().employee_number, "P-2");
        assert!(d.files.iter().any(|f| f.id == sha && f.sha256.len() == 64));
        let lost = ItemQuery {
            status: Some("disposed".into()),
            ..ItemQuery::default()
        };
        assert_eq!(
            app.items(&officer, &lost, PageRequest::default())
                .await
                .unwrap()
                .total,
            3
        );
        let detail = app.asset_detail(&officer, server.id).await.unwrap();
        assert_eq!(detail.asset.status.code(), "disposed", "[{name}]");
        assert!(
            app.complete_disposal(&officer, id, &with_witness)
                .await
                .is_err(),
            "once"
        );
        let log = app
            .disposal_log(&officer, &Default::default())
            .await
            .unwrap();
        assert_eq!(log.len(), 1);
        let _ = witness;
    }
}

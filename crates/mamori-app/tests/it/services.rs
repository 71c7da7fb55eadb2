//! External services through the use cases, on SQLite and PostgreSQL: an ISMAP expiry
//! before the listing, a level the scheme does not have and a missing department are
//! refused by field and write nothing; a child-care app holding My Number data above
//! what it allows is flagged on the service and on the asset; another department reads
//! the service but only counts the restricted asset on it, and may not change it; an
//! editor who may not see a restricted asset does not drop it; the end of use waits for
//! the deletion to be confirmed. A contractor's people are the staff register's
//! contractor staff, one company each; an incident at a contractor shows on its page.

use mamori_app::AppError;
use mamori_app::assets::AssetInput;
use mamori_app::compliance::contractors::{ContractorInput, PersonInput};
use mamori_app::compliance::services::{ServiceInput, ServiceQuery};
use mamori_app::departments::DepartmentInput;
use mamori_app::incidents::{PartyInput, ReportInput};
use mamori_app::staff::StaffInput;
use mamori_domain::classification::Dimension;
use mamori_domain::service::{Excess, Usage};

use crate::common::{envs, fields, signed_in, staff};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_service_above_its_ceiling_is_flagged_on_both_and_kept_to_its_department() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        let mut depts = Vec::new();
        for (code, dept) in [("510", "子育て支援課"), ("520", "健康増進課")] {
            let d = DepartmentInput {
                code: code.into(),
                name: dept.into(),
                ..DepartmentInput::default()
            };
            depts.push(app.create_department(&cli, &d).await.unwrap().id);
        }
        let officer = signed_in(
            app,
            &cli,
            staff("K-1", "子育 一郎", "510"),
            "officer",
            &[("department-officer", "510")],
        )
        .await;
        let other = signed_in(
            app,
            &cli,
            staff("H-1", "健康 花子", "520"),
            "manager",
            &[("section-manager", "520")],
        )
        .await;
        let admin = signed_in(
            app,
            &cli,
            staff("S-1", "情報 次郎", "520"),
            "sysadmin",
            &[("system-admin", "")],
        )
        .await;
        let clerk = signed_in(app, &cli, staff("K-2", "子育 三郎", "510"), "clerk", &[]).await;
        let provider = app
            .create_contractor(
                &officer,
                &ContractorInput {
                    name: "株式会社こどもネット".into(),
                    ..ContractorInput::default()
                },
            )
            .await
            .unwrap();
        let asset = app
            .create_asset(
                &officer,
                &AssetInput {
                    name: "子ども・子育て支援システム".into(),
                    medium: "電子".into(),
                    department: "510".into(),
                    c: "3C".into(),
                    i: "2".into(),
                    a: "1".into(),
                    personal_data: "特定個人情報".into(),
                    ..AssetInput::default()
                },
            )
            .await
            .unwrap();

        // Refused by field, nothing written.
        let bad = ServiceInput {
            name: "子育て支援アプリ".into(),
            kind: "SaaS".into(),
            contractor: Some(provider),
            department: None,
            max_c: "4".into(),
            max_i: "2".into(),
            max_a: "1".into(),
            max_personal: "personal".into(),
            listing: "ismap".into(),
            listing_number: "C22-0001-1".into(),
            listed_on: "2026-04-01".into(),
            listing_expires_on: "2026-03-01".into(),
            assets: vec![asset.number.clone()],
            admins: vec!["K-1".into(), "X-9".into()],
            ..ServiceInput::default()
        };
        assert_eq!(
            fields(app.create_service(&officer, &bad).await.unwrap_err()),
            ["department", "max_c", "listing_expires_on", "admins"],
            "[{name}]"
        );
        assert!(
            app.services(&officer, &ServiceQuery::default())
                .await
                .unwrap()
                .is_empty()
        );
        let good = ServiceInput {
            department: Some(depts[0]),
            max_c: "2".into(),
            listing: String::new(),
            admins: vec!["K-1".into()],
            ..bad
        };
        assert!(matches!(
            app.create_service(&clerk, &good).await,
            Err(AppError::Forbidden)
        ));
        assert!(
            matches!(
                app.create_service(&other, &good).await,
                Err(AppError::Forbidden)
            ),
            "[{name}] another department's service"
        );
        let id = app.create_service(&officer, &good).await.unwrap();

        // Flagged on the service and on the asset.
        let d = app.service(&officer, id).await.unwrap();
        assert_eq!(d.service.number, "SVC-0001");
        assert_eq!((d.service.assets, d.service.over), (1, 1), "[{name}]");
        assert!(d.service.unlisted_cloud, "a SaaS allowing C2 without ISMAP");
        assert!(d.service.flagged && d.can_edit);
        assert!(d.service.listing_number.is_empty(), "no listing, no number");
        assert_eq!(
            d.assets[0].over,
            [Excess::Level(Dimension::C), Excess::Personal]
        );
        assert_eq!(d.admins.len(), 1);
        let on_asset = app.services_for_asset(&officer, asset.id).await.unwrap();
        assert_eq!(on_asset.len(), 1);
        assert_eq!(on_asset[0].over.len(), 2);
        let counts = app.service_counts(&officer).await.unwrap();
        assert_eq!((counts.over, counts.unlisted_cloud), (1, 1), "[{name}]");
        let flagged = ServiceQuery {
            over: Some(true),
            ..ServiceQuery::default()
        };
        assert_eq!(app.services(&officer, &flagged).await.unwrap().len(), 1);

        // Found by its provider's name, also after the provider is renamed.
        let renamed = ContractorInput {
            name: "株式会社キッズネット".into(),
            ..ContractorInput::default()
        };
        app.update_contractor(&officer, provider, &renamed)
            .await
            .unwrap();
        let by_name = ServiceQuery {
            q: Some("キッズネット".into()),
            ..ServiceQuery::default()
        };
        assert_eq!(
            app.services(&officer, &by_name).await.unwrap().len(),
            1,
            "[{name}] the new name finds it"
        );

        // Another department reads it, counts the restricted asset, changes nothing.
        let seen = app.service(&other, id).await.unwrap();
        assert!(seen.assets.is_empty() && !seen.can_edit, "[{name}]");
        assert_eq!(seen.hidden_assets, 1);
        assert!(matches!(
            app.update_service(&other, id, &good).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.service(&clerk, id).await,
            Err(AppError::Forbidden)
        ));

        // The system administrator may change it but not see the restricted asset:
        // saving without it keeps it.
        let seen = app.service(&admin, id).await.unwrap();
        assert_eq!((seen.assets.len(), seen.hidden_assets), (0, 1), "[{name}]");
        let raised = ServiceInput {
            max_c: "3A".into(),
            max_personal: "my_number".into(),
            assets: Vec::new(),
            ..good.clone()
        };
        app.update_service(&admin, id, &raised).await.unwrap();
        let d = app.service(&officer, id).await.unwrap();
        assert_eq!(
            (d.service.assets, d.service.over),
            (1, 0),
            "[{name}] kept, fits"
        );

        // The end of use waits for the deletion to be confirmed.
        let deleted_first = ServiceInput {
            deleted_on: "2026-03-31".into(),
            ..raised.clone()
        };
        assert_eq!(
            fields(
                app.update_service(&officer, id, &deleted_first)
                    .await
                    .unwrap_err()
            ),
            ["deleted_on"]
        );
        let ended = ServiceInput {
            starts_on: "2024-04-01".into(),
            ends_on: (app.today() - chrono::Duration::days(1)).to_string(),
            ..raised
        };
        app.update_service(&officer, id, &ended).await.unwrap();
        let d = app.service(&officer, id).await.unwrap();
        assert_eq!(d.service.usage, Usage::Deleting, "[{name}]");
        assert_eq!(app.service_counts(&officer).await.unwrap().deleting, 1);
        let closed = ServiceInput {
            deleted_on: app.today().to_string(),
            deletion_ref: "消去証明書 第12号".into(),
            ..ended
        };
        app.update_service(&officer, id, &closed).await.unwrap();
        let d = app.service(&officer, id).await.unwrap();
        assert_eq!(d.service.usage, Usage::Closed);
        assert!(
            !d.service.flagged && !d.service.unlisted_cloud,
            "[{name}] ended and deleted: the listing no longer matters"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_contractors_people_and_the_incidents_at_it_show_on_its_page() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        let d = DepartmentInput {
            code: "130".into(),
            name: "情報政策課".into(),
            ..DepartmentInput::default()
        };
        app.create_department(&cli, &d).await.unwrap();
        let officer = signed_in(
            app,
            &cli,
            staff("J-1", "情報 一郎", "130"),
            "officer",
            &[("department-officer", "130")],
        )
        .await;
        let company = |n: &str| ContractorInput {
            name: n.into(),
            ..ContractorInput::default()
        };
        let first = app
            .create_contractor(&officer, &company("株式会社セキュアテック"))
            .await
            .unwrap();
        let second = app
            .create_contractor(&officer, &company("株式会社アオバ情報処理"))
            .await
            .unwrap();
        let worker = app
            .create_staff(
                &cli,
                &StaffInput {
                    category: "委託事業者".into(),
                    ..staff("C-1", "委託 太郎", "130")
                },
            )
            .await
            .unwrap()
            .id;
        let link = |n: &str| PersonInput {
            employee_number: n.into(),
        };

        // Only contractor staff, and only those in the register.
        assert_eq!(
            fields(
                app.link_contractor_person(&officer, first, &link("J-1"))
                    .await
                    .unwrap_err()
            ),
            ["employee_number"],
            "[{name}] a regular employee"
        );
        assert_eq!(
            fields(
                app.link_contractor_person(&officer, first, &link("C-9"))
                    .await
                    .unwrap_err()
            ),
            ["employee_number"]
        );
        app.link_contractor_person(&officer, first, &link("C-1"))
            .await
            .unwrap();
        let page = app.contractor(&officer, first).await.unwrap();
        assert_eq!(page.people.len(), 1, "[{name}]");
        assert_eq!(page.people[0].name, "委託 太郎");
        // Linked to the other company: moves.
        app.link_contractor_person(&officer, second, &link("C-1"))
            .await
            .unwrap();
        assert!(
            app.contractor(&officer, first)
                .await
                .unwrap()
                .people
                .is_empty()
        );
        let (at, label) = app
            .company_of_staff(&officer, worker)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(at, second);
        assert!(label.contains("アオバ"), "{label}");
        assert!(matches!(
            app.unlink_contractor_person(&officer, first, worker).await,
            Err(AppError::NotFound)
        ));
        app.unlink_contractor_person(&officer, second, worker)
            .await
            .unwrap();
        assert!(
            app.company_of_staff(&officer, worker)
                .await
                .unwrap()
                .is_none()
        );

        // An incident at the contractor shows on its page.
        let reported = app
            .report_incident(
                &officer,
                &ReportInput {
                    title: "委託先の作業端末がマルウェアに感染".into(),
                    category: "マルウェア".into(),
                    known_at: "2026-03-31 09:00".into(),
                    ..ReportInput::default()
                },
            )
            .await
            .unwrap();
        let party = |p: &str| PartyInput {
            party: p.into(),
            note: "作業端末".into(),
        };
        assert_eq!(
            fields(
                app.link_party(&cli, reported.id, &party("CTR-0099"))
                    .await
                    .unwrap_err()
            ),
            ["party"],
            "[{name}] no such contractor"
        );
        app.link_party(&cli, reported.id, &party("ctr-0001"))
            .await
            .unwrap();
        assert_eq!(
            fields(
                app.link_party(&cli, reported.id, &party("CTR-0001"))
                    .await
                    .unwrap_err()
            ),
            ["party"],
            "[{name}] linked once"
        );
        let behind = app
            .incidents_behind(&officer, "contractor", first)
            .await
            .unwrap();
        assert_eq!(behind.shown.len() + behind.hidden, 1, "[{name}]");
        let detail = app.incident_detail(&cli, reported.id).await.unwrap();
        assert_eq!(detail.parties.len(), 1);
        assert_eq!(detail.parties[0].number, "CTR-0001");
        assert!(detail.prevention.is_empty(), "not a prevention measure");
    }
}

//! Equipment and media through the use cases, on SQLite and PostgreSQL: a USB memory
//! is registered (bad numbers, kinds and holders refused by field); a take-out of it is
//! refused without a measure, above what the medium may carry or with its return
//! before its start; the section manager may not approve what needs the department's
//! officer, nor anyone their own; the officer approves, it goes out and comes back;
//! a late one reminds its holder on the first and third day and tells the officer
//! once, and when it does not come back an incident marks it missing; an inventory's
//! missing medium becomes a loss incident in one step and the coverage counts it.

use mamori_app::AppError;
use mamori_app::PageRequest;
use mamori_app::departments::DepartmentInput;
use mamori_app::media::{
    FindingInput, InventoryInput, ItemInput, ItemQuery, ReturnInput, TakeoutDecision, TakeoutInput,
    TakeoutQuery, TakeoutRulesInput,
};
use mamori_domain::media::takeout::State;

use crate::common::{envs, fields, signed_in, staff, subjects};

fn usb(number: &str) -> ItemInput {
    ItemInput {
        number: number.into(),
        kind: "USBメモリ".into(),
        serial: format!("SN-{number}"),
        capacity: "32GB".into(),
        encrypted: true,
        max_level: "3B".into(),
        holder: "M-3".into(),
        ..ItemInput::default()
    }
}

fn trip(item: &str, level: &str, out: &str, due: &str, measures: &str) -> TakeoutInput {
    TakeoutInput {
        item: item.into(),
        data: "納税者名簿の抜粋 30件".into(),
        level: level.into(),
        purpose: "出張相談会".into(),
        destination: "みどり市北出張所".into(),
        out_on: out.into(),
        due_on: due.into(),
        measures: measures.into(),
        ..TakeoutInput::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_usb_memory_goes_out_with_approval_and_a_late_one_escalates() {
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
            staff("M-1", "税務 一郎", "320"),
            "officer",
            &[("department-officer", "320")],
        )
        .await;
        let manager = signed_in(
            app,
            &cli,
            staff("M-2", "税務 二郎", "320"),
            "manager",
            &[("section-manager", "320")],
        )
        .await;
        let clerk = signed_in(app, &cli, staff("M-3", "税務 三郎", "320"), "clerk", &[]).await;

        // Registering: a clerk may not; bad values are refused by field.
        let bad = ItemInput {
            number: "USB 1".into(),
            kind: "自転車".into(),
            holder: "X-404".into(),
            department: Some(tax),
            ..ItemInput::default()
        };
        assert_eq!(
            fields(app.create_item(&officer, &bad).await.unwrap_err()),
            ["number", "kind", "holder"],
            "[{name}]"
        );
        let stick = ItemInput {
            department: Some(tax),
            ..usb("usb-0001")
        };
        assert!(matches!(
            app.create_item(&clerk, &stick).await,
            Err(AppError::Forbidden)
        ));
        let id = app.create_item(&officer, &stick).await.unwrap();
        assert_eq!(
            fields(app.create_item(&officer, &stick).await.unwrap_err()),
            ["number"],
            "[{name}] the same number twice"
        );
        let list = app
            .items(&officer, &ItemQuery::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(list.total, 1);
        assert_eq!(list.items[0].number, "USB-0001");

        // Requests that are refused, naming the field; nothing is written.
        let today = "2026-04-01";
        let cases = [
            (trip("USB-0001", "2", today, "2026-04-03", ""), "measures"),
            (
                trip("USB-0001", "3A", today, "2026-04-03", "encrypted"),
                "level",
            ),
            (
                trip("USB-0001", "2", today, "2026-03-30", "encrypted"),
                "due_on",
            ),
            (
                trip("USB-9999", "2", today, "2026-04-03", "encrypted"),
                "item",
            ),
        ];
        for (input, field) in cases {
            assert_eq!(
                fields(app.request_takeout(&clerk, &input).await.unwrap_err()),
                [field],
                "[{name}]"
            );
        }
        let mine = TakeoutQuery {
            show: Some("mine".into()),
        };
        assert_eq!(
            app.takeouts(&clerk, &mine, PageRequest::default())
                .await
                .unwrap()
                .total,
            0
        );

        // Level 2 needs the department's officer: the section manager is refused, the
        // clerk may not approve their own, the officer approves and the clerk hears.
        let t = app
            .request_takeout(
                &clerk,
                &trip(
                    "USB-0001",
                    "2",
                    today,
                    "2026-04-03",
                    "encrypted,carried_in_person",
                ),
            )
            .await
            .unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "持ち出し T-000001 の承認をお願いします"),
            "[{name}]"
        );
        let yes = TakeoutDecision {
            approve: true,
            note: "常時携行".into(),
        };
        assert!(matches!(
            app.decide_takeout(&manager, t, &yes).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.decide_takeout(&clerk, t, &yes).await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(
            fields(app.check_out(&clerk, t).await.unwrap_err()),
            ["state"],
            "[{name}] not out before it is approved"
        );
        app.decide_takeout(&officer, t, &yes).await.unwrap();
        assert!(
            subjects(app, &clerk)
                .await
                .iter()
                .any(|s| s == "持ち出し T-000001 が承認されました")
        );
        app.check_out(&clerk, t).await.unwrap();
        let item = app.item(&officer, id).await.unwrap();
        assert_eq!(
            item.item.out_on.as_ref().map(|o| o.number.as_str()),
            Some("T-000001"),
            "[{name}] the item page shows where it is"
        );
        assert_eq!(
            fields(
                app.request_takeout(&clerk, &trip("USB-0001", "1", today, today, ""))
                    .await
                    .unwrap_err()
            ),
            ["item"],
            "[{name}] out already"
        );
        app.return_takeout(&clerk, t, &ReturnInput::default())
            .await
            .unwrap();
        assert_eq!(
            app.takeout(&officer, t).await.unwrap().state,
            State::Returned
        );
        assert!(app.item(&officer, id).await.unwrap().item.out_on.is_none());

        // The organization names the deputy CISO for 3B: the officer can no longer
        // approve it.
        let mut approvers = std::collections::BTreeMap::new();
        approvers.insert("3B".to_owned(), "deputy-ciso".to_owned());
        assert!(matches!(
            app.set_takeout_rules(
                &officer,
                &TakeoutRulesInput {
                    approvers: approvers.clone()
                }
            )
            .await,
            Err(AppError::Forbidden)
        ));
        app.set_takeout_rules(&cli, &TakeoutRulesInput { approvers })
            .await
            .unwrap();
        let secret = app
            .request_takeout(&clerk, &trip("USB-0001", "3B", today, today, "encrypted"))
            .await
            .unwrap();
        assert!(matches!(
            app.decide_takeout(&officer, secret, &yes).await,
            Err(AppError::Forbidden)
        ));
        app.cancel_takeout(&clerk, secret).await.unwrap();

        // A late return: the clerk is reminded the first day late and the third; the
        // officer is told once, on the third.
        let late = app
            .request_takeout(
                &clerk,
                &trip("USB-0001", "2", today, "2026-04-02", "encrypted"),
            )
            .await
            .unwrap();
        app.decide_takeout(&officer, late, &yes).await.unwrap();
        app.check_out(&clerk, late).await.unwrap();
        let reminders = |s: Vec<String>| s.iter().filter(|s| s.contains("T-000003")).count();
        let mut seen = Vec::new();
        for _ in 0..5 {
            e.clock.advance(chrono::Duration::days(1));
            app.run_due_jobs().await.unwrap();
            seen.push((
                reminders(subjects(app, &clerk).await),
                reminders(subjects(app, &officer).await),
            ));
        }
        // Day 1: nothing (due today); day 2 (1 late): the clerk; day 4 (3 late): both.
        // The officer's first count includes the request.
        assert_eq!(
            seen,
            [(1, 1), (2, 1), (2, 1), (3, 2), (3, 2)],
            "[{name}] (decided, reminded …)"
        );
        let overdue = TakeoutQuery {
            show: Some("overdue".into()),
        };
        let shown = app
            .takeouts(&officer, &overdue, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(shown.total, 1);
        assert_eq!(shown.items[0].days_overdue, 4);
        assert_eq!(app.media_counts(&officer).await.unwrap().overdue, 1);
        // It does not come back: an incident, and the medium is missing.
        let incident = app.takeout_incident(&officer, late).await.unwrap();
        let t = app.takeout(&officer, late).await.unwrap();
        assert_eq!(t.incident_id, Some(incident));
        assert_eq!(
            app.item(&officer, id).await.unwrap().item.status.code(),
            "lost",
            "[{name}]"
        );
        assert!(app.takeout_incident(&officer, late).await.is_err(), "once");

        // Paper records of level 1 need the section manager, who may not approve
        // their own request; the officer may.
        let paper = TakeoutInput {
            what: "窓口受付簿（紙）".into(),
            ..trip("", "1", "2026-04-06", "2026-04-06", "")
        };
        let p = app.request_takeout(&manager, &paper).await.unwrap();
        assert_eq!(
            fields(app.decide_takeout(&manager, p, &yes).await.unwrap_err()),
            ["approve"],
            "[{name}]"
        );
        app.decide_takeout(&officer, p, &yes).await.unwrap();
        assert_eq!(
            app.takeout(&manager, p).await.unwrap().state,
            State::Approved
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_inventory_finds_a_missing_medium_and_opens_an_incident() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        for (code, dname) in [("330", "収納課"), ("340", "資産税課")] {
            let d = DepartmentInput {
                code: code.into(),
                name: dname.into(),
                ..DepartmentInput::default()
            };
            app.create_department(&cli, &d).await.unwrap();
        }
        let idx = app.dept_index(&cli).await.unwrap();
        let dept = |c: &str| idx.by_code(c).map(|d| d.id);
        let officer = signed_in(
            app,
            &cli,
            staff("N-1", "収納 一郎", "330"),
            "officer",
            &[("department-officer", "330")],
        )
        .await;
        for i in 1..=5 {
            let input = ItemInput {
                department: dept(if i <= 3 { "330" } else { "340" }),
                holder: String::new(),
                ..usb(&format!("USB-{i:04}"))
            };
            app.create_item(&cli, &input).await.unwrap();
        }
        let bad = InventoryInput {
            name: " ".into(),
            due_on: "2026-03-01".into(),
        };
        assert_eq!(
            fields(app.open_inventory(&cli, &bad).await.unwrap_err()),
            ["name", "due_on"],
            "[{name}]"
        );
        assert!(matches!(
            app.open_inventory(&officer, &InventoryInput::default())
                .await,
            Err(AppError::Forbidden)
        ));
        let input = InventoryInput {
            name: "令和8年度 上期 棚卸".into(),
            due_on: String::new(),
        };
        let inv = app.open_inventory(&cli, &input).await.unwrap();
        assert!(
            app.open_inventory(&cli, &input).await.is_err(),
            "one at a time"
        );
        // The officer sees their own department first and may not answer the other's.
        let d = app.inventory(&officer, inv, None).await.unwrap();
        assert_eq!(d.department_id, dept("330"));
        assert_eq!(d.checks.len(), 3);
        assert!(d.may_check);
        let other = app.inventory(&officer, inv, dept("340")).await.unwrap();
        assert!(!other.may_check);
        let present = FindingInput {
            finding: "present".into(),
            note: String::new(),
        };
        assert!(matches!(
            app.record_finding(&officer, inv, other.checks[0].id, &present)
                .await,
            Err(AppError::Forbidden)
        ));
        let gone = d
            .checks
            .iter()
            .find(|c| c.item_number == "USB-0002")
            .unwrap();
        let missing = FindingInput {
            finding: "所在不明".into(),
            note: "課内を捜索".into(),
        };
        app.record_finding(&officer, inv, gone.id, &missing)
            .await
            .unwrap();
        assert_eq!(
            app.confirm_rest(&officer, inv, dept("330")).await.unwrap(),
            2
        );
        let incident = app.missing_incident(&officer, inv, gone.id).await.unwrap();
        assert!(
            app.missing_incident(&officer, inv, gone.id).await.is_err(),
            "once"
        );
        assert_eq!(
            fields(
                app.record_finding(&officer, inv, gone.id, &present)
                    .await
                    .unwrap_err()
            ),
            ["finding"],
            "[{name}] a finding an incident came from stays"
        );
        let d = app.inventory(&officer, inv, None).await.unwrap();
        let c = d.inventory.coverage;
        assert_eq!((c.items, c.present, c.missing), (5, 2, 1), "[{name}]");
        assert_eq!(c.percent(), 60);
        let row = d
            .checks
            .iter()
            .find(|c| c.item_number == "USB-0002")
            .unwrap();
        assert_eq!(row.incident_id, Some(incident));
        let lost = ItemQuery {
            status: Some("lost".into()),
            ..ItemQuery::default()
        };
        let found = app
            .items(&officer, &lost, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(found.total, 1);
        assert_eq!(found.items[0].number, "USB-0002");
        app.close_inventory(&cli, inv).await.unwrap();
        assert!(
            app.confirm_rest(&cli, inv, dept("340")).await.is_err(),
            "[{name}] closed"
        );
    }
}

//! Equipment and media on SQLite and PostgreSQL: the register read by kind, department,
//! status and text (a `%` typed is a percent sign, not a wildcard), by page and by
//! number; take-outs open, out and late; an inventory's findings written in bulk; the
//! take-out rules replaced; another organization's rows never showing.

use chrono::NaiveDate;
use mamori_store::entity::{
    disposal, disposal_file, disposal_item, inventory, inventory_check, item, media_setting,
    takeout,
};
use mamori_store::media::{self, ItemFilter, disposals, inventory as inv, takeouts};
use mamori_store::page::PageRequest;
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn usb(org: Uuid, n: usize, department: Option<Uuid>) -> item::Model {
    item::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number: format!("USB-{n:04}"),
        kind: if n.is_multiple_of(10) {
            "sd_card"
        } else {
            "usb"
        }
        .into(),
        name: if n == 7 {
            "USBメモリ 100%暗号化"
        } else {
            "USBメモリ"
        }
        .into(),
        asset_id: None,
        serial: format!("SN{n:06}"),
        asset_tag: String::new(),
        capacity: "32GB".into(),
        encrypted: true,
        max_level: "3B".into(),
        department_id: department,
        holder_staff_id: None,
        area_id: None,
        rack: String::new(),
        status: if n == 3 { "lost" } else { "in_use" }.into(),
        notes: String::new(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn trip(org: Uuid, number: i32, item: Uuid, due: &str) -> takeout::Model {
    takeout::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number,
        item_id: Some(item),
        what: "USB".into(),
        data: "名簿".into(),
        level: "2".into(),
        purpose: "説明会".into(),
        destination: "公民館".into(),
        measures: "encrypted".into(),
        out_on: day("2026-04-01"),
        due_on: day(due),
        department_id: None,
        requester_staff_id: None,
        requested_by: "user:clerk".into(),
        requested_at: t("2026-04-01T00:00:00Z"),
        approver_role: "department-officer".into(),
        decision: "approved".into(),
        decided_by: "user:officer".into(),
        decided_at: Some(t("2026-04-01T01:00:00Z")),
        decision_note: String::new(),
        cancelled: false,
        checked_out_at: None,
        returned_at: None,
        return_note: String::new(),
        reminded_on: None,
        escalated_on: None,
        incident_id: None,
    }
}

#[tokio::test]
async fn the_register_take_outs_and_inventories_read_alike_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let (a, b) = (Some(Uuid::now_v7()), Some(Uuid::now_v7()));
        let rows: Vec<item::Model> = (1..=120)
            .map(|n| usb(org, n, if n <= 60 { a } else { b }))
            .collect();
        media::insert(c, rows.clone()).await.unwrap();
        media::insert(c, vec![usb(other, 1, None)]).await.unwrap();

        let all = media::list(
            c,
            org,
            &ItemFilter::default(),
            PageRequest::new(Some(3), Some(50)),
        )
        .await
        .unwrap();
        assert_eq!((all.total, all.items.len()), (120, 20), "{name}");
        assert_eq!(all.items[0].number, "USB-0101", "{name}: by number");
        let sd = ItemFilter {
            kinds: vec!["sd_card".into()],
            departments: vec![a.unwrap()],
            ..ItemFilter::default()
        };
        assert_eq!(
            media::all(c, org, &sd, 1000).await.unwrap().len(),
            6,
            "{name}"
        );
        let lost = ItemFilter {
            status: Some("lost".into()),
            ..ItemFilter::default()
        };
        let found = media::all(c, org, &lost, 1000).await.unwrap();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].number, "USB-0003");
        let percent = ItemFilter {
            text: Some("100%".into()),
            ..ItemFilter::default()
        };
        let found = media::all(c, org, &percent, 1000).await.unwrap();
        assert_eq!(found.len(), 1, "{name}: % is literal");
        let serial = ItemFilter {
            text: Some("SN00011".into()),
            ..ItemFilter::default()
        };
        assert_eq!(
            media::all(c, org, &serial, 1000).await.unwrap().len(),
            10,
            "{name}"
        );
        assert_eq!(
            media::by_number(c, other, "USB-0002").await.unwrap(),
            None,
            "{name}: not theirs"
        );
        let counts = media::status_counts(c, org).await.unwrap();
        let lost_n = counts.iter().find(|(s, _)| s == "lost").map(|(_, n)| *n);
        assert_eq!(lost_n, Some(1), "{name}");

        // Take-outs: one out and late, one out on time, one back, one refused.
        let mut late = trip(org, 1, rows[0].id, "2026-04-02");
        late.checked_out_at = Some(t("2026-04-01T02:00:00Z"));
        let mut out = trip(org, 2, rows[1].id, "2026-04-10");
        out.checked_out_at = late.checked_out_at;
        let mut back = trip(org, 3, rows[2].id, "2026-04-02");
        back.checked_out_at = late.checked_out_at;
        back.returned_at = Some(t("2026-04-02T02:00:00Z"));
        let mut refused = trip(org, 4, rows[3].id, "2026-04-02");
        refused.decision = "refused".into();
        for m in [&late, &out, &back, &refused] {
            takeouts::insert(c, m.clone()).await.unwrap();
        }
        takeouts::insert(c, trip(other, 1, Uuid::now_v7(), "2026-04-02"))
            .await
            .unwrap();
        assert_eq!(takeouts::next_number(c, org).await.unwrap(), 5, "{name}");
        let count = |f: takeouts::TakeoutFilter| async move {
            takeouts::all(c, org, &f).await.unwrap().len()
        };
        let open = takeouts::TakeoutFilter {
            open: true,
            ..Default::default()
        };
        assert_eq!(count(open).await, 2, "{name}: open");
        let overdue = takeouts::TakeoutFilter {
            out: true,
            due_before: Some(day("2026-04-05")),
            ..Default::default()
        };
        let shown = takeouts::all(c, org, &overdue).await.unwrap();
        assert_eq!(shown.len(), 1, "{name}");
        assert_eq!(shown[0].number, 1);
        let page = takeouts::list(c, org, &Default::default(), PageRequest::default())
            .await
            .unwrap();
        assert_eq!(page.total, 4);
        assert_eq!(page.items[0].number, 4, "{name}: latest first");

        // An inventory of the first department; findings written in bulk.
        let when = t("2026-04-03T00:00:00Z");
        let i = inventory::Model {
            id: Uuid::now_v7(),
            org_id: org,
            name: "棚卸".into(),
            opened_on: day("2026-04-03"),
            due_on: day("2026-04-30"),
            closed_on: None,
            opened_by: "cli:test".into(),
            closed_by: String::new(),
            created_at: when,
        };
        let checks: Vec<inventory_check::Model> = rows
            .iter()
            .map(|r| inventory_check::Model {
                id: Uuid::now_v7(),
                org_id: org,
                inventory_id: i.id,
                item_id: r.id,
                department_id: r.department_id,
                finding: String::new(),
                checked_by: String::new(),
                checked_at: None,
                note: String::new(),
                incident_id: None,
            })
            .collect();
        inv::insert(c, i.clone(), checks.clone()).await.unwrap();
        let first: Vec<Uuid> = checks.iter().take(60).map(|c| c.id).collect();
        inv::set_findings(c, org, &first, "present", "user:officer", when)
            .await
            .unwrap();
        let of_a = inv::checks(c, org, i.id, Some(a)).await.unwrap();
        assert_eq!(of_a.len(), 60, "{name}");
        assert!(of_a.iter().all(|k| k.finding == "present"));
        let of_b = inv::checks(c, org, i.id, Some(b)).await.unwrap();
        assert!(of_b.iter().all(|k| k.finding.is_empty()), "{name}");
        assert_eq!(
            inv::checks_of_item(c, org, rows[0].id).await.unwrap().len(),
            1
        );
        assert!(inv::checks(c, other, i.id, None).await.unwrap().is_empty());

        // The rules are replaced, not added to.
        for body in ["{\"by_level\":{}}", "{\"by_level\":{\"3B\":\"ciso\"}}"] {
            media::save_settings(
                c,
                media_setting::Model {
                    id: Uuid::now_v7(),
                    org_id: org,
                    approvers: body.into(),
                    disposal_rules: String::new(),
                    updated_at: when,
                },
            )
            .await
            .unwrap();
        }
        let s = media::settings(c, org).await.unwrap().unwrap();
        assert!(s.approvers.contains("ciso"), "{name}");
        assert!(media::settings(c, other).await.unwrap().is_none());

        // Disposals: one done with a certificate, one under way; the log reads the
        // done ones by day, and a file list leaves the bodies out.
        let disposal = |number: i32, done: Option<&str>| disposal::Model {
            id: Uuid::now_v7(),
            org_id: org,
            number,
            what: "HDD".into(),
            data: "住民記録".into(),
            level: "3B".into(),
            method: "physical_destruction".into(),
            paper: false,
            department_id: a,
            performer: "contractor".into(),
            contractor_id: None,
            performer_name: String::new(),
            witness_staff_id: None,
            planned_on: day("2026-05-01"),
            requester_staff_id: None,
            requested_by: "user:officer".into(),
            requested_at: when,
            certificate_serials: String::new(),
            completed_on: done.map(day),
            completed_by: String::new(),
            completed_at: None,
            cancelled: false,
            notes: String::new(),
        };
        let (done, open) = (disposal(1, Some("2026-05-02")), disposal(2, None));
        let item_row = |d: &disposal::Model, r: &item::Model| disposal_item::Model {
            id: Uuid::now_v7(),
            org_id: org,
            disposal_id: d.id,
            item_id: r.id,
            number: r.number.clone(),
            serial: r.serial.clone(),
        };
        disposals::insert(
            c,
            done.clone(),
            vec![item_row(&done, &rows[5]), item_row(&done, &rows[6])],
        )
        .await
        .unwrap();
        disposals::insert(c, open.clone(), vec![item_row(&open, &rows[5])])
            .await
            .unwrap();
        disposals::insert_file(
            c,
            disposal_file::Model {
                id: Uuid::now_v7(),
                org_id: org,
                disposal_id: done.id,
                kind: "certificate".into(),
                file_name: "証明書.pdf".into(),
                file_type: "pdf".into(),
                size: 15,
                sha256: "ab".repeat(32),
                body: b"%PDF-1.4\n%%EOF\n".to_vec(),
                uploaded_by: "user:officer".into(),
                uploaded_at: when,
            },
        )
        .await
        .unwrap();
        let listed = disposals::files(c, org, done.id).await.unwrap();
        assert_eq!(listed.len(), 1, "{name}");
        assert!(listed[0].body.is_empty() && listed[0].size == 15, "{name}");
        let whole = disposals::file(c, org, listed[0].id)
            .await
            .unwrap()
            .unwrap();
        assert!(whole.body.starts_with(b"%PDF"));
        assert!(
            disposals::file(c, other, listed[0].id)
                .await
                .unwrap()
                .is_none()
        );
        let f = |open, done, from: Option<&str>| disposals::DisposalFilter {
            open,
            done,
            completed_from: from.map(day),
            ..Default::default()
        };
        let n = |v: Vec<disposal::Model>| v.iter().map(|d| d.number).collect::<Vec<_>>();
        assert_eq!(
            n(disposals::all(c, org, &f(true, false, None)).await.unwrap()),
            [2]
        );
        assert_eq!(
            n(disposals::all(c, org, &f(false, true, None)).await.unwrap()),
            [1]
        );
        assert!(
            disposals::all(c, org, &f(false, false, Some("2026-06-01")))
                .await
                .unwrap()
                .is_empty(),
            "{name}: done before the period"
        );
        assert_eq!(
            disposals::of_item(c, org, rows[5].id).await.unwrap().len(),
            2
        );
        assert_eq!(disposals::items(c, org, &[done.id]).await.unwrap().len(), 2);
    }
}

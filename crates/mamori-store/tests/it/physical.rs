//! Physical security on SQLite and PostgreSQL: places by code, the entry log read by
//! area and time range, flags rewritten in bulk and counted per area, the keys an
//! import checks against, and another organization's entries never showing.

use chrono::{DateTime, Duration, Utc};
use mamori_store::entity::{area_entry, place};
use mamori_store::page::PageRequest;
use mamori_store::physical::{self, entries};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn area(org: Uuid, code: &str) -> place::Model {
    place::Model {
        id: Uuid::now_v7(),
        org_id: org,
        parent_id: None,
        kind: "area".into(),
        code: code.into(),
        name: format!("区域 {code}"),
        level: "system_room".into(),
        department_id: None,
        manager_staff_id: None,
        controls: "card".into(),
        hours: "08:00-20:00".into(),
        weekends: false,
        review_months: 6,
        log_columns: "{}".into(),
        notes: String::new(),
        retired: false,
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

fn entry(org: Uuid, area: Uuid, badge: &str, at: DateTime<Utc>, flags: i32) -> area_entry::Model {
    area_entry::Model {
        id: Uuid::now_v7(),
        org_id: org,
        area_id: area,
        staff_id: None,
        badge: badge.into(),
        visitor_name: String::new(),
        company: "みどり保守".into(),
        purpose: String::new(),
        escort_staff_id: None,
        escort_name: String::new(),
        entered_at: at,
        exited_at: Some(at + Duration::minutes(30)),
        source: "import".into(),
        flags,
        pending: flags != 0,
        explanation: String::new(),
        settled_by: String::new(),
        settled_at: None,
        incident_id: None,
        created_at: at,
    }
}

#[tokio::test]
async fn the_entry_log_is_read_by_area_and_week_and_flags_change_in_bulk_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let (sr, office) = (area(org, "SR"), area(org, "OFFICE"));
        let foreign = area(other, "SR");
        for p in [&sr, &office, &foreign] {
            physical::insert_place(c, p.clone()).await.unwrap();
        }
        assert_eq!(
            physical::place_by_code(c, org, "SR")
                .await
                .unwrap()
                .map(|p| p.id),
            Some(sr.id),
            "{name}"
        );
        // A month of the server room: one entry an hour for 30 days, every tenth flagged.
        let start = t("2026-11-01T00:00:00Z");
        let rows: Vec<area_entry::Model> = (0..720)
            .map(|h| {
                let flags = if h % 10 == 0 { 1 } else { 0 };
                entry(
                    org,
                    sr.id,
                    &format!("B{:03}", h % 12),
                    start + Duration::hours(h),
                    flags,
                )
            })
            .collect();
        entries::insert(c, rows.clone()).await.unwrap();
        entries::insert(c, vec![entry(org, office.id, "B001", start, 0)])
            .await
            .unwrap();
        entries::insert(c, vec![entry(other, foreign.id, "B001", start, 1)])
            .await
            .unwrap();

        let week = entries::EntryFilter {
            areas: vec![sr.id],
            from: Some(start),
            until: Some(start + Duration::days(7)),
            ..entries::EntryFilter::default()
        };
        let page = entries::list(c, org, &week, PageRequest::new(Some(1), Some(50)))
            .await
            .unwrap();
        assert_eq!(page.total, 168, "{name}: a week is 168 hours");
        assert_eq!(page.items.len(), 50);
        assert!(
            page.items[0].entered_at > page.items[1].entered_at,
            "{name}: latest first"
        );
        let pending = entries::EntryFilter {
            pending: true,
            ..week.clone()
        };
        let flagged = entries::list(c, org, &pending, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(flagged.total, 17, "{name}: every tenth hour of the week");
        let by_badge = entries::EntryFilter {
            areas: vec![],
            visitor: Some("B001".into()),
            ..entries::EntryFilter::default()
        };
        let total = entries::list(c, org, &by_badge, PageRequest::default())
            .await
            .unwrap()
            .total;
        assert_eq!(
            total, 61,
            "{name}: 60 in the server room and one in the office, none of theirs"
        );

        // Settle two and clear one: the pending count follows.
        let (a, b, d) = (rows[0].id, rows[10].id, rows[20].id);
        entries::set_flags(c, org, &[(a, 1, true), (b, 1, true), (d, 0, false)])
            .await
            .unwrap();
        let per_area = entries::pending_by_area(c, org).await.unwrap();
        assert_eq!(per_area, vec![(sr.id, 72 - 3)], "{name}");
        let (all, flagged, open) =
            entries::month_counts(c, org, sr.id, start, start + Duration::days(30))
                .await
                .unwrap();
        assert_eq!((all, flagged, open), (720, 71, 69), "{name}");

        // What an import checks a log against: badges and times already written.
        let keys = entries::keys(c, org, sr.id, start, start + Duration::hours(2))
            .await
            .unwrap();
        let mut badges: Vec<String> = keys.into_iter().map(|(b, _)| b).collect();
        badges.sort();
        assert_eq!(badges, ["B000", "B001", "B002"], "{name}");
        let facts = entries::facts(c, org, sr.id, start, start + Duration::hours(1))
            .await
            .unwrap();
        assert_eq!(facts.len(), 1);
        assert_eq!(facts[0].settled_at, None);
        assert_eq!(facts[0].flags, 1, "{name}: the settled flag stays");
    }
}

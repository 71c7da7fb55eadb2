//! The committee's tables on SQLite and PostgreSQL: meetings latest first, agenda items
//! in each meeting's order, decisions latest year first and in order, a decision
//! number and an item's decision unique, items removed, another organization's rows
//! never showing.

use chrono::NaiveDate;
use mamori_store::entity::{committee_agenda_item, committee_decision, committee_meeting};
use mamori_store::review::committee as c;
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn meeting(org: Uuid, year: i32, seq: i32, held_on: &str) -> committee_meeting::Model {
    committee_meeting::Model {
        id: Uuid::now_v7(),
        org_id: org,
        fiscal_year: year,
        seq,
        title: format!("第{seq}回"),
        held_on: held_on.parse().unwrap(),
        place: String::new(),
        state: "held".into(),
        attendees: "[]".into(),
        guests: String::new(),
        minutes: String::new(),
        minutes_approved_in: None,
        minutes_approved_on: None,
        created_by: "cli:test".into(),
        created_at: t("2026-05-01T00:00:00Z"),
        updated_at: t("2026-05-01T00:00:00Z"),
    }
}

fn item(org: Uuid, meeting: Uuid, seq: i32) -> committee_agenda_item::Model {
    committee_agenda_item::Model {
        id: Uuid::now_v7(),
        org_id: org,
        meeting_id: meeting,
        seq,
        kind: "other".into(),
        record_id: None,
        record_version: None,
        title: format!("議題{seq}"),
        note: String::new(),
    }
}

fn decision(
    org: Uuid,
    item: &committee_agenda_item::Model,
    year: i32,
    seq: i32,
) -> committee_decision::Model {
    committee_decision::Model {
        id: Uuid::now_v7(),
        org_id: org,
        meeting_id: item.meeting_id,
        agenda_item_id: item.id,
        fiscal_year: year,
        seq,
        number: format!("{year}-{seq:02}"),
        outcome: "approved".into(),
        text: "承認".into(),
        effective_on: None,
        expires_on: None,
        decided_on: NaiveDate::from_ymd_opt(year, 6, 1).unwrap(),
        recorded_by: "cli:test".into(),
        created_at: t("2026-05-01T00:00:00Z"),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn meetings_agenda_and_decisions_read_back_in_order() {
    for (name, store, _dir) in stores().await {
        let conn = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let old = meeting(org, 2025, 1, "2025-06-19");
        let new = meeting(org, 2026, 1, "2026-06-18");
        for m in [
            old.clone(),
            new.clone(),
            meeting(other, 2026, 1, "2026-06-18"),
        ] {
            c::insert_meeting(conn, m).await.unwrap();
        }
        let listed: Vec<Uuid> = c::meetings(conn, org)
            .await
            .unwrap()
            .iter()
            .map(|m| m.id)
            .collect();
        assert_eq!(listed, [new.id, old.id], "[{name}]");
        let (i2, i1, j1) = (
            item(org, old.id, 2),
            item(org, old.id, 1),
            item(org, new.id, 1),
        );
        for i in [i2.clone(), i1.clone(), j1.clone()] {
            c::insert_agenda_item(conn, i).await.unwrap();
        }
        let agenda = c::agenda(conn, org, &[old.id]).await.unwrap();
        assert_eq!(
            agenda.iter().map(|i| i.seq).collect::<Vec<_>>(),
            [1, 2],
            "[{name}]"
        );
        assert!(c::agenda(conn, other, &[old.id]).await.unwrap().is_empty());

        c::insert_decision(conn, decision(org, &i1, 2025, 1))
            .await
            .unwrap();
        c::insert_decision(conn, decision(org, &j1, 2026, 1))
            .await
            .unwrap();
        // A number is given once, and an item is decided once.
        assert!(
            c::insert_decision(conn, decision(org, &i2, 2025, 1))
                .await
                .is_err(),
            "[{name}]"
        );
        assert!(
            c::insert_decision(conn, decision(org, &i1, 2025, 2))
                .await
                .is_err(),
            "[{name}]"
        );
        let numbers: Vec<String> = c::decisions(conn, org)
            .await
            .unwrap()
            .into_iter()
            .map(|d| d.number)
            .collect();
        assert_eq!(numbers, ["2026-01", "2025-01"], "[{name}]");
        assert!(c::decisions(conn, other).await.unwrap().is_empty());

        c::delete_agenda_item(conn, org, i2.id).await.unwrap();
        assert_eq!(
            c::agenda(conn, org, &[old.id]).await.unwrap().len(),
            1,
            "[{name}]"
        );
        let mut held = old.clone();
        held.minutes = "議事録".into();
        held.minutes_approved_in = Some(new.id);
        assert!(c::update_meeting(conn, held).await.unwrap());
        let back = c::get_meeting(conn, org, old.id).await.unwrap().unwrap();
        assert_eq!(back.minutes_approved_in, Some(new.id), "[{name}]");
        assert!(c::get_meeting(conn, other, old.id).await.unwrap().is_none());
    }
}

//! The asset register's queries on SQLite and PostgreSQL: filters, need-to-know
//! visibility, required-protection updates, relations and tenancy.

use std::collections::HashMap;

use crate::common::{dept, new_org, stores, t};
use mamori_store::Store;
use mamori_store::entity::{asset, asset_relation, classification_scheme};
use uuid::Uuid;

async fn scheme(store: &Store, org_id: Uuid) -> Uuid {
    let id = Uuid::now_v7();
    let tx = store.begin_write().await.unwrap();
    mamori_store::classification::insert(
        &*tx,
        classification_scheme::Model {
            id,
            org_id,
            name: "test".into(),
            preset: None,
            body: "{}".into(),
            active: true,
            created_at: t("2026-04-01T00:00:00Z"),
            updated_at: t("2026-04-01T00:00:00Z"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// An asset row with the fields the tests vary; the rest blank.
fn row(org_id: Uuid, scheme_id: Uuid, number: &str, name: &str) -> asset::Model {
    asset::Model {
        id: Uuid::now_v7(),
        org_id,
        number: number.into(),
        number_seq: None,
        kind: "data_electronic".into(),
        name: name.into(),
        description: String::new(),
        business_process: String::new(),
        department_id: None,
        owner_staff_id: None,
        user_scope: String::new(),
        medium: String::new(),
        location: String::new(),
        network_layer: "none".into(),
        provider: String::new(),
        contractor: String::new(),
        retention: None,
        registered_on: None,
        review_on: None,
        status: "in_use".into(),
        notes: String::new(),
        model: String::new(),
        serial: String::new(),
        asset_tag: String::new(),
        vendor: String::new(),
        version: String::new(),
        licence: String::new(),
        segment: String::new(),
        address_range: String::new(),
        building: String::new(),
        room: String::new(),
        scheme_id,
        c_level: "1".into(),
        i_level: "1".into(),
        a_level: "1".into(),
        c_rank: 1,
        i_rank: 1,
        a_rank: 1,
        importance: 1,
        req_c: 1,
        req_i: 1,
        req_a: 1,
        personal_data: "none".into(),
        ordinance_sensitive: false,
        persons: None,
        restricted: false,
        search_key: mamori_domain::text::search_key(&format!("{number} {name}")),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
        rev: 0,
    }
}

fn numbers(items: &[asset::Model]) -> Vec<&str> {
    items.iter().map(|a| a.number.as_str()).collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tenancy_revisions_required_protection_and_relations() {
    for (label, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "011002").await;
        let s = scheme(&store, org).await;
        let s2 = scheme(&store, other).await;
        let (d1, d2) = (
            dept(&store, org, "100").await,
            dept(&store, org, "200").await,
        );
        let owner = Uuid::now_v7();
        let tx = store.begin_write().await.unwrap();
        mamori_store::staff::insert(
            &*tx,
            mamori_store::entity::staff::Model {
                id: owner,
                org_id: org,
                employee_number: "1001".into(),
                name: "担当 花子".into(),
                kana: "タントウ ハナコ".into(),
                email: None,
                department_id: Some(d1),
                category: "regular".into(),
                part_time: false,
                start_date: None,
                end_date: None,
                retired: false,
                search_key: String::new(),
                created_at: t("2026-04-01T00:00:00Z"),
                updated_at: t("2026-04-01T00:00:00Z"),
            },
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        let mut a1 = row(org, s, "A-000001", "住民基本台帳");
        a1.department_id = Some(d1);
        a1.restricted = true;
        a1.personal_data = "my_number".into();
        a1.c_level = "3B".into();
        a1.c_rank = 4;
        a1.req_c = 4;
        a1.importance = 3;
        let mut a2 = row(org, s, "A-000002", "庁内報 100%版");
        a2.department_id = Some(d2);
        a2.review_on = Some(chrono::NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
        let mut a3 = row(org, s, "A-000003", "健康診断結果");
        a3.department_id = Some(d2);
        a3.restricted = true;
        a3.personal_data = "sensitive".into();
        a3.owner_staff_id = Some(owner);
        let mut h1 = row(org, s, "H-0001", "サーバ");
        h1.kind = "hardware".into();
        let b1 = row(other, s2, "A-000001", "他団体の台帳");
        let tx = store.begin_write().await.unwrap();
        mamori_store::assets::insert_many(
            &*tx,
            vec![a1.clone(), a2.clone(), a3.clone(), h1.clone(), b1.clone()],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let conn = store.conn();

        // Tenancy: the other organization's A-000001 never appears.
        let all = mamori_store::assets::all(conn, org, None).await.unwrap();
        assert_eq!(
            numbers(&all),
            ["A-000001", "A-000002", "A-000003", "H-0001"],
            "[{label}]"
        );
        assert!(
            mamori_store::assets::by_ids(conn, other, &[a1.id])
                .await
                .unwrap()
                .is_empty(),
            "[{label}] ids of another organization find nothing"
        );

        // Revisions: one write stamps its rows; reading above a revision gives exactly
        // what was written after it, within the organization.
        let after_insert = mamori_store::assets::head_rev(conn, org).await.unwrap();
        assert!(after_insert > 0, "[{label}]");
        let mut since_start: Vec<String> =
            mamori_store::assets::changed_since(conn, org, 0, None, 100)
                .await
                .unwrap()
                .into_iter()
                .map(|r| r.number)
                .collect();
        since_start.sort();
        assert_eq!(since_start, ["A-000001", "A-000002", "A-000003", "H-0001"]);
        // Read in pages of two by id, the same four come back once each.
        let first = mamori_store::assets::changed_since(conn, org, 0, None, 2)
            .await
            .unwrap();
        let rest = mamori_store::assets::changed_since(conn, org, 0, first.last().map(|r| r.id), 2)
            .await
            .unwrap();
        let mut paged: Vec<String> = first
            .iter()
            .chain(&rest)
            .map(|r| r.number.clone())
            .collect();
        paged.sort();
        assert_eq!(paged, since_start, "[{label}]");
        assert!(first[0].id < first[1].id && first[1].id < rest[0].id);
        assert!(
            mamori_store::assets::changed_since(conn, org, after_insert, None, 100)
                .await
                .unwrap()
                .is_empty()
        );
        let mut renamed = a2.clone();
        renamed.name = "庁内報 改訂版".into();
        let tx = store.begin_write().await.unwrap();
        assert!(mamori_store::assets::update(&*tx, renamed).await.unwrap());
        tx.commit().await.unwrap();
        let after_update = mamori_store::assets::head_rev(conn, org).await.unwrap();
        assert!(after_update > after_insert, "[{label}]");
        let changed = mamori_store::assets::changed_since(conn, org, after_insert, None, 100)
            .await
            .unwrap();
        assert_eq!(changed.len(), 1, "[{label}]");
        assert_eq!(changed[0].name, "庁内報 改訂版");
        assert_eq!(changed[0].restricted, a2.restricted);
        assert_eq!(
            mamori_store::assets::head_rev(conn, other).await.unwrap(),
            1,
            "[{label}] the other organization counts its own writes"
        );
        let by_kind: HashMap<String, i64> =
            mamori_store::assets::count_by(conn, org, asset::Column::Kind, s)
                .await
                .unwrap()
                .into_iter()
                .collect();
        assert_eq!(by_kind.get("data_electronic"), Some(&3), "[{label}]");
        assert_eq!(by_kind.get("hardware"), Some(&1));

        // Relations and required protection: the server holds A-000001.
        let tx = store.begin_write().await.unwrap();
        let rel = asset_relation::Model {
            id: Uuid::now_v7(),
            org_id: org,
            from_id: a1.id,
            to_id: h1.id,
            kind: "stored_on".into(),
            note: String::new(),
            created_at: t("2026-04-01T00:00:00Z"),
        };
        mamori_store::assets::insert_relation(&*tx, rel.clone())
            .await
            .unwrap();
        let raised: HashMap<Uuid, [i16; 3]> = [(h1.id, [4, 1, 1])].into();
        mamori_store::assets::set_required(&*tx, org, &raised)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            mamori_store::assets::edges_at(conn, org, &[a1.id], true)
                .await
                .unwrap(),
            vec![(a1.id, h1.id)]
        );
        assert_eq!(
            mamori_store::assets::edges_at(conn, org, &[h1.id], false)
                .await
                .unwrap(),
            vec![(a1.id, h1.id)]
        );
        let ranks = mamori_store::assets::ranks(conn, org, None).await.unwrap();
        assert_eq!(ranks[&h1.id].required, [4, 1, 1], "[{label}]");
        assert_eq!(ranks[&h1.id].own, [1, 1, 1]);
        let raised_rows = mamori_store::assets::changed_since(conn, org, after_update, None, 100)
            .await
            .unwrap();
        assert_eq!(
            raised_rows.len(),
            1,
            "[{label}] only the raised asset is restamped"
        );
        assert_eq!(
            (
                raised_rows[0].id,
                raised_rows[0].req_c,
                raised_rows[0].c_rank
            ),
            (h1.id, 4, 1)
        );
        assert!(
            mamori_store::assets::delete_relation(conn, other, rel.id)
                .await
                .unwrap()
                .is_none(),
            "another organization cannot delete the relation"
        );
        assert_eq!(
            mamori_store::assets::relations_of(conn, org, h1.id)
                .await
                .unwrap()
                .len(),
            1
        );
        assert_eq!(mamori_store::assets::max_seq(conn, org).await.unwrap(), 0);
    }
}

#[tokio::test]
async fn a_scheme_is_rewritten_only_within_its_organization() {
    for (name, store, _dir) in stores().await {
        let a = new_org(&store, "131016").await;
        let b = new_org(&store, "132012").await;
        let id = scheme(&store, a).await;
        let row = mamori_store::classification::get(store.conn(), a, id)
            .await
            .unwrap()
            .unwrap();
        let tx = store.begin_write().await.unwrap();
        let foreign = classification_scheme::Model {
            org_id: b,
            name: "書き換え".into(),
            ..row.clone()
        };
        assert!(
            !mamori_store::classification::update(&*tx, foreign)
                .await
                .unwrap(),
            "[{name}] another organization's scheme is not touched"
        );
        let own = classification_scheme::Model {
            name: "改訂".into(),
            ..row
        };
        assert!(
            mamori_store::classification::update(&*tx, own)
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
        let now = mamori_store::classification::get(store.conn(), a, id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(now.name, "改訂", "[{name}]");
        assert_eq!(now.org_id, a, "[{name}]");
    }
}

//! The store's conformance suite: every test runs on SQLite and on PostgreSQL (a
//! throwaway cluster the test kit starts, or `MAMORI_TEST_PG_URL`). Without PostgreSQL
//! the PG half is skipped loudly; with `MAMORI_REQUIRE_PG=1` that is a failure.

use mamori_domain::audit::ChainFault;
use mamori_store::audit::{NewEntry, verify_chain};
use mamori_store::entity::{audit_log, staff};
use mamori_store::staff::StaffFilter;
use mamori_store::{PageRequest, Store, StoreError};
use sea_orm::sea_query::Query;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn person(org_id: Uuid, number: &str, name: &str, kana: &str) -> staff::Model {
    staff::Model {
        id: Uuid::now_v7(),
        org_id,
        employee_number: number.into(),
        name: name.into(),
        kana: kana.into(),
        email: None,
        department_id: None,
        category: "regular".into(),
        part_time: false,
        start_date: None,
        end_date: None,
        retired: false,
        search_key: mamori_domain::staff::search_key(number, name, kana),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

fn entry(n: usize) -> NewEntry {
    NewEntry {
        entry_id: Uuid::now_v7(),
        at: t("2026-04-01T09:00:00.123456Z") + chrono::Duration::seconds(n as i64),
        actor: "user:ciso".into(),
        source: "192.0.2.1".into(),
        action: "staff.update".into(),
        object_type: "staff".into(),
        object_id: format!("obj-{n}"),
        changes: format!(r#"[{{"field":"name","before":"山田{n}","after":"山田 太郎{n}"}}]"#),
    }
}

async fn append_n(store: &Store, org_id: Uuid, n: usize) {
    let tx = store.begin_write().await.unwrap();
    for i in 0..n {
        mamori_store::audit::append(&*tx, org_id, entry(i))
            .await
            .unwrap();
    }
    tx.commit().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn migrations_are_recorded_and_newer_schemas_refused() {
    for (name, store, _dir) in stores().await {
        let v = mamori_store::migrations::current_version(&store)
            .await
            .unwrap();
        assert_eq!(v, mamori_store::migrations::latest_version(), "[{name}]");
        let again = mamori_store::migrations::migrate(&store).await.unwrap();
        assert!(
            again.applied.is_empty(),
            "[{name}] migrating twice applies nothing"
        );
        mamori_store::migrations::record_version(&store, v + 1, "from the future")
            .await
            .unwrap();
        match mamori_store::migrations::migrate(&store).await {
            Err(StoreError::SchemaTooNew { found, known }) => {
                assert_eq!((found, known), (v + 1, v), "[{name}]");
            }
            other => panic!("[{name}] a newer schema must be refused, got {other:?}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_query_is_scoped_to_its_organization() {
    for (name, store, _dir) in stores().await {
        let a = new_org(&store, "131016").await;
        let b = new_org(&store, "011002").await;
        let tx = store.begin_write().await.unwrap();
        mamori_store::staff::insert(&*tx, person(a, "A1", "山田 太郎", "ヤマダ タロウ"))
            .await
            .unwrap();
        let shared_number = person(b, "A1", "佐藤 花子", "サトウ ハナコ");
        let b_id = shared_number.id;
        mamori_store::staff::insert(&*tx, shared_number)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let conn = store.conn();
        let page =
            mamori_store::staff::list(conn, a, &StaffFilter::default(), PageRequest::default())
                .await
                .unwrap();
        assert_eq!(page.total, 1, "[{name}]");
        assert_eq!(page.items[0].name, "山田 太郎");
        assert!(
            mamori_store::staff::get(conn, a, b_id)
                .await
                .unwrap()
                .is_none(),
            "[{name}] another org's row is invisible by id"
        );
        assert_eq!(
            mamori_store::staff::by_number(conn, b, "A1")
                .await
                .unwrap()
                .unwrap()
                .name,
            "佐藤 花子"
        );
        let mut foreign = mamori_store::staff::get(conn, b, b_id)
            .await
            .unwrap()
            .unwrap();
        foreign.org_id = a;
        foreign.name = "乗っ取り".into();
        assert!(
            !mamori_store::staff::update(conn, foreign).await.unwrap(),
            "[{name}] an update cannot cross organizations"
        );
        // The same employee number twice in one organization is refused by the database.
        let tx = store.begin_write().await.unwrap();
        assert!(
            mamori_store::staff::insert(&*tx, person(a, "A1", "重複", ""))
                .await
                .is_err(),
            "[{name}]"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn search_sort_and_pagination() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let people: Vec<staff::Model> = (0..120)
            .map(|i| {
                person(
                    org,
                    &format!("{:06}", 200000 + i),
                    &format!("職員 {i}"),
                    if i % 10 == 0 {
                        "ヤマダ ハナコ"
                    } else {
                        "スズキ イチロウ"
                    },
                )
            })
            .collect();
        let tx = store.begin_write().await.unwrap();
        mamori_store::staff::insert_many(&*tx, people)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let conn = store.conn();
        let f = StaffFilter {
            search_key: Some(mamori_domain::text::search_key("やまだ")),
            ..Default::default()
        };
        let page = mamori_store::staff::list(conn, org, &f, PageRequest::new(Some(1), Some(5)))
            .await
            .unwrap();
        assert_eq!(page.total, 12, "[{name}] kana search");
        assert_eq!(page.items.len(), 5);
        assert_eq!(page.pages(), 3);
        let short = StaffFilter {
            search_key: Some(mamori_domain::text::search_key("はな")),
            ..Default::default()
        };
        assert_eq!(
            mamori_store::staff::count(conn, org, &short).await.unwrap(),
            12,
            "[{name}] a two-character query, too short for the trigram index"
        );
        let wild = StaffFilter {
            search_key: Some("%".into()),
            ..Default::default()
        };
        assert_eq!(
            mamori_store::staff::count(conn, org, &wild).await.unwrap(),
            0,
            "[{name}] LIKE wildcards typed by users are literal"
        );
        let last = mamori_store::staff::list(
            conn,
            org,
            &StaffFilter::default(),
            PageRequest::new(Some(3), Some(50)),
        )
        .await
        .unwrap();
        assert_eq!(last.items.len(), 20);
        assert_eq!(
            last.items[0].employee_number, "200100",
            "[{name}] ordered by number"
        );
    }
}

async fn tamper<F>(store: &Store, org_id: Uuid, seq: i64, f: F)
where
    F: FnOnce(&mut audit_log::Model),
{
    let conn = store.conn();
    let mut row = audit_log::Entity::find()
        .filter(audit_log::Column::OrgId.eq(org_id))
        .filter(audit_log::Column::Seq.eq(seq))
        .one(conn)
        .await
        .unwrap()
        .unwrap();
    f(&mut row);
    let q = Query::update()
        .table(audit_log::Entity)
        .values([
            (audit_log::Column::EntryId, row.entry_id.clone().into()),
            (audit_log::Column::At, row.at.clone().into()),
            (audit_log::Column::Actor, row.actor.clone().into()),
            (audit_log::Column::Source, row.source.clone().into()),
            (audit_log::Column::Action, row.action.clone().into()),
            (
                audit_log::Column::ObjectType,
                row.object_type.clone().into(),
            ),
            (audit_log::Column::ObjectId, row.object_id.clone().into()),
            (audit_log::Column::Changes, row.changes.clone().into()),
            (audit_log::Column::PrevHash, row.prev_hash.clone().into()),
            (audit_log::Column::Hash, row.hash.clone().into()),
        ])
        .and_where(audit_log::Column::OrgId.eq(org_id))
        .and_where(audit_log::Column::Seq.eq(seq))
        .to_owned();
    conn.execute(&q).await.unwrap();
}

/// Changes one byte of a text value (the last character, to another ASCII letter).
fn flip(s: &mut String) {
    let last = s.pop().unwrap_or('a');
    s.push(if last == 'x' { 'y' } else { 'x' });
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn tampering_with_any_audited_column_is_found_and_named() {
    type Edit = fn(&mut audit_log::Model);
    let edits: [(&str, Edit); 10] = [
        ("entry_id", |m| flip(&mut m.entry_id)),
        ("at", |m| m.at = m.at.replace("09:00", "09:01")),
        ("actor", |m| flip(&mut m.actor)),
        ("source", |m| flip(&mut m.source)),
        ("action", |m| flip(&mut m.action)),
        ("object_type", |m| flip(&mut m.object_type)),
        ("object_id", |m| flip(&mut m.object_id)),
        ("changes", |m| m.changes = m.changes.replace("太郎", "次郎")),
        ("prev_hash", |m| flip(&mut m.prev_hash)),
        ("hash", |m| flip(&mut m.hash)),
    ];
    for (name, store, _dir) in stores().await {
        for (i, (column, edit)) in edits.into_iter().enumerate() {
            let org = new_org(&store, &format!("{:06}", 100000 + i)).await;
            append_n(&store, org, 6).await;
            assert_eq!(
                verify_chain(store.conn(), org).await.unwrap().fault,
                None,
                "[{name}] intact before"
            );
            tamper(&store, org, 4, edit).await;
            let r = verify_chain(store.conn(), org).await.unwrap();
            let fault = r
                .fault
                .unwrap_or_else(|| panic!("[{name}] a change to {column} must be found"));
            assert_eq!(
                fault.seq(),
                4,
                "[{name}] {column}: the altered entry is named: {fault}"
            );
            // Clean up so each column gets its own fresh chain.
            audit_log::Entity::delete_many()
                .filter(audit_log::Column::OrgId.eq(org))
                .exec(store.conn())
                .await
                .unwrap();
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleted_swapped_and_truncated_entries_are_found() {
    for (name, store, _dir) in stores().await {
        // Deleting an entry in the middle.
        let org = new_org(&store, "131016").await;
        append_n(&store, org, 5).await;
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::OrgId.eq(org))
            .filter(audit_log::Column::Seq.eq(3))
            .exec(store.conn())
            .await
            .unwrap();
        let fault = verify_chain(store.conn(), org)
            .await
            .unwrap()
            .fault
            .unwrap();
        assert_eq!(
            fault,
            ChainFault::MissingSeq {
                expected: 3,
                found: 4
            },
            "[{name}]"
        );

        // Swapping two entries' contents (keeping sequence numbers).
        let org = new_org(&store, "011002").await;
        append_n(&store, org, 5).await;
        let rows = audit_log::Entity::find()
            .filter(audit_log::Column::OrgId.eq(org))
            .all(store.conn())
            .await
            .unwrap();
        let (two, three) = (
            rows.iter().find(|r| r.seq == 2).unwrap().clone(),
            rows.iter().find(|r| r.seq == 3).unwrap().clone(),
        );
        tamper(&store, org, 2, |m| {
            *m = audit_log::Model {
                seq: 2,
                ..three.clone()
            }
        })
        .await;
        tamper(&store, org, 3, |m| {
            *m = audit_log::Model {
                seq: 3,
                ..two.clone()
            }
        })
        .await;
        let fault = verify_chain(store.conn(), org)
            .await
            .unwrap()
            .fault
            .unwrap();
        assert_eq!(
            fault.seq(),
            2,
            "[{name}] swap found at the first swapped entry: {fault}"
        );

        // Cutting off the newest entry is caught by the chain head.
        let org = new_org(&store, "010006").await;
        append_n(&store, org, 4).await;
        audit_log::Entity::delete_many()
            .filter(audit_log::Column::OrgId.eq(org))
            .filter(audit_log::Column::Seq.eq(4))
            .exec(store.conn())
            .await
            .unwrap();
        let fault = verify_chain(store.conn(), org)
            .await
            .unwrap()
            .fault
            .unwrap();
        assert_eq!(
            fault,
            ChainFault::MissingSeq {
                expected: 4,
                found: 4
            },
            "[{name}]"
        );
    }
}

/// Two "app servers" (separate pools) append to one organization at once: the result
/// is still one gap-free, valid chain.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_writers_produce_one_valid_chain() {
    for (name, store, dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let second = match &dir {
            Some(_) => store.clone(),
            None => Store::connect(&pg_url_of(&store), 8)
                .await
                .unwrap_or_else(|_| store.clone()),
        };
        let mut tasks = Vec::new();
        for w in 0..8 {
            let s = if w % 2 == 0 {
                store.clone()
            } else {
                second.clone()
            };
            tasks.push(tokio::spawn(async move {
                for i in 0..25 {
                    let tx = s.begin_write().await.unwrap();
                    mamori_store::audit::append(&*tx, org, entry(w * 100 + i))
                        .await
                        .unwrap();
                    tx.commit().await.unwrap();
                }
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let r = verify_chain(store.conn(), org).await.unwrap();
        assert_eq!(r.fault, None, "[{name}]");
        assert_eq!(r.entries, 200, "[{name}]");
        assert_eq!(r.head_seq, 200);
    }
}

fn pg_url_of(store: &Store) -> String {
    store.url().to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn batch_append_continues_the_chain() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        append_n(&store, org, 3).await;
        let tx = store.begin_write().await.unwrap();
        let last = mamori_store::audit::append_many(&*tx, org, (0..2500).map(entry).collect())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(last, 2503);
        let r = verify_chain(store.conn(), org).await.unwrap();
        assert_eq!((r.fault, r.entries), (None, 2503), "[{name}]");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn rolled_back_writes_leave_no_audit_entry() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        {
            let tx = store.begin_write().await.unwrap();
            mamori_store::staff::insert(&*tx, person(org, "X1", "取消 太郎", ""))
                .await
                .unwrap();
            mamori_store::audit::append(&*tx, org, entry(1))
                .await
                .unwrap();
            // dropped without commit
        }
        let r = verify_chain(store.conn(), org).await.unwrap();
        assert_eq!((r.entries, r.fault), (0, None), "[{name}]");
        assert!(
            mamori_store::staff::by_number(store.conn(), org, "X1")
                .await
                .unwrap()
                .is_none()
        );
        append_n(&store, org, 1).await;
        assert_eq!(
            verify_chain(store.conn(), org).await.unwrap().head_seq,
            1,
            "[{name}] no gap after a rollback"
        );
    }
}

#[tokio::test]
async fn staff_and_departments_are_written_only_within_their_organization() {
    for (name, store, _dir) in stores().await {
        let a = new_org(&store, "131016").await;
        let b = new_org(&store, "132012").await;
        let dept = crate::common::dept(&store, a, "100").await;
        let mut s = person(a, "A-1", "山田 太郎", "やまだ たろう");
        s.department_id = Some(dept);
        let tx = store.begin_write().await.unwrap();
        mamori_store::staff::insert(&*tx, s.clone()).await.unwrap();
        tx.commit().await.unwrap();
        let conn = store.conn();

        // Addressed as another organization's row, a write finds nothing and changes nothing.
        let tx = store.begin_write().await.unwrap();
        let foreign = staff::Model {
            org_id: b,
            name: "書き換え".into(),
            ..s.clone()
        };
        assert!(
            !mamori_store::staff::update(&*tx, foreign).await.unwrap(),
            "[{name}]"
        );
        let d = mamori_store::departments::get(&*tx, a, dept)
            .await
            .unwrap()
            .unwrap();
        let foreign_dept = mamori_store::entity::department::Model {
            org_id: b,
            name: "書き換え".into(),
            ..d.clone()
        };
        assert!(
            !mamori_store::departments::update(&*tx, foreign_dept)
                .await
                .unwrap(),
            "[{name}]"
        );
        tx.commit().await.unwrap();
        let kept = mamori_store::staff::get(conn, a, s.id)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.name, "山田 太郎", "[{name}]");
        let kept = mamori_store::departments::get(conn, a, dept)
            .await
            .unwrap()
            .unwrap();
        assert_eq!(kept.name, d.name, "[{name}]");

        // And reads by id see only the asking organization's rows.
        assert!(
            mamori_store::staff::get(conn, b, s.id)
                .await
                .unwrap()
                .is_none(),
            "[{name}]"
        );
        assert!(
            mamori_store::departments::get(conn, b, dept)
                .await
                .unwrap()
                .is_none()
        );
        let ids = [s.id, Uuid::now_v7()];
        assert!(
            mamori_store::staff::by_ids(conn, b, &ids)
                .await
                .unwrap()
                .is_empty()
        );
        let mine = mamori_store::staff::by_ids(conn, a, &ids).await.unwrap();
        assert_eq!(
            mine.iter().map(|m| m.id).collect::<Vec<_>>(),
            vec![s.id],
            "[{name}]"
        );
    }
}

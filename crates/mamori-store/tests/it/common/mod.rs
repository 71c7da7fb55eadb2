//! Shared by the store's test binaries: both backends, and a fresh organization.

#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Utc};
use mamori_store::Store;
use mamori_store::entity::{department, org};
use uuid::Uuid;

/// Stores to run a test against: SQLite in a temp dir, and PostgreSQL when available.
pub async fn stores() -> Vec<(String, Store, Option<tempfile::TempDir>)> {
    let dir = tempfile::tempdir().unwrap();
    let url = mamori_store::sqlite_url_for_dir(dir.path()).unwrap();
    let mut out = vec![(
        "sqlite".to_owned(),
        Store::open(&url, 8).await.unwrap(),
        Some(dir),
    )];
    if let Some(pg) = mamori_testkit::pg::fresh_database() {
        out.push((
            "postgres".to_owned(),
            Store::open(&pg, 8).await.unwrap(),
            None,
        ));
    }
    out
}

pub fn t(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

pub async fn new_org(store: &Store, code: &str) -> Uuid {
    let id = Uuid::now_v7();
    let tx = store.begin_write().await.unwrap();
    mamori_store::orgs::insert(
        &*tx,
        org::Model {
            id,
            name: format!("org {code}"),
            code: code.into(),
            prefecture_code: 13,
            settings: "{}".into(),
            created_at: t("2026-04-01T00:00:00Z"),
            updated_at: t("2026-04-01T00:00:00Z"),
        },
    )
    .await
    .unwrap();
    mamori_store::audit::init_chain(&*tx, id).await.unwrap();
    tx.commit().await.unwrap();
    id
}

/// A section of `org_id` with code `code`.
pub async fn dept(store: &Store, org_id: Uuid, code: &str) -> Uuid {
    let id = Uuid::now_v7();
    let tx = store.begin_write().await.unwrap();
    mamori_store::departments::insert(
        &*tx,
        department::Model {
            id,
            org_id,
            code: code.into(),
            name: format!("課{code}"),
            kind: "section".into(),
            parent_id: None,
            valid_from: None,
            valid_to: None,
            sort_order: 0,
            created_at: t("2026-04-01T00:00:00Z"),
            updated_at: t("2026-04-01T00:00:00Z"),
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// A staff member of `org_id` numbered `n`, in no department.
pub async fn staff(store: &Store, org_id: Uuid, n: &str) -> Uuid {
    let id = Uuid::now_v7();
    let now = t("2026-04-01T00:00:00Z");
    let tx = store.begin_write().await.unwrap();
    mamori_store::staff::insert(
        &*tx,
        mamori_store::entity::staff::Model {
            id,
            org_id,
            employee_number: n.into(),
            name: format!("職員 {n}"),
            kana: String::new(),
            email: None,
            department_id: None,
            category: "regular".into(),
            part_time: false,
            start_date: None,
            end_date: None,
            retired: false,
            search_key: String::new(),
            created_at: now,
            updated_at: now,
        },
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

//! Connection settings on SQLite and PostgreSQL: one row per kind, and a revision that
//! rises with every save of any kind — also when a setting is cleared — so another
//! server notices the change by reading one number.

use mamori_store::settings::{Put, all, get, put, revision};

use crate::common::{new_org, stores, t};

#[tokio::test]
async fn each_save_raises_the_installation_revision_and_replaces_its_kind() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let conn = store.conn();
        assert_eq!(
            revision(conn).await.unwrap(),
            0,
            "{name}: nothing saved yet"
        );
        let save = |kind: &'static str, fields: &str, secret: Option<&str>| Put {
            kind,
            org_id: org,
            fields: fields.into(),
            secret: secret.map(str::to_owned),
            at: t("2026-04-01T00:00:00Z"),
            by: "admin",
        };
        let tx = store.begin_write().await.unwrap();
        let d = put(&*tx, save("directory", r#"{"a":1}"#, Some("sealed")))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(d.revision, 1, "{name}");

        let tx = store.begin_write().await.unwrap();
        put(&*tx, save("mail", r#"{"m":1}"#, None)).await.unwrap();
        let d2 = put(&*tx, save("directory", r#"{"a":2}"#, None))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            d2.revision, 3,
            "{name}: revisions count saves of every kind"
        );
        assert_eq!(revision(conn).await.unwrap(), 3, "{name}");

        let stored = get(conn, "directory").await.unwrap().unwrap();
        assert_eq!(stored.fields, r#"{"a":2}"#, "{name}: replaced, not added");
        assert_eq!(stored.secret, None, "{name}");
        assert_eq!(all(conn).await.unwrap().len(), 2, "{name}");

        let tx = store.begin_write().await.unwrap();
        put(&*tx, save("mail", "null", None)).await.unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            revision(conn).await.unwrap(),
            4,
            "{name}: clearing is a save"
        );
        assert_eq!(get(conn, "oidc").await.unwrap(), None, "{name}");
    }
}

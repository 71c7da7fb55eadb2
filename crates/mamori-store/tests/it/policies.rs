//! Policy documents on SQLite and PostgreSQL: numbers per organization, version heads
//! without their text, sections replaced when a draft's text changes, a discarded
//! draft leaving nothing behind, attachments listed without their bytes, and an
//! organization found by its code for the public page.

use mamori_store::Store;
use mamori_store::entity::{policy_attachment, policy_document, policy_section, policy_version};
use mamori_store::policies::{
    attachment, attachments, delete_version, document_by_number, documents, get_version,
    insert_attachment, insert_document, insert_version, next_document_number, sections,
    update_version, version_heads,
};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

async fn document(store: &Store, org: Uuid, title: &str) -> policy_document::Model {
    let tx = store.begin_write().await.unwrap();
    let number = next_document_number(&*tx, org).await.unwrap();
    let m = policy_document::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number,
        tier: "standards".into(),
        title: title.into(),
        disclosure: "internal".into(),
        department_id: None,
        governs: String::new(),
        created_at: t("2026-06-01T00:00:00Z"),
        updated_at: t("2026-06-01T00:00:00Z"),
    };
    insert_document(&*tx, m.clone()).await.unwrap();
    tx.commit().await.unwrap();
    m
}

fn version(d: &policy_document::Model, n: i32, body: &str) -> policy_version::Model {
    policy_version::Model {
        id: Uuid::now_v7(),
        org_id: d.org_id,
        document_id: d.id,
        version: n,
        state: "draft".into(),
        title: d.title.clone(),
        body: body.into(),
        text_hash: format!("hash-{n}"),
        note: String::new(),
        meeting: String::new(),
        decided_on: None,
        decision_no: String::new(),
        effective_on: None,
        created_by: "user:test".into(),
        approved_by: None,
        created_at: t("2026-06-01T00:00:00Z"),
        updated_at: t("2026-06-01T00:00:00Z"),
    }
}

fn section(v: &policy_version::Model, position: i32, number: &str) -> policy_section::Model {
    policy_section::Model {
        id: Uuid::now_v7(),
        org_id: v.org_id,
        version_id: v.id,
        position,
        number: number.into(),
        depth: 1,
        heading: format!("{number} 見出し"),
        body: "本文".into(),
    }
}

#[tokio::test]
async fn policy_documents_versions_and_sections_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let a = document(&store, org, "基本方針").await;
        let b = document(&store, org, "対策基準").await;
        let theirs = document(&store, other, "よその基本方針").await;
        assert_eq!(
            (a.number, b.number, theirs.number),
            (1, 2, 1),
            "[{name}] numbered per organization"
        );
        assert_eq!(
            documents(store.conn(), org).await.unwrap().len(),
            2,
            "[{name}]"
        );
        assert_eq!(
            document_by_number(store.conn(), org, 2)
                .await
                .unwrap()
                .unwrap()
                .id,
            b.id
        );
        assert!(
            document_by_number(store.conn(), other, 2)
                .await
                .unwrap()
                .is_none()
        );

        let v1 = version(&a, 1, "## 1 目的\n");
        let v2 = version(&a, 2, "## 1 目的\n## 2 範囲\n");
        let tx = store.begin_write().await.unwrap();
        insert_version(&*tx, v1.clone(), vec![section(&v1, 0, "1")])
            .await
            .unwrap();
        insert_version(
            &*tx,
            v2.clone(),
            vec![section(&v2, 0, "1"), section(&v2, 1, "2")],
        )
        .await
        .unwrap();
        insert_version(&*tx, version(&theirs, 1, "x"), Vec::new())
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let heads = version_heads(store.conn(), org, None).await.unwrap();
        assert_eq!(heads.len(), 2, "[{name}] only the organization's versions");
        assert_eq!(heads.iter().map(|h| h.version).collect::<Vec<_>>(), [1, 2]);
        assert!(
            version_heads(store.conn(), org, Some(b.id))
                .await
                .unwrap()
                .is_empty()
        );

        // A draft's new text replaces its sections.
        let mut changed = v2.clone();
        changed.body = "## 3 評価\n".into();
        let tx = store.begin_write().await.unwrap();
        update_version(&*tx, changed.clone(), Some(vec![section(&changed, 0, "3")]))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let got = sections(store.conn(), org, v2.id).await.unwrap();
        assert_eq!(
            got.iter().map(|s| s.number.as_str()).collect::<Vec<_>>(),
            ["3"],
            "[{name}]"
        );
        assert_eq!(
            get_version(store.conn(), org, a.id, 2)
                .await
                .unwrap()
                .unwrap()
                .body,
            "## 3 評価\n"
        );
        assert!(
            get_version(store.conn(), other, a.id, 2)
                .await
                .unwrap()
                .is_none(),
            "[{name}] not across organizations"
        );

        // Attachments are listed without their bytes; discarding a draft takes them
        // and its sections along.
        let file = policy_attachment::Model {
            id: Uuid::now_v7(),
            org_id: org,
            version_id: v2.id,
            file_name: "原本.pdf".into(),
            file_type: "pdf".into(),
            size: 5,
            sha256: "ab".into(),
            body: b"%PDF-".to_vec(),
            uploaded_by: "user:test".into(),
            uploaded_at: t("2026-06-02T00:00:00Z"),
        };
        let tx = store.begin_write().await.unwrap();
        insert_attachment(&*tx, file.clone()).await.unwrap();
        tx.commit().await.unwrap();
        let listed = attachments(store.conn(), org, v2.id).await.unwrap();
        assert_eq!(listed.len(), 1);
        assert_eq!(
            attachment(store.conn(), org, file.id)
                .await
                .unwrap()
                .unwrap()
                .body,
            b"%PDF-"
        );
        assert!(
            attachment(store.conn(), other, file.id)
                .await
                .unwrap()
                .is_none()
        );
        let tx = store.begin_write().await.unwrap();
        delete_version(&*tx, org, v2.id).await.unwrap();
        tx.commit().await.unwrap();
        assert!(
            sections(store.conn(), org, v2.id).await.unwrap().is_empty(),
            "[{name}]"
        );
        assert!(
            attachment(store.conn(), org, file.id)
                .await
                .unwrap()
                .is_none(),
            "[{name}]"
        );
        assert_eq!(
            version_heads(store.conn(), org, Some(a.id))
                .await
                .unwrap()
                .len(),
            1
        );

        let found = mamori_store::orgs::by_code(store.conn(), "132012")
            .await
            .unwrap()
            .unwrap();
        assert_eq!(found.id, other, "[{name}]");
        assert!(
            mamori_store::orgs::by_code(store.conn(), "999999")
                .await
                .unwrap()
                .is_none()
        );
    }
}

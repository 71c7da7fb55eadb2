//! Security events on SQLite and PostgreSQL: folding finds repeats only within the
//! window and only of the same source; the list filters by severity, host, text (with
//! LIKE's wildcards taken literally) and link; a rule's recent drafts are found per
//! host; the purge deletes by the latest repeat, per organization.

use mamori_store::entity::{event_source, security_event};
use mamori_store::events::{
    EventFilter, add_repeats, insert_events, insert_source, list, purge_before,
    recent_by_fingerprint, recent_drafts,
};
use mamori_store::{PageRequest, Store};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

async fn source(store: &Store, org: Uuid, name: &str) -> Uuid {
    let now = t("2026-06-01T00:00:00Z");
    let m = event_source::Model {
        id: Uuid::now_v7(),
        org_id: org,
        name: name.into(),
        kind: "webhook".into(),
        secret: None,
        senders: String::new(),
        enabled: true,
        last_event_at: None,
        created_at: now,
        updated_at: now,
    };
    let tx = store.begin_write().await.unwrap();
    insert_source(&*tx, m.clone()).await.unwrap();
    tx.commit().await.unwrap();
    m.id
}

fn event(
    org: Uuid,
    source: Uuid,
    fp: &str,
    at: &str,
    sev: i32,
    msg: &str,
) -> security_event::Model {
    security_event::Model {
        id: Uuid::now_v7(),
        org_id: org,
        source_id: source,
        fingerprint: fp.into(),
        received_at: t(at),
        last_at: t(at),
        occurred_at: None,
        host: format!("h-{fp}"),
        app: String::new(),
        severity: sev,
        message: msg.into(),
        raw: msg.into(),
        repeats: 1,
        rule_id: None,
        incident_id: None,
    }
}

#[tokio::test]
async fn events_fold_filter_and_purge_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let fw = source(&store, org, "FW").await;
        let edr = source(&store, org, "EDR").await;
        let theirs = source(&store, other, "FW").await;
        let rule = Uuid::now_v7();
        let incident = Uuid::now_v7();
        let mut linked = event(org, edr, "b", "2026-06-01T00:05:00Z", 2, "ransom 100%_done");
        linked.rule_id = Some(rule);
        linked.incident_id = Some(incident);
        let tx = store.begin_write().await.unwrap();
        insert_events(
            &*tx,
            vec![
                event(org, fw, "a", "2026-06-01T00:00:00Z", 4, "port scan"),
                linked,
                event(org, fw, "c", "2026-05-01T00:00:00Z", 6, "old info"),
                event(other, theirs, "a", "2026-06-01T00:00:00Z", 4, "port scan"),
            ],
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();

        // Fold candidates: same source and fingerprint, latest repeat within the window.
        let since = (t("2026-05-31T23:55:00Z"), t("2026-05-31T00:00:00Z"));
        let found = recent_by_fingerprint(store.conn(), fw, vec!["a".into(), "c".into()], since)
            .await
            .unwrap();
        assert_eq!(found.len(), 1, "[{name}] c is too old");
        let first_too_old = (since.0, t("2026-06-01T00:00:01Z"));
        assert!(
            recent_by_fingerprint(store.conn(), fw, vec!["a".into()], first_too_old)
                .await
                .unwrap()
                .is_empty(),
            "[{name}] a row first received before the fold limit takes no more repeats"
        );
        assert!(
            recent_by_fingerprint(store.conn(), edr, vec!["a".into()], since)
                .await
                .unwrap()
                .is_empty(),
            "[{name}] another source's event is not a repeat"
        );
        let tx = store.begin_write().await.unwrap();
        add_repeats(&*tx, found[0].id, 41, t("2026-06-01T00:09:00Z"))
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let page = |f: EventFilter| {
            let store = store.clone();
            async move {
                list(store.conn(), org, &f, PageRequest::new(None, None))
                    .await
                    .unwrap()
                    .items
            }
        };
        let all = page(EventFilter::default()).await;
        assert_eq!(all.len(), 3, "[{name}] only the organization's own");
        assert_eq!(all[0].repeats, 42, "[{name}] latest repeat first");
        let severe = page(EventFilter {
            max_severity: Some(4),
            ..Default::default()
        })
        .await;
        assert_eq!(severe.len(), 2, "[{name}]");
        let text = page(EventFilter {
            text: Some("100%_".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(text.len(), 1, "[{name}] % and _ are literal");
        let upper = page(EventFilter {
            text: Some("RANSOM".into()),
            ..Default::default()
        })
        .await;
        assert_eq!(upper.len(), 1, "[{name}] any ASCII case on both databases");
        let underscore = page(EventFilter {
            text: Some("0_".into()),
            ..Default::default()
        })
        .await;
        assert!(
            underscore.is_empty(),
            "[{name}] _ is not a wildcard (\"100\" has \"00\")"
        );
        assert!(
            page(EventFilter {
                text: Some("0%d".into()),
                ..Default::default()
            })
            .await
            .is_empty()
        );
        let linked = page(EventFilter {
            linked: Some(true),
            ..Default::default()
        })
        .await;
        assert_eq!(linked.len(), 1, "[{name}]");

        let drafts = recent_drafts(
            store.conn(),
            &[(rule, "h-b".into()), (rule, "other".into())],
            t("2026-06-01T00:00:00Z"),
        )
        .await
        .unwrap();
        assert_eq!(drafts.len(), 1, "[{name}]");
        assert_eq!(drafts[0].incident_id, incident);

        let tx = store.begin_write().await.unwrap();
        let purged = purge_before(&*tx, org, t("2026-05-15T00:00:00Z"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(purged, 1, "[{name}] only the old one");
        assert_eq!(page(EventFilter::default()).await.len(), 2);
        let theirs_left = list(
            store.conn(),
            other,
            &EventFilter::default(),
            PageRequest::new(None, None),
        )
        .await
        .unwrap();
        assert_eq!(
            theirs_left.total, 1,
            "[{name}] another organization untouched"
        );
    }
}

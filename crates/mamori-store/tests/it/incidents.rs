//! The incident register on SQLite and PostgreSQL: each reader reaches exactly the
//! incidents their roles allow (an insider case only its own circle, a personal-data
//! case the CSIRT and its department too), numbers run per year, free text finds
//! Japanese words, and the timeline numbers its entries in order.

use mamori_store::entity::{incident, incident_timeline};
use mamori_store::incidents::{IncidentFilter, Reach, append, count, list, next_seq, timeline};
use mamori_store::{PageRequest, Store};
use uuid::Uuid;

use crate::common::{dept, new_org, staff, stores, t};

struct Case<'a> {
    title: &'a str,
    category: &'a str,
    department: Option<Uuid>,
    personal: bool,
    reporter: Option<Uuid>,
}

async fn report(store: &Store, org: Uuid, c: Case<'_>) -> incident::Model {
    let now = t("2026-06-01T00:00:00Z");
    let tx = store.begin_write().await.unwrap();
    let seq = next_seq(&*tx, org, 2026).await.unwrap();
    let m = incident::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number_year: 2026,
        number_seq: seq,
        number: format!("INC-2026-{seq:04}"),
        title: c.title.into(),
        category: c.category.into(),
        description: String::new(),
        location: String::new(),
        occurred_at: None,
        known_at: now,
        reported_at: now,
        reporter_staff_id: c.reporter,
        reporter: "user:x".into(),
        department_id: c.department,
        personal_data: c.personal,
        persons: None,
        restricted: c.personal || c.category == "insider",
        state: "received".into(),
        state_changed_at: now,
        severity: None,
        assignee_staff_id: None,
        first_response_due: t("2026-06-01T04:00:00Z"),
        first_response_at: None,
        escalated_at: None,
        root_cause_category: None,
        root_cause: String::new(),
        contributing: String::new(),
        lessons: String::new(),
        end_reason: String::new(),
        closed_at: None,
        closed_by: None,
        search_key: mamori_domain::text::search_key(c.title),
        created_at: now,
        updated_at: now,
        contained_at: None,
    };
    mamori_store::incidents::insert(&*tx, m.clone())
        .await
        .unwrap();
    tx.commit().await.unwrap();
    m
}

async fn numbers(store: &Store, org: Uuid, f: &IncidentFilter, reach: &Reach) -> Vec<String> {
    let mut v: Vec<String> = list(store.conn(), org, f, reach, PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|m| m.number)
        .collect();
    v.sort();
    v
}

#[tokio::test]
async fn each_reader_reaches_what_their_roles_allow() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "131024").await;
        let (a, b) = (
            dept(&store, org, "110").await,
            dept(&store, org, "120").await,
        );
        let (reporter, member) = (staff(&store, org, "1").await, staff(&store, org, "2").await);
        let plain = Case {
            title: "サーバー室の空調停止",
            category: "system_failure",
            department: Some(a),
            personal: false,
            reporter: None,
        };
        let i1 = report(&store, org, plain).await;
        let i2 = report(
            &store,
            org,
            Case {
                title: "住民票の写しを誤送付",
                category: "misdelivery",
                department: Some(a),
                personal: true,
                reporter: Some(reporter),
            },
        )
        .await;
        let i3 = report(
            &store,
            org,
            Case {
                title: "職員による情報の持ち出し",
                category: "insider",
                department: Some(b),
                personal: true,
                reporter: None,
            },
        )
        .await;
        report(
            &store,
            other,
            Case {
                title: "他団体の事案",
                category: "malware",
                department: None,
                personal: false,
                reporter: None,
            },
        )
        .await;
        assert_eq!(
            [&i1.number, &i2.number, &i3.number],
            ["INC-2026-0001", "INC-2026-0002", "INC-2026-0003"],
            "{name}"
        );
        let f = IncidentFilter::default();
        let all = Reach {
            everything: true,
            ..Reach::default()
        };
        assert_eq!(
            numbers(&store, org, &f, &all).await.len(),
            3,
            "{name}: never another org's"
        );
        let csirt = Reach {
            unrestricted: true,
            personal_data: true,
            ..Reach::default()
        };
        assert_eq!(
            numbers(&store, org, &f, &csirt).await,
            [i1.number.clone(), i2.number.clone()],
            "{name}: not the insider case"
        );
        let officer_a = Reach {
            departments: vec![a],
            ..Reach::default()
        };
        assert_eq!(
            numbers(&store, org, &f, &officer_a).await.len(),
            2,
            "{name}"
        );
        let officer_b = Reach {
            departments: vec![b],
            ..Reach::default()
        };
        assert!(
            numbers(&store, org, &f, &officer_b).await.is_empty(),
            "{name}: an insider case is not the department's to read"
        );
        let own = Reach {
            staff_id: Some(reporter),
            ..Reach::default()
        };
        assert_eq!(
            numbers(&store, org, &f, &own).await,
            std::slice::from_ref(&i2.number),
            "{name}"
        );
        assert!(
            numbers(&store, org, &f, &Reach::default()).await.is_empty(),
            "{name}: no reach, nothing"
        );

        let tx = store.begin_write().await.unwrap();
        mamori_store::incidents::set_members(&*tx, org, i3.id, &[member])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let working = Reach {
            staff_id: Some(member),
            ..Reach::default()
        };
        assert_eq!(
            numbers(&store, org, &f, &working).await,
            std::slice::from_ref(&i3.number),
            "{name}: its members"
        );

        // Filters and free text.
        let personal = IncidentFilter {
            personal_data: Some(true),
            ..IncidentFilter::default()
        };
        assert_eq!(
            count(store.conn(), org, &personal, &all).await.unwrap(),
            2,
            "{name}"
        );
        for (q, n) in [
            ("誤送付", 1),
            ("空調", 1),
            ("住民票の写し", 1),
            ("存在しない言葉", 0),
        ] {
            let f = IncidentFilter {
                search: Some(mamori_domain::text::search_key(q)),
                ..IncidentFilter::default()
            };
            assert_eq!(
                count(store.conn(), org, &f, &all).await.unwrap(),
                n,
                "{name}: {q}"
            );
        }
        let overdue = IncidentFilter {
            overdue_at: Some(t("2026-06-01T05:00:00Z")),
            ..IncidentFilter::default()
        };
        assert_eq!(
            count(store.conn(), org, &overdue, &all).await.unwrap(),
            3,
            "{name}"
        );

        // The timeline numbers entries in order and lists them by when they happened.
        let entry = |happened: &str, body: &str| incident_timeline::Model {
            id: Uuid::now_v7(),
            org_id: org,
            incident_id: i2.id,
            seq: 0,
            happened_at: t(happened),
            recorded_at: t("2026-06-02T00:00:00Z"),
            actor: "user:csirt".into(),
            kind: "note".into(),
            body: body.into(),
            corrects: None,
        };
        let tx = store.begin_write().await.unwrap();
        let first = append(&*tx, entry("2026-06-01T10:00:00Z", "送付先に連絡"))
            .await
            .unwrap();
        let second = append(&*tx, entry("2026-06-01T09:00:00Z", "誤送付に気付いた"))
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!((first.seq, second.seq), (1, 2), "{name}");
        let bodies: Vec<String> = timeline(store.conn(), org, i2.id)
            .await
            .unwrap()
            .into_iter()
            .map(|e| e.body)
            .collect();
        assert_eq!(bodies, ["誤送付に気付いた", "送付先に連絡"], "{name}");
    }
}

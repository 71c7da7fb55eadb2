//! Internal audits on SQLite and PostgreSQL: audits listed latest year first and by
//! number, the numbers of a year, auditors replaced, findings in their order, actions
//! of findings; another organization's rows never showing.

use chrono::NaiveDate;
use mamori_store::entity::{audit_auditor, audit_finding, corrective_action, security_audit};
use mamori_store::review::audits as a;
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn day(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn audit(org: Uuid, year: i32, n: u32) -> security_audit::Model {
    security_audit::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number: format!("AUD-{year}-{n:02}"),
        programme_id: None,
        fiscal_year: year,
        kind: "internal".into(),
        title: format!("監査{n}"),
        departments: "[]".into(),
        chapters: "[]".into(),
        systems: "[]".into(),
        criteria: String::new(),
        planned_from: day("2026-06-01"),
        planned_until: day("2026-06-30"),
        state: "planned".into(),
        external_body: String::new(),
        summary: String::new(),
        created_by: "cli:test".into(),
        created_at: t("2026-05-01T00:00:00Z"),
        updated_at: t("2026-05-01T00:00:00Z"),
    }
}

fn auditor(org: Uuid, audit: Uuid, role: &str) -> audit_auditor::Model {
    audit_auditor::Model {
        id: Uuid::now_v7(),
        org_id: org,
        audit_id: audit,
        staff_id: Uuid::now_v7(),
        role: role.into(),
        own_department_reason: String::new(),
    }
}

fn finding(org: Uuid, audit: Uuid, seq: i32) -> audit_finding::Model {
    audit_finding::Model {
        id: Uuid::now_v7(),
        org_id: org,
        audit_id: audit,
        seq,
        grade: "minor".into(),
        department_id: Uuid::now_v7(),
        criterion: "MIC-4.1".into(),
        description: "机上の書類".into(),
        found_on: day("2026-06-10"),
        recorded_by: "cli:test".into(),
        response: String::new(),
        responded_by: String::new(),
        responded_at: None,
        closed_on: None,
        closed_by: String::new(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audits_findings_and_actions_read_back_in_order_within_the_organization() {
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let (old, first, second) = (
            audit(org, 2025, 1),
            audit(org, 2026, 2),
            audit(org, 2026, 1),
        );
        let tx = store.begin_write().await.unwrap();
        for m in [&old, &first, &second] {
            a::insert(&*tx, m.clone(), vec![auditor(org, m.id, "lead")])
                .await
                .unwrap();
        }
        // Findings written out of order read back by number within each audit.
        for seq in [2, 1, 3] {
            a::insert_finding(&*tx, finding(org, first.id, seq))
                .await
                .unwrap();
        }
        tx.commit().await.unwrap();

        let numbers: Vec<String> = a::list(c, org)
            .await
            .unwrap()
            .into_iter()
            .map(|m| m.number)
            .collect();
        assert_eq!(
            numbers,
            ["AUD-2026-01", "AUD-2026-02", "AUD-2025-01"],
            "[{name}]"
        );
        let mut taken = a::numbers_of_year(c, org, 2026).await.unwrap();
        taken.sort();
        assert_eq!(taken, ["AUD-2026-01", "AUD-2026-02"]);
        assert!(a::list(c, other).await.unwrap().is_empty(), "[{name}]");
        assert!(a::get(c, other, first.id).await.unwrap().is_none());

        let tx = store.begin_write().await.unwrap();
        let team = vec![
            auditor(org, first.id, "lead"),
            auditor(org, first.id, "member"),
        ];
        a::replace_auditors(&*tx, org, first.id, team)
            .await
            .unwrap();
        tx.commit().await.unwrap();
        assert_eq!(
            a::auditors(c, org, &[first.id]).await.unwrap().len(),
            2,
            "[{name}] replaced, not added"
        );
        assert_eq!(a::auditors(c, org, &[second.id]).await.unwrap().len(), 1);

        let findings = a::findings(c, org, &[first.id, second.id]).await.unwrap();
        assert_eq!(
            findings.iter().map(|f| f.seq).collect::<Vec<_>>(),
            [1, 2, 3],
            "[{name}]"
        );
        assert!(a::findings(c, other, &[first.id]).await.unwrap().is_empty());
        let action = corrective_action::Model {
            id: Uuid::now_v7(),
            org_id: org,
            finding_id: findings[0].id,
            cause: "確認者がいない".into(),
            action: "終業時に確認する".into(),
            owner_staff_id: None,
            due_on: day("2026-07-31"),
            state: "planned".into(),
            done_note: String::new(),
            done_on: None,
            reported_by: String::new(),
            verify_note: String::new(),
            verified_on: None,
            verified_by: String::new(),
            created_at: t("2026-06-20T00:00:00Z"),
        };
        let tx = store.begin_write().await.unwrap();
        a::insert_action(&*tx, action.clone()).await.unwrap();
        let done = corrective_action::Model {
            state: "done".into(),
            ..action.clone()
        };
        assert!(a::update_action(&*tx, done).await.unwrap());
        assert!(
            !a::update_action(
                &*tx,
                corrective_action::Model {
                    org_id: other,
                    ..action.clone()
                }
            )
            .await
            .unwrap()
        );
        tx.commit().await.unwrap();
        let actions = a::actions(c, org, &[findings[0].id, findings[1].id])
            .await
            .unwrap();
        assert_eq!(actions.len(), 1);
        assert_eq!(actions[0].state, "done", "[{name}]");
        assert!(a::get_action(c, other, action.id).await.unwrap().is_none());
    }
}

//! The laws register on SQLite and PostgreSQL: an organization reads only its own laws,
//! obligations and links; the pages of a control find the obligations that name it;
//! replacing an obligation's links or a law's departments leaves no stale rows; a
//! review closes only its own law's open amendments; the reminder lookup finds laws by
//! their next review and leaves repealed ones out; deleting an obligation takes its
//! links with it.

use chrono::NaiveDate;
use mamori_store::compliance::laws;
use mamori_store::entity::{law, law_amendment, law_obligation};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn a_law(org: Uuid, number: i32, next: Option<NaiveDate>, repealed: bool) -> law::Model {
    law::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number,
        title: format!("法令 {number}"),
        kind: "law".into(),
        reference: String::new(),
        owner_department_id: None,
        applies_all: true,
        review_months: 12,
        last_reviewed: None,
        next_review: next,
        repealed,
        notes: String::new(),
        standard_key: String::new(),
        search_key: format!("law-{number:04}"),
        created_by: "cli:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

fn duty(org: Uuid, law_id: Uuid, position: i32) -> law_obligation::Model {
    law_obligation::Model {
        id: Uuid::now_v7(),
        org_id: org,
        law_id,
        position,
        article: format!("第{position}条"),
        duty: "義務".into(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

fn amendment(org: Uuid, law_id: Uuid) -> law_amendment::Model {
    law_amendment::Model {
        id: Uuid::now_v7(),
        org_id: org,
        law_id,
        promulgated_on: NaiveDate::from_ymd_opt(2026, 3, 1).unwrap(),
        effective_on: None,
        reference: String::new(),
        summary: "改正".into(),
        review_id: None,
        recorded_by: "cli:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
    }
}

#[tokio::test]
async fn each_organization_reads_its_own_register_and_links_replace_cleanly() {
    let day = |d| NaiveDate::from_ymd_opt(2026, 5, d).unwrap();
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let first = a_law(org, 1, Some(day(1)), false);
        let second = a_law(org, 2, Some(day(1)), true);
        let theirs = a_law(other, 1, Some(day(1)), false);
        laws::insert(c, vec![first.clone(), second.clone(), theirs.clone()])
            .await
            .unwrap();
        assert_eq!(laws::next_number(c, org).await.unwrap(), 3, "[{name}]");
        assert_eq!(laws::next_number(c, other).await.unwrap(), 2, "[{name}]");
        let mine: Vec<i32> = laws::all(c, org)
            .await
            .unwrap()
            .iter()
            .map(|l| l.number)
            .collect();
        assert_eq!(mine, [1, 2], "[{name}]");
        assert!(laws::get(c, org, theirs.id).await.unwrap().is_none());

        // Reminders: by next review, repealed left out.
        let due = laws::review_on(c, org, &[day(1), day(2)]).await.unwrap();
        assert_eq!(
            due.iter().map(|l| l.id).collect::<Vec<_>>(),
            [first.id],
            "[{name}]"
        );

        // Departments and links are replaced, not added to.
        let (d1, d2) = (Uuid::now_v7(), Uuid::now_v7());
        laws::set_departments(c, org, first.id, &[d1, d2], Uuid::now_v7)
            .await
            .unwrap();
        laws::set_departments(c, org, first.id, &[d2], Uuid::now_v7)
            .await
            .unwrap();
        assert_eq!(
            laws::departments(c, org, None).await.unwrap(),
            [(first.id, d2)]
        );
        let (a, b) = (duty(org, first.id, 1), duty(org, first.id, 2));
        let foreign = duty(other, theirs.id, 1);
        laws::insert_obligations(c, vec![b.clone(), a.clone(), foreign.clone()])
            .await
            .unwrap();
        let order: Vec<i32> = laws::obligations(c, org, Some(first.id))
            .await
            .unwrap()
            .iter()
            .map(|o| o.position)
            .collect();
        assert_eq!(order, [1, 2], "[{name}] in their order");
        let rule = |s: &str| (s.to_owned(), "applied");
        laws::set_links(
            c,
            org,
            a.id,
            &[rule("AC-0001"), rule("AC-0002")],
            Uuid::now_v7,
        )
        .await
        .unwrap();
        laws::set_links(c, org, a.id, &[rule("AC-0002")], Uuid::now_v7)
            .await
            .unwrap();
        laws::set_links(c, other, foreign.id, &[rule("AC-0002")], Uuid::now_v7)
            .await
            .unwrap();
        let links = laws::links(c, org, None).await.unwrap();
        assert_eq!(links.len(), 1, "[{name}]");
        assert_eq!(links[0].rule, "AC-0002");
        let to = laws::links_to(c, org, &["AC-0002".into(), "AC-0003".into()])
            .await
            .unwrap();
        assert_eq!(
            to.iter().map(|l| l.obligation_id).collect::<Vec<_>>(),
            [a.id]
        );
        laws::delete_obligation(c, org, a.id).await.unwrap();
        assert!(
            laws::links(c, org, None).await.unwrap().is_empty(),
            "[{name}]"
        );
        assert_eq!(laws::links(c, other, None).await.unwrap().len(), 1);

        // A review closes its own law's open amendments only.
        laws::insert_amendment(c, amendment(org, first.id))
            .await
            .unwrap();
        laws::insert_amendment(c, amendment(org, second.id))
            .await
            .unwrap();
        let review = Uuid::now_v7();
        let before = NaiveDate::from_ymd_opt(2026, 2, 28).unwrap();
        let taken = laws::close_amendments(c, org, first.id, review, before).await;
        assert_eq!(taken.unwrap(), 0, "[{name}] a review before the amendment");
        let on = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let taken = laws::close_amendments(c, org, first.id, review, on).await;
        assert_eq!(taken.unwrap(), 1, "[{name}]");
        let again = laws::close_amendments(c, org, first.id, review, on).await;
        assert_eq!(again.unwrap(), 0, "[{name}]");
        let open: Vec<Uuid> = laws::amendments(c, org, None)
            .await
            .unwrap()
            .iter()
            .filter(|a| a.review_id.is_none())
            .map(|a| a.law_id)
            .collect();
        assert_eq!(open, [second.id], "[{name}]");
    }
}

//! Self-inspection on SQLite and PostgreSQL: a campaign written with its checklist,
//! sheets and answers in one go; campaigns listed latest year first; a campaign's
//! checklist in its order and its answers read by sheet; returning items marks exactly
//! those and clears the rest of the sheet; another organization's rows never showing.

use mamori_store::entity::{inspection, inspection_answer, inspection_item, inspection_sheet};
use mamori_store::review::inspections as ins;
use uuid::Uuid;

use crate::common::{new_org, stores, t};

fn campaign(org: Uuid, year: i32) -> inspection::Model {
    inspection::Model {
        id: Uuid::now_v7(),
        org_id: org,
        name: format!("{year}年度 自己点検"),
        fiscal_year: year,
        source: "own".into(),
        scope: "departments".into(),
        opened_on: format!("{year}-10-01").parse().unwrap(),
        due_on: format!("{year}-10-31").parse().unwrap(),
        closed_on: None,
        opened_by: "cli:test".into(),
        closed_by: String::new(),
        created_at: t("2026-04-01T00:00:00Z"),
    }
}

/// A blank sheet of a department, about a system or not.
fn sheet(m: &inspection::Model, department: Uuid, system: Option<Uuid>) -> inspection_sheet::Model {
    inspection_sheet::Model {
        id: Uuid::now_v7(),
        org_id: m.org_id,
        inspection_id: m.id,
        department_id: department,
        asset_id: system,
        state: "answering".into(),
        submitted_by: String::new(),
        submitted_at: None,
        reviewed_by: String::new(),
        reviewed_at: None,
        review_note: String::new(),
    }
}

/// A campaign of three items (the last for one department only), two sheets, and a
/// blank answer per item each sheet asks.
fn rows(
    org: Uuid,
    m: &inspection::Model,
) -> (
    Vec<inspection_item::Model>,
    Vec<inspection_sheet::Model>,
    Vec<inspection_answer::Model>,
) {
    let (a, b) = (Uuid::now_v7(), Uuid::now_v7());
    // Written out of order: the checklist reads back by position.
    let items: Vec<inspection_item::Model> = [3, 1, 2]
        .into_iter()
        .map(|p| inspection_item::Model {
            id: Uuid::now_v7(),
            org_id: org,
            inspection_id: m.id,
            position: p,
            area_code: "人的".into(),
            area: "人的対策".into(),
            question: format!("質問{p}"),
            guidance: String::new(),
            control_ref: String::new(),
            applied_control_id: None,
            department_id: (p == 3).then_some(a),
        })
        .collect();
    let sheets: Vec<inspection_sheet::Model> =
        [a, b].into_iter().map(|d| sheet(m, d, None)).collect();
    let mut answers = Vec::new();
    for s in &sheets {
        for i in items
            .iter()
            .filter(|i| i.department_id.is_none_or(|d| d == s.department_id))
        {
            answers.push(inspection_answer::Model {
                id: Uuid::now_v7(),
                org_id: org,
                sheet_id: s.id,
                item_id: i.id,
                answer: String::new(),
                comment: String::new(),
                evidence: "[]".into(),
                answered_by: String::new(),
                answered_at: None,
                returned: false,
                return_note: String::new(),
                risk_id: None,
                finding_id: None,
            });
        }
    }
    (items, sheets, answers)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_campaign_reads_back_by_sheet_and_returns_exactly_the_items_named() {
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let (old, new) = (campaign(org, 2025), campaign(org, 2026));
        let (items, sheets, answers) = rows(org, &new);
        let tx = store.begin_write().await.unwrap();
        ins::insert(&*tx, old.clone(), Vec::new(), Vec::new(), Vec::new())
            .await
            .unwrap();
        ins::insert(&*tx, new.clone(), items, sheets.clone(), answers)
            .await
            .unwrap();
        tx.commit().await.unwrap();

        let years: Vec<i32> = ins::list(c, org)
            .await
            .unwrap()
            .iter()
            .map(|m| m.fiscal_year)
            .collect();
        assert_eq!(years, [2026, 2025], "[{name}]");
        assert!(ins::list(c, other).await.unwrap().is_empty(), "[{name}]");
        assert!(
            ins::get(c, other, new.id).await.unwrap().is_none(),
            "[{name}]"
        );
        let positions: Vec<i32> = ins::items(c, org, new.id)
            .await
            .unwrap()
            .iter()
            .map(|i| i.position)
            .collect();
        assert_eq!(positions, [1, 2, 3], "[{name}]");
        assert_eq!(ins::sheets(c, org, new.id).await.unwrap().len(), 2);
        let first = sheets[0].id;
        let mine = ins::answers(c, org, &[first]).await.unwrap();
        assert_eq!(mine.len(), 3, "[{name}] the department's own item too");
        assert_eq!(
            ins::answers(c, org, &[sheets[1].id]).await.unwrap().len(),
            2
        );
        assert!(ins::answers(c, other, &[first]).await.unwrap().is_empty());

        // Returning two items, then one: only that one stays returned.
        let tx = store.begin_write().await.unwrap();
        let named: Vec<(Uuid, String)> = mine
            .iter()
            .take(2)
            .map(|a| (a.id, "記録を".into()))
            .collect();
        ins::set_returned(&*tx, org, first, &named).await.unwrap();
        tx.commit().await.unwrap();
        let returned = |v: Vec<inspection_answer::Model>| {
            v.iter()
                .filter(|a| a.returned)
                .map(|a| a.id)
                .collect::<Vec<_>>()
        };
        assert_eq!(
            returned(ins::answers(c, org, &[first]).await.unwrap()).len(),
            2,
            "[{name}]"
        );
        let tx = store.begin_write().await.unwrap();
        ins::set_returned(&*tx, org, first, &named[1..])
            .await
            .unwrap();
        tx.commit().await.unwrap();
        let now = ins::answers(c, org, &[first]).await.unwrap();
        assert_eq!(returned(now.clone()), [named[1].0], "[{name}]");
        assert!(
            now.iter()
                .filter(|a| !a.returned)
                .all(|a| a.return_note.is_empty())
        );

        // Updates stay within the organization.
        let mut a = now[0].clone();
        a.answer = "done".into();
        let tx = store.begin_write().await.unwrap();
        assert!(ins::update_answer(&*tx, a.clone()).await.unwrap());
        assert!(
            !ins::update_answer(&*tx, inspection_answer::Model { org_id: other, ..a })
                .await
                .unwrap()
        );
        tx.commit().await.unwrap();
    }
}

/// A campaign holds a sheet per system of a department, each once, and a
/// department's own sheet once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_department_answers_once_for_each_of_its_systems() {
    for (name, store, _dir) in stores().await {
        let org = new_org(&store, "131016").await;
        let m = inspection::Model {
            scope: "systems".into(),
            ..campaign(org, 2026)
        };
        let department = Uuid::now_v7();
        let of = |system: Uuid| sheet(&m, department, Some(system));
        let (records, booking) = (Uuid::now_v7(), Uuid::now_v7());
        let tx = store.begin_write().await.unwrap();
        ins::insert(
            &*tx,
            m.clone(),
            Vec::new(),
            vec![of(records), of(booking)],
            Vec::new(),
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        let read = ins::sheets(store.conn(), org, m.id).await.unwrap();
        let mut systems: Vec<Option<Uuid>> = read.iter().map(|s| s.asset_id).collect();
        systems.sort();
        let mut expected = vec![Some(records), Some(booking)];
        expected.sort();
        assert_eq!(systems, expected, "[{name}]");
        assert_eq!(
            ins::get(store.conn(), org, m.id)
                .await
                .unwrap()
                .unwrap()
                .scope,
            "systems"
        );

        let tx = store.begin_write().await.unwrap();
        use sea_orm::{ActiveModelTrait, IntoActiveModel};
        let twice = of(records).into_active_model().insert(&*tx).await;
        assert!(twice.is_err(), "[{name}] the same system twice");
        drop(tx);
        // A department's own sheet, once per campaign.
        let tx = store.begin_write().await.unwrap();
        sheet(&m, department, None)
            .into_active_model()
            .insert(&*tx)
            .await
            .unwrap();
        let again = sheet(&m, department, None)
            .into_active_model()
            .insert(&*tx)
            .await;
        assert!(again.is_err(), "[{name}] a department's own sheet twice");
    }
}

//! The contract register on SQLite and PostgreSQL: each standing filter selects what
//! `mamori_domain::contractor::contract_standing` says of each row on the day; the
//! unapproved, personal-data and asset filters select by what hangs off a contract;
//! another organization's rows never show.

use chrono::{Duration, NaiveDate};
use mamori_domain::contractor::{Standing, contract_standing};
use mamori_store::PageRequest;
use mamori_store::compliance::contractors::{self, ContractFilter, StandingFilter};
use mamori_store::entity::{contract, contract_subcontractor, contractor};
use uuid::Uuid;

use crate::common::{new_org, stores, t};

pub(crate) fn company(org: Uuid, number: i32) -> contractor::Model {
    contractor::Model {
        id: Uuid::now_v7(),
        org_id: org,
        number,
        name: format!("委託先 {number}"),
        kana: String::new(),
        corporate_number: String::new(),
        address: String::new(),
        contact: String::new(),
        notes: String::new(),
        search_key: format!("ctr-{number:04}"),
        created_by: "cli:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

fn deal(org: Uuid, by: Uuid, number: i32, from: NaiveDate, until: NaiveDate) -> contract::Model {
    contract::Model {
        id: Uuid::now_v7(),
        org_id: org,
        contractor_id: by,
        number,
        subject: format!("契約 {number}"),
        department_id: None,
        starts_on: from,
        ends_on: until,
        personal_data: number % 2 == 0,
        my_number: false,
        clauses: String::new(),
        notes: String::new(),
        search_key: format!("con-{number:04}"),
        created_by: "cli:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

#[tokio::test]
async fn standing_and_link_filters_agree_with_the_domain_on_both_databases() {
    let today = NaiveDate::from_ymd_opt(2026, 6, 15).unwrap();
    let day = |n: i64| today + Duration::days(n);
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let (ours, theirs) = (company(org, 1), company(other, 1));
        contractors::insert(c, vec![ours.clone(), theirs.clone()])
            .await
            .unwrap();
        // Periods around the day: before, starting, long, ending at the edge, ended.
        let periods = [
            (1, 30),
            (0, 200),
            (-100, 61),
            (-100, 60),
            (-100, 0),
            (-100, -1),
        ];
        let rows: Vec<contract::Model> = periods
            .iter()
            .enumerate()
            .map(|(i, (f, u))| deal(org, ours.id, i as i32 + 1, day(*f), day(*u)))
            .collect();
        let mut all = rows.clone();
        all.push(deal(other, theirs.id, 1, day(-100), day(100)));
        contractors::insert_contracts(c, all).await.unwrap();
        for (filter, standing) in [
            (StandingFilter::Upcoming, Standing::Upcoming),
            (StandingFilter::Active, Standing::Active),
            (StandingFilter::Ending, Standing::Ending),
            (StandingFilter::Ended, Standing::Ended),
        ] {
            let f = ContractFilter {
                standing: Some(filter),
                today: Some(today),
                ending_days: 60,
                ..ContractFilter::default()
            };
            let mut got: Vec<i32> = contractors::all_contracts(c, org, &f)
                .await
                .unwrap()
                .iter()
                .map(|m| m.number)
                .collect();
            got.sort_unstable();
            let want: Vec<i32> = rows
                .iter()
                .filter(|m| contract_standing(m.starts_on, m.ends_on, today) == standing)
                .map(|m| m.number)
                .collect();
            assert_eq!(got, want, "[{name}] {standing:?}");
        }
        let live = ContractFilter {
            standing: Some(StandingFilter::Live),
            today: Some(today),
            ending_days: 60,
            ..ContractFilter::default()
        };
        assert_eq!(
            contractors::count_contracts(c, org, &live).await.unwrap(),
            5
        );
        let counts = contractors::live_by_contractor(c, org, today)
            .await
            .unwrap();
        assert_eq!(counts, [(ours.id, 5)], "[{name}]");

        // Only contracts with a sub-contractor not yet approved.
        let proposed = contract_subcontractor::Model {
            id: Uuid::now_v7(),
            org_id: org,
            contract_id: rows[1].id,
            contractor_id: ours.id,
            scope: "入力".into(),
            approved_on: None,
            approved_by: String::new(),
            approval_ref: String::new(),
            created_at: t("2026-04-01T00:00:00Z"),
        };
        contractors::insert_subcontractor(c, proposed.clone())
            .await
            .unwrap();
        let unapproved = ContractFilter {
            unapproved: true,
            ..ContractFilter::default()
        };
        let got = contractors::all_contracts(c, org, &unapproved)
            .await
            .unwrap();
        assert_eq!(got.iter().map(|m| m.id).collect::<Vec<_>>(), [rows[1].id]);
        let approved = contract_subcontractor::Model {
            approved_on: Some(today),
            ..proposed
        };
        contractors::update_subcontractor(c, approved)
            .await
            .unwrap();
        assert!(
            contractors::all_contracts(c, org, &unapproved)
                .await
                .unwrap()
                .is_empty()
        );

        // Personal data, assets, text, and pages.
        let personal = ContractFilter {
            personal_data: true,
            ..ContractFilter::default()
        };
        assert_eq!(
            contractors::count_contracts(c, org, &personal)
                .await
                .unwrap(),
            3
        );
        let asset = Uuid::now_v7();
        contractors::set_contract_assets(c, org, rows[2].id, &[asset], Uuid::now_v7)
            .await
            .unwrap();
        let on_asset = ContractFilter {
            asset: Some(asset),
            ..ContractFilter::default()
        };
        let got = contractors::all_contracts(c, org, &on_asset).await.unwrap();
        assert_eq!(got.iter().map(|m| m.id).collect::<Vec<_>>(), [rows[2].id]);
        let text = ContractFilter {
            q: Some("con-0003".into()),
            ..ContractFilter::default()
        };
        assert_eq!(
            contractors::count_contracts(c, org, &text).await.unwrap(),
            1
        );
        let page = contractors::contracts(
            c,
            org,
            &ContractFilter::default(),
            PageRequest::new(Some(2), Some(4)),
        )
        .await
        .unwrap();
        assert_eq!((page.total, page.items.len()), (6, 2), "[{name}]");
        assert_eq!(page.items[0].number, 2, "newest first");
    }
}

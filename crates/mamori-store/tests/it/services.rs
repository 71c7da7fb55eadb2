//! External services on SQLite and PostgreSQL: a service's assets and administrators
//! are saved whole and read back by service and by asset; a staff member works for one
//! company at a time; another organization's links never show.

use mamori_store::compliance::{contractors, services};
use mamori_store::entity::service;
use uuid::Uuid;

use crate::common::{new_org, stores, t};
use crate::contractors::company;

fn cloud(org: Uuid, provider: Uuid, number: i32) -> service::Model {
    service::Model {
        id: Uuid::now_v7(),
        org_id: org,
        contractor_id: provider,
        number,
        name: format!("サービス {number}"),
        kind: "saas".into(),
        department_id: None,
        purpose: String::new(),
        url: String::new(),
        max_c: "2".into(),
        max_i: "2".into(),
        max_a: "2".into(),
        max_personal: "personal".into(),
        listing: "ismap".into(),
        listing_number: "C22-0001".into(),
        listed_on: None,
        listing_expires_on: None,
        location: "domestic".into(),
        location_note: String::new(),
        terms_accepted_on: None,
        terms_ref: String::new(),
        starts_on: None,
        ends_on: None,
        deletion: String::new(),
        deleted_on: None,
        deletion_ref: String::new(),
        notes: String::new(),
        search_key: String::new(),
        created_by: "cli:test".into(),
        created_at: t("2026-04-01T00:00:00Z"),
        updated_at: t("2026-04-01T00:00:00Z"),
    }
}

#[tokio::test]
async fn links_are_saved_whole_and_kept_to_their_organization_on_both_databases() {
    for (name, store, _dir) in stores().await {
        let c = store.conn();
        let org = new_org(&store, "131016").await;
        let other = new_org(&store, "132012").await;
        let (ours, theirs) = (company(org, 1), company(other, 1));
        contractors::insert(c, vec![ours.clone(), theirs.clone()])
            .await
            .unwrap();
        let (a, b) = (cloud(org, ours.id, 2), cloud(org, ours.id, 1));
        let foreign = cloud(other, theirs.id, 1);
        services::insert(c, vec![a.clone(), b.clone(), foreign.clone()])
            .await
            .unwrap();
        assert_eq!(services::next_number(c, org).await.unwrap(), 3, "{name}");
        let numbers: Vec<i32> = services::all(c, org)
            .await
            .unwrap()
            .iter()
            .map(|s| s.number)
            .collect();
        assert_eq!(numbers, [1, 2], "{name}: by number, ours only");

        let (x, y, z) = (Uuid::now_v7(), Uuid::now_v7(), Uuid::now_v7());
        services::set_assets(c, org, a.id, &[x, y], Uuid::now_v7)
            .await
            .unwrap();
        services::set_assets(c, org, b.id, &[x], Uuid::now_v7)
            .await
            .unwrap();
        services::set_assets(c, other, foreign.id, &[x], Uuid::now_v7)
            .await
            .unwrap();
        // Saving again replaces: y leaves, z comes.
        services::set_assets(c, org, a.id, &[x, z], Uuid::now_v7)
            .await
            .unwrap();
        let mut of_a: Vec<Uuid> = services::assets(c, org, Some(a.id))
            .await
            .unwrap()
            .iter()
            .map(|l| l.asset_id)
            .collect();
        of_a.sort();
        let mut want = vec![x, z];
        want.sort();
        assert_eq!(of_a, want, "{name}");
        let mut on_x = services::services_of_asset(c, org, x).await.unwrap();
        on_x.sort();
        let mut both = vec![a.id, b.id];
        both.sort();
        assert_eq!(
            on_x, both,
            "{name}: the other organization's link is not ours"
        );
        assert!(
            services::services_of_asset(c, org, y)
                .await
                .unwrap()
                .is_empty()
        );
        assert_eq!(services::assets(c, org, None).await.unwrap().len(), 3);

        let (p, q) = (Uuid::now_v7(), Uuid::now_v7());
        services::set_admins(c, org, a.id, &[p, q], Uuid::now_v7)
            .await
            .unwrap();
        services::set_admins(c, org, a.id, &[q], Uuid::now_v7)
            .await
            .unwrap();
        let admins = services::admins(c, org, None).await.unwrap();
        assert_eq!(admins.len(), 1, "{name}");
        assert_eq!(admins[0].staff_id, q);

        // A person works for one company: linking again moves them.
        let second = company(org, 2);
        contractors::insert(c, vec![second.clone()]).await.unwrap();
        services::set_company(c, org, p, Some((Uuid::now_v7(), ours.id)))
            .await
            .unwrap();
        services::set_company(c, org, p, Some((Uuid::now_v7(), second.id)))
            .await
            .unwrap();
        assert_eq!(
            services::company_of(c, org, p).await.unwrap(),
            Some(second.id)
        );
        assert!(
            services::contractor_staff(c, org, Some(ours.id))
                .await
                .unwrap()
                .is_empty()
        );
        services::set_company(c, org, p, None).await.unwrap();
        assert_eq!(
            services::company_of(c, org, p).await.unwrap(),
            None,
            "{name}"
        );
    }
}

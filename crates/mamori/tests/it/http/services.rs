//! External services through a real `mamori serve` on the demo city (called from the
//! contractor register's test, which loads the same demo): the child-care app holding
//! the child-care system (confidentiality 3C) on a service allowing 2 is flagged on the
//! dashboard, on its page and on the asset's page; an ISMAP expiry before its listing
//! is refused by field over the API and writes nothing; the survey service that ended
//! without its deletion confirmed is found by the command line's export; the IT
//! vendor's page lists its people and, once linked, an incident at it; a staff member
//! gets 403.

use crate::support::{Db, Server, client, figure, json, page, sign_in};

pub(super) async fn flagged_on_both_and_refused_by_field(db: &Db, s: &Server) {
    let ciso = client();
    let csrf = sign_in(&ciso, s, "ciso").await;
    let (status, list) = page(&ciso, s, "/services").await;
    assert_eq!(status, 200);
    assert_eq!(figure(&list, "service-total"), "10");
    assert_eq!(figure(&list, "count-over"), "1", "the child-care app");
    assert_eq!(figure(&list, "count-deleting"), "1", "the survey service");
    let (_, dash) = page(&ciso, s, "/").await;
    assert_eq!(figure(&dash, "tile-services-over"), "1");
    assert_eq!(
        figure(&dash, "tile-services-listing"),
        "2",
        "a lapsed ISMAP-LIU listing and the unlisted child-care app"
    );

    let over = json(&ciso, s, "/api/v1/services?over=true").await;
    let app = &over[0];
    assert_eq!(app["name"], "子育て支援アプリ", "{over}");
    let id = app["id"].as_str().unwrap();
    let (_, shown) = page(&ciso, s, &format!("/services/{id}")).await;
    assert!(shown.contains("id=\"service-over\""), "{shown}");
    assert!(shown.contains("機密性が上限を超過"), "{shown}");
    let detail = json(&ciso, s, &format!("/api/v1/services/{id}")).await;
    let asset = detail["assets"][0]["id"].as_str().unwrap();
    let (_, asset_page) = page(&ciso, s, &format!("/assets/{asset}")).await;
    assert!(asset_page.contains("id=\"services\""), "{asset_page}");
    assert!(asset_page.contains("機密性が上限を超過"), "{asset_page}");
    let on_asset = json(&ciso, s, &format!("/api/v1/assets/{asset}/services")).await;
    assert!(
        on_asset[0]["over"]
            .as_array()
            .unwrap()
            .contains(&serde_json::json!({"level": "c"})),
        "{on_asset}"
    );

    // An ISMAP expiry before its listing: refused by field, nothing written.
    let mut bad = detail["service"].clone();
    let body = serde_json::json!({
        "name": "新しいクラウド", "kind": "saas", "contractor": bad["contractor_id"].take(),
        "department": bad["department_id"].take(), "max_c": "2", "max_i": "2", "max_a": "2",
        "listing": "ismap", "listing_number": "C25-0001-1",
        "listed_on": "2026-04-01", "listing_expires_on": "2026-03-31",
    });
    let r = ciso
        .post(s.url("/api/v1/services"))
        .header("x-csrf-token", &csrf)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        problem["error"]["fields"][0]["field"], "listing_expires_on",
        "{problem}"
    );
    let (_, list) = page(&ciso, s, "/services").await;
    assert_eq!(figure(&list, "service-total"), "10");

    // The command line finds the use that ended without its deletion confirmed.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("services.csv");
    let (ok, _, err) = db.run(&[
        "export",
        "services",
        "--usage",
        "deleting",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.contains("アンケート集計サービス"), "{csv}");
    assert!(!csv.contains("子育て支援アプリ"), "{csv}");

    // The IT vendor's resident engineers are its people; an incident linked to it
    // shows on its page.
    let vendor = json(&ciso, s, "/api/v1/contractors?q=みどりシステムサービス").await;
    let vendor = vendor[0]["id"].as_str().unwrap().to_owned();
    let (_, shown) = page(&ciso, s, &format!("/contractors/{vendor}")).await;
    assert!(shown.contains("id=\"contractor-people\""), "{shown}");
    assert!(!shown.contains("id=\"contractor-incidents\""), "{shown}");
    let incidents = json(&ciso, s, "/api/v1/incidents").await;
    let incident = incidents["items"][0]["id"].as_str().unwrap().to_owned();
    let link = async |party: &str| {
        let form = [
            ("_csrf", csrf.as_str()),
            ("party", party),
            ("note", "保守作業中"),
        ];
        let url = s.url(&format!("/incidents/{incident}/parties"));
        ciso.post(url).form(&form).send().await.unwrap().status()
    };
    assert_eq!(link("CTR-0099").await, 422, "no such contractor");
    assert_eq!(link("CTR-0001").await, 303);
    let (_, shown) = page(&ciso, s, &format!("/contractors/{vendor}")).await;
    assert!(shown.contains("id=\"contractor-incidents\""), "{shown}");
    let (_, shown) = page(&ciso, s, &format!("/incidents/{incident}")).await;
    assert!(shown.contains("id=\"incident-parties\""), "{shown}");

    let staff = client();
    sign_in(&staff, s, "staff").await;
    assert_eq!(page(&staff, s, "/services").await.0, 403);
    assert_eq!(page(&staff, s, &format!("/services/{id}")).await.0, 403);
}

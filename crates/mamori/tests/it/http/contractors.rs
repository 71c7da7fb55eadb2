//! The contractor register through a real `mamori serve` on the demo city: the lapsed
//! certificate, the contract ending next month and the unapproved sub-contractor stand
//! out on the dashboard; a corporate number with a wrong check digit is refused by
//! field and writes nothing; the officer of 市民生活部 approves the tax system's
//! sub-contractor and the figure moves; the resident register's page shows the contract
//! that maintains it; the export carries the approval; a staff member gets 403. The
//! external services are tested on the same server (`super::services`).

use crate::support::{client, figure, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_gaps_stand_out_and_the_officer_approves_the_sub_contractor() {
    let db = crate::support::Db::sqlite();
    db.demo();
    let s = db.serve();

    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let (status, list) = page(&ciso, &s, "/contractors").await;
    assert_eq!(status, 200);
    assert_eq!(figure(&list, "contractor-total"), "20");
    assert!(list.contains("北関東ネットワーク株式会社"), "{list}");
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(
        figure(&dash, "tile-contractors-lapsed"),
        "1",
        "the lapsed ISO"
    );
    assert_eq!(
        figure(&dash, "tile-contracts-ending"),
        "1",
        "the call centre"
    );
    assert_eq!(figure(&dash, "tile-contracts-unapproved"), "1");
    assert_eq!(
        figure(&dash, "tile-contractors-expiring"),
        "1",
        "the PrivacyMark expiring in forty days"
    );
    let (_, contracts) = page(&ciso, &s, "/contracts").await;
    assert_eq!(figure(&contracts, "contract-total"), "19");

    // A wrong check digit: refused by field, nothing written.
    let officer = client();
    let csrf = sign_in(&officer, &s, "officer").await;
    let r = officer
        .post(s.url("/contractors/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("name", "株式会社テスト"),
            ("corporate_number", "6000012050002"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"e-corporate_number\""), "{body}");
    assert!(body.contains("検査用数字"), "{body}");
    let (_, list) = page(&ciso, &s, "/contractors").await;
    assert_eq!(figure(&list, "contractor-total"), "20");

    // The tax system's data entry, proposed ten days ago, approved by 市民生活部's
    // officer (税務課 is under it).
    let found: serde_json::Value = officer
        .get(s.url("/api/v1/contracts?unapproved=true"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let contract = found["items"][0]["id"].as_str().unwrap().to_owned();
    let detail: serde_json::Value = officer
        .get(s.url(&format!("/api/v1/contracts/{contract}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["can_approve"], true);
    let sub = detail["subcontractors"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let today = chrono::Utc::now().date_naive().to_string();
    let r = officer
        .post(s.url(&format!(
            "/contracts/{contract}/subcontractors/{sub}/approve"
        )))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("approved_on", today.as_str()),
            ("approval_ref", "み税第88号"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-contracts-unapproved"), "0");
    let (_, shown) = page(&officer, &s, &format!("/contracts/{contract}")).await;
    assert!(shown.contains("み税第88号"), "{shown}");

    // The resident register's system shows the contract that maintains it.
    let assets: serde_json::Value = ciso
        .get(s.url("/api/v1/assets?q=住民記録システム"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let asset = assets["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["name"] == "住民記録システム")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, asset_page) = page(&ciso, &s, &format!("/assets/{asset}")).await;
    assert!(
        asset_page.contains("住民記録システム保守業務"),
        "{asset_page}"
    );

    // The export carries the approval; a staff member reads nothing of the register.
    let csv = ciso
        .get(s.url("/contracts/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains(&format!("有限会社データ入力センター（{today}）")),
        "{csv}"
    );
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    assert_eq!(page(&staff, &s, "/contractors").await.0, 403);
    assert_eq!(
        page(&staff, &s, &format!("/contracts/{contract}")).await.0,
        403
    );
    // The external services, on the same demo.
    super::services::flagged_on_both_and_refused_by_field(&db, &s).await;
}

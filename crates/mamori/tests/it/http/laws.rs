//! The laws and obligations register through a real `mamori serve` on the demo city:
//! the seeded register with its gaps on the dashboard and the compliance view; the
//! officer of 市民生活部 records the overdue review of the My Number Act (owned by
//! 市民課) and links an unmet obligation (a control that does not exist is refused by
//! field and writes nothing), and the figures move; the law of another department is
//! refused; the export carries every obligation and the command line the laws owed a
//! review; a staff member gets 403.

use crate::support::{Server, client, figure, location, page, sign_in};

async fn law_json(c: &reqwest::Client, s: &Server, reference: &str) -> serde_json::Value {
    let laws: Vec<serde_json::Value> = c
        .get(s.url("/api/v1/laws"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = laws.iter().find(|l| l["reference"] == reference).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    c.get(s.url(&format!("/api/v1/laws/{id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_officer_reviews_a_law_and_links_an_obligation_and_the_gaps_close() {
    let db = crate::support::Db::sqlite();
    db.demo();
    let s = db.serve();

    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let (status, list) = page(&ciso, &s, "/laws").await;
    assert_eq!(status, 200);
    assert_eq!(figure(&list, "law-total"), "14", "the standard set");
    assert!(list.contains("個人情報の保護に関する法律"), "{list}");
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(
        figure(&dash, "tile-laws-unlinked"),
        "6",
        "six obligations unmet"
    );
    assert_eq!(
        figure(&dash, "tile-laws-review"),
        "2",
        "overdue and amended"
    );
    let (_, view) = page(&ciso, &s, "/laws/compliance").await;
    assert!(view.contains("第75条"), "{view}");
    assert!(view.contains("地方自治法"), "the amended act waits: {view}");

    // The officer of 市民生活部 keeps the My Number Act, which 市民課 owns.
    let officer = client();
    let csrf = sign_in(&officer, &s, "officer").await;
    let law = law_json(&officer, &s, "平成25年法律第27号").await;
    assert_eq!(law["law"]["review"], "overdue");
    assert_eq!(law["can_edit"], true);
    let id = law["law"]["id"].as_str().unwrap().to_owned();
    let unmet = law["obligations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["links"].as_array().unwrap().is_empty())
        .unwrap();
    let oid = unmet["id"].as_str().unwrap().to_owned();
    let article = unmet["article"].as_str().unwrap().to_owned();
    let duty = unmet["duty"].as_str().unwrap().to_owned();
    let link = |to: &str| {
        vec![
            ("_csrf".to_owned(), csrf.clone()),
            ("article".to_owned(), article.clone()),
            ("duty".to_owned(), duty.clone()),
            ("links".to_owned(), to.to_owned()),
        ]
    };
    let edit = format!("/laws/{id}/obligations/{oid}/edit");
    let r = officer
        .post(s.url(&edit))
        .form(&link("mic-guideline:MIC-9.9.9"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("id=\"e-links\""), "{body}");
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-laws-unlinked"), "6", "nothing written");
    let r = officer
        .post(s.url(&edit))
        .form(&link("mic-guideline:MIC-2.1.3"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with(&format!("/laws/{id}")));

    let today = chrono::Utc::now().date_naive().to_string();
    let review = [
        ("_csrf", csrf.as_str()),
        ("reviewed_on", today.as_str()),
        ("finding", "特定個人情報保護評価の再実施時期を確認した。"),
    ];
    let r = officer
        .post(s.url(&format!("/laws/{id}/reviews")))
        .form(&review)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, done) = page(&officer, &s, &location(&r)).await;
    assert!(
        done.contains("見直しを記録しました。"),
        "the confirmation shows"
    );
    let (_, detail) = page(&officer, &s, &format!("/laws/{id}")).await;
    assert!(detail.contains("特定個人情報保護評価の再実施時期を確認した。"));
    assert!(detail.contains("MIC-2.1.3"), "the link on the law's page");
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-laws-unlinked"), "5");
    assert_eq!(
        figure(&dash, "tile-laws-review"),
        "1",
        "only the amended act"
    );

    // Another department's law is not the officer's to keep.
    let appi = law_json(&officer, &s, "平成15年法律第57号").await;
    assert_eq!(appi["can_edit"], false);
    let r = officer
        .post(s.url(&format!(
            "/laws/{}/reviews",
            appi["law"]["id"].as_str().unwrap()
        )))
        .form(&review)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // The export has a line per obligation; a staff member reads nothing of it.
    let csv = ciso
        .get(s.url("/laws/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("義務の内容") && csv.contains("第75条"),
        "{csv}"
    );
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    assert_eq!(page(&staff, &s, "/laws").await.0, 403);
    let r = staff
        .get(s.url("/api/v1/laws/compliance"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);

    // The command line exports those owed a review: the amended act alone now.
    let out = tempfile::tempdir().unwrap();
    let file = out.path().join("laws.csv");
    let (ok, _, err) = db.run(&[
        "export",
        "laws",
        "--review",
        "wants_review",
        "--output",
        file.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    let csv = std::fs::read_to_string(&file).unwrap();
    assert!(csv.contains("第244条の6"), "{csv}");
    assert!(!csv.contains("第75条"), "{csv}");
}

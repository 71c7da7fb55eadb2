//! The risk register over HTTP and the command line: method, threats, risks with
//! acceptance and closing, heat maps and campaigns.

use crate::support::{Db, client, sign_in};

async fn json(r: reqwest::Response) -> (u16, serde_json::Value) {
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(serde_json::Value::Null))
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_risk_is_scored_closed_only_with_the_cisos_acceptance_and_found_from_its_heat_map_cell() {
    for db in Db::both() {
        db.demo();
        let token = |login: &str| {
            let (ok, t, e) = db.run(&["admin", "create-token", "--login", login]);
            assert!(ok, "{e}");
            t.trim().to_owned()
        };
        let (ciso, deputy) = (token("ciso"), token("deputy"));
        let s = db.serve();
        let c = crate::support::http().build().unwrap();
        let label = db.label();

        let r = c
            .post(s.url("/api/v1/risks"))
            .bearer_auth(&ciso)
            .json(&serde_json::json!({
                "title": "試験：住民票の誤交付",
                "department": "610",
                "threat": "T-MISSEND",
                "inherent": {"importance": 3, "likelihood": 3, "vulnerability": 2},
                "residual": {"importance": 3, "likelihood": 3, "vulnerability": 2},
                "treatment": "低減",
            }))
            .send()
            .await
            .unwrap();
        let (status, risk) = json(r).await;
        assert_eq!(status, 201, "[{label}] {risk}");
        assert_eq!(risk["inherent"]["score"], 18);
        assert_eq!(risk["inherent"]["level"]["code"], "high");
        let id = risk["id"].as_str().unwrap().to_owned();
        let number = risk["number"].as_str().unwrap().to_owned();

        // Above the tolerance: closing is refused until the CISO accepts; the deputy may not.
        let post = |path: String, token: &str, body: serde_json::Value| {
            c.post(s.url(&path)).bearer_auth(token).json(&body).send()
        };
        let (status, body) = json(
            post(
                format!("/api/v1/risks/{id}/close"),
                &ciso,
                serde_json::json!({}),
            )
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(status, 422, "[{label}] {body}");
        assert!(body.to_string().contains("acceptance"), "{body}");
        let accept = serde_json::json!({"reason": "更新まで現行運用", "expires_on": "2099-01-01"});
        let (status, body) = json(
            post(format!("/api/v1/risks/{id}/accept"), &ciso, accept.clone())
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(
            status, 422,
            "[{label}] an acceptance longer than three years: {body}"
        );
        let soon = (chrono::Utc::now().date_naive() + chrono::Duration::days(90)).to_string();
        let accept = serde_json::json!({"reason": "更新まで現行運用", "expires_on": soon});
        let (status, _) = json(
            post(
                format!("/api/v1/risks/{id}/accept"),
                &deputy,
                accept.clone(),
            )
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(
            status, 403,
            "[{label}] only the designated acceptor accepts"
        );
        let (status, body) = json(
            post(format!("/api/v1/risks/{id}/accept"), &ciso, accept)
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(status, 200, "[{label}] {body}");
        let (status, body) = json(
            post(
                format!("/api/v1/risks/{id}/close"),
                &ciso,
                serde_json::json!({}),
            )
            .await
            .unwrap(),
        )
        .await;
        assert_eq!(
            (status, body["standing"].as_str()),
            (200, Some("closed")),
            "[{label}] {body}"
        );

        // The heat map counts it in its cell, and that cell lists exactly its risks.
        let get = |path: &str| c.get(s.url(path)).bearer_auth(&ciso).send();
        let (_, map) = json(get("/api/v1/risks/heatmap?stage=residual").await.unwrap()).await;
        let count = map["map"]["rows"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|r| r.as_array().unwrap())
            .find(|c| c["x"] == 3 && c["y"] == 6)
            .unwrap()["count"]
            .as_u64()
            .unwrap();
        let (_, listed) = json(
            get("/api/v1/risks?stage=residual&x=3&y=6&per_page=200")
                .await
                .unwrap(),
        )
        .await;
        assert_eq!(listed["total"].as_u64(), Some(count), "[{label}]");
        assert!(
            listed["items"]
                .as_array()
                .unwrap()
                .iter()
                .any(|r| r["number"] == number.as_str())
        );

        // The page draws the same cell as a link to the same list.
        let browser = client();
        sign_in(&browser, &s, "ciso").await;
        let page = browser
            .get(s.url("/risks/heatmap"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("<svg class=\"heatmap\""),
            "[{label}] server-drawn SVG"
        );
        assert!(
            page.contains("stage=residual&amp;x=3&amp;y=6"),
            "[{label}] cell link"
        );
        let list = browser
            .get(s.url("/risks?stage=residual&x=3&y=6"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(list.contains(&number), "[{label}]");
        assert!(
            list.contains(&format!("<span id=\"risk-total\">{count}</span>")),
            "[{label}]"
        );

        // What the API returns is what OpenAPI documents.
        let (_, doc) = json(get("/api/v1/openapi.json").await.unwrap()).await;
        let documented: std::collections::BTreeSet<String> =
            doc["components"]["schemas"]["RiskView"]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .cloned()
                .collect();
        let (_, one) = json(get(&format!("/api/v1/risks/{id}")).await.unwrap()).await;
        let returned: std::collections::BTreeSet<String> =
            one.as_object().unwrap().keys().cloned().collect();
        assert_eq!(documented, returned);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_risk_form_names_a_bad_factor_and_records_nothing() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let c = client();
    let csrf = sign_in(&c, &s, "ciso").await;
    let count = |html: &str| {
        html.split("<span id=\"risk-total\">")
            .nth(1)
            .and_then(|t| t.split('<').next())
            .map(str::to_owned)
    };
    let before = count(
        &c.get(s.url("/risks"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    let r = c
        .post(s.url("/risks/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("title", "試験"),
            ("threat", "T-MISSEND"),
            ("residual_importance", "3"),
            ("residual_likelihood", "7"),
            ("residual_vulnerability", "2"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let page = r.text().await.unwrap();
    assert!(
        page.contains("id=\"e-residual_likelihood\""),
        "the field is marked"
    );
    assert!(page.contains("1〜3"), "the range is named");
    let after = count(
        &c.get(s.url("/risks"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
    );
    assert_eq!(before, after);
}

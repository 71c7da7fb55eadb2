//! The JSON API with bearer tokens on both databases, and its OpenAPI document.

use crate::support::Db;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_with_bearer_token_on_both_databases() {
    for db in Db::both() {
        db.demo();
        let (ok, token, _) = db.run(&["admin", "create-token", "--login", "sysadmin"]);
        assert!(ok);
        let token = token.trim().to_owned();
        let s = db.serve();
        let c = crate::support::http().build().unwrap();
        let r = c.get(s.url("/api/v1/staff")).send().await.unwrap();
        assert_eq!(r.status(), 401, "no token, no data");
        let r = c
            .get(s.url("/api/v1/staff"))
            .bearer_auth("mmr_not-a-token")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);

        let page: serde_json::Value = c
            .get(s.url("/api/v1/staff?per_page=20&page=2"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], 300, "[{}]", db.label());
        assert_eq!(page["items"].as_array().unwrap().len(), 20);
        assert_eq!(page["page"], 2);
        let found: serde_json::Value = c
            .get(s.url("/api/v1/staff?q=やまだ"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["kana"].as_str().unwrap().contains("ヤマダ")),
            "hiragana search matches katakana kana"
        );
        assert!(found["total"].as_u64().unwrap() >= 1);

        let r = c
            .post(s.url("/api/v1/staff"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"employee_number": "", "name": "テスト", "email": "not-an-email", "category": "社長"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: serde_json::Value = r.json().await.unwrap();
        let fields: Vec<&str> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["employee_number", "email", "category"],
            "every bad field is named"
        );
        assert!(
            body["error"]["fields"][0]["ja"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| c > '\u{3000}')
        );

        let r = c
            .post(s.url("/api/v1/staff"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"employee_number": "ＡＰＩ００１", "name": "API 太郎", "kana": "えーぴーあい たろう", "department": "情報政策課"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let created: serde_json::Value = r.json().await.unwrap();
        assert_eq!(created["employee_number"], "API001");
        assert_eq!(created["kana"], "エーピーアイ タロウ");
        assert_eq!(created["department_path"], "総務部/情報政策課");
        let id = created["id"].as_str().unwrap();
        let r = c
            .post(s.url(&format!("/api/v1/staff/{id}/retire")))
            .bearer_auth(&token)
            .json(&serde_json::json!({"on": "令和9年3月31日"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let retired: serde_json::Value = r.json().await.unwrap();
        assert_eq!(retired["end_date"], "2027-03-31");
        assert_eq!(retired["retired"], true);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_is_served_and_matches_the_committed_copy() {
    let db = Db::sqlite();
    db.init();
    let s = db.serve();
    let served = crate::support::http()
        .build()
        .unwrap()
        .get(s.url("/api/v1/openapi.json"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/staff"]["get"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/openapi.json"
    ))
    .unwrap();
    assert_eq!(
        served.trim(),
        committed.trim(),
        "docs/openapi.json is out of date: run `cargo run -p mamori -- openapi > docs/openapi.json`"
    );
}

/// List parameters are checked where they are read: an unknown sort, status or stage
/// is a 422 naming the parameter, a search text far too long is a 400, and a search of
/// only spaces or symbols lists everything.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn list_parameters_are_typed_and_search_text_is_bounded() {
    let db = Db::sqlite();
    db.demo();
    let (ok, token, _) = db.run(&["admin", "create-token", "--login", "ciso"]);
    assert!(ok);
    let token = token.trim().to_owned();
    let s = db.serve();
    let c = crate::support::http().build().unwrap();
    let get = |path: String| {
        let c = c.clone();
        let token = token.clone();
        let url = s.url(&path);
        async move {
            let r = c.get(url).bearer_auth(&token).send().await.unwrap();
            let status = r.status().as_u16();
            (status, r.json::<serde_json::Value>().await.unwrap())
        }
    };
    for (path, param) in [
        ("/api/v1/assets?sort=bogus", "sort"),
        ("/api/v1/assets?status=lost", "status"),
        ("/api/v1/assets?kind=spaceship", "kind"),
        ("/api/v1/staff?status=fired", "status"),
        ("/api/v1/staff?sort=age", "sort"),
        ("/api/v1/risks?stage=future", "stage"),
        ("/api/v1/risks?sort=colour", "sort"),
    ] {
        let (status, body) = get(path.to_owned()).await;
        assert_eq!(status, 422, "{path}: {body}");
        assert_eq!(body["error"]["fields"][0]["field"], param, "{path}: {body}");
    }
    let (status, body) = get(format!("/api/v1/assets?q={}", "災".repeat(201))).await;
    assert_eq!(status, 400, "{body}");
    assert!(
        body["error"]["message_en"]
            .as_str()
            .unwrap()
            .contains("too long"),
        "{body}"
    );
    let (_, all) = get("/api/v1/assets".to_owned()).await;
    let (status, spaces) = get("/api/v1/assets?q=%E3%80%80%20%E3%83%BB".to_owned()).await;
    assert_eq!(status, 200);
    assert_eq!(
        spaces["total"], all["total"],
        "spaces and symbols alone list everything"
    );
    let (_, found) = get("/api/v1/risks?q=%E8%AA%A4%E9%80%81%E4%BF%A1".to_owned()).await;
    assert!(
        found["total"].as_u64().unwrap() >= 1,
        "the demo has a 誤送信 risk: {found}"
    );
    s.terminate();
}

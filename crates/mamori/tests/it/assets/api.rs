//! The register over HTTP: need-to-know for restricted assets, with their reads audited,
//! and the JSON API as OpenAPI documents it.

use crate::support::{Db, Server, client, sign_in};

use super::import_ledger;

/// The id of an asset, found through the register's search as a CISO sees it.
async fn asset_id(c: &reqwest::Client, s: &Server, number: &str) -> String {
    let html = c
        .get(s.url(&format!("/assets?status=all&q={number}")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let at = html
        .find(&format!("\">{number}</a>"))
        .unwrap_or_else(|| panic!("{number} is listed: {html}"));
    html[..at]
        .rsplit("href=\"/assets/")
        .next()
        .unwrap()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn restricted_assets_are_need_to_know_and_their_reads_are_audited() {
    for db in Db::both() {
        db.init();
        import_ledger(&db, "assets_sjis.csv");
        for (login, dept) in [("kumi", "市民課"), ("other", "総務課")] {
            let (ok, out, err) = db.run(&[
                "admin",
                "create-user",
                "--login",
                login,
                "--name",
                "台帳 確認",
                "--role",
                "section-manager",
                "--department",
                dept,
            ]);
            assert!(ok, "{out}{err}");
        }
        let s = db.serve();
        let ciso = client();
        sign_in(&ciso, &s, "ciso").await;
        let restricted = asset_id(&ciso, &s, "A-000001").await;
        let facility = asset_id(&ciso, &s, "F-001").await;

        // Propagation: the server room holds the My Number system, so it needs 3B.
        let page = ciso
            .get(s.url(&format!("/assets/{facility}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"level-c\">2<"), "{page}");
        assert!(
            page.contains("id=\"required-c\">3B<"),
            "[{}] {page}",
            db.label()
        );

        // A section manager of another department sees neither the row nor the page.
        let other = client();
        sign_in(&other, &s, "other").await;
        let list = other
            .get(s.url("/assets?personal_data=any"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(!list.contains("A-000001"), "restricted row hidden: {list}");
        assert!(
            list.contains("A-000002"),
            "ordinary personal data is listed"
        );
        let r = other
            .get(s.url(&format!("/assets/{restricted}")))
            .send()
            .await
            .unwrap();
        assert_eq!(
            r.status(),
            404,
            "a restricted record is not there without the right"
        );

        // Downloads stream the same rows the list shows: the other department's manager
        // gets the ledger without the restricted row, the CISO all of it, as CSV and xlsx.
        let r = other.get(s.url("/assets/export.csv")).send().await.unwrap();
        assert_eq!(r.status(), 200);
        let disposition = r.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .to_owned();
        assert!(
            disposition.contains(
                "filename*=UTF-8''%E6%83%85%E5%A0%B1%E8%B3%87%E7%94%A3%E5%8F%B0%E5%B8%B3_"
            ),
            "{disposition}"
        );
        let csv = r.bytes().await.unwrap();
        assert!(csv.starts_with(&[0xEF, 0xBB, 0xBF]), "UTF-8 BOM for Excel");
        let csv = String::from_utf8(csv[3..].to_vec()).unwrap();
        assert!(csv.starts_with("管理番号,"), "{csv}");
        assert!(!csv.contains("A-000001"), "restricted row left out: {csv}");
        assert_eq!(csv.lines().count(), 6, "header and five rows: {csv}");
        let xlsx = ciso
            .get(s.url("/assets/export.xlsx?status=all"))
            .send()
            .await
            .unwrap();
        assert_eq!(xlsx.status(), 200);
        let xlsx = xlsx.bytes().await.unwrap();
        let table = mamori_app::tabular::read_table(&xlsx, &Default::default(), &|_| true).unwrap();
        let numbers: Vec<String> = table
            .rows()
            .map(|r| r.cells.get(0).unwrap().to_owned())
            .collect();
        assert_eq!(numbers.len(), 6, "{numbers:?}");
        assert!(numbers.contains(&"A-000001".to_owned()));

        // The section manager of 市民課 reads it, with its handling rules; the read is logged.
        let kumi = client();
        sign_in(&kumi, &s, "kumi").await;
        let page = kumi
            .get(s.url(&format!("/assets/{restricted}")))
            .send()
            .await
            .unwrap();
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(
            page.contains("id=\"handling\""),
            "handling rules shown: {page}"
        );
        s.terminate();
        let (ok, out, err) = db.run(&["audit", "export", "--format", "jsonl"]);
        assert!(ok, "{err}");
        let reads: Vec<&str> = out
            .lines()
            .filter(|l| l.contains("\"asset.read\"") && l.contains(&restricted))
            .collect();
        assert!(
            reads.iter().any(|l| l.contains("user:kumi")),
            "[{}] the read is in the audit log: {reads:?}",
            db.label()
        );
        assert!(
            out.lines()
                .any(|l| l.contains("access.denied") && l.contains("user:other")),
            "the refusal is in the audit log too"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_creates_relates_filters_and_documents_assets() {
    for db in Db::both() {
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
                let r = c.get(url).bearer_auth(token).send().await.unwrap();
                assert_eq!(r.status(), 200, "{path}");
                r.json::<serde_json::Value>().await.unwrap()
            }
        };

        // The demo register is there, and filters combine.
        let all = get("/api/v1/assets?per_page=1".into()).await;
        assert!(
            all["total"].as_u64().unwrap() > 400,
            "[{}] {all}",
            db.label()
        );
        let mynumber = get("/api/v1/assets?personal_data=my_number&per_page=200".into()).await;
        let items = mynumber["items"].as_array().unwrap();
        assert!(!items.is_empty());
        assert!(
            items
                .iter()
                .all(|a| a["personal_data"] == "my_number" && a["restricted"] == true)
        );

        // Create a server and a database on it: the server's required C rises to 3B.
        let post = |body: serde_json::Value| {
            c.post(s.url("/api/v1/assets"))
                .bearer_auth(&token)
                .json(&body)
                .send()
        };
        let r = post(serde_json::json!({"number": "T-HW", "kind": "hardware", "name": "試験サーバ", "c": "2", "i": "1", "a": "1"})).await.unwrap();
        assert_eq!(r.status(), 201);
        let hw: serde_json::Value = r.json().await.unwrap();
        let r = post(serde_json::json!({"number": "T-DB", "name": "試験データ", "c": "3B", "i": "2", "a": "2", "personal_data": "personal"})).await.unwrap();
        assert_eq!(r.status(), 201);
        let data: serde_json::Value = r.json().await.unwrap();
        assert_eq!(data["importance"], 3);
        assert_eq!(
            data["kind"], "data_electronic",
            "kind inferred from the medium"
        );
        let r = c
            .post(s.url(&format!(
                "/api/v1/assets/{}/relations",
                data["id"].as_str().unwrap()
            )))
            .bearer_auth(&token)
            .json(&serde_json::json!({"kind": "stored_on", "to": "T-HW"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let hw_after = get(format!("/api/v1/assets/{}", hw["id"].as_str().unwrap())).await;
        assert_eq!(hw_after["c"]["code"], "2");
        assert_eq!(
            hw_after["required_c"]["code"],
            "3B",
            "[{}] {hw_after}",
            db.label()
        );
        assert_eq!(hw_after["under_protected"], true);

        // Bad input: 422 naming the field in both languages.
        let r = post(serde_json::json!({"name": "", "c": "9", "i": "1", "a": "1"}))
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body = r.text().await.unwrap();
        assert!(
            body.contains("\"c\"") && body.contains("\"name\""),
            "{body}"
        );

        // What the API returns is what OpenAPI documents.
        let doc = get("/api/v1/openapi.json".into()).await;
        let documented: std::collections::BTreeSet<&str> =
            doc["components"]["schemas"]["AssetView"]["properties"]
                .as_object()
                .unwrap()
                .keys()
                .map(String::as_str)
                .collect();
        let returned: std::collections::BTreeSet<&str> = hw_after
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(documented, returned);
    }
}

//! The asset register from the command line: a municipal ledger as Excel exports it
//! (Shift_JIS, Japanese headers, full-width digits, 和暦, ○ marks) imports with the right
//! levels, personal-data flags and relations; export → import changes nothing; one bad
//! row refuses the whole file.

use crate::support::{Db, fixture};

fn export(db: &Db, name: &str, format: &str) -> std::path::PathBuf {
    let out = db.dir.path().join(name);
    let (ok, o, e) = db.run(&[
        "export",
        "assets",
        "--all",
        "--format",
        format,
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "[{}] export failed: {o}{e}", db.label());
    out
}

/// The exported CSV as rows of cells (BOM stripped).
/// Imports a fixture ledger, creating the departments it names.
fn import_ledger(db: &Db, name: &str) -> (String, String) {
    let file = fixture(name);
    let (ok, out, err) = db.run(&[
        "import",
        "assets",
        file.to_str().unwrap(),
        "--create-departments",
    ]);
    assert!(ok, "[{}] import of {name} failed: {out}{err}", db.label());
    (out, err)
}

fn rows(path: &std::path::Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    text.lines()
        .map(|l| l.split(',').map(str::to_owned).collect())
        .collect()
}

fn cell<'a>(table: &'a [Vec<String>], number: &str, header: &str) -> &'a str {
    let col = table[0].iter().position(|h| h == header).unwrap();
    let row = table
        .iter()
        .find(|r| r[0] == number)
        .unwrap_or_else(|| panic!("no row {number}"));
    &row[col]
}

#[test]
fn shift_jis_ledger_imports_and_round_trips_through_csv_and_xlsx() {
    for db in Db::both() {
        db.init();
        let (out, err) = import_ledger(&db, "assets_sjis.csv");
        assert!(out.contains("imported: 6 new"), "{out}");
        assert!(
            err.contains("Shift_JIS") && err.contains("header row 3"),
            "{err}"
        );
        assert!(
            err.contains("評価者"),
            "an unknown column is listed, not silently dropped: {err}"
        );

        let csv = export(&db, "a.csv", "csv");
        let t = rows(&csv);
        // Full-width numbers and letters were folded; 和暦 read; marks became the kind.
        assert_eq!(cell(&t, "A-000001", "機密性"), "3B");
        assert_eq!(cell(&t, "A-000001", "個人情報の種類"), "特定個人情報");
        assert_eq!(cell(&t, "A-000001", "登録日"), "2019-04-30");
        assert_eq!(cell(&t, "A-000001", "保存期限"), "永年");
        assert_eq!(cell(&t, "A-000001", "重要度"), "3");
        assert_eq!(cell(&t, "A-000001", "依存先"), "保存先:S-100");
        assert_eq!(cell(&t, "A-000002", "資産種別"), "紙の情報", "書庫 → paper");
        assert_eq!(cell(&t, "A-000002", "個人情報の種類"), "個人情報");
        assert_eq!(cell(&t, "A-000002", "保存期限"), "5年");
        assert_eq!(cell(&t, "S-100", "依存先"), "稼働基盤:H-010");

        for file in [csv, export(&db, "a.xlsx", "xlsx")] {
            let (ok, out, err) = db.run(&["import", "assets", file.to_str().unwrap()]);
            assert!(ok, "{out}{err}");
            assert!(
                out.contains("0 new, 0 updated, 6 unchanged"),
                "[{}] export → import changes nothing ({}): {out}{err}",
                db.label(),
                file.display()
            );
        }
    }
}

#[test]
fn one_bad_row_refuses_the_whole_ledger_naming_row_and_column() {
    for db in Db::both() {
        db.init();
        // Row 5 has a confidentiality level (９) the scheme does not have.
        let bad = fixture("assets_bad_row.csv");
        let (ok, out, err) = db.run(&[
            "import",
            "assets",
            bad.to_str().unwrap(),
            "--create-departments",
        ]);
        assert!(!ok, "[{}] a bad row fails the import: {out}", db.label());
        assert!(
            err.contains("row 5 column \"機密性\" value \"９\""),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        let t = rows(&export(&db, "after.csv", "csv"));
        assert_eq!(t.len(), 1, "[{}] nothing was written: {t:?}", db.label());
    }
}

/// The id of an asset, found through the register's search as a CISO sees it.
async fn asset_id(c: &reqwest::Client, s: &crate::support::Server, number: &str) -> String {
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
    use crate::support::{client, sign_in};
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
        assert_eq!(r.status(), 403);

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
        let c = reqwest::Client::new();
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
        let documented: std::collections::BTreeSet<&str> = doc["components"]["schemas"]["AssetDto"]
            ["properties"]
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

#[test]
fn ipa_workbook_ledger_imports_under_the_ipa_scheme() {
    let db = Db::sqlite();
    db.init();
    // IPA rates integrity and availability 1–3, so the organization switches schemes
    // first: an explicit, audited step (no assets yet, so nothing is reclassified).
    let (ok, out, err) = db.run(&["scheme", "add", "--preset", "ipa"]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = db.run(&["scheme", "migrate", "--to", "ipa"]);
    assert!(ok && out.contains("migrated: 0 assets"), "{out}{err}");
    let (ok, out, _) = db.run(&["scheme", "list"]);
    assert!(ok);
    assert!(
        out.lines().any(|l| l.starts_with('*') && l.contains("IPA")),
        "IPA is now active: {out}"
    );

    let (out, err) = import_ledger(&db, "assets_ipa_ledger.csv");
    assert!(out.contains("imported: 4 new"), "{out}");
    assert!(
        err.contains("header row 4"),
        "the two-row heading is read as one: {err}"
    );
    assert!(
        err.contains("脅威の発生頻度"),
        "the risk columns are listed as not imported: {err}"
    );
    assert!(
        err.contains("管理番号の列がない"),
        "numbers are generated, with a warning: {err}"
    );

    let t = rows(&export(&db, "ipa.csv", "csv"));
    let by_name = |name: &str, header: &str| {
        let col = t[0].iter().position(|h| h == header).unwrap();
        let name_col = t[0].iter().position(|h| h == "情報資産名称").unwrap();
        t.iter().find(|r| r[name_col] == name).unwrap()[col].clone()
    };
    assert_eq!(by_name("課税台帳", "完全性"), "3");
    assert_eq!(by_name("課税台帳", "個人情報の種類"), "特定個人情報");
    assert_eq!(by_name("課税台帳", "保存期限"), "永年");
    assert_eq!(by_name("健康診断結果", "個人情報の種類"), "要配慮個人情報");
    assert_eq!(by_name("健康診断結果", "資産種別"), "紙の情報");
    assert_eq!(by_name("健康診断結果", "登録日"), "2024-04-01");
    assert_eq!(by_name("職員名簿", "個人情報の種類"), "個人情報");
    assert_eq!(by_name("広報誌原稿", "重要度"), "1");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn moving_assets_to_another_scheme_is_previewed_then_audited() {
    use crate::support::{client, input_value, sign_in};
    for db in Db::both() {
        db.init();
        import_ledger(&db, "assets_sjis.csv");
        let s = db.serve();
        let c = client();
        let csrf = sign_in(&c, &s, "ciso").await;
        let r = c
            .post(s.url("/classification/add"))
            .form(&[("_csrf", csrf.as_str()), ("preset", "mic2022")])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303);
        let schemes: serde_json::Value = c
            .get(s.url("/api/v1/classification-schemes"))
            .header("x-csrf-token", &csrf)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let target = schemes
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["preset"] == "mic2022")
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned();

        // The preview names every level with its count and a conservative default.
        let page = c
            .get(s.url(&format!("/classification/migrate?to={target}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(page.contains("id=\"migrate-assets\">6<"), "{page}");
        assert!(page.contains("name=\"map.c.3B\""), "{page}");
        assert_eq!(input_value(&page, "to").as_deref(), Some(target.as_str()));
        // Nothing moved yet.
        let t = rows(&export(&db, "before.csv", "csv"));
        assert_eq!(cell(&t, "A-000001", "機密性"), "3B");

        let r = c
            .post(s.url("/classification/migrate"))
            .form(&[
                ("_csrf", csrf.as_str()),
                ("to", target.as_str()),
                ("map.c.3B", "3"),
                ("map.c.2", "2"),
                ("map.c.1", "1"),
                ("map.i.2", "2"),
                ("map.i.1", "1"),
                ("map.a.2", "2"),
                ("map.a.1", "1"),
                ("commit", "1"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 303, "{}", r.text().await.unwrap());
        s.terminate();
        let t = rows(&export(&db, "after.csv", "csv"));
        assert_eq!(cell(&t, "A-000001", "機密性"), "3", "[{}]", db.label());
        assert_eq!(cell(&t, "A-000003", "機密性"), "1");
        let (ok, out, _) = db.run(&["audit", "export"]);
        assert!(ok);
        assert_eq!(
            out.lines()
                .filter(|l| l.contains("\"asset.reclassify\""))
                .count(),
            6,
            "one audit entry per moved asset"
        );
    }
}

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
    // IPA rates integrity and availability 1–3: only the IPA preset reads 完全性 3, and
    // the new organization has no assets yet, so the import adopts it, saying so.
    let (out, err) = import_ledger(&db, "assets_ipa_ledger.csv");
    assert!(
        err.contains("この台帳はIPA 3段階評価"),
        "the adoption is announced: {err}"
    );
    let (ok, list, _) = db.run(&["scheme", "list"]);
    assert!(ok);
    assert!(
        list.lines()
            .any(|l| l.starts_with('*') && l.contains("IPA")),
        "IPA is now active: {list}"
    );
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

/// The active scheme's line of `mamori scheme list`.
fn active_scheme(db: &Db) -> String {
    let (ok, out, err) = db.run(&["scheme", "list"]);
    assert!(ok, "{out}{err}");
    out.lines()
        .find(|l| l.starts_with('*'))
        .unwrap_or_else(|| panic!("no active scheme: {out}"))
        .to_owned()
}

#[test]
fn a_2022_ledger_switches_a_new_organization_to_mic_2022_with_one_notice() {
    for db in Db::both() {
        db.init();
        assert!(
            active_scheme(&db).contains("令和6年版"),
            "a new organization starts on MIC 2024"
        );
        let file = fixture("assets_mic2022_ledger.csv");
        let file = file.to_str().unwrap();

        // The preview says what will happen, and changes nothing.
        let (ok, out, err) = db.run(&[
            "import",
            "assets",
            file,
            "--create-departments",
            "--dry-run",
        ]);
        assert!(ok, "[{}] {out}{err}", db.label());
        let notice = "この台帳は総務省ガイドライン（令和4年版）の区分（機密性 3/2/1、完全性 2/1、可用性 2/1）で書かれています。この組織の分類基準を総務省ガイドライン（令和4年版）にして取り込みます。";
        assert!(err.contains(notice), "[{}] {err}", db.label());
        assert_eq!(err.matches("notice /").count(), 1, "one notice: {err}");
        assert!(!err.contains("refused"), "{err}");
        assert!(out.contains("would import (dry run): 8 new"), "{out}");
        assert!(
            active_scheme(&db).contains("令和6年版"),
            "a dry run switches nothing"
        );

        let (ok, out, err) = db.run(&["import", "assets", file, "--create-departments"]);
        assert!(ok, "[{}] {out}{err}", db.label());
        assert!(out.contains("imported: 8 new"), "{out}");
        assert!(active_scheme(&db).contains("令和4年版"), "[{}]", db.label());
        let t = rows(&export(&db, "2022.csv", "csv"));
        assert_eq!(cell(&t, "A-000101", "機密性"), "3");
        assert_eq!(cell(&t, "A-000101", "重要度"), "3");
        assert_eq!(cell(&t, "A-000104", "機密性"), "2");
        assert_eq!(cell(&t, "A-000105", "完全性"), "2");

        // The switch is in the audit log with the import, and the chain holds.
        let (ok, audit, _) = db.run(&["audit", "export"]);
        assert!(ok);
        let activation = audit
            .lines()
            .find(|l| l.contains("\"classification_scheme.activate\""))
            .unwrap_or_else(|| panic!("[{}] no activation entry", db.label()));
        assert!(activation.contains("asset.import"), "{activation}");
        let (ok, out, err) = db.run(&["audit", "verify"]);
        assert!(ok, "{out}{err}");

        // The same file again changes nothing and says nothing about schemes.
        let (ok, out, err) = db.run(&["import", "assets", file]);
        assert!(ok, "{out}{err}");
        assert!(!err.contains("notice /"), "{err}");
        assert!(out.contains("8 unchanged"), "{out}");
    }
}

#[test]
fn a_ledger_in_another_scheme_is_refused_once_assets_are_classified() {
    for db in Db::both() {
        db.init();
        import_ledger(&db, "assets_sjis.csv"); // MIC 2024 levels (3B)
        let (ok, out, err) = db.run(&[
            "import",
            "assets",
            fixture("assets_mic2022_ledger.csv").to_str().unwrap(),
            "--create-departments",
        ]);
        assert!(!ok, "[{}] refused: {out}{err}", db.label());
        assert!(err.contains("refused: nothing was written"), "{err}");
        assert!(
            err.contains("総務省ガイドライン（令和4年版）の区分（機密性 3/2/1")
                && err.contains("分類済みの資産が6件")
                && err.contains("mamori scheme add --preset mic2022")
                && err.contains("mamori scheme migrate --to mic2022"),
            "the message names the preset and the commands: {err}"
        );
        assert!(
            !err.contains("row 3"),
            "one message for the file, not one per row: {err}"
        );
        assert!(active_scheme(&db).contains("令和6年版"));
        let t = rows(&export(&db, "after.csv", "csv"));
        assert_eq!(t.len(), 7, "header and the six assets, nothing more");

        // An explicit --scheme says the same when assets are classified under another.
        let (ok, _, err) = db.run(&[
            "import",
            "assets",
            fixture("assets_mic2022_ledger.csv").to_str().unwrap(),
            "--scheme",
            "ipa",
        ]);
        assert!(!ok);
        assert!(err.contains("mamori scheme migrate --to ipa"), "{err}");
    }
}

#[test]
fn scheme_can_be_chosen_at_init_and_on_import() {
    let db = Db::sqlite();
    let (ok, out, err) = db.run(&[
        "admin",
        "init",
        "--org-name",
        "テスト市",
        "--org-code",
        "131016",
        "--login",
        "ciso",
        "--name",
        "情報 太郎",
        "--require-mfa",
        "false",
        "--scheme",
        "ipa",
    ]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("IPA"), "{out}");
    assert!(active_scheme(&db).contains("IPA"));

    // The 2022 ledger also reads under IPA; said explicitly, the organization keeps it.
    let (ok, out, err) = db.run(&[
        "import",
        "assets",
        fixture("assets_mic2022_ledger.csv").to_str().unwrap(),
        "--create-departments",
        "--scheme",
        "ipa",
    ]);
    assert!(ok, "{out}{err}");
    assert!(!err.contains("notice /"), "IPA was already active: {err}");
    assert!(active_scheme(&db).contains("IPA"));

    // An unknown preset is refused before anything is read, listing the presets.
    let (ok, _, err) = db.run(&["import", "assets", "x.csv", "--scheme", "mic2099"]);
    assert!(!ok);
    assert!(err.contains("mic2022") && err.contains("ipa"), "{err}");
    let other = Db::sqlite();
    let (ok, _, err) = other.run(&[
        "admin",
        "init",
        "--org-name",
        "テスト市",
        "--org-code",
        "131016",
        "--login",
        "ciso",
        "--name",
        "情報 太郎",
        "--scheme",
        "iso",
    ]);
    assert!(!ok);
    assert!(err.contains("「iso」という分類基準はありません"), "{err}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_upload_preview_says_the_scheme_will_change_and_the_commit_changes_it() {
    use crate::support::{client, sign_in};
    let db = Db::sqlite();
    db.init();
    let s = db.serve();
    let c = client();
    let csrf = sign_in(&c, &s, "ciso").await;
    let form = c
        .get(s.url("/import/assets"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        form.contains("name=\"scheme\" type=\"radio\" value=\"mic2022\""),
        "the form offers the presets: {form}"
    );
    let bytes = std::fs::read(fixture("assets_mic2022_ledger.csv")).unwrap();
    let upload = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .text("create_departments", "1")
        .text("scheme", "")
        .part(
            "file",
            reqwest::multipart::Part::bytes(bytes).file_name("台帳.csv"),
        );
    let r = c
        .post(s.url("/import/assets"))
        .multipart(upload)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    let notice = page
        .split("id=\"import-notice\"")
        .nth(1)
        .unwrap_or_else(|| panic!("no notice: {page}"));
    assert!(
        notice.contains("この組織の分類基準を総務省ガイドライン（令和4年版）にして取り込みます。"),
        "{notice}"
    );
    assert!(page.contains("id=\"count-creates\">8<"), "{page}");
    let commit = page
        .split("action=\"/import/assets/")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or_else(|| panic!("no commit form: {page}"))
        .to_owned();
    let r = c
        .post(s.url(&format!("/import/assets/{commit}")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert!(
        r.status().is_success() || r.status() == 303,
        "{}",
        r.status()
    );
    let schemes: serde_json::Value = c
        .get(s.url("/api/v1/classification-schemes"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let active: Vec<&serde_json::Value> = schemes
        .as_array()
        .unwrap()
        .iter()
        .filter(|s| s["active"] == true)
        .collect();
    assert_eq!(active.len(), 1, "{schemes}");
    assert_eq!(active[0]["preset"], "mic2022", "{schemes}");
    s.terminate();
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

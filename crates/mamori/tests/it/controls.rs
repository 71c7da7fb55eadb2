//! Control catalogs, applied controls with evidence, the Statement of Applicability and
//! the treatment plan, over HTTP and the command line.

use calamine::{Reader, Xlsx, open_workbook};
use sha2::{Digest, Sha256};

use crate::support::{Db, Server, client, page, sign_in};

const NIST: &str = "nist-csf-2.0";

fn token(db: &Db, login: &str) -> String {
    let (ok, out, err) = db.run(&["admin", "create-token", "--login", login]);
    assert!(ok, "create-token: {out}{err}");
    out.trim().to_owned()
}

async fn get_json(c: &reqwest::Client, s: &Server, token: &str, path: &str) -> serde_json::Value {
    let r = c.get(s.url(path)).bearer_auth(token).send().await.unwrap();
    assert_eq!(r.status(), 200, "GET {path}");
    r.json().await.unwrap()
}

/// A small catalog of our own: two themes, three controls.
fn small_catalog(id: &str, bad_parent: bool) -> String {
    let parent = if bad_parent { "NOPE" } else { "T2" };
    format!(
        r#"[catalog]
id = "{id}"
name_ja = "テスト市の管理策"
name_en = "Test city controls"
version = "1"
source_ja = "テスト用"
source_en = "For tests"

[[controls]]
id = "T1"
parent = ""
level = "theme"
title_ja = "組織"
title_en = "Organization"
category = "organizational"

[[controls]]
id = "T1.1"
parent = "T1"
level = "control"
title_ja = "責任者の指名"
title_en = "Appoint officers"
category = "organizational"

[[controls]]
id = "T2"
parent = ""
level = "theme"
title_ja = "技術"
title_en = "Technical"
category = "technical"

[[controls]]
id = "T2.1"
parent = "{parent}"
level = "control"
title_ja = "多要素認証"
title_en = "Multi-factor authentication"
category = "technical"
"#
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nist_csf_catalog_lists_six_functions_22_categories_106_subcategories() {
    let db = Db::sqlite();
    db.init();
    let tok = token(&db, "ciso");
    let s = db.serve();
    let c = client();
    sign_in(&c, &s, "ciso").await;

    let cat = get_json(&c, &s, &tok, "/api/v1/catalogs/nist-csf-2.0").await;
    assert_eq!(cat["levels"]["function"], 6);
    assert_eq!(cat["levels"]["category"], 22);
    assert_eq!(cat["levels"]["subcategory"], 106);
    let controls = get_json(&c, &s, &tok, "/api/v1/catalogs/nist-csf-2.0/controls").await;
    let controls = controls.as_array().unwrap();
    assert_eq!(controls.len(), 134);
    assert_eq!(
        controls[0]["id"], "GV",
        "reading order starts at the first function"
    );
    assert_eq!(controls[1]["parent"], "GV");

    let (status, list) = page(&c, &s, "/catalogs").await;
    assert_eq!(status, 200);
    for shown in ["function 6", "category 22", "subcategory 106"] {
        assert!(list.contains(shown), "catalog list shows {shown}");
    }
    assert!(
        list.contains("規格の見出しと本文は著作物のため収録していません"),
        "the ISO catalog says why it has no titles"
    );
    let (status, detail) = page(&c, &s, "/catalogs/nist-csf-2.0").await;
    assert_eq!(status, 200);
    assert!(detail.contains(r#"id="c-PR.AA-01""#));
    assert!(
        detail.contains(r#"class="depth-2""#),
        "subcategories are indented"
    );

    // The SoA prints as an A4 portrait document.
    let (status, print) = page(&c, &s, "/soa/nist-csf-2.0/print").await;
    assert_eq!(status, 200);
    assert!(print.contains(r#"<body class="soa-document">"#));
    assert!(
        print.contains("テスト市"),
        "the organization heads the document"
    );
    assert!(print.contains("PR.AA-01"));
    assert!(!print.contains("<script"), "no scripts");
    let css = crate::support::http()
        .build()
        .unwrap()
        .get(s.url("/static/mamori.css"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(css.contains("@page soa { size: A4 portrait"));
    assert!(css.contains("body.soa-document { page: soa; }"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn applied_control_with_pdf_evidence_appears_in_the_soa_and_downloads_safely() {
    for db in Db::both() {
        let label = db.label();
        db.init();
        let tok = token(&db, "ciso");
        let s = db.serve();
        let api = crate::support::http().build().unwrap();
        let r = api
            .post(s.url("/api/v1/applied-controls"))
            .bearer_auth(&tok)
            .json(&serde_json::json!({
                "name": "職員アカウントの棚卸し",
                "category": "technical",
                "status": "implemented",
                "implements": ["nist-csf-2.0:PR.AA-01"],
            }))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "[{label}] create");
        let ac: serde_json::Value = r.json().await.unwrap();
        let id = ac["id"].as_str().unwrap().to_owned();
        assert_eq!(ac["number"], "AC-0001");
        assert_eq!(ac["evidence_stale"], true, "implemented without evidence");

        let soa = get_json(&api, &s, &tok, "/api/v1/soa/nist-csf-2.0").await;
        let row = soa["rows"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["control"] == "PR.AA-01")
            .unwrap()
            .clone();
        assert_eq!(row["status"], "implemented", "[{label}]");
        assert_eq!(row["applied"][0], "AC-0001 職員アカウントの棚卸し");

        // A PDF is stored with its SHA-256.
        let pdf =
            b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
                .to_vec();
        let expected = hex::encode(Sha256::digest(&pdf));
        let form = reqwest::multipart::Form::new()
            .part(
                "file",
                reqwest::multipart::Part::bytes(pdf.clone()).file_name("棚卸し記録.pdf"),
            )
            .text("description", "令和8年度 棚卸し")
            .text("expires_on", "2099-03-31");
        let r = api
            .post(s.url(&format!("/api/v1/applied-controls/{id}/evidence")))
            .bearer_auth(&tok)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201, "[{label}] upload");
        let ev: serde_json::Value = r.json().await.unwrap();
        assert_eq!(ev["sha256"], expected.as_str());
        assert_eq!(ev["file_type"], "pdf");
        let ev_id = ev["id"].as_str().unwrap().to_owned();

        // The page offers it as a download that never renders.
        let c = client();
        let csrf = sign_in(&c, &s, "ciso").await;
        let (status, detail) = page(&c, &s, &format!("/controls/{id}")).await;
        assert_eq!(status, 200);
        assert!(detail.contains("棚卸し記録.pdf"));
        assert!(detail.contains(&expected[..12]), "hash prefix shown");
        let r = c
            .get(s.url(&format!("/evidence/{ev_id}")))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let h = r.headers().clone();
        assert_eq!(h["content-type"], "application/pdf");
        let cd = h["content-disposition"].to_str().unwrap();
        assert!(cd.starts_with("attachment;"), "{cd}");
        assert!(cd.contains("filename*=UTF-8''"), "{cd}");
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["x-checksum-sha256"].to_str().unwrap(), expected);
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'none'"), "{csp}");
        assert_eq!(r.bytes().await.unwrap().as_ref(), pdf.as_slice());

        // HTML dressed as a PDF, through the page: refused with the field message.
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"<html><script>alert(1)</script></html>".to_vec())
                    .file_name("report.pdf"),
            );
        let r = c
            .post(s.url(&format!("/controls/{id}/evidence")))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "[{label}] html as pdf");
        let body = r.text().await.unwrap();
        assert!(body.contains(r#"id="e-file""#), "message at the file field");
        // Text that starts like HTML, through the API: refused, field `file`.
        let form = reqwest::multipart::Form::new().part(
            "file",
            reqwest::multipart::Part::bytes(b"<html><body>hi</body></html>".to_vec())
                .file_name("note.txt"),
        );
        let r = api
            .post(s.url(&format!("/api/v1/applied-controls/{id}/evidence")))
            .bearer_auth(&tok)
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422, "[{label}] html as txt");
        let err: serde_json::Value = r.json().await.unwrap();
        assert_eq!(err["error"]["fields"][0]["field"], "file");
        let list = get_json(
            &api,
            &s,
            &tok,
            &format!("/api/v1/applied-controls/{id}/evidence"),
        )
        .await;
        assert_eq!(
            list.as_array().unwrap().len(),
            1,
            "[{label}] nothing more stored"
        );

        // The SoA page counts the evidence; the list no longer marks the control stale.
        let (_, soa_page) = page(&c, &s, "/soa/nist-csf-2.0").await;
        assert!(soa_page.contains("AC-0001 職員アカウントの棚卸し"));
        let (_, list_page) = page(&c, &s, "/controls").await;
        assert!(list_page.contains("AC-0001"));
        assert!(!list_page.contains("badge stale"), "evidence is current");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalog_import_checks_first_then_soa_decisions_and_approval_make_version_1() {
    let db = Db::sqlite();
    db.init();
    let tok = token(&db, "ciso");
    let s = db.serve();
    let api = crate::support::http().build().unwrap();

    // A dry run reports and changes nothing.
    let r = api
        .post(s.url("/api/v1/catalogs?dry_run=true"))
        .bearer_auth(&tok)
        .body(small_catalog("test-city", false))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let rep: serde_json::Value = r.json().await.unwrap();
    assert_eq!(rep["controls"], 4);
    assert_eq!(rep["committed"], false);
    let r = api
        .get(s.url("/api/v1/catalogs/test-city"))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 404, "a dry run imports nothing");

    // A bad parent is refused, naming the control.
    let r = api
        .post(s.url("/api/v1/catalogs"))
        .bearer_auth(&tok)
        .body(small_catalog("test-city", true))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let err = r.text().await.unwrap();
    assert!(err.contains("T2.1") && err.contains("NOPE"), "{err}");

    // The page checks first too; then imports.
    let c = client();
    let csrf = sign_in(&c, &s, "ciso").await;
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .text("dry_run", "1")
        .text("toml", small_catalog("test-city", false));
    let r = c
        .post(s.url("/catalogs/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let preview = r.text().await.unwrap();
    assert!(preview.contains(r#"<dd id="preview-controls">4</dd>"#));
    let (_, list) = page(&c, &s, "/catalogs").await;
    assert!(!list.contains("test-city"), "still nothing imported");
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.clone())
        .text("dry_run", "0")
        .text("toml", small_catalog("test-city", false));
    let r = c
        .post(s.url("/catalogs/import"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, list) = page(&c, &s, "/catalogs").await;
    assert!(list.contains("test-city"));

    // Excluding a control needs a reason: the page and the API say so.
    let r = c
        .post(s.url("/soa/test-city/entry"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("control", "T2.1"),
            ("applicable", "0"),
            ("justification", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(
        r.text()
            .await
            .unwrap()
            .contains("適用除外とする理由を入力してください。")
    );
    let r = api
        .put(s.url("/api/v1/soa/test-city/T2.1"))
        .bearer_auth(&tok)
        .json(&serde_json::json!({"applicable": false}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let soa = get_json(&api, &s, &tok, "/api/v1/soa/test-city").await;
    assert_eq!(soa["undecided"], 2, "the refusal changed nothing");

    // Approval waits until every control is decided.
    let approve = [
        ("_csrf", csrf.as_str()),
        ("approved_on", "令和8年4月1日"),
        ("approved_by", "情報セキュリティ委員会"),
        ("note", ""),
    ];
    let r = c
        .post(s.url("/soa/test-city/approve"))
        .form(&approve)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let r = c
        .post(s.url("/soa/test-city/entry"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("control", "T1.1"),
            ("applicable", "1"),
            ("justification", "基本方針で必須"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = api
        .put(s.url("/api/v1/soa/test-city/T2.1"))
        .bearer_auth(&tok)
        .json(&serde_json::json!({"applicable": false, "justification": "外部接続がないため"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = c
        .post(s.url("/soa/test-city/approve"))
        .form(&approve)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the CISO approves");
    let (_, soa_page) = page(&c, &s, "/soa/test-city").await;
    assert!(soa_page.contains(r#"href="/soa/test-city/versions/1""#));
    let (status, v1) = page(&c, &s, "/soa/test-city/versions/1").await;
    assert_eq!(status, 200);
    assert!(v1.contains(r#"<dd id="doc-version">1</dd>"#));
    assert!(v1.contains("外部接続がないため"));
    assert!(v1.contains("情報セキュリティ委員会"));
}

#[test]
fn soa_and_catalogs_export_and_import_from_the_command_line() {
    let db = Db::sqlite();
    db.init();
    let dir = db.dir.path();

    let xlsx = dir.join("f.xlsx");
    let (ok, out, err) = db.run(&[
        "export",
        "soa",
        "--catalog",
        NIST,
        "--format",
        "xlsx",
        "--output",
        xlsx.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    let mut wb: Xlsx<_> = open_workbook(&xlsx).unwrap();
    let sheet = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&sheet).unwrap();
    let rows: Vec<Vec<String>> = range
        .rows()
        .map(|r| r.iter().map(|c| c.to_string()).collect())
        .collect();
    assert_eq!(rows[0][0], "管理策 / Control");
    assert_eq!(rows.len(), 1 + 106, "one row per subcategory");
    assert!(rows.iter().any(|r| r[0] == "PR.AA-01"));

    let csv = dir.join("f.csv");
    let (ok, out, err) = db.run(&[
        "export",
        "soa",
        "--catalog",
        NIST,
        "--format",
        "csv",
        "--output",
        csv.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    let bytes = std::fs::read(&csv).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "UTF-8 BOM for Excel"
    );
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    assert!(text.starts_with("管理策 / Control,"));
    assert!(text.contains("\nPR.AA-01,"));

    let (ok, _, err) = db.run(&[
        "export",
        "soa",
        "--catalog",
        "no-such",
        "--output",
        "x.xlsx",
    ]);
    assert!(!ok, "an unknown catalog is an error: {err}");

    // Catalogs round-trip: export, check, import.
    let toml = dir.join("nist.toml");
    let (ok, out, err) = db.run(&[
        "export",
        "catalog",
        "--catalog",
        NIST,
        "--output",
        toml.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = db.run(&["import", "catalog", toml.to_str().unwrap(), "--dry-run"]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("dry run") && out.contains("134 controls"),
        "{out}"
    );
    let bad = dir.join("bad.toml");
    std::fs::write(&bad, small_catalog("test-city", true)).unwrap();
    let (ok, out, err) = db.run(&["import", "catalog", bad.to_str().unwrap()]);
    assert!(!ok, "{out}");
    assert!(err.contains("T2.1"), "{err}");
}

/// The evidence download carries its own CSP: `sandbox` keeps anything that slipped
/// through from running with the site's origin even if a browser did render it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn evidence_downloads_are_sandboxed() {
    let db = Db::sqlite();
    db.init();
    let tok = token(&db, "ciso");
    let s = db.serve();
    let api = crate::support::http().build().unwrap();
    let ac: serde_json::Value = api
        .post(s.url("/api/v1/applied-controls"))
        .bearer_auth(&tok)
        .json(&serde_json::json!({"name": "入退室記録の点検", "category": "physical"}))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = ac["id"].as_str().unwrap();
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(b"2026-04-01 ok\n".to_vec()).file_name("log.txt"),
    );
    let ev: serde_json::Value = api
        .post(s.url(&format!("/api/v1/applied-controls/{id}/evidence")))
        .bearer_auth(&tok)
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let r = api
        .get(s.url(&format!("/api/v1/evidence/{}", ev["id"].as_str().unwrap())))
        .bearer_auth(&tok)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.headers()["content-type"], "text/plain");
    let csp = r.headers()["content-security-policy"].to_str().unwrap();
    assert_eq!(csp, "sandbox; default-src 'none'");
}

//! Classification schemes: a ledger written in another scheme, choosing one at init and on
//! import, and moving the register from one scheme to another.

use crate::support::{Db, client, fixture, input_value, sign_in};

use super::{active_scheme, cell, export, import_ledger, rows};

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

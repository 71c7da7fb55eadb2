//! The command line: import/export round trips, refusals, backups, migrations, help.

use crate::support::{Db, fixture};

fn staff_count(db: &Db) -> usize {
    let out = db.dir.path().join(format!("count-{}.csv", rand_suffix()));
    let (ok, o, e) = db.run(&[
        "export",
        "staff",
        "--all",
        "--format",
        "csv",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "export failed: {o}{e}");
    let text = std::fs::read_to_string(&out).unwrap();
    text.lines().count() - 1
}

fn rand_suffix() -> u128 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_nanos()
}

#[test]
fn shift_jis_personnel_list_imports_and_reimports_idempotently() {
    for db in Db::both() {
        db.init();
        let file = fixture("staff_sjis.csv");
        let (ok, out, err) = db.run(&[
            "import",
            "staff",
            file.to_str().unwrap(),
            "--create-departments",
        ]);
        assert!(ok, "[{}] import failed: {out}{err}", db.label());
        assert!(
            out.contains("imported: 4 new, 0 updated, 0 unchanged"),
            "[{}] {out}",
            db.label()
        );
        assert!(
            err.contains("Shift_JIS"),
            "the detected encoding is reported: {err}"
        );
        assert!(
            err.contains("header row 3"),
            "the header below title rows is found: {err}"
        );

        let (ok, out, _) = db.run(&["import", "staff", file.to_str().unwrap()]);
        assert!(ok);
        assert!(
            out.contains("0 new, 0 updated, 4 unchanged"),
            "[{}] re-import changes nothing: {out}",
            db.label()
        );

        // Full-width numbers, half-width kana and 和暦 were normalized on the way in.
        let csv = db.dir.path().join("out.csv");
        let (ok, _, _) = db.run(&[
            "export",
            "staff",
            "--format",
            "csv",
            "--output",
            csv.to_str().unwrap(),
        ]);
        assert!(ok);
        let bytes = std::fs::read(&csv).unwrap();
        assert!(
            bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
            "CSV export starts with a UTF-8 BOM for Excel"
        );
        let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
        assert!(text.contains("201001,山田 太郎,ヤマダ タロウ,総務部/総務課,一般職員,,taro.yamada@city.example.jp,2010-04-01"), "{text}");
        assert!(
            text.contains("K26003,鈴木 一郎,スズキ イチロウ,市民部/市民課,会計年度任用職員,○"),
            "{text}"
        );
        assert!(
            text.contains("サトウ ハナコ"),
            "hiragana readings become katakana: {text}"
        );

        // Export → import is an exact round trip.
        let (ok, out, err) = db.run(&["import", "staff", csv.to_str().unwrap()]);
        assert!(ok, "{out}{err}");
        assert!(
            out.contains("0 new, 0 updated, 5 unchanged"),
            "[{}] round trip: {out}",
            db.label()
        );
    }
}

#[test]
fn one_bad_row_refuses_the_whole_file_and_names_row_and_column() {
    for db in Db::both() {
        db.init();
        let before = staff_count(&db);
        let file = fixture("staff_bad_row.csv");
        let (ok, out, err) = db.run(&[
            "import",
            "staff",
            file.to_str().unwrap(),
            "--create-departments",
        ]);
        assert!(
            !ok,
            "[{}] a file with bad rows must fail: {out}",
            db.label()
        );
        assert!(err.contains("row 3 column \"氏名\""), "{err}");
        assert!(
            err.contains("row 4 column \"区分\" value \"社長\""),
            "{err}"
        );
        assert!(err.contains("nothing was written"), "{err}");
        assert_eq!(
            staff_count(&db),
            before,
            "[{}] nothing was written",
            db.label()
        );
    }
}

#[test]
fn dry_run_and_missing_departments() {
    let db = Db::sqlite();
    db.init();
    let file = fixture("staff_sjis.csv");
    let (ok, _, err) = db.run(&["import", "staff", file.to_str().unwrap()]);
    assert!(
        !ok,
        "departments that do not exist are refused without --create-departments"
    );
    assert!(
        err.contains("所属「総務部/総務課」が見つかりません"),
        "{err}"
    );
    let (ok, out, _) = db.run(&[
        "import",
        "staff",
        file.to_str().unwrap(),
        "--create-departments",
        "--dry-run",
    ]);
    assert!(ok);
    assert!(out.contains("would import (dry run): 4 new"), "{out}");
    assert_eq!(staff_count(&db), 1, "a dry run writes nothing");
}

#[test]
fn exports_neutralize_formulas_and_xlsx_round_trips() {
    let db = Db::sqlite();
    db.init();
    let csv = db.dir.path().join("evil.csv");
    std::fs::write(
        &csv,
        "職員番号,氏名\n900001,=HYPERLINK(\"http://x\")\n900002,@SUM(A1)\n",
    )
    .unwrap();
    let (ok, out, err) = db.run(&["import", "staff", csv.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    let out_csv = db.dir.path().join("x.csv");
    assert!(
        db.run(&["export", "staff", "--output", out_csv.to_str().unwrap()])
            .0
    );
    let text = std::fs::read_to_string(&out_csv).unwrap();
    assert!(
        text.contains("'=HYPERLINK"),
        "a leading = is neutralized: {text}"
    );
    assert!(text.contains("'@SUM"), "{text}");
    // …and importing the export restores the original values unchanged.
    let (ok, out, _) = db.run(&["import", "staff", out_csv.to_str().unwrap()]);
    assert!(ok);
    assert!(out.contains("0 updated, 3 unchanged"), "{out}");

    let xlsx = db.dir.path().join("x.xlsx");
    assert!(
        db.run(&[
            "export",
            "staff",
            "--format",
            "xlsx",
            "--output",
            xlsx.to_str().unwrap()
        ])
        .0
    );
    assert!(
        std::fs::read(&xlsx).unwrap().starts_with(b"PK"),
        "an xlsx is a zip archive"
    );
    let (ok, out, err) = db.run(&["import", "staff", xlsx.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    assert!(
        out.contains("0 new, 0 updated, 3 unchanged"),
        "xlsx round trip: {out}"
    );
}

#[test]
fn audit_verify_passes_after_work_and_export_writes_jsonl() {
    for db in Db::both() {
        db.demo();
        let (ok, out, err) = db.run(&["audit", "verify"]);
        assert!(ok, "[{}] {out}{err}", db.label());
        assert!(out.contains("audit chain intact: 1 organizations"), "{out}");
        assert!(
            out.contains("1 signed heads") && out.contains("(0 newer entries not yet signed)"),
            "the demo command signed the head it wrote: {out}"
        );
        let file = db.dir.path().join("audit.jsonl");
        let (ok, _, err) = db.run(&[
            "audit",
            "export",
            "--format",
            "jsonl",
            "--output",
            file.to_str().unwrap(),
        ]);
        assert!(ok, "{err}");
        let text = std::fs::read_to_string(&file).unwrap();
        let first: serde_json::Value = serde_json::from_str(text.lines().next().unwrap()).unwrap();
        assert_eq!(first["seq"], 1);
        assert_eq!(first["action"], "org.create");
        assert_eq!(first["prev_hash"], "0".repeat(64));
        assert!(text.lines().count() > 300);
    }
}

#[test]
fn demo_refuses_a_database_that_is_not_empty() {
    let db = Db::sqlite();
    db.init();
    let (ok, _, err) = db.run(&["demo", "--password", crate::support::PASSWORD]);
    assert!(!ok);
    assert!(err.contains("not empty"), "{err}");
}

#[test]
fn admin_commands_create_users_and_tokens() {
    let db = Db::sqlite();
    db.init();
    let (ok, _, err) = db.run(&[
        "admin",
        "create-user",
        "--login",
        "officer",
        "--name",
        "所属 長",
        "--role",
        "nonsense",
    ]);
    assert!(!ok, "unknown roles are refused");
    assert!(err.contains("role"), "{err}");
    let (ok, out, err) = db.run(&[
        "admin",
        "create-user",
        "--login",
        "auditor1",
        "--name",
        "監査 花子",
        "--role",
        "auditor",
    ]);
    assert!(ok, "{out}{err}");
    let (ok, token, _) = db.run(&["admin", "create-token", "--login", "auditor1"]);
    assert!(ok);
    assert!(
        token.trim().starts_with("mmr_") && token.trim().len() > 40,
        "prints only the token: {token}"
    );
    let (ok, _, err) = db.run(&[
        "admin",
        "init",
        "--org-name",
        "別市",
        "--org-code",
        "131016",
        "--login",
        "x2",
        "--name",
        "別 人",
    ]);
    assert!(!ok, "an organization code is registered once");
    assert!(err.contains("code"), "{err}");
    let (ok, _, err) = db.run(&[
        "admin",
        "init",
        "--org-name",
        "別市",
        "--org-code",
        "131017",
        "--login",
        "x3",
        "--name",
        "別 人",
    ]);
    assert!(!ok, "a wrong check digit is refused");
    assert!(
        err.contains("検査数字") || err.contains("check digit"),
        "{err}"
    );
}

#[test]
fn weak_passwords_are_refused_at_init() {
    let db = Db::sqlite();
    let (ok, _, err) = db
        .cmd()
        .env("MAMORI_PASSWORD", "password1234")
        .args([
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
        ])
        .output()
        .map(|o| {
            (
                o.status.success(),
                String::new(),
                String::from_utf8_lossy(&o.stderr).into_owned(),
            )
        })
        .unwrap();
    assert!(!ok);
    assert!(err.contains("too common"), "{err}");
}

#[test]
fn migrate_reports_and_newer_schema_is_refused() {
    let db = Db::sqlite();
    let (ok, out, _) = db.run(&["migrate"]);
    assert!(ok);
    assert!(out.contains("applied migration 1"), "{out}");
    let (ok, out, _) = db.run(&["migrate"]);
    assert!(ok);
    assert!(out.contains("up to date"), "{out}");
}

#[test]
fn backup_while_serving_and_restore_needs_force() {
    let db = Db::sqlite();
    db.demo();
    let server = db.serve();
    let backup = db.dir.path().join("backup.db");
    let (ok, out, err) = db.run(&["backup", backup.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    drop(server);
    let (ok, _, err) = db.run(&["restore", backup.to_str().unwrap()]);
    assert!(!ok, "restore must not overwrite silently");
    assert!(err.contains("--force"), "{err}");
    let (ok, out, err) = db.run(&["restore", backup.to_str().unwrap(), "--force"]);
    assert!(ok, "{out}{err}");
    let (ok, out, _) = db.run(&["audit", "verify"]);
    assert!(ok, "the restored database verifies: {out}");
    let junk = db.dir.path().join("junk.db");
    std::fs::write(&junk, b"not a database").unwrap();
    let (ok, _, _) = db.run(&["restore", junk.to_str().unwrap(), "--force"]);
    assert!(!ok, "a file that is not a Mamori backup is refused");
}

#[test]
fn every_command_has_help() {
    let db = Db::sqlite();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["admin", "init", "--help"],
        vec!["admin", "create-user", "--help"],
        vec!["admin", "create-token", "--help"],
        vec!["import", "staff", "--help"],
        vec!["export", "staff", "--help"],
        vec!["demo", "--help"],
        vec!["audit", "verify", "--help"],
        vec!["audit", "export", "--help"],
        vec!["backup", "--help"],
        vec!["restore", "--help"],
    ] {
        let (ok, out, _) = db.run(&args);
        assert!(ok && out.contains("--data-dir"), "{args:?}: {out}");
    }
}

/// Changes stored audit entries the way someone with database access could.
async fn tamper(db: &Db, sql: &str) {
    use mamori_store::Conn;
    let url = match &db.url {
        Some(u) => u.clone(),
        None => mamori_store::sqlite_url_for_dir(db.dir.path()).unwrap(),
    };
    let store = mamori_store::Store::connect(&url, 2).await.unwrap();
    store.conn().execute_unprepared(sql).await.unwrap();
    store.close().await.unwrap();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn audit_verify_exits_1_naming_the_tampered_entry() {
    for db in Db::both() {
        db.demo();
        assert!(
            db.run(&["audit", "verify"]).0,
            "[{}] intact first",
            db.label()
        );
        tamper(
            &db,
            "UPDATE audit_log SET actor = 'user:mallory' WHERE seq = 100",
        )
        .await;
        let out = db.cmd().args(["audit", "verify"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "[{}] {text}", db.label());
        assert!(
            text.contains("entry 100") && text.contains("altered"),
            "[{}] names the entry: {text}",
            db.label()
        );

        // A removed entry is named too (a fresh organization, so it is the first fault).
        let fresh = if db.url.is_some() {
            Db::postgres().unwrap()
        } else {
            Db::sqlite()
        };
        fresh.init();
        tamper(&fresh, "DELETE FROM audit_log WHERE seq = 2").await;
        let out = fresh.cmd().args(["audit", "verify"]).output().unwrap();
        let text = String::from_utf8_lossy(&out.stdout);
        assert_eq!(out.status.code(), Some(1), "{text}");
        assert!(text.contains("sequence number 2 is missing"), "{text}");
    }
}

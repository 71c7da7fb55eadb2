//! Ledgers in and out through the command line: Shift_JIS with full-width digits and
//! 和暦, IPA's workbook layout, and one bad row refusing the whole file.

use crate::support::{Db, fixture};

use super::{cell, export, import_ledger, rows};

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

#[test]
fn relations_reach_the_register_and_unknown_or_circular_ones_refuse_the_file() {
    for db in Db::both() {
        db.init();
        import_ledger(&db, "assets_sjis.csv"); // holds the system S-100
        let write = |name: &str, body: &str| {
            let path = db.dir.path().join(name);
            std::fs::write(&path, body).unwrap();
            path
        };
        let head = "管理番号,資産種別,情報資産名称,所管課,機密性,完全性,可用性,依存先\n";
        let bad = write(
            "bad.csv",
            &format!(
                "{head}A-000010,電子データ,転出者データ,市民課,2,2,2,保存先:S-100\n\
                 A-000011,電子データ,照会記録,市民課,1,1,1,保存先:X-999\n\
                 S-200,システム,照会システム,市民課,2,2,2,依存:S-201\n\
                 S-201,システム,照会基盤,市民課,2,2,2,依存:S-200\n"
            ),
        );
        let (ok, out, err) = db.run(&["import", "assets", bad.to_str().unwrap()]);
        assert!(!ok, "[{}] {out}{err}", db.label());
        assert!(
            err.contains("row 3 column \"依存先\" value \"保存先:X-999\": 関連先の管理番号「X-999」の資産が見つかりません。"),
            "[{}] {err}",
            db.label()
        );
        assert!(err.contains("row 5 column \"依存先\""), "{err}");
        assert!(
            err.contains("「S-200」との関連で依存関係が循環します。"),
            "{err}"
        );
        assert!(
            !err.contains("S-100」の資産"),
            "a number of the register is found: {err}"
        );
        assert_eq!(
            rows(&export(&db, "after_bad.csv", "csv")).len(),
            7,
            "nothing written"
        );

        let good = write(
            "good.csv",
            &format!(
                "{head}A-000010,電子データ,転出者データ,市民課,2,2,2,保存先:S-100\n\
                 S-200,システム,照会システム,市民課,2,2,2,依存:S-201\n\
                 S-201,システム,照会基盤,市民課,2,2,2,\n"
            ),
        );
        let (ok, out, err) = db.run(&["import", "assets", good.to_str().unwrap()]);
        assert!(ok, "[{}] {out}{err}", db.label());
        let t = rows(&export(&db, "after_good.csv", "csv"));
        assert_eq!(cell(&t, "A-000010", "依存先"), "保存先:S-100");
        assert_eq!(cell(&t, "S-200", "依存先"), "依存:S-201");
        assert_eq!(cell(&t, "S-100", "依存先"), "稼働基盤:H-010", "untouched");
    }
}

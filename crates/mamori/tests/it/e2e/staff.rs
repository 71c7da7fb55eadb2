//! Departments and staff through the forms, and the staff import: upload, preview,
//! commit, re-upload.

use std::path::Path;

use fantoccini::Client;

use crate::support::Server;

use super::{
    browser, choose, click_and_wait, counts, exists, fill, find, go, here, initialized_server,
    shot, sign_in, staff_total, table_rows, text, upload_to, value,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn departments_and_staff_through_the_forms() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    sign_in(c, &server, "ciso").await;
    let staff_before = staff_total(c, &server).await;

    // A department without a code: refused, with the typed name kept.
    go(c, &server.url("/departments/new")).await;
    fill(c, "#f-name", "総務部").await;
    fill(c, "#f-valid_from", "2020-04-01").await;
    click_and_wait(c, "button.primary").await;
    assert_eq!(
        here(c).await,
        "/departments/new",
        "an invalid form must not redirect"
    );
    let summary = text(c, ".error-summary").await;
    assert!(summary.contains("入力内容を確認してください"), "{summary}");
    let link = find(c, ".error-summary a[href='#f-code']").await;
    assert!(
        link.text().await.unwrap().contains("所属コード"),
        "summary link does not name the field"
    );
    assert!(
        text(c, "#e-code.field-error")
            .await
            .contains("所属コードが入力されていません")
    );
    assert_eq!(
        find(c, "#f-code")
            .await
            .attr("aria-invalid")
            .await
            .unwrap()
            .as_deref(),
        Some("true")
    );
    assert_eq!(value(c, "#f-name").await, "総務部");
    assert_eq!(value(c, "#f-valid_from").await, "2020-04-01");
    shot(c, "department_errors.png").await;

    // Corrected: saved, and listed.
    fill(c, "#f-code", "100").await;
    click_and_wait(c, "button.primary").await;
    assert_eq!(here(c).await, "/departments?done=dept.created");
    assert!(text(c, "p.notice").await.contains("所属を登録しました"));
    let rows = table_rows(c).await;
    assert!(
        rows.iter().any(|r| r.starts_with("100 | 総務部 | 部")),
        "department not listed (kind inferred from the name): {rows:?}"
    );

    // A section under it, chosen from the parent list.
    go(c, &server.url("/departments/new")).await;
    fill(c, "#f-code", "110").await;
    fill(c, "#f-name", "情報政策課").await;
    let parent = choose(c, "#f-parent", "総務部").await;
    assert!(!parent.is_empty(), "the parent option has no id");
    click_and_wait(c, "button.primary").await;
    assert_eq!(here(c).await, "/departments?done=dept.created");
    let rows = table_rows(c).await;
    let top = rows.iter().position(|r| r.contains("総務部")).unwrap();
    let sub = rows
        .iter()
        .position(|r| r.starts_with("110 | 情報政策課 | 課"))
        .unwrap_or_else(|| panic!("section not listed: {rows:?}"));
    assert!(
        sub > top,
        "the section is not shown under its division: {rows:?}"
    );
    let sub_cell = find(c, "table.register td.depth-1").await;
    assert_eq!(
        sub_cell.text().await.unwrap().trim(),
        "情報政策課",
        "section not indented"
    );
    shot(c, "departments.png").await;

    // A staff member with errors: the summary names each field, values stay.
    go(c, &server.url("/staff/new")).await;
    fill(c, "#f-employee_number", "12 34!").await;
    fill(c, "#f-name", "佐藤 花子").await;
    fill(c, "#f-kana", "さとう はなこ").await;
    fill(c, "#f-email", "hanako.sato@").await;
    let dept = choose(c, "#f-department", "情報政策課").await;
    find(c, "#f-category")
        .await
        .select_by_value("fiscal_year_appointee")
        .await
        .unwrap();
    find(c, "#f-part_time").await.click().await.unwrap();
    fill(c, "#f-start_date", "令和2年4月1日").await;
    click_and_wait(c, "button.primary").await;
    assert_eq!(here(c).await, "/staff/new");
    assert!(
        exists(c, ".error-summary a[href='#f-employee_number']").await,
        "no summary link for the number"
    );
    assert!(
        exists(c, ".error-summary a[href='#f-email']").await,
        "no summary link for the e-mail"
    );
    assert!(text(c, "#e-employee_number").await.contains("職員番号"));
    assert!(text(c, "#e-email").await.contains("メールアドレス"));
    assert_eq!(value(c, "#f-name").await, "佐藤 花子");
    assert_eq!(value(c, "#f-kana").await, "さとう はなこ");
    assert_eq!(value(c, "#f-email").await, "hanako.sato@");
    assert_eq!(
        value(c, "#f-department").await,
        dept,
        "department choice lost"
    );
    assert_eq!(
        value(c, "#f-category").await,
        "fiscal_year_appointee",
        "category choice lost"
    );
    assert!(
        find(c, "#f-part_time").await.is_selected().await.unwrap(),
        "part-time tick lost"
    );
    assert_eq!(value(c, "#f-start_date").await, "令和2年4月1日");
    shot(c, "staff_form_errors.png").await;

    // Corrected: saved; the profile shows what was entered.
    fill(c, "#f-employee_number", "100234").await;
    fill(c, "#f-email", "hanako.sato@city.midori.lg.jp").await;
    click_and_wait(c, "button.primary").await;
    let at = here(c).await;
    assert!(
        at.starts_with("/staff/") && at.ends_with("?done=staff.created"),
        "no redirect to the profile: {at}"
    );
    assert_eq!(text(c, "p.notice").await, "職員を登録しました。");
    let h1 = text(c, "main h1").await;
    assert!(
        h1.contains("佐藤 花子") && h1.contains("サトウ ハナコ"),
        "profile heading: {h1}"
    );
    let props = text(c, "dl.props").await;
    for want in [
        "100234",
        "総務部/情報政策課",
        "会計年度任用職員",
        "非常勤",
        "hanako.sato@city.midori.lg.jp",
    ] {
        assert!(props.contains(want), "profile lacks {want}: {props}");
    }
    assert!(
        props.contains("2020") || props.contains("令和2年4月1日"),
        "start date missing: {props}"
    );
    shot(c, "staff_created.png").await;

    // Found in the list by hiragana reading and by number; the refused attempt left nothing.
    go(c, &server.url("/staff?q=はなこ")).await;
    assert_eq!(text(c, "p.count").await, "全 1 件");
    let rows = table_rows(c).await;
    assert!(
        rows.len() == 1 && rows[0].contains("佐藤 花子") && rows[0].contains("総務部/情報政策課"),
        "{rows:?}"
    );
    shot(c, "staff_list.png").await;
    go(c, &server.url("/staff?q=100234")).await;
    assert_eq!(text(c, "p.count").await, "全 1 件");
    assert_eq!(
        staff_total(c, &server).await,
        staff_before + 1,
        "exactly one record expected (the invalid submission must create none)"
    );
    go(c, &server.url("/staff?q=%E9%88%B4%E6%9C%A8")).await; // 鈴木
    assert_eq!(text(c, "p.count").await, "全 0 件");
    assert!(text(c, "main").await.contains("該当する職員はいません。"));
}

const IMPORT_CSV: &str = "\u{feff}職員番号,氏名,フリガナ,所属,区分,非常勤,メールアドレス\r\n\
500001,山田 太郎,ヤマダ タロウ,総務部/総務課,一般職員,,taro.yamada@city.midori.lg.jp\r\n\
500002,佐藤 花子,さとう はなこ,総務部/情報政策課,会計年度任用職員,○,hanako.sato@city.midori.lg.jp\r\n\
500003,鈴木 次郎,ｽｽﾞｷ ｼﾞﾛｳ,市民部/市民課,正職員,,\r\n";

const BAD_CSV: &str = "\u{feff}職員番号,氏名,フリガナ,所属,区分\r\n\
600001,高橋 一郎,タカハシ イチロウ,総務部/総務課,一般職員\r\n\
600002,,タナカ ジロウ,総務部/総務課,一般職員\r\n";

/// Uploads a file on the staff import page and waits for the preview.
async fn upload(c: &Client, server: &Server, file: &Path) {
    upload_to(c, server, "/import/staff", file).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn staff_import_upload_preview_commit_and_reupload() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    let files = tempfile::tempdir().unwrap();
    let good = files.path().join("shokuin_meibo.csv");
    std::fs::write(&good, IMPORT_CSV).unwrap();
    let bad = files.path().join("shokuin_bad.csv");
    std::fs::write(&bad, BAD_CSV).unwrap();
    sign_in(c, &server, "ciso").await;
    let staff_before = staff_total(c, &server).await;

    // A file with a bad row: the row and column are named, nothing can be committed.
    upload(c, &server, &bad).await;
    let errors = text(c, ".error-summary").await;
    assert!(errors.contains("取り込めません"), "{errors}");
    let rows = table_rows(c).await;
    assert!(
        rows.iter().any(|r| r.starts_with("3 | 氏名")),
        "the error does not name row 3, column 氏名: {rows:?}"
    );
    assert!(
        !exists(c, "form[action$='/commit']").await,
        "commit offered for a broken file"
    );
    shot(c, "import_errors.png").await;

    // The good file: 3 new, nothing written yet.
    upload(c, &server, &good).await;
    assert_eq!(counts(c).await, ("3".into(), "0".into(), "0".into()));
    assert!(!exists(c, ".error-summary").await, "errors for a good file");
    let preview = text(c, "section.preview").await;
    assert!(
        preview.contains("shokuin_meibo.csv"),
        "file name not shown: {preview}"
    );
    for name in ["山田 太郎", "佐藤 花子", "鈴木 次郎"] {
        assert!(preview.contains(name), "{name} missing from the preview");
    }
    assert!(
        preview.contains("市民課"),
        "departments to create not listed: {preview}"
    );
    let commit = "form[action$='/commit'] button.primary";
    assert_eq!(text(c, commit).await, "取込を確定");
    shot(c, "import_preview.png").await;
    assert_eq!(
        staff_total(c, &server).await,
        staff_before,
        "a preview (or the refused file) wrote staff records"
    );

    // Upload again (a preview is only a preview) and commit.
    upload(c, &server, &good).await;
    assert_eq!(counts(c).await, ("3".into(), "0".into(), "0".into()));

    click_and_wait(c, commit).await;
    assert_eq!(text(c, "p.notice").await, "取込が完了しました。");
    assert!(
        !exists(c, commit).await,
        "commit offered again after committing"
    );
    shot(c, "import_done.png").await;

    assert_eq!(staff_total(c, &server).await, staff_before + 3);
    let rows = table_rows(c).await;
    for want in [
        "500001 | 山田 太郎 | ヤマダ タロウ | 総務部/総務課",
        "500003 | 鈴木 次郎 | スズキ ジロウ | 市民部/市民課",
    ] {
        assert!(
            rows.iter().any(|r| r.starts_with(want)),
            "{want} not in {rows:?}"
        );
    }
    assert!(
        rows.iter()
            .any(|r| r.contains("佐藤 花子") && r.contains("会計年度任用職員") && r.contains("○")),
        "part-time appointee not listed as such: {rows:?}"
    );
    shot(c, "import_staff_list.png").await;
    go(c, &server.url("/departments")).await;
    let depts = text(c, "table.register").await;
    for d in ["総務部", "総務課", "情報政策課", "市民部", "市民課"] {
        assert!(depts.contains(d), "department {d} not created: {depts}");
    }

    // The same file again: nothing new, nothing changed.
    upload(c, &server, &good).await;
    assert_eq!(counts(c).await, ("0".into(), "0".into(), "3".into()));
    shot(c, "import_reupload.png").await;
    assert_eq!(staff_total(c, &server).await, staff_before + 3);
}

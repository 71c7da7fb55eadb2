//! The asset ledger: import in the browser, filters, the asset page, the form.

use crate::support::fixture;

use super::{
    browser, choose, click_and_wait, counts, exists, fill, find, go, initialized_server, shot,
    sign_in, table_rows, text, upload_to,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asset_ledger_import_filters_page_and_form() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();
    sign_in(c, &server, "ciso").await;
    let ledger = fixture("assets_sjis.csv");

    upload_to(c, &server, "/import/assets", &ledger).await;
    assert_eq!(counts(c).await, ("6".into(), "0".into(), "0".into()));
    let preview = text(c, "section.preview").await;
    assert!(preview.contains("Shift_JIS"), "{preview}");
    assert!(
        preview.contains("評価者"),
        "unknown column listed: {preview}"
    );
    shot(c, "assets_import_preview.png").await;
    click_and_wait(c, "form[action$='/commit'] button.primary").await;
    assert_eq!(text(c, "p.notice").await, "取込が完了しました。");

    // The register with a filter: 機密性 3B narrows six assets to two.
    go(c, &server.url("/assets")).await;
    assert_eq!(text(c, "#asset-total").await, "6");
    choose(c, "#c", "3B").await;
    click_and_wait(c, "form.filters button[type='submit']").await;
    assert_eq!(text(c, "#asset-total").await, "2");
    let rows = table_rows(c).await;
    assert!(rows.iter().any(|r| r.contains("A-000001")), "{rows:?}");
    assert!(rows.iter().any(|r| r.contains("S-100")), "{rows:?}");
    shot(c, "assets_filtered.png").await;

    // The asset page: restricted badge, handling rules, relation to its system.
    find(c, "a[href^='/assets/0']").await.click().await.unwrap();
    let heading = text(c, "h1").await;
    assert!(heading.contains("住民基本台帳データ"), "{heading}");
    assert!(heading.contains("要配慮"), "restricted badge: {heading}");
    let rules = text(c, "#handling").await;
    assert!(rules.contains("機密性"), "{rules}");
    let rels = text(c, "#relations").await;
    assert!(rels.contains("S-100"), "{rels}");
    shot(c, "asset_page.png").await;

    // The form names what is missing and links each message to its field.
    go(c, &server.url("/assets/new")).await;
    click_and_wait(c, "form.stack button.primary").await;
    assert!(exists(c, ".error-summary a[href='#f-name']").await);
    assert!(exists(c, ".error-summary a[href='#f-c']").await);
    fill(c, "#f-name", "会議録（紙）").await;
    fill(c, "#f-medium", "書庫").await;
    choose(c, "#f-kind", "紙の情報").await;
    choose(c, "#f-c", "2 ").await;
    choose(c, "#f-i", "1 ").await;
    choose(c, "#f-a", "1 ").await;
    click_and_wait(c, "form.stack button.primary").await;
    assert_eq!(text(c, "p.notice").await, "情報資産を登録しました。");
    assert!(
        text(c, "h1").await.contains("A-000004"),
        "next generated number"
    );
}

//! The policy in headless Chromium: a visitor reads みどり市's published basic policy
//! without signing in (its contents lead to each section, and nothing for staff
//! appears); a staff member opens the acknowledgement from their home page, is
//! stopped until they tick the box, confirms, and the home page says it is done; the
//! committee reads the difference version 3 would make.

use super::{browser, click_and_wait, find, go, here, shot, sign_in, text};
use crate::support::Db;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_visitor_reads_the_policy_and_a_staff_member_acknowledges_it() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let db = Db::sqlite();
    db.demo();
    let server = db.serve();

    go(c, &server.url("/public/089982/policy")).await;
    assert_eq!(text(c, "main h1").await, "みどり市情報セキュリティ基本方針");
    let main = text(c, "main").await;
    assert!(
        main.contains("第2版") && main.contains("改定の履歴"),
        "{main}"
    );
    assert!(
        !main.contains("対策基準 ") && !main.contains("バックアップ実施手順"),
        "{main}"
    );
    find(c, "nav.toc a[href='#s-5']")
        .await
        .click()
        .await
        .unwrap();
    let url = c.current_url().await.unwrap();
    assert_eq!(
        url.fragment(),
        Some("s-5"),
        "the contents lead to the section"
    );
    assert!(text(c, "section#s-5 h2").await.contains("遵守"));
    shot(c, "policy-public").await;

    sign_in(c, &server, "staff").await;
    click_and_wait(c, "#todo-acks a").await;
    assert!(here(c).await.starts_with("/acknowledge/"));
    click_and_wait(c, "form[action^='/acknowledge/'] button[type=submit]").await;
    assert!(text(c, ".error-summary").await.contains("チェック"));
    find(c, "#f-confirm").await.click().await.unwrap();
    click_and_wait(c, "form[action^='/acknowledge/'] button[type=submit]").await;
    assert!(text(c, "#ack-done").await.contains("確認済み"));
    shot(c, "policy-acknowledged").await;
    go(c, &server.url("/")).await;
    assert!(text(c, "#todo-acks").await.contains("確認済み"));

    click_and_wait(c, "form[action='/logout'] button").await;
    sign_in(c, &server, "committee").await;
    go(c, &server.url("/policies")).await;
    click_and_wait(c, "table.policies a[href^='/policies/']").await;
    click_and_wait(c, "a[href*='/diff']").await;
    let summary = text(c, "#diff-summary").await;
    assert!(summary.contains("変更"), "{summary}");
    assert!(
        find(c, "table.diff ins")
            .await
            .text()
            .await
            .unwrap()
            .chars()
            .count()
            > 0
    );
    shot(c, "policy-diff").await;
}

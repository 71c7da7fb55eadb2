//! Signing in (a failure, then success), the language switch, and signing out.

use fantoccini::Locator;

use crate::support::PASSWORD;

use super::{
    browser, click_and_wait, exists, fill, find, go, here, initialized_server, shot, text, value,
};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn login_failure_then_success_and_language_switch() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (_db, server) = initialized_server();

    go(c, &server.url("/login")).await;
    assert_eq!(
        find(c, "html").await.attr("lang").await.unwrap().as_deref(),
        Some("ja")
    );
    fill(c, "#f-login", "ciso").await;
    fill(c, "#f-password", "まちがったパスワード").await;
    click_and_wait(c, "button[type=submit]").await;
    let alert = text(c, "[role=alert]").await;
    assert!(
        alert.contains("ログインIDまたはパスワードが正しくありません"),
        "no failure message: {alert}"
    );
    assert_eq!(
        value(c, "#f-login").await,
        "ciso",
        "the login typed is kept"
    );
    assert_eq!(
        value(c, "#f-password").await,
        "",
        "a wrong password is not echoed back"
    );
    assert!(
        !exists(c, "nav.main").await,
        "signed in with a wrong password"
    );
    shot(c, "login_failed.png").await;

    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(here(c).await, "/");
    assert_eq!(text(c, "main h1").await, "ダッシュボード");
    let nav: Vec<String> = {
        let mut v = Vec::new();
        for a in c.find_all(Locator::Css("nav.main a")).await.unwrap() {
            v.push(a.attr("href").await.unwrap().unwrap_or_default());
        }
        v
    };
    for href in [
        "/",
        "/staff",
        "/departments",
        "/roles",
        "/import/staff",
        "/accounts",
        "/audit",
        "/account",
    ] {
        assert!(
            nav.iter().any(|h| h == href),
            "CISO navigation lacks {href}: {nav:?}"
        );
    }
    // Administration sits in its own labelled row, apart from the daily work.
    let admin: Vec<String> = {
        let mut v = Vec::new();
        for a in c
            .find_all(Locator::Css("nav.main ul.admin a"))
            .await
            .unwrap()
        {
            v.push(a.attr("href").await.unwrap().unwrap_or_default());
        }
        v
    };
    assert!(
        admin.contains(&"/departments".to_owned()) && admin.contains(&"/audit".to_owned()),
        "{admin:?}"
    );
    assert!(!admin.contains(&"/incidents".to_owned()), "{admin:?}");
    assert_eq!(
        find(c, "nav.main ul.admin")
            .await
            .attr("aria-label")
            .await
            .unwrap()
            .as_deref(),
        Some("管理")
    );
    shot(c, "dashboard_ja.png").await;

    // To English: same page, English texts.
    let switch = "header.site form[action='/account/lang'] button";
    assert_eq!(text(c, switch).await, "English");
    click_and_wait(c, switch).await;
    assert_eq!(here(c).await, "/");
    assert_eq!(
        find(c, "html").await.attr("lang").await.unwrap().as_deref(),
        Some("en")
    );
    assert_eq!(text(c, "main h1").await, "Dashboard");
    assert_eq!(text(c, "nav.main a[href='/staff']").await, "Staff");
    assert_eq!(
        text(c, "nav.main a[href='/departments']").await,
        "Departments"
    );
    assert_eq!(text(c, switch).await, "日本語");
    assert_eq!(
        text(c, "header.site form[action='/logout'] button").await,
        "Sign out"
    );
    shot(c, "dashboard_en.png").await;

    // The choice is remembered on other pages.
    go(c, &server.url("/staff")).await;
    assert_eq!(text(c, "main h1").await, "Staff");
    assert!(text(c, "p.count").await.starts_with("Total"));

    // And back to Japanese, staying on the staff list.
    click_and_wait(c, switch).await;
    assert_eq!(here(c).await, "/staff");
    assert_eq!(
        find(c, "html").await.attr("lang").await.unwrap().as_deref(),
        Some("ja")
    );
    assert_eq!(text(c, "main h1").await, "職員一覧");
    assert_eq!(text(c, "nav.main a[href='/staff']").await, "職員");
    assert_eq!(text(c, switch).await, "English");
    shot(c, "staff_list_ja_again.png").await;

    // Sign out: back to the login page, and the dashboard is no longer reachable.
    click_and_wait(c, "header.site form[action='/logout'] button").await;
    assert_eq!(here(c).await, "/login?done=logged_out");
    assert!(text(c, "p.notice").await.contains("ログアウトしました"));
    go(c, &server.url("/")).await;
    assert!(
        here(c).await.starts_with("/login"),
        "dashboard shown after sign-out: {}",
        here(c).await
    );
}

//! First-run setup in the browser, the second factor it requires of the CISO, and the
//! setup link that works once.

use crate::support::{self, Db, PASSWORD, unix_now};

use super::{browser, click_and_wait, exists, fill, find, go, here, shot, text};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn first_run_setup_in_the_browser_then_the_link_is_spent() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let db = Db::sqlite();
    let server = db.serve();
    let setup = server.setup_url().unwrap_or_else(|| {
        panic!(
            "no setup URL printed on an empty database: {:?}",
            server.banner
        )
    });

    // Before setup, the sign-in page only says that setup is pending: no login form.
    go(c, &server.url("/login")).await;
    assert_eq!(text(c, "main h1").await, "初期設定");
    assert!(
        !exists(c, "#f-password").await,
        "a login form before any account exists"
    );

    go(c, &setup).await;
    assert_eq!(text(c, "main h1").await, "初期設定");
    fill(c, "#f-name", "みどり市").await;
    fill(c, "#f-code", "131016").await;
    fill(c, "#f-admin_name", "情報 花子").await;
    fill(c, "#f-login", "hanako").await;
    fill(c, "#f-password", PASSWORD).await;
    // The scheme to start with: MIC 2024 is preselected, each choice says what it is.
    assert!(
        find(c, "#f-scheme-mic2024")
            .await
            .is_selected()
            .await
            .unwrap()
    );
    assert!(text(c, "#f-scheme").await.contains("3A/3B/3C/2/1"));
    find(c, "#f-scheme-mic2022").await.click().await.unwrap();
    shot(c, "setup.png").await;
    click_and_wait(c, "button[type=submit]").await;

    assert_eq!(here(c).await, "/login?done=setup");
    assert!(
        text(c, "p.notice").await.contains("初期設定が完了しました"),
        "no setup-done notice"
    );
    shot(c, "setup_done_login.png").await;

    // The new CISO signs in; the organization requires a second factor of the CISO,
    // so she is sent to set up TOTP first, then reaches the dashboard.
    go(c, &server.url("/login")).await;
    fill(c, "#f-login", "hanako").await;
    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(
        here(c).await,
        "/account/mfa",
        "the CISO must set up a second factor"
    );
    assert!(exists(c, ".qr svg").await, "a QR code is shown");
    let secret = text(c, "#totp-secret").await;
    shot(c, "mfa_enroll.png").await;
    fill(
        c,
        "#f-code",
        &mamori_app::mfa::code_at(&secret, unix_now()).unwrap(),
    )
    .await;
    click_and_wait(c, "form[action='/account/mfa'] button.primary").await;
    let codes = text(c, "#recovery-codes").await;
    assert_eq!(
        codes.split_whitespace().count(),
        10,
        "ten recovery codes: {codes}"
    );
    shot(c, "mfa_recovery_codes.png").await;

    // Sign out, and sign in again with password and the authenticator's next code.
    click_and_wait(c, "header.site form[action='/logout'] button").await;
    go(c, &server.url("/login")).await;
    fill(c, "#f-login", "hanako").await;
    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert!(
        here(c).await.starts_with("/login/mfa"),
        "the second step is asked for"
    );
    fill(
        c,
        "#f-code",
        &mamori_app::mfa::code_at(&secret, unix_now() + 30).unwrap(),
    )
    .await;
    shot(c, "mfa_login.png").await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(here(c).await, "/", "signed in with TOTP");
    assert_eq!(text(c, "main h1").await, "ダッシュボード");
    assert!(
        text(c, "main").await.contains("みどり市"),
        "org name not on the dashboard"
    );
    assert_eq!(text(c, "header.site .login").await, "hanako");
    assert!(
        exists(c, "nav.main a[href='/accounts']").await,
        "the first administrator should manage accounts"
    );
    shot(c, "dashboard_after_setup.png").await;
    go(c, &server.url("/classification")).await;
    let active = text(c, "main section:has(.badge) h2").await;
    assert!(
        active.contains("令和4年版"),
        "the chosen scheme is active: {active}"
    );

    // The link worked once; now it says so (and is a 404).
    go(c, &setup).await;
    let body = text(c, "body").await;
    assert!(
        body.contains("初期設定のURLが正しくないか、既に使用されています。"),
        "re-used setup link not refused: {body}"
    );
    assert!(
        !exists(c, "input[name=token]").await,
        "setup form shown again"
    );
    shot(c, "setup_link_spent.png").await;
    let status = support::client().get(&setup).send().await.unwrap().status();
    assert_eq!(status, 404);
}

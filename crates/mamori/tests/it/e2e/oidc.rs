//! Signing in through a real OpenID provider (`oidc-provider` from npm) in headless
//! Chromium: the sign-in page offers the organization's account, the provider's own
//! pages take the person's name, and they come back signed in to their home page, with
//! a staff record and an account made from the provider's claims. A callback that
//! does not match the browser's attempt is refused, said plainly and audited.

use mamori_testkit::free_port;
use mamori_testkit::oidc::{CLIENT_ID, CLIENT_SECRET, OidcAccount, OidcProvider};

use super::{browser, click_and_wait, fill, go, here, text};
use crate::support::{Db, Server, client, page};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_signs_in_through_the_provider_and_a_forged_return_is_refused() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let (idp_port, port) = (free_port(), free_port());
    let base = format!("http://127.0.0.1:{port}");
    let issuer = format!("http://127.0.0.1:{idp_port}");
    let person = OidcAccount {
        login: "sato.hanako".into(),
        employee_number: "7001".into(),
        name: "佐藤 花子".into(),
        email: "hanako.sato@city.example.lg.jp".into(),
    };
    let Some(_idp) = OidcProvider::start(
        idp_port,
        &format!("{base}/login/oidc/callback"),
        std::slice::from_ref(&person),
    ) else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let server = Server::start_at(
        &db,
        &format!("127.0.0.1:{port}"),
        &[
            ("MAMORI_PUBLIC_URL", base.as_str()),
            ("MAMORI_OIDC_ISSUER", issuer.as_str()),
            ("MAMORI_OIDC_CLIENT_ID", CLIENT_ID),
            ("MAMORI_OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ],
    );

    go(c, &server.url("/login")).await;
    click_and_wait(c, "a[href^='/login/oidc']").await;
    assert!(
        c.current_url().await.unwrap().as_str().starts_with(&issuer),
        "not sent to the provider"
    );
    fill(c, "input[name=login]", &person.login).await;
    fill(
        c,
        "input[name=password]",
        "any password the test provider takes",
    )
    .await;
    click_and_wait(c, "button[type=submit]").await;
    // The provider asks to share the profile with Mamori.
    if c.current_url().await.unwrap().as_str().starts_with(&issuer) {
        click_and_wait(c, "button[type=submit]").await;
    }
    assert_eq!(here(c).await, "/");
    let home = text(c, "main").await;
    assert!(home.contains("わたしのページ"), "{home}");
    go(c, &server.url("/account")).await;
    let account = text(c, "main").await;
    assert!(
        account.contains("組織のサインイン") && !account.contains("現在のパスワード"),
        "no password of Mamori's own to change: {account}"
    );

    // Made from the claims: the staff record carries the number, name and address.
    let admin = client();
    crate::support::sign_in(&admin, &server, "ciso").await;
    let (_, staff) = page(&admin, &server, "/staff?q=7001").await;
    assert!(staff.contains("佐藤 花子"), "{staff}");

    // A return that no attempt of this browser started: refused, said, audited.
    let (status, body) = page(
        &client(),
        &server,
        "/login/oidc/callback?code=stolen&state=forged",
    )
    .await;
    assert_eq!(status, 401);
    assert!(body.contains("確かめられませんでした"), "{body}");
    let log = db.dir.path().join("audit.jsonl");
    let (ok, out, err) = db.run(&[
        "audit",
        "export",
        "--format",
        "jsonl",
        "--output",
        log.to_str().unwrap(),
    ]);
    assert!(ok, "{out}{err}");
    let entries = std::fs::read_to_string(&log).unwrap();
    assert!(entries.contains("auth.oidc_refused"), "{entries}");
}

//! Signing in through a real OpenID provider (`oidc-provider` from npm) in headless
//! Chromium: the sign-in page offers the organization's account, the provider's own
//! pages take the person's name, and they come back signed in to their home page, with
//! a staff record and an account made from the provider's claims. A callback that
//! does not match the browser's attempt is refused, said plainly and audited.

use mamori_testkit::free_port;
use mamori_testkit::oidc::{CLIENT_ID, CLIENT_SECRET, OidcAccount, OidcProvider};

use super::{browser, click_and_wait, fill, go, here, text};
use crate::support::{Db, Server, client, page};

/// From Mamori's sign-in page through the provider's own pages (any password is taken
/// for a known account; the provider may ask to share the profile) and back.
async fn through_provider(c: &fantoccini::Client, server: &Server, issuer: &str, login: &str) {
    go(c, &server.url("/login")).await;
    click_and_wait(c, "a[href^='/login/oidc']").await;
    assert!(
        c.current_url().await.unwrap().as_str().starts_with(issuer),
        "not sent to the provider"
    );
    fill(c, "input[name=login]", login).await;
    fill(
        c,
        "input[name=password]",
        "any password the test provider takes",
    )
    .await;
    click_and_wait(c, "button[type=submit]").await;
    if c.current_url().await.unwrap().as_str().starts_with(issuer) {
        click_and_wait(c, "button[type=submit]").await;
    }
}

/// A provider knowing `person`, and the port Mamori is to listen on (the provider
/// must know where to send people back before Mamori starts).
struct Setup {
    _idp: OidcProvider,
    port: u16,
    issuer: String,
}

fn set_up(person: &OidcAccount, conform: bool) -> Option<Setup> {
    let (idp_port, port) = (free_port(), free_port());
    let redirect = format!("http://127.0.0.1:{port}/login/oidc/callback");
    let idp = OidcProvider::start_as(idp_port, &redirect, std::slice::from_ref(person), conform)?;
    Some(Setup {
        issuer: idp.issuer(),
        _idp: idp,
        port,
    })
}

/// Mamori on a port chosen beforehand, signing in through the provider at `issuer`.
fn serve(db: &Db, port: u16, issuer: &str) -> Server {
    let base = format!("http://127.0.0.1:{port}");
    Server::start_at(
        db,
        &format!("127.0.0.1:{port}"),
        &[
            ("MAMORI_PUBLIC_URL", base.as_str()),
            ("MAMORI_OIDC_ISSUER", issuer),
            ("MAMORI_OIDC_CLIENT_ID", CLIENT_ID),
            ("MAMORI_OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ],
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_signs_in_through_the_provider_and_a_forged_return_is_refused() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let person = OidcAccount {
        login: "sato.hanako".into(),
        employee_number: "7001".into(),
        name: "佐藤 花子".into(),
        email: "hanako.sato@city.example.lg.jp".into(),
    };
    let Some(Setup { _idp, port, issuer }) = set_up(&person, false) else {
        return;
    };
    let base = format!("http://127.0.0.1:{port}");
    let db = Db::sqlite();
    db.init();
    let server = serve(&db, port, &issuer);

    through_provider(c, &server, &issuer, &person.login).await;
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
    let csrf = crate::support::sign_in(&admin, &server, "ciso").await;
    let (_, staff) = page(&admin, &server, "/staff?q=7001").await;
    assert!(staff.contains("佐藤 花子"), "{staff}");

    // The settings screen shows the provider (never the secret) and checks it.
    let (_, settings) = page(&admin, &server, "/admin/directory").await;
    assert!(
        settings.contains(&format!("{base}/login/oidc/callback")),
        "{settings}"
    );
    assert!(
        !settings.contains(CLIENT_SECRET),
        "the client secret is never shown"
    );
    let r = admin
        .post(server.url("/admin/directory/oidc-test"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let checked = r.text().await.unwrap();
    assert!(checked.contains("signing keys: "), "{checked}");

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

/// A provider that keeps the profile out of the ID token, as the standard has it:
/// the employee number is read from its userinfo endpoint instead.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_employee_number_comes_from_userinfo_when_the_id_token_lacks_it() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let person = OidcAccount {
        login: "suzuki.ken".into(),
        employee_number: "7002".into(),
        name: "鈴木 健".into(),
        email: "ken.suzuki@city.example.lg.jp".into(),
    };
    let Some(Setup { _idp, port, issuer }) = set_up(&person, true) else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let server = serve(&db, port, &issuer);
    through_provider(c, &server, &issuer, &person.login).await;
    assert_eq!(here(c).await, "/");
    let admin = client();
    crate::support::sign_in(&admin, &server, "ciso").await;
    let (_, staff) = page(&admin, &server, "/staff?q=7002").await;
    assert!(staff.contains("鈴木 健"), "{staff}");
}

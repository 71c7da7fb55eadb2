//! Signing in through a real OpenID provider (`oidc-provider` from npm) in headless
//! Chromium: the sign-in page offers the organization's account, the provider's own
//! pages take the person's name, and they come back signed in to their home page, with
//! a staff record and an account made from the provider's claims. A callback that
//! does not match the browser's attempt is refused, said plainly and audited.

use mamori_testkit::free_port;
use mamori_testkit::oidc::{CLIENT_ID, CLIENT_SECRET, OidcAccount, OidcProvider};

use super::{browser, click_and_wait, exists, fill, go, here, text};
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

/// A server started with no provider: the administrator fills the OpenID Connect form
/// (the discovery check first), saves it, and the sign-in page offers the provider at
/// once — no restart — through which the person signs in.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_provider_saved_on_the_settings_screen_signs_people_in_without_a_restart() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let person = OidcAccount {
        login: "tanaka.yui".into(),
        employee_number: "7003".into(),
        name: "田中 結衣".into(),
        email: "yui.tanaka@city.example.lg.jp".into(),
    };
    let Some(Setup { _idp, port, issuer }) = set_up(&person, false) else {
        return;
    };
    let base = format!("http://127.0.0.1:{port}");
    let db = Db::sqlite();
    db.init();
    let server = Server::start_at(
        &db,
        &format!("127.0.0.1:{port}"),
        &[("MAMORI_PUBLIC_URL", base.as_str())],
    );
    let (_, login) = page(&client(), &server, "/login").await;
    assert!(!login.contains("/login/oidc"), "no provider yet");

    let admin = client();
    let csrf = crate::support::sign_in(&admin, &server, "ciso").await;
    let (_, form) = page(&admin, &server, "/admin/settings/oidc").await;
    assert!(
        form.contains(&format!("{base}/login/oidc/callback")),
        "what to register at the provider"
    );
    let post = |action: &'static str, secret: &'static str| {
        let (admin, csrf, issuer) = (admin.clone(), csrf.clone(), issuer.clone());
        let url = server.url("/admin/settings/oidc");
        async move {
            let r = admin
                .post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("action", action),
                    ("issuer", issuer.as_str()),
                    ("client_id", CLIENT_ID),
                    ("client_secret", secret),
                    ("employee_claim", "employee_number"),
                ])
                .send()
                .await
                .unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = post("test", "").await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("signing keys: "), "{body}");
    let (status, body) = post("save", CLIENT_SECRET).await;
    assert_eq!(status, 303, "{body}");
    let (_, login) = page(&client(), &server, "/login").await;
    assert!(login.contains("/login/oidc"), "offered at once");

    through_provider(c, &server, &issuer, &person.login).await;
    assert_eq!(here(c).await, "/");
    let (_, staff) = page(&admin, &server, "/staff?q=7003").await;
    assert!(staff.contains("田中 結衣"), "{staff}");
}

/// Stands in for Mamori's callback address: answers every request and keeps the
/// request lines, so a test holds the provider's code instead of the browser using it.
fn catch_returns(port: u16) -> std::sync::Arc<std::sync::Mutex<Vec<String>>> {
    use std::io::{BufRead, BufReader, Write};
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let listener = std::net::TcpListener::bind(("127.0.0.1", port)).unwrap();
    let kept = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut line = String::new();
            let _ = BufReader::new(&stream).read_line(&mut line);
            kept.lock().unwrap().push(line);
            let _ = (&stream)
                .write_all(b"HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");
        }
    });
    seen
}

/// Starts a sign-in at Mamori, signs in at the provider in the browser, and returns
/// Mamori's cookie of the attempt with the query the provider sent back.
async fn code_for(
    c: &fantoccini::Client,
    server: &Server,
    issuer: &str,
    login: &str,
    seen: &std::sync::Mutex<Vec<String>>,
) -> (String, String) {
    let before = seen.lock().unwrap().len();
    let r = client()
        .get(server.url("/login/oidc"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let cookie = r.headers()["set-cookie"].to_str().unwrap();
    let cookie = cookie.split(';').next().unwrap().to_owned();
    let to = r.headers()["location"].to_str().unwrap().to_owned();
    go(c, &to).await;
    for _ in 0..3 {
        if !c.current_url().await.unwrap().as_str().starts_with(issuer) {
            break;
        }
        if exists(c, "input[name=login]").await {
            fill(c, "input[name=login]", login).await;
            fill(c, "input[name=password]", "any").await;
        }
        click_and_wait(c, "button[type=submit]").await;
    }
    let line = seen
        .lock()
        .unwrap()
        .get(before)
        .cloned()
        .expect("the provider sent the browser back");
    let path = line.split(' ').nth(1).unwrap();
    (cookie, path.split_once('?').unwrap().1.to_owned())
}

/// The return leg as the browser would take it, with the attempt's cookie.
async fn come_back(server: &Server, cookie: &str, query: &str) -> (u16, String) {
    let r = client()
        .get(server.url(&format!("/login/oidc/callback?{query}")))
        .header("cookie", cookie)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

/// A code the provider issued is good once and for a short time: the same code again,
/// or a code kept past its lifetime, is refused by the provider; Mamori says so,
/// signs nobody in and audits the refusal.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_code_used_twice_or_after_it_expired_is_refused_and_audited() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let person = OidcAccount {
        login: "ito.mai".into(),
        employee_number: "7004".into(),
        name: "伊藤 舞".into(),
        email: "mai.ito@city.example.lg.jp".into(),
    };
    let (idp_port, port, back_port) = (free_port(), free_port(), free_port());
    let public = format!("http://127.0.0.1:{back_port}");
    let redirect = format!("{public}/login/oidc/callback");
    let Some(idp) =
        OidcProvider::start_with_code_ttl(idp_port, &redirect, std::slice::from_ref(&person), 2)
    else {
        return;
    };
    let issuer = idp.issuer();
    let seen = catch_returns(back_port);
    let db = Db::sqlite();
    db.init();
    let server = Server::start_at(
        &db,
        &format!("127.0.0.1:{port}"),
        &[
            ("MAMORI_PUBLIC_URL", public.as_str()),
            ("MAMORI_OIDC_ISSUER", issuer.as_str()),
            ("MAMORI_OIDC_CLIENT_ID", CLIENT_ID),
            ("MAMORI_OIDC_CLIENT_SECRET", CLIENT_SECRET),
        ],
    );

    let (cookie, query) = code_for(c, &server, &issuer, &person.login, &seen).await;
    assert_eq!(
        come_back(&server, &cookie, &query).await.0,
        303,
        "used once"
    );
    let (status, body) = come_back(&server, &cookie, &query).await;
    assert_eq!(status, 401, "the same code again");
    assert!(
        body.contains("IdP がサインインを受け付けませんでした"),
        "{body}"
    );

    let (cookie, query) = code_for(c, &server, &issuer, &person.login, &seen).await;
    tokio::time::sleep(std::time::Duration::from_secs(4)).await;
    let (status, body) = come_back(&server, &cookie, &query).await;
    assert_eq!(status, 401, "a code past its lifetime");
    assert!(
        body.contains("expired code") || body.contains("期限切れ"),
        "{body}"
    );

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
    let refusals = std::fs::read_to_string(&log)
        .unwrap()
        .lines()
        .filter(|l| l.contains("auth.oidc_refused") && l.contains("code"))
        .count();
    assert_eq!(refusals, 2, "both refusals audited");
}

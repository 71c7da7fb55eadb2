//! `mamori directory test` against a real slapd: it says what it reached and whom it
//! found, and names what failed otherwise, in Japanese and English.

use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

use crate::support::{Db, Server, client, page};

#[test]
fn directory_test_names_what_it_found_or_what_failed() {
    let Some(s) = LdapServer::start(20) else {
        return;
    };
    let db = Db::sqlite();
    let u = s.active_user().clone();
    let run = |url: &str, password: &str, login: &str| {
        let out = db
            .cmd()
            .env("MAMORI_LDAP_URLS", url)
            .env("MAMORI_LDAP_CA_FILE", s.ca_file())
            .env("MAMORI_LDAP_BIND_DN", SERVICE_DN)
            .env("MAMORI_LDAP_BIND_PASSWORD", password)
            .env("MAMORI_LDAP_BASE_DN", BASE_DN)
            .args(["directory", "test", "--login", login])
            .output()
            .unwrap();
        (
            out.status.success(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (ok, out, err) = run(&s.ldaps_url(), SERVICE_PASSWORD, &u.login);
    assert!(ok, "{out}{err}");
    assert!(out.contains(&u.employee_number), "{out}");

    let (ok, _, err) = run(&s.ldaps_url(), "wrong", &u.login);
    assert!(!ok);
    assert!(
        err.contains("バインドが拒否されました") && err.contains("bind was refused"),
        "{err}"
    );

    let (ok, _, err) = run(&s.ldaps_url_wrong_name(), SERVICE_PASSWORD, &u.login);
    assert!(!ok);
    assert!(err.contains("TLS"), "{err}");

    let (ok, _, err) = run(&s.ldap_url(), SERVICE_PASSWORD, &u.login);
    assert!(!ok);
    assert!(err.contains("暗号化されません"), "{err}");

    let (ok, _, err) = run(&s.ldaps_url(), SERVICE_PASSWORD, "nobody");
    assert!(!ok);
    assert!(err.contains("0 件") && err.contains("0 entries"), "{err}");
}

/// `mamori serve` signing in through the test directory, with `more` settings.
fn serve_with_directory(db: &Db, s: &LdapServer, more: &[(&str, &str)]) -> Server {
    let ca = s.ca_file().display().to_string();
    let url = s.ldaps_url();
    let mut env = vec![
        ("MAMORI_LDAP_URLS", url.as_str()),
        ("MAMORI_LDAP_CA_FILE", ca.as_str()),
        ("MAMORI_LDAP_BIND_DN", SERVICE_DN),
        ("MAMORI_LDAP_BIND_PASSWORD", SERVICE_PASSWORD),
        ("MAMORI_LDAP_BASE_DN", BASE_DN),
    ];
    env.extend_from_slice(more);
    Server::start_with(db, &env)
}

/// The whole way through `mamori serve`: a person who exists only in the directory
/// signs in on the login page with their directory password (a Japanese login) and
/// lands on their own home page; a disabled directory account is told why it cannot.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_only_in_the_directory_signs_in_and_lands_on_their_home_page() {
    let Some(s) = LdapServer::start(20) else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let server = serve_with_directory(&db, &s, &[]);
    let person = s.users[1].clone();
    assert_eq!(person.login, "やまだはなこ");
    let c = client();
    let r = c
        .post(server.url("/login"))
        .form(&[
            ("login", person.login.as_str()),
            ("password", person.password.as_str()),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (status, home) = page(&c, &server, "/").await;
    assert_eq!(status, 200);
    assert!(home.contains("わたしのページ"), "{home}");
    let (_, account) = page(&c, &server, "/account").await;
    assert!(account.contains(&person.login), "{account}");
    assert!(account.contains("Active Directory"), "{account}");
    assert!(!account.contains("current_password"), "{account}");

    let disabled = s.users.iter().find(|u| u.disabled).unwrap();
    let r = client()
        .post(server.url("/login"))
        .form(&[
            ("login", disabled.login.as_str()),
            ("password", disabled.password.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let body = r.text().await.unwrap();
    assert!(body.contains("無効になっています"), "{body}");
}

/// `mamori sync staff`: a dry run shows the new people and changes nothing; an entry the
/// register cannot take (a department it does not know) stops the sync with exit code
/// 1 and names it; once the department is left to the register, the sync adds everyone
/// and a second run finds nothing to change.
#[test]
fn sync_staff_previews_then_applies_and_stops_on_what_the_register_cannot_take() {
    let Some(s) = LdapServer::start(30) else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let active = s.users.iter().filter(|u| !u.disabled && !u.expired).count();
    let run = |args: &[&str], department_attr: &str| {
        let out = db
            .cmd()
            .env("MAMORI_LDAP_URLS", s.ldaps_url())
            .env("MAMORI_LDAP_CA_FILE", s.ca_file())
            .env("MAMORI_LDAP_BIND_DN", SERVICE_DN)
            .env("MAMORI_LDAP_BIND_PASSWORD", SERVICE_PASSWORD)
            .env("MAMORI_LDAP_BASE_DN", BASE_DN)
            .env("MAMORI_LDAP_SYNC_FILTER", "(objectClass=inetOrgPerson)")
            .env("MAMORI_LDAP_DEPARTMENT_ATTR", department_attr)
            .args(["sync", "staff"])
            .args(args)
            .output()
            .unwrap();
        (
            out.status.code(),
            String::from_utf8_lossy(&out.stdout).into_owned(),
            String::from_utf8_lossy(&out.stderr).into_owned(),
        )
    };
    let (code, _, err) = run(&[], "departmentNumber");
    assert_eq!(code, Some(1), "{err}");
    assert!(err.contains("nothing was changed"), "{err}");
    assert!(err.contains(&s.users[0].dn), "the entry is named: {err}");

    let (code, out, err) = run(&["--dry-run"], "");
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains(&format!("追加 / new: {active}")), "{out}");
    assert!(out.contains("dry run"), "{out}");
    let (code, out, err) = run(&[], "");
    assert_eq!(code, Some(0), "{out}{err}");
    assert!(out.contains(&format!("追加 / new: {active}")), "{out}");
    let (code, out, _) = run(&[], "");
    assert_eq!(code, Some(0));
    assert!(!out.contains("追加"), "{out}");
    assert!(
        out.contains(&format!("変更なし / unchanged: {active}")),
        "{out}"
    );
}

/// The directory screen: the settings as the server runs with them (never the bind
/// password), a connection test that finds a person, and the sync previewed, then
/// applied, from the browser's forms.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_directory_screen_tests_the_connection_and_previews_then_applies_the_sync() {
    let Some(s) = LdapServer::start(20) else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let server = serve_with_directory(
        &db,
        &s,
        &[
            ("MAMORI_LDAP_SYNC_FILTER", "(objectClass=inetOrgPerson)"),
            ("MAMORI_LDAP_DEPARTMENT_ATTR", ""),
        ],
    );
    let c = client();
    let csrf = crate::support::sign_in(&c, &server, "ciso").await;
    let (status, body) = page(&c, &server, "/admin/directory").await;
    assert_eq!(status, 200);
    assert!(body.contains(BASE_DN), "{body}");
    assert!(
        !body.contains(SERVICE_PASSWORD),
        "the bind password is never shown"
    );

    let u = s.active_user().clone();
    let post = |path: &'static str, form: Vec<(&'static str, String)>| {
        let c = c.clone();
        let url = server.url(path);
        let csrf = csrf.clone();
        async move {
            let mut form = form;
            form.push(("_csrf", csrf));
            let r = c.post(url).form(&form).send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        }
    };
    let (status, body) = post("/admin/directory/test", vec![("login", u.login.clone())]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains(&u.employee_number), "{body}");
    let (status, body) = post("/admin/directory/test", vec![("login", "nobody".into())]).await;
    assert_eq!(status, 502);
    assert!(body.contains("0 件"), "{body}");

    let active = s.users.iter().filter(|u| !u.disabled && !u.expired).count();
    let (status, body) = post("/admin/directory/sync", vec![("action", "preview".into())]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("プレビューです"), "{body}");
    assert!(body.contains(&format!("新規 ({active})")), "{body}");
    let (status, body) = post("/admin/directory/sync", vec![("action", "apply".into())]).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("同期しました"), "{body}");
    let (_, staff) = page(&c, &server, &format!("/staff?q={}", u.employee_number)).await;
    assert!(staff.contains(&u.name), "{staff}");
}

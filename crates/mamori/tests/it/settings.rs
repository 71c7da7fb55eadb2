//! The settings screens through `mamori serve`, against a real slapd: an administrator
//! fills the directory form, is told field by field what is wrong, tries the typed
//! settings (a wrong password is named), saves — and a person who exists only in the
//! directory signs in at once, with no restart. The password is never sent back, and
//! it is sealed with the key the server keeps beside its audit key.

use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

use crate::support::{Db, Server, client, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_directory_saved_on_the_screen_signs_people_in_without_a_restart() {
    let Some(s) = LdapServer::start(8) else {
        return;
    };
    let db = Db::sqlite();
    db.init();
    let server = Server::start(&db);
    let c = client();
    let csrf = sign_in(&c, &server, "ciso").await;
    let (status, body) = page(&c, &server, "/admin/settings/directory").await;
    assert_eq!(status, 200);
    assert!(
        body.contains("(sAMAccountName={login})"),
        "AD defaults filled in"
    );
    assert!(body.contains("まだ保存されていません"), "{body}");

    let typed = "ldap-typed-secret-Ω";
    let post = |action: &'static str, urls: String, password: &'static str| {
        let c = c.clone();
        let url = server.url("/admin/settings/directory");
        let ca = s.ca_file().display().to_string();
        let csrf = csrf.clone();
        async move {
            let r = c
                .post(url)
                .form(&[
                    ("_csrf", csrf.as_str()),
                    ("action", action),
                    ("urls", urls.as_str()),
                    ("ca_file", ca.as_str()),
                    ("bind_dn", SERVICE_DN),
                    ("bind_password", password),
                    ("base_dn", BASE_DN),
                    ("user_filter", "(sAMAccountName={login})"),
                    ("sync_filter", "(employeeID=*)"),
                    ("employee_attr", "employeeID"),
                    ("name_attr", "displayName"),
                    ("mail_attr", "mail"),
                    ("department_attr", "departmentNumber"),
                    ("lock_after", "4"),
                ])
                .send()
                .await
                .unwrap();
            (
                r.status().as_u16(),
                r.headers()
                    .get("location")
                    .map(|l| l.to_str().unwrap().to_owned()),
                r.text().await.unwrap(),
            )
        }
    };

    let (status, _, body) = post("save", "dc1.city.local".into(), typed).await;
    assert_eq!(status, 422);
    assert!(body.contains("サーバーの URL として読めません"), "{body}");
    assert!(
        body.contains(">dc1.city.local</textarea>"),
        "the form comes back as typed"
    );
    assert!(!body.contains(typed), "a typed secret is never sent back");

    let (status, _, body) = post("test", s.ldaps_url(), "wrong").await;
    assert_eq!(status, 502);
    assert!(body.contains("バインドが拒否されました"), "{body}");

    let (status, _, body) = post("test", s.ldaps_url(), SERVICE_PASSWORD).await;
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("connected and bound"), "{body}");

    let (status, location, _) = post("save", s.ldaps_url(), SERVICE_PASSWORD).await;
    assert_eq!(status, 303);
    assert_eq!(
        location.as_deref(),
        Some("/admin/settings/directory?done=settings.saved")
    );
    let (_, body) = page(&c, &server, "/admin/settings/directory").await;
    assert!(body.contains("保存済みです"), "{body}");
    assert!(!body.contains(SERVICE_PASSWORD));
    let (_, body) = page(&c, &server, "/admin/directory").await;
    assert!(body.contains(&s.ldaps_url()), "the directory in use");
    assert!(body.contains("ディレクトリの設定を変更する"));

    let person = s.active_user().clone();
    let r = client()
        .post(server.url("/login"))
        .form(&[
            ("login", person.login.as_str()),
            ("password", person.password.as_str()),
            ("next", "/"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "signed in through the saved directory");

    let key = std::fs::read_to_string(db.dir.path().join("settings.key")).unwrap();
    assert_eq!(key.trim().len(), 64, "a 32-byte key beside the audit key");
    // The database and its journal, as a copy or a backup would hold them.
    for f in std::fs::read_dir(db.dir.path()).unwrap() {
        let path = f.unwrap().path();
        let bytes = std::fs::read(&path).unwrap_or_default();
        let text = String::from_utf8_lossy(&bytes);
        assert!(
            !text.contains(SERVICE_PASSWORD),
            "{} holds the password",
            path.display()
        );
    }
}

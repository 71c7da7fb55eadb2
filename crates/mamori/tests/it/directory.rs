//! `mamori directory test` against a real slapd: it says what it reached and whom it
//! found, and names what failed otherwise, in Japanese and English.

use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

use crate::support::Db;

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

//! The directory client against a real slapd over LDAPS with a test CA: people sign in
//! with their directory passwords (a Japanese login too); a wrong password, a disabled
//! or expired account, a search account refused, a server that is down (the next one
//! answers), a name the certificate does not carry and plain LDAP each get their own
//! answer.

use chrono::Utc;
use mamori_app::directory::{Directory, DirectorySettings, ErrorKind};
use mamori_domain::directory::Refusal;
use mamori_testkit::free_port;
use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

fn settings(s: &LdapServer, urls: Vec<String>) -> DirectorySettings {
    let mut d = DirectorySettings::active_directory(urls, BASE_DN, SERVICE_DN, SERVICE_PASSWORD);
    d.ca_file = Some(s.ca_file());
    d
}

fn kind<T: std::fmt::Debug>(r: Result<T, mamori_app::directory::DirectoryError>) -> ErrorKind {
    match r {
        Ok(v) => panic!("expected a refusal, got {v:?}"),
        Err(e) => e.kind,
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn people_sign_in_with_their_directory_passwords_and_each_failure_is_named() {
    let Some(s) = LdapServer::start(60) else {
        return;
    };
    let now = Utc::now();
    let dir = Directory::new(settings(&s, vec![s.ldaps_url()])).unwrap();
    let u = s.active_user().clone();
    let found = dir.authenticate(&u.login, &u.password, now).await.unwrap();
    assert_eq!(found.employee_number, u.employee_number);
    assert_eq!(found.name, u.name);
    assert_eq!(found.department.as_deref(), Some(u.department.as_str()));

    let japanese = s.users[1].clone();
    assert_eq!(japanese.login, "やまだはなこ");
    let found = dir
        .authenticate("やまだはなこ", &japanese.password, now)
        .await
        .unwrap();
    assert_eq!(found.name, japanese.name);

    assert_eq!(
        kind(dir.authenticate(&u.login, "wrong", now).await),
        ErrorKind::BadCredentials
    );
    assert_eq!(
        kind(dir.authenticate(&u.login, "", now).await),
        ErrorKind::BadCredentials
    );
    assert_eq!(
        kind(dir.authenticate("nobody", "x", now).await),
        ErrorKind::BadCredentials
    );
    // A typed wildcard finds nobody rather than everybody.
    assert_eq!(
        kind(dir.authenticate("*", "x", now).await),
        ErrorKind::BadCredentials
    );

    let disabled = s.users.iter().find(|u| u.disabled && !u.expired).unwrap();
    assert_eq!(
        kind(
            dir.authenticate(&disabled.login, &disabled.password, now)
                .await
        ),
        ErrorKind::Refused(Refusal::Disabled)
    );
    let expired = s.users.iter().find(|u| u.expired && !u.disabled).unwrap();
    assert_eq!(
        kind(
            dir.authenticate(&expired.login, &expired.password, now)
                .await
        ),
        ErrorKind::Refused(Refusal::Expired)
    );
    // Disabled after the start: refused from then on.
    s.replace_attribute(&u.dn, "userAccountControl", "514");
    assert_eq!(
        kind(dir.authenticate(&u.login, &u.password, now).await),
        ErrorKind::Refused(Refusal::Disabled)
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_transport_is_checked_and_a_dead_server_is_passed_over() {
    let Some(s) = LdapServer::start(20) else {
        return;
    };
    let now = Utc::now();
    let u = s.active_user().clone();

    // The first server is down; the second answers.
    let dead = format!("ldaps://127.0.0.1:{}", free_port());
    let dir = Directory::new(settings(&s, vec![dead.clone(), s.ldaps_url()])).unwrap();
    assert!(dir.authenticate(&u.login, &u.password, now).await.is_ok());
    let only_dead = Directory::new(settings(&s, vec![dead])).unwrap();
    let e = only_dead.test(None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Unreachable, "{}", e.problem.en);

    // The certificate is for 127.0.0.1; "localhost" is not its name.
    let wrong = Directory::new(settings(&s, vec![s.ldaps_url_wrong_name()])).unwrap();
    let e = wrong.test(None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Tls, "{}", e.problem.en);
    // Without the test CA, the certificate is not trusted.
    let mut no_ca = settings(&s, vec![s.ldaps_url()]);
    no_ca.ca_file = None;
    let e = Directory::new(no_ca).unwrap().test(None).await.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Tls, "{}", e.problem.en);

    // Plain LDAP is refused unless allowed; StartTLS upgrades it.
    let plain = Directory::new(settings(&s, vec![s.ldap_url()])).unwrap_err();
    assert_eq!(plain.kind, ErrorKind::Settings);
    assert!(
        plain.problem.ja.contains("暗号化されません"),
        "{}",
        plain.problem.ja
    );
    let mut starttls = settings(&s, vec![s.ldap_url()]);
    starttls.starttls = true;
    let dir = Directory::new(starttls).unwrap();
    assert!(dir.authenticate(&u.login, &u.password, now).await.is_ok());

    // A wrong search-account password is named as such.
    let mut wrong_bind = settings(&s, vec![s.ldaps_url()]);
    wrong_bind.bind_password = "nope".into();
    let e = Directory::new(wrong_bind)
        .unwrap()
        .test(None)
        .await
        .unwrap_err();
    assert_eq!(e.kind, ErrorKind::ServiceBind, "{}", e.problem.en);

    // The operator's test finds a person, or says the filter matched nobody.
    let dir = Directory::new(settings(&s, vec![s.ldaps_url()])).unwrap();
    let steps = dir.test(Some(&u.login)).await.unwrap();
    assert!(steps[1].contains(&u.employee_number), "{steps:?}");
    let e = dir.test(Some("nobody")).await.unwrap_err();
    assert!(e.problem.en.contains("0 entries"), "{}", e.problem.en);
}

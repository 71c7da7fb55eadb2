//! The throwaway directory answers as Active Directory would for what Mamori reads:
//! users bind with their own passwords (Japanese logins too) over LDAPS with the test
//! CA, attributes come back, a wrong password is refused, and a change applies.

use std::process::Command;

use mamori_testkit::ldap::{BASE_DN, LdapServer, SERVICE_DN, SERVICE_PASSWORD};

fn search(s: &LdapServer, url: &str, who: (&str, &str), filter: &str) -> (bool, String) {
    let out = Command::new("ldapsearch")
        .env("LDAPTLS_CACERT", s.ca_file())
        .args([
            "-x", "-LLL", "-H", url, "-D", who.0, "-w", who.1, "-b", BASE_DN, filter,
        ])
        .output()
        .unwrap();
    (
        out.status.success(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

#[test]
fn users_bind_over_ldaps_and_their_attributes_come_back() {
    let Some(s) = LdapServer::start(40) else {
        return;
    };
    let service = (SERVICE_DN, SERVICE_PASSWORD);
    let (ok, out) = search(&s, &s.ldaps_url(), service, "(sAMAccountName=user0004)");
    assert!(ok, "{out}");
    assert!(out.contains("employeeID: 100004"), "{out}");
    assert!(out.contains("userAccountControl: 512"), "{out}");

    // A user binds with their own password; the Japanese login is found as typed.
    let japanese = &s.users[1];
    assert_eq!(japanese.login, "やまだはなこ");
    let (ok, out) = search(
        &s,
        &s.ldaps_url(),
        (&japanese.dn, &japanese.password),
        "(sAMAccountName=やまだはなこ)",
    );
    assert!(ok, "{out}");
    assert!(out.contains("employeeNumber: 100001"), "{out}");
    let (ok, out) = search(&s, &s.ldaps_url(), (&japanese.dn, "wrong"), "(uid=*)");
    assert!(!ok && out.contains("Invalid credentials"), "{out}");

    // The certificate is for 127.0.0.1, not for localhost.
    let (ok, out) = search(&s, &s.ldaps_url_wrong_name(), service, "(uid=user0004)");
    assert!(
        !ok,
        "a name the certificate does not carry was accepted: {out}"
    );

    // Disabled and expired accounts exist, as the sign-in tests need.
    assert!(s.users.iter().any(|u| u.disabled) && s.users.iter().any(|u| u.expired));
    let u = s.active_user().clone();
    s.replace_attribute(&u.dn, "userAccountControl", "514");
    let (_, out) = search(&s, &s.ldap_url(), service, &format!("(uid={})", u.login));
    assert!(out.contains("userAccountControl: 514"), "{out}");
}

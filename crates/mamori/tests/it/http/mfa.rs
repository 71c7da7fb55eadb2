//! The second factor (TOTP) required of the CISO: enrollment, one-time codes, recovery
//! codes.

use crate::support::{Db, PASSWORD, client, input_value, unix_now};

/// Text of every `<code>` inside the element with `id`.
fn codes_in(html: &str, id: &str) -> Vec<String> {
    let start = html.find(&format!("id=\"{id}\"")).expect(id);
    let end = start + html[start..].find("</ul>").unwrap();
    html[start..end]
        .split("<code>")
        .skip(1)
        .map(|c| c[..c.find("</code>").unwrap()].to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn second_factor_is_required_for_the_ciso_and_codes_work_once() {
    let db = Db::sqlite();
    db.init_with_mfa(true);
    let s = db.serve();
    let c = client();
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("login", "ciso"),
            ("password", PASSWORD),
            ("next", "/staff"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.headers()["location"],
        "/staff",
        "no second factor set up yet: the password signs in"
    );
    let r = c.get(s.url("/staff")).send().await.unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(
        r.headers()["location"],
        "/account/mfa",
        "the CISO must set up a second factor first"
    );

    // Enrollment: a wrong code is refused, the right one turns TOTP on and shows recovery codes.
    let page = c
        .get(s.url("/account/mfa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("<svg"), "a QR code is drawn by the server");
    let secret = page
        .split("id=\"totp-secret\">")
        .nth(1)
        .map(|r| r[..r.find('<').unwrap()].to_owned())
        .unwrap();
    let csrf = input_value(&page, "_csrf").unwrap();
    let r = c
        .post(s.url("/account/mfa"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("secret", secret.as_str()),
            ("code", "000000"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let code = mamori_app::mfa::code_at(&secret, unix_now()).unwrap();
    let r = c
        .post(s.url("/account/mfa"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("secret", secret.as_str()),
            ("code", code.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let recovery = codes_in(&r.text().await.unwrap(), "recovery-codes");
    assert_eq!(recovery.len(), 10);
    assert_eq!(
        c.get(s.url("/staff")).send().await.unwrap().status(),
        200,
        "enrolled: the register opens"
    );

    // Next sign-in: the password alone opens nothing.
    c.post(s.url("/logout"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    let r = c
        .post(s.url("/login"))
        .form(&[
            ("login", "ciso"),
            ("password", PASSWORD),
            ("next", "/staff"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.headers()["location"], "/login/mfa?next=%2Fstaff");
    assert_eq!(
        c.get(s.url("/staff")).send().await.unwrap().status(),
        303,
        "a half-signed-in session opens nothing"
    );
    let r = c
        .post(s.url("/login/mfa"))
        .form(&[("code", code.as_str()), ("next", "/staff")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        401,
        "a code already used is refused (no replay)"
    );
    let r = c
        .post(s.url("/login/mfa"))
        .form(&[("code", recovery[0].as_str()), ("next", "/staff")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "a recovery code works");
    assert_eq!(r.headers()["location"], "/staff");
    assert_eq!(c.get(s.url("/staff")).send().await.unwrap().status(), 200);

    let page = c
        .get(s.url("/account"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = input_value(&page, "_csrf").unwrap();
    c.post(s.url("/logout"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    c.post(s.url("/login"))
        .form(&[("login", "ciso"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    let r = c
        .post(s.url("/login/mfa"))
        .form(&[("code", recovery[0].as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "each recovery code works once");
    let next = mamori_app::mfa::code_at(&secret, unix_now() + 30).unwrap();
    let r = c
        .post(s.url("/login/mfa"))
        .form(&[("code", next.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the next code is accepted");

    let log = c
        .get(s.url("/audit?action=auth"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    for action in [
        "auth.mfa_failed",
        "auth.recovery_code_used",
        "auth.password_verified",
        "auth.login",
    ] {
        assert!(log.contains(action), "{action} is in the audit log");
    }
    let page = c
        .get(s.url("/account/mfa"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        page.contains("id=\"codes-left\">9<"),
        "9 recovery codes left"
    );
    assert!(
        !page.contains("/account/mfa/disable"),
        "a required second factor cannot be turned off"
    );
}

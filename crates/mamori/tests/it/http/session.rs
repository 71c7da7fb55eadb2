//! Signing in and out, CSRF and origin checks, and the password reset link an
//! administrator issues.

use crate::support::{Db, PASSWORD, client, input_value, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_csrf_and_origin() {
    let db = Db::sqlite();
    db.init();
    let s = db.serve();
    let c = client();
    let r = c.get(s.url("/staff")).send().await.unwrap();
    assert_eq!(r.status(), 303, "anonymous visitors are sent to sign in");
    assert!(
        r.headers()["location"]
            .to_str()
            .unwrap()
            .starts_with("/login?next=%2Fstaff")
    );

    let r = c
        .post(s.url("/login"))
        .form(&[("login", "ciso"), ("password", "wrong password!!")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401);
    let wrong_pw = r.text().await.unwrap();
    let r = c
        .post(s.url("/login"))
        .form(&[("login", "nobody"), ("password", "wrong password!!")])
        .send()
        .await
        .unwrap();
    let unknown = r.text().await.unwrap();
    assert!(wrong_pw.contains("ログインIDまたはパスワードが正しくありません"));
    assert_eq!(
        wrong_pw.replace("value=\"ciso\"", ""),
        unknown.replace("value=\"nobody\"", ""),
        "the same answer whether or not the login exists"
    );

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
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/staff");
    let cookie = r.headers()["set-cookie"].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let page = c
        .get(s.url("/departments/new"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = input_value(&page, "_csrf").unwrap();
    let r = c
        .post(s.url("/departments/new"))
        .form(&[("code", "100"), ("name", "総務部")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a form without the CSRF token is refused");
    let r = c
        .post(s.url("/departments/new"))
        .header("origin", "http://evil.example")
        .form(&[
            ("_csrf", csrf.as_str()),
            ("code", "100"),
            ("name", "総務部"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "a cross-origin post is refused");
    let r = c
        .post(s.url("/departments/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("code", "100"),
            ("name", "総務部"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "with the token the department is created");

    // Bad input: 422, the form again, field messages, nothing written.
    let r = c
        .post(s.url("/departments/new"))
        .form(&[("_csrf", csrf.as_str()), ("code", "100"), ("name", "")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let html = r.text().await.unwrap();
    assert!(
        html.contains("error-summary") && html.contains("f-code") && html.contains("100"),
        "errors are shown with the typed values"
    );
    let list = c
        .get(s.url("/departments"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(
        list.matches("総務部").count(),
        1,
        "nothing was written by the bad form"
    );

    // Sign out ends the session server-side.
    let r = c
        .post(s.url("/logout"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = crate::support::http()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
        .get(s.url("/staff"))
        .header("cookie", cookie.split(';').next().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        303,
        "the old cookie no longer works after sign-out"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn administrator_issued_reset_link_works_once() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let admin = client();
    let csrf = sign_in(&admin, &s, "sysadmin").await;
    let accounts = admin
        .get(s.url("/accounts"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = accounts.split("<code>staff</code>").nth(1).unwrap();
    let staff_id = row
        .split("href=\"/staff/")
        .nth(1)
        .map(|r| r[..36].to_owned())
        .unwrap();
    let r = admin
        .post(s.url(&format!("/staff/{staff_id}/account/reset")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let page = r.text().await.unwrap();
    let link = page
        .split("id=\"reset-link\">")
        .nth(1)
        .map(|r| r[..r.find('<').unwrap()].to_owned())
        .unwrap();
    assert!(
        link.starts_with(&s.base) && link.contains("/reset?token="),
        "{link}"
    );

    let user = client();
    let form = user.get(&link).send().await.unwrap().text().await.unwrap();
    assert!(
        form.contains("<code>staff</code>"),
        "the link names the account"
    );
    let token = input_value(&form, "token").unwrap();
    let r = user
        .post(s.url("/reset"))
        .form(&[("token", token.as_str()), ("password", "short")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "the password policy applies");
    let new_pw = "新しいパスワードで守る2027";
    let r = user
        .post(s.url("/reset"))
        .form(&[("token", token.as_str()), ("password", new_pw)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert_eq!(r.headers()["location"], "/login?done=reset");
    assert_eq!(
        user.get(&link).send().await.unwrap().status(),
        404,
        "the link works once"
    );
    let r = user
        .post(s.url("/login"))
        .form(&[("login", "staff"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 401, "the old password no longer works");
    let r = user
        .post(s.url("/login"))
        .form(&[("login", "staff"), ("password", new_pw)])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "the new one does");

    // A staff member without the right cannot issue links.
    let csrf = input_value(
        &user
            .get(s.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap(),
        "_csrf",
    )
    .unwrap();
    let r = user
        .post(s.url(&format!("/staff/{staff_id}/account/reset")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

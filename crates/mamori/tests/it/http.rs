//! HTTP against a real `mamori serve` on port 0: operations endpoints, headers, errors,
//! sign-in, CSRF, authorization, the JSON API and its OpenAPI document.

use crate::support::{Db, PASSWORD, Server, client, input_value, sign_in, unix_now};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn health_headers_and_not_found_pages() {
    for db in Db::both() {
        db.init();
        let s = db.serve();
        let c = client();
        let r = c.get(s.url("/readyz")).send().await.unwrap();
        assert_eq!(r.status(), 200, "[{}] ready", db.label());
        assert!(
            r.headers().contains_key("x-request-id"),
            "request id echoed"
        );
        assert_eq!(c.get(s.url("/healthz")).send().await.unwrap().status(), 200);

        let r = c.get(s.url("/login")).send().await.unwrap();
        let h = r.headers().clone();
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(
            csp.contains("frame-ancestors 'none'")
                && csp.contains("default-src 'none'")
                && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        assert_eq!(h["x-content-type-options"], "nosniff");
        assert_eq!(h["referrer-policy"], "same-origin");
        assert_eq!(h["cache-control"], "no-store");
        let html = r.text().await.unwrap();
        assert!(html.contains("<html lang=\"ja\">") && html.contains("ログイン"));

        let r = c.get(s.url("/no/such/page")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        assert!(r.text().await.unwrap().contains("ページが見つかりません"));
        let r = c
            .get(s.url("/no/such/page"))
            .header("accept-language", "en-US,en;q=0.9")
            .send()
            .await
            .unwrap();
        assert!(
            r.text().await.unwrap().contains("Page not found"),
            "404 in the visitor's language"
        );
        let r = c.get(s.url("/api/v1/nothing")).send().await.unwrap();
        assert_eq!(r.status(), 404);
        let body: serde_json::Value = r.json().await.unwrap();
        assert_eq!(body["error"]["code"], "not_found");
    }
}

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
    let r = reqwest::Client::builder()
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
async fn roles_limit_what_each_user_sees() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();

    // A staff member without an ISMS role: own profile only.
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    for path in [
        "/staff",
        "/departments/new",
        "/import/staff",
        "/audit",
        "/accounts",
    ] {
        let r = staff.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 403, "staff gets 403 on {path}");
    }
    let dash = staff
        .get(s.url("/"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        !dash.contains("href=\"/audit\"") && !dash.contains("href=\"/import/staff\""),
        "menus show only usable modules"
    );
    let me = dash
        .split("href=\"/staff/")
        .nth(1)
        .map(|r| r[..36].to_owned())
        .expect("link to own profile");
    assert_eq!(
        staff
            .get(s.url(&format!("/staff/{me}")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );

    // The section manager of 市民課 edits their section, not another one.
    let mgr = client();
    let csrf = sign_in(&mgr, &s, "manager").await;
    let api = mamori_list(&mgr, &s, "市民課").await;
    let other = mamori_list(&mgr, &s, "税務課").await;
    let own_id = api[0]["id"].as_str().unwrap().to_owned();
    let other_id = other[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(
        mgr.get(s.url(&format!("/staff/{own_id}/edit")))
            .send()
            .await
            .unwrap()
            .status(),
        200
    );
    assert_eq!(
        mgr.get(s.url(&format!("/staff/{other_id}/edit")))
            .send()
            .await
            .unwrap()
            .status(),
        403
    );
    let r = mgr
        .post(s.url(&format!("/staff/{other_id}/retire")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "a section manager cannot retire another department's staff"
    );

    // The auditor reads the audit log, which recorded those refusals.
    let aud = client();
    sign_in(&aud, &s, "auditor").await;
    let log = aud
        .get(s.url("/audit?action=access.denied"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        log.contains("user:manager") && log.contains("user:staff"),
        "denials are audited"
    );
}

/// Staff of a department (by name), through the session-authenticated API.
async fn mamori_list(c: &reqwest::Client, s: &Server, dept_name: &str) -> Vec<serde_json::Value> {
    let depts: Vec<serde_json::Value> = c
        .get(s.url("/api/v1/departments"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = depts.iter().find(|d| d["name"] == dept_name).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page: serde_json::Value = c
        .get(s.url(&format!("/api/v1/staff?department={id}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    page["items"].as_array().unwrap().clone()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn api_with_bearer_token_on_both_databases() {
    for db in Db::both() {
        db.demo();
        let (ok, token, _) = db.run(&["admin", "create-token", "--login", "sysadmin"]);
        assert!(ok);
        let token = token.trim().to_owned();
        let s = db.serve();
        let c = reqwest::Client::new();
        let r = c.get(s.url("/api/v1/staff")).send().await.unwrap();
        assert_eq!(r.status(), 401, "no token, no data");
        let r = c
            .get(s.url("/api/v1/staff"))
            .bearer_auth("mmr_not-a-token")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 401);

        let page: serde_json::Value = c
            .get(s.url("/api/v1/staff?per_page=20&page=2"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert_eq!(page["total"], 300, "[{}]", db.label());
        assert_eq!(page["items"].as_array().unwrap().len(), 20);
        assert_eq!(page["page"], 2);
        let found: serde_json::Value = c
            .get(s.url("/api/v1/staff?q=やまだ"))
            .bearer_auth(&token)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        assert!(
            found["items"]
                .as_array()
                .unwrap()
                .iter()
                .all(|i| i["kana"].as_str().unwrap().contains("ヤマダ")),
            "hiragana search matches katakana kana"
        );
        assert!(found["total"].as_u64().unwrap() >= 1);

        let r = c
            .post(s.url("/api/v1/staff"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"employee_number": "", "name": "テスト", "email": "not-an-email", "category": "社長"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 422);
        let body: serde_json::Value = r.json().await.unwrap();
        let fields: Vec<&str> = body["error"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["field"].as_str().unwrap())
            .collect();
        assert_eq!(
            fields,
            ["employee_number", "email", "category"],
            "every bad field is named"
        );
        assert!(
            body["error"]["fields"][0]["ja"]
                .as_str()
                .unwrap()
                .chars()
                .any(|c| c > '\u{3000}')
        );

        let r = c
            .post(s.url("/api/v1/staff"))
            .bearer_auth(&token)
            .json(&serde_json::json!({"employee_number": "ＡＰＩ００１", "name": "API 太郎", "kana": "えーぴーあい たろう", "department": "情報政策課"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 201);
        let created: serde_json::Value = r.json().await.unwrap();
        assert_eq!(created["employee_number"], "API001");
        assert_eq!(created["kana"], "エーピーアイ タロウ");
        assert_eq!(created["department_path"], "総務部/情報政策課");
        let id = created["id"].as_str().unwrap();
        let r = c
            .post(s.url(&format!("/api/v1/staff/{id}/retire")))
            .bearer_auth(&token)
            .json(&serde_json::json!({"on": "令和9年3月31日"}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 200);
        let retired: serde_json::Value = r.json().await.unwrap();
        assert_eq!(retired["end_date"], "2027-03-31");
        assert_eq!(retired["retired"], true);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn openapi_document_is_served_and_matches_the_committed_copy() {
    let db = Db::sqlite();
    db.init();
    let s = db.serve();
    let served = reqwest::get(s.url("/api/v1/openapi.json"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let doc: serde_json::Value = serde_json::from_str(&served).unwrap();
    assert_eq!(doc["openapi"], "3.1.0");
    assert!(doc["paths"]["/staff"]["get"].is_object());
    assert!(doc["components"]["securitySchemes"]["bearer"].is_object());
    let committed = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../docs/openapi.json"
    ))
    .unwrap();
    assert_eq!(
        served.trim(),
        committed.trim(),
        "docs/openapi.json is out of date: run `cargo run -p mamori -- openapi > docs/openapi.json`"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pages_reference_no_external_urls_and_shutdown_is_graceful() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let c = client();
    sign_in(&c, &s, "ciso").await;
    let staff_list = c
        .get(s.url("/staff"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let first = staff_list
        .split("<td><a href=\"/staff/")
        .nth(1)
        .map(|r| r[..36].to_owned())
        .unwrap();
    for path in [
        "/",
        "/staff",
        &format!("/staff/{first}"),
        "/staff/new",
        "/departments",
        "/roles",
        "/import/staff",
        "/audit",
        "/account",
        "/accounts",
        "/org",
        "/static/mamori.css",
    ] {
        let r = c.get(s.url(path)).send().await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.unwrap();
        for scheme in ["http://", "https://", "//cdn", "url(http"] {
            assert!(
                !body.contains(scheme),
                "{path} references an external URL ({scheme})"
            );
        }
    }
    let status = s.terminate();
    assert!(
        status.success(),
        "SIGTERM ends the server cleanly: {status:?}"
    );
}

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

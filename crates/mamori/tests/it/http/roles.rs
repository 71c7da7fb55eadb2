//! What each ISMS role sees and may change, and the refusals in the audit log.

use crate::support::{Db, Server, client, sign_in};

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

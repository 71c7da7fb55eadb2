//! The authorization matrix: every route the server serves × every kind of user.
//!
//! The route list comes from the router's own tables (`mamori_web::all_routes`), and
//! each route must have a rule below: a route added without one fails this test. The
//! expected outcomes are written from the policy (who may do what), not from the
//! application's own authorization code, so the two check each other.

use std::collections::HashMap;

use crate::support::{Db, Server, client, input_value, sign_in};

/// What a route needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Need {
    /// Anyone, signed in or not (sign-in pages, health checks, static files).
    Public,
    /// Any signed-in user (own settings, dashboard).
    SignedIn,
    /// Ends the session; checked with a session of its own.
    EndsSession,
    /// Read the staff register and department tree.
    View,
    /// Create/edit/retire staff of 環境部 (no role-scoped user below covers it).
    EditStaff,
    Departments,
    Users,
    Roles,
    Import,
    Export,
    Audit,
    Org,
    /// Create an asset of some department or kind (the form and an empty submission).
    CreateAsset,
    /// Edit classification schemes and move assets between them.
    Classification,
    /// Edit a data asset of 環境保全課 (no role-scoped user below covers it; system
    /// administrators edit only technical assets).
    EditAsset,
    ImportAssets,
}

fn rule(method: &str, path: &str) -> Option<Need> {
    use Need::*;
    let api = path.strip_prefix("/api/v1");
    Some(match (method, api.unwrap_or(path), api.is_some()) {
        (_, "/openapi.json", true) => Public,
        ("get", "/org", true) => SignedIn,
        ("put", "/org", true) => Org,
        ("get", "/departments" | "/departments/{id}", true) => View,
        ("post", "/departments", true) | ("put", "/departments/{id}", true) => Departments,
        ("get", "/staff" | "/staff/{id}" | "/staff/{id}/roles" | "/roles", true) => View,
        ("post", "/staff", true)
        | ("put", "/staff/{id}", true)
        | ("post", "/staff/{id}/retire", true) => EditStaff,
        ("post", "/staff/{id}/roles", true) | ("delete", "/roles/{id}", true) => Roles,
        (
            "get",
            "/assets" | "/assets/{id}" | "/assets/{id}/relations" | "/classification-schemes",
            true,
        ) => View,
        ("post", "/assets", true) => CreateAsset,
        (
            _,
            "/assets/{id}"
            | "/assets/{id}/retire"
            | "/assets/{id}/relations"
            | "/assets/{id}/relations/{rel}",
            true,
        ) => EditAsset,
        (_, "/login" | "/login/mfa" | "/setup" | "/reset", false) => Public,
        (_, "/healthz" | "/readyz" | "/static/mamori.css" | "/static/favicon.svg", false) => Public,
        (_, "/logout" | "/account/logout-everywhere", false) => EndsSession,
        ("get", "/", false) => SignedIn,
        (
            _,
            "/account"
            | "/account/preferences"
            | "/account/lang"
            | "/account/password"
            | "/account/tokens",
            false,
        ) => SignedIn,
        (_, "/account/mfa" | "/account/mfa/disable", false) => SignedIn,
        ("post", "/account/tokens/{id}/revoke", false) => Users,
        ("get", "/staff" | "/staff/new" | "/staff/{id}" | "/roles" | "/departments", false) => View,
        ("post", "/staff/new", false) | (_, "/staff/{id}/edit" | "/staff/{id}/retire", false) => {
            EditStaff
        }
        (_, "/staff/export.csv" | "/staff/export.xlsx", false) => Export,
        (_, "/staff/{id}/roles" | "/roles/{id}/remove", false) => Roles,
        (_, "/staff/{id}/account" | "/staff/{id}/account/reset" | "/accounts", false) => Users,
        (_, "/departments/new" | "/departments/{id}/edit", false) => Departments,
        (_, "/import/staff" | "/import/staff/{id}/commit", false) => Import,
        (_, "/import/assets" | "/import/assets/{id}/commit", false) => ImportAssets,
        ("get", "/assets" | "/assets/{id}" | "/classification", false) => View,
        (_, "/assets/new", false) => CreateAsset,
        (_, "/assets/export.csv" | "/assets/export.xlsx" | "/assets/print", false) => Export,
        (
            _,
            "/assets/bulk"
            | "/assets/{id}/edit"
            | "/assets/{id}/relations"
            | "/assets/{id}/relations/{rel}/remove",
            false,
        ) => EditAsset,
        (
            _,
            "/classification/add" | "/classification/{id}/edit" | "/classification/migrate",
            false,
        ) => Classification,
        (_, "/audit", false) => Audit,
        (_, "/org", false) => Org,
        _ => return None,
    })
}

/// What each kind of user may do, from the policy (issue 3, §4).
fn allowed(login: &str, need: Need) -> bool {
    use Need::*;
    match need {
        Public | SignedIn | EndsSession => true,
        _ => match login {
            "ciso" | "deputy" => true,
            "sysadmin" => matches!(
                need,
                View | EditStaff
                    | Departments
                    | Users
                    | Import
                    | Export
                    | CreateAsset
                    | ImportAssets
            ),
            // The demo's committee member is 福祉部長, also that department's security
            // officer, so they too may register assets (of 福祉部 only).
            "officer" | "manager" | "committee" => {
                matches!(need, View | Export | CreateAsset | ImportAssets)
            }
            "auditor" => matches!(need, View | Audit | Export),
            "operator" | "csirt" => matches!(need, View),
            _ => false, // "staff": own profile and own settings only
        },
    }
}

const LOGINS: [&str; 10] = [
    "ciso",
    "deputy",
    "sysadmin",
    "auditor",
    "officer",
    "committee",
    "manager",
    "operator",
    "csirt",
    "staff",
];

struct Ids {
    staff: String,
    /// A data asset of 環境保全課 without personal data.
    asset: String,
    staff_number: String,
    department: String,
    role: String,
}

async fn ids(s: &Server) -> Ids {
    let c = client();
    sign_in(&c, s, "ciso").await;
    let depts: Vec<serde_json::Value> = c
        .get(s.url("/api/v1/departments"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let env = depts
        .iter()
        .find(|d| d["code"] == "610")
        .expect("環境保全課 in the demo")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page: serde_json::Value = c
        .get(s.url(&format!("/api/v1/staff?department={env}")))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let person = &page["items"][0];
    let roles: Vec<serde_json::Value> = c
        .get(s.url("/api/v1/roles"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let html = c
        .get(s.url("/assets?q=ENV-0001"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let asset = html
        .split("href=\"/assets/")
        .filter_map(|rest| rest.get(..36))
        .find(|id| uuid::Uuid::parse_str(id).is_ok())
        .expect("the data asset of 環境保全課")
        .to_owned();
    Ids {
        asset,
        staff: person["id"].as_str().unwrap().to_owned(),
        staff_number: person["employee_number"].as_str().unwrap().to_owned(),
        department: env,
        role: roles.iter().find(|r| r["role"] == "csirt").unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned(),
    }
}

fn fill(path: &str, ids: &Ids) -> String {
    path.replace("/staff/{id}", &format!("/staff/{}", ids.staff))
        .replace(
            "/departments/{id}",
            &format!("/departments/{}", ids.department),
        )
        .replace("/roles/{id}", &format!("/roles/{}", ids.role))
        .replace("/assets/{id}", &format!("/assets/{}", ids.asset))
        .replace("{rel}", "0190a5f0-0000-7000-8000-00000000beef")
        .replace("{id}", "0190a5f0-0000-7000-8000-00000000dead")
}

/// A request body that passes the extractors, so the answer is decided by authorization.
fn form_body(path: &str, ids: &Ids, login: &str) -> Vec<(String, String)> {
    let kv = |pairs: &[(&str, &str)]| {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    };
    match path {
        "/staff/new" => kv(&[
            ("employee_number", &format!("MX{login}").to_uppercase()),
            ("name", "行列 試験"),
            ("department", &ids.department),
        ]),
        "/staff/{id}/edit" => kv(&[
            ("employee_number", &ids.staff_number),
            ("name", "行列 試験"),
            ("department", &ids.department),
        ]),
        "/staff/{id}/roles" => kv(&[("role", "auditor")]),
        "/staff/{id}/account" => kv(&[("login", "x"), ("password", "y")]),
        "/roles/{id}/remove" => kv(&[("staff", &ids.staff)]),
        "/account/preferences" => kv(&[("locale", "ja"), ("date_style", "wareki")]),
        "/account/lang" => kv(&[("lang", "ja"), ("back", "/")]),
        "/account/password" => kv(&[("current_password", "wrong"), ("new_password", "x")]),
        "/account/mfa" => kv(&[("secret", ""), ("code", "")]),
        "/account/mfa/disable" => kv(&[("password", "wrong")]),
        "/org" => kv(&[("name", ""), ("code", "")]),
        "/assets/bulk" => kv(&[
            ("ids", &ids.asset),
            ("action", "set_review"),
            ("date", "2027-03-31"),
        ]),
        "/assets/{id}/relations" => kv(&[("kind", "depends_on"), ("to", "NO-SUCH")]),
        "/classification/add" => kv(&[("preset", "ipa")]),
        _ => Vec::new(),
    }
}

fn json_body(path: &str, ids: &Ids, login: &str) -> serde_json::Value {
    match path {
        "/api/v1/staff" => {
            serde_json::json!({"employee_number": format!("AX{login}").to_uppercase(), "name": "行列 試験", "department": "610"})
        }
        "/api/v1/staff/{id}" => {
            serde_json::json!({"employee_number": ids.staff_number, "name": "行列 試験", "department": "610"})
        }
        "/api/v1/staff/{id}/roles" => serde_json::json!({"role": "committee"}),
        "/api/v1/org" | "/api/v1/departments" | "/api/v1/departments/{id}" => {
            serde_json::json!({"name": "", "code": ""})
        }
        // Each creator writes an asset they may create: of their own department, or a
        // technical one for the system administrator.
        "/api/v1/assets" => {
            let (kind, dept) = match login {
                "officer" => ("data_electronic", "300"),
                "manager" => ("data_electronic", "310"),
                "committee" => ("data_electronic", "400"),
                "sysadmin" => ("hardware", ""),
                _ => ("data_electronic", "610"),
            };
            serde_json::json!({"name": "行列 試験", "kind": kind, "department": dept, "c": "2", "i": "1", "a": "1"})
        }
        "/api/v1/assets/{id}" => {
            serde_json::json!({"number": "ENV-0001", "name": "環境測定データ", "department": "610", "c": "2", "i": "1", "a": "1"})
        }
        "/api/v1/assets/{id}/relations" => {
            serde_json::json!({"kind": "depends_on", "to": "NO-SUCH"})
        }
        _ => serde_json::json!({}),
    }
}

async fn request(
    c: &reqwest::Client,
    s: &Server,
    method: &str,
    path: &str,
    ids: &Ids,
    login: &str,
    csrf: &str,
) -> u16 {
    let url = s.url(&fill(path, ids));
    let r = if path.starts_with("/api/") {
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let mut b = c.request(m.clone(), &url).header("x-csrf-token", csrf);
        if m != reqwest::Method::GET && m != reqwest::Method::DELETE {
            b = b.json(&json_body(path, ids, login));
        }
        b.send().await.unwrap()
    } else if method == "get" {
        c.get(&url).send().await.unwrap()
    } else if path == "/import/staff" || path == "/import/assets" {
        let form = reqwest::multipart::Form::new().text("_csrf", csrf.to_owned());
        c.post(&url).multipart(form).send().await.unwrap()
    } else {
        let mut body = form_body(path, ids, login);
        body.push(("_csrf".into(), csrf.to_owned()));
        c.post(&url).form(&body).send().await.unwrap()
    };
    r.status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_route_by_every_role() {
    let db = Db::sqlite();
    db.demo();
    for (login, role) in [("operator", "system-operator"), ("csirt", "csirt")] {
        let (ok, out, err) = db.run(&[
            "admin",
            "create-user",
            "--login",
            login,
            "--name",
            "行列 利用者",
            "--employee-number",
            &format!("Z{login}").to_uppercase(),
            "--role",
            role,
        ]);
        assert!(ok, "{out}{err}");
    }
    // A data asset of 環境保全課 for the asset routes, whatever else the demo holds.
    let ledger = db.dir.path().join("env-assets.csv");
    std::fs::write(
        &ledger,
        "管理番号,情報資産名称,所管課,個人情報の種類,機密性,完全性,可用性\nENV-0001,環境測定データ,610,,2,1,1\n",
    )
    .unwrap();
    let (ok, out, err) = db.run(&["import", "assets", ledger.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    let s = db.serve();
    let ids = ids(&s).await;

    let routes = mamori_web::all_routes();
    let missing: Vec<String> = routes
        .iter()
        .filter(|(m, p)| rule(m, p).is_none())
        .map(|(m, p)| format!("{} {p}", m.to_uppercase()))
        .collect();
    assert!(
        missing.is_empty(),
        "routes without an authorization rule: {missing:?}"
    );

    let mut failures = Vec::new();
    let mut checked = 0;
    // Anonymous visitors: everything but the public routes sends them to sign in.
    let anon = client();
    for (method, path) in &routes {
        let need = rule(method, path).unwrap();
        let status = request(&anon, &s, method, path, &ids, "anonymous", "").await;
        checked += 1;
        let ok = match need {
            Need::Public => status < 500 && status != 403,
            _ if path.starts_with("/api/") => status == 401,
            _ => status == 303,
        };
        if !ok {
            failures.push(format!(
                "anonymous {} {path}: {status} ({need:?})",
                method.to_uppercase()
            ));
        }
    }

    let mut seen: HashMap<&str, usize> = HashMap::new();
    for login in LOGINS {
        let c = client();
        let csrf = sign_in(&c, &s, login).await;
        for (method, path) in &routes {
            let need = rule(method, path).unwrap();
            if matches!(need, Need::Public | Need::EndsSession) {
                continue;
            }
            let status = request(&c, &s, method, path, &ids, login, &csrf).await;
            checked += 1;
            *seen.entry(login).or_default() += 1;
            let expect_allowed = allowed(login, need);
            let ok = status < 500
                && if expect_allowed {
                    status != 403 && status != 401
                } else {
                    status == 403
                };
            if !ok {
                failures.push(format!(
                    "{login} {} {path}: {status}, expected {} ({need:?})",
                    method.to_uppercase(),
                    if expect_allowed { "allowed" } else { "403" }
                ));
            }
        }
        let page = c
            .get(s.url("/account"))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(
            input_value(&page, "_csrf").is_some(),
            "{login} stayed signed in through the matrix"
        );
        // Routes that end the session, each with a session of its own ("everywhere"
        // also ends the one above, which is why this comes last).
        for (method, path) in routes
            .iter()
            .filter(|(m, p)| rule(m, p) == Some(Need::EndsSession))
        {
            let c = client();
            let csrf = sign_in(&c, &s, login).await;
            let status = request(&c, &s, method, path, &ids, login, &csrf).await;
            checked += 1;
            if status != 303 {
                failures.push(format!(
                    "{login} {} {path}: {status}, expected 303",
                    method.to_uppercase()
                ));
            }
            let after = c
                .get(s.url("/account"))
                .send()
                .await
                .unwrap()
                .status()
                .as_u16();
            if after != 303 {
                failures.push(format!("{login}: still signed in after {path}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(
        checked > 400,
        "the matrix covered {checked} route × user checks"
    );
}

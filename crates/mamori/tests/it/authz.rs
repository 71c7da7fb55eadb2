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
    /// Record a risk or an applied control of one's own department.
    CreateRisk,
    /// Assess, close or reopen a risk, or edit an applied control and its evidence, of
    /// 環境保全課 (system administrators may do so for every department; no
    /// role-scoped user below covers it).
    EditRisk,
    /// Formally accept a risk: the CISO alone, as the demo designates no one else.
    AcceptRisk,
    /// Change the risk method, the threat catalogs and campaigns.
    RiskMethod,
    /// Import control catalogs and decide the Statement of Applicability.
    Catalogs,
    /// Approve a version of the SoA: the committee (and the top officers).
    ApproveSoa,
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
        (
            "get",
            "/risks" | "/risks/heatmap" | "/risks/{id}" | "/threats" | "/vulnerabilities"
            | "/risk-method" | "/campaigns" | "/campaigns/{id}",
            true,
        ) => View,
        ("post", "/risks", true) => CreateRisk,
        (
            _,
            "/risks/{id}" | "/risks/{id}/close" | "/risks/{id}/reopen" | "/campaigns/{id}/draft",
            true,
        ) => EditRisk,
        ("post", "/risks/{id}/accept", true) => AcceptRisk,
        (
            "get",
            "/catalogs"
            | "/catalogs/{id}"
            | "/catalogs/{id}/controls"
            | "/applied-controls"
            | "/applied-controls/{id}"
            | "/applied-controls/{id}/evidence"
            | "/evidence/{id}"
            | "/soa/{catalog}"
            | "/treatment-plan",
            true,
        ) => View,
        ("post", "/applied-controls", true) => CreateRisk,
        (_, "/applied-controls/{id}" | "/applied-controls/{id}/evidence", true) => EditRisk,
        (_, "/catalogs" | "/soa/{catalog}/{control}", true) => Catalogs,
        ("post", "/soa/{catalog}/approve", true) => ApproveSoa,
        (_, "/risk-method" | "/campaigns" | "/campaigns/{id}/close", true) => RiskMethod,
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
        (
            "get",
            "/risks"
            | "/risks/{id}"
            | "/risks/heatmap"
            | "/risks/method"
            | "/risks/threats"
            | "/risks/campaigns"
            | "/risks/campaigns/{id}"
            | "/risks/export.csv"
            | "/risks/export.xlsx",
            false,
        ) => View,
        (_, "/risks/new", false) => CreateRisk,
        (
            _,
            "/risks/{id}/edit"
            | "/risks/{id}/close"
            | "/risks/{id}/reopen"
            | "/risks/campaigns/{id}/draft"
            | "/risks/campaigns/{id}/complete",
            false,
        ) => EditRisk,
        (_, "/risks/{id}/accept", false) => AcceptRisk,
        (
            "get",
            "/controls"
            | "/controls/{id}"
            | "/controls/plan"
            | "/controls/plan.xlsx"
            | "/controls/plan.csv"
            | "/evidence/{id}"
            | "/catalogs"
            | "/catalogs/{id}"
            | "/catalogs/{id}/export.toml"
            | "/soa/{catalog}"
            | "/soa/{catalog}/export.xlsx"
            | "/soa/{catalog}/export.csv"
            | "/soa/{catalog}/print"
            | "/soa/{catalog}/versions/{version}",
            false,
        ) => View,
        (_, "/controls/new", false) => CreateRisk,
        (_, "/controls/{id}/edit" | "/controls/{id}/evidence" | "/evidence/{id}/delete", false) => {
            EditRisk
        }
        (_, "/catalogs/import" | "/soa/{catalog}/entry", false) => Catalogs,
        (_, "/soa/{catalog}/approve", false) => ApproveSoa,
        (
            _,
            "/risks/method"
            | "/risks/threats/new"
            | "/risks/threats/{id}/edit"
            | "/risks/vulnerabilities/new"
            | "/risks/vulnerabilities/{id}/edit"
            | "/risks/campaigns"
            | "/risks/campaigns/{id}/close",
            false,
        ) => RiskMethod,
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
            "ciso" => true,
            "deputy" => need != AcceptRisk,
            "sysadmin" => matches!(
                need,
                View | EditStaff
                    | Departments
                    | Users
                    | Import
                    | Export
                    | CreateAsset
                    | ImportAssets
                    | CreateRisk
                    | EditRisk
                    | Catalogs
            ),
            // The demo's committee member is 福祉部長, also that department's security
            // officer, so they too may register assets (of 福祉部 only).
            // Department heads (部長) sit on the security committee, so the officer
            // too approves the SoA.
            "officer" | "committee" => matches!(
                need,
                View | Export | CreateAsset | ImportAssets | CreateRisk | ApproveSoa
            ),
            "manager" => matches!(
                need,
                View | Export | CreateAsset | ImportAssets | CreateRisk
            ),
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
    /// A risk of 環境保全課, an open campaign over it, a threat and a vulnerability.
    risk: String,
    campaign: String,
    threat: String,
    vulnerability: String,
    /// An applied control of 環境保全課, and an evidence file of it for each login (a
    /// deletion is allowed once).
    control: String,
    evidence: HashMap<&'static str, String>,
}

async fn ids(s: &Server) -> Ids {
    let c = client();
    let csrf = sign_in(&c, s, "ciso").await;
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
    let post = |path: &str, body: serde_json::Value| {
        c.post(s.url(path))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let risk: serde_json::Value = post(
        "/api/v1/risks",
        serde_json::json!({"title": "行列 試験リスク", "threat": "T-MISSEND", "department": "610"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let campaign: serde_json::Value = post(
        "/api/v1/campaigns",
        serde_json::json!({"name": "行列 試験", "departments": [env]}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let entry = |path: &'static str, code: &'static str| {
        let c = c.clone();
        let url = s.url(path);
        async move {
            let all: Vec<serde_json::Value> =
                c.get(url).send().await.unwrap().json().await.unwrap();
            all.iter().find(|t| t["code"] == code).unwrap()["id"]
                .as_str()
                .unwrap()
                .to_owned()
        }
    };
    let control: serde_json::Value = post(
        "/api/v1/applied-controls",
        serde_json::json!({"name": "行列 試験管理策", "category": "organizational", "department": "610"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let control = control["id"]
        .as_str()
        .expect("an applied control")
        .to_owned();
    let mut evidence = HashMap::new();
    for login in LOGINS {
        let form = reqwest::multipart::Form::new().part("file", pdf_part());
        let e: serde_json::Value = c
            .post(s.url(&format!("/api/v1/applied-controls/{control}/evidence")))
            .header("x-csrf-token", &csrf)
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        evidence.insert(login, e["id"].as_str().expect("evidence").to_owned());
    }
    Ids {
        control,
        evidence,
        risk: risk["id"]
            .as_str()
            .expect("a risk for the matrix")
            .to_owned(),
        campaign: campaign["id"].as_str().expect("a campaign").to_owned(),
        threat: entry("/api/v1/threats", "T-SHOULDER").await,
        vulnerability: entry("/api/v1/vulnerabilities", "V-LOCK").await,
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

/// A minimal PDF as an upload part.
fn pdf_part() -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
        .file_name("a.pdf")
        .mime_str("application/pdf")
        .unwrap()
}

/// A catalog with one control, for the import routes.
const TINY_CATALOG: &str = "[catalog]\nid = \"mx\"\nname_ja = \"行列\"\nname_en = \"Matrix\"\nversion = \"1\"\n\n[[controls]]\nid = \"MX-1\"\nparent = \"\"\nlevel = \"control\"\ntitle_ja = \"行列\"\ntitle_en = \"Matrix\"\ncategory = \"organizational\"\n";

fn fill(path: &str, ids: &Ids, login: &str) -> String {
    // Anonymous visitors are refused before the file is looked up: any id will do.
    let evidence = ids
        .evidence
        .get(login)
        .or(ids.evidence.get("staff"))
        .map_or("", String::as_str);
    path.replace("/evidence/{id}", &format!("/evidence/{evidence}"))
        .replace("/controls/{id}", &format!("/controls/{}", ids.control))
        .replace(
            "/applied-controls/{id}",
            &format!("/applied-controls/{}", ids.control),
        )
        .replace("{catalog}", "nist-csf-2.0")
        .replace("{control}", "GV.OC-01")
        .replace("{version}", "1")
        .replace("/staff/{id}", &format!("/staff/{}", ids.staff))
        .replace(
            "/departments/{id}",
            &format!("/departments/{}", ids.department),
        )
        .replace("/roles/{id}", &format!("/roles/{}", ids.role))
        .replace("/assets/{id}", &format!("/assets/{}", ids.asset))
        .replace(
            "/risks/threats/{id}",
            &format!("/risks/threats/{}", ids.threat),
        )
        .replace(
            "/risks/vulnerabilities/{id}",
            &format!("/risks/vulnerabilities/{}", ids.vulnerability),
        )
        .replace("/campaigns/{id}", &format!("/campaigns/{}", ids.campaign))
        .replace("/risks/{id}", &format!("/risks/{}", ids.risk))
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
        "/risks/new" => kv(&[
            ("title", "行列 試験"),
            ("threat", "T-MISSEND"),
            ("department", own_department(login)),
        ]),
        "/risks/{id}/edit" => kv(&[
            ("title", "行列 試験リスク"),
            ("threat", "T-MISSEND"),
            ("department", &ids.department),
        ]),
        "/risks/{id}/accept" => kv(&[("reason", "行列 試験"), ("expires_on", &soon())]),
        "/risks/method" => kv(&[("preset", "ipa")]),
        "/risks/threats/new" => kv(&[
            ("code", &format!("T-MX-{login}")),
            ("category", "human"),
            ("name_ja", "行列 試験"),
            ("rating", "2"),
            ("asset_kinds", "data_paper"),
        ]),
        "/risks/threats/{id}/edit" => kv(&[
            ("code", "T-SHOULDER"),
            ("category", "human"),
            ("name_ja", "のぞき見"),
            ("rating", "2"),
            ("asset_kinds", "data_paper"),
        ]),
        "/risks/vulnerabilities/new" => kv(&[
            ("code", &format!("V-MX-{login}")),
            ("category", "human"),
            ("name_ja", "行列 試験"),
            ("asset_kinds", "data_paper"),
        ]),
        "/risks/vulnerabilities/{id}/edit" => kv(&[
            ("code", "V-LOCK"),
            ("category", "physical"),
            ("name_ja", "施錠管理の不備"),
            ("asset_kinds", "facility"),
        ]),
        "/risks/campaigns" => kv(&[("name", "行列 試験")]),
        "/controls/new" => kv(&[
            ("name", "行列 試験"),
            ("category", "organizational"),
            ("department", own_department(login)),
        ]),
        "/controls/{id}/edit" => kv(&[
            ("name", "行列 試験管理策"),
            ("category", "organizational"),
            ("department", &ids.department),
        ]),
        "/soa/{catalog}/entry" => kv(&[
            ("control", "GV.OC-01"),
            ("applicable", "1"),
            ("justification", ""),
        ]),
        "/soa/{catalog}/approve" => kv(&[
            ("approved_on", "2026-04-01"),
            ("approved_by", "情報セキュリティ委員会"),
        ]),
        "/risks/campaigns/{id}/draft" | "/risks/campaigns/{id}/complete" => {
            kv(&[("department", &ids.department)])
        }
        _ => Vec::new(),
    }
}

/// The department a creator records things for: their own, or 環境保全課 for those
/// whose rights are not scoped.
fn own_department(login: &str) -> &'static str {
    match login {
        "officer" => "300",
        "manager" => "310",
        "committee" => "400",
        "sysadmin" => "",
        _ => "610",
    }
}

/// An acceptance expiry a month ahead.
fn soon() -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(30)).to_string()
}

fn json_body(path: &str, ids: &Ids, login: &str) -> serde_json::Value {
    match path {
        "/api/v1/risks" => {
            serde_json::json!({"title": "行列 試験", "threat": "T-MISSEND", "department": own_department(login)})
        }
        "/api/v1/risks/{id}" => {
            serde_json::json!({"title": "行列 試験リスク", "threat": "T-MISSEND", "department": "610"})
        }
        "/api/v1/risks/{id}/accept" => {
            serde_json::json!({"reason": "行列 試験", "expires_on": soon()})
        }
        "/api/v1/risk-method" => {
            serde_json::to_value(mamori_domain::risk::RiskMethod::ipa_preset()).unwrap()
        }
        "/api/v1/campaigns" => serde_json::json!({"name": "行列 試験"}),
        "/api/v1/applied-controls" => {
            serde_json::json!({"name": "行列 試験", "category": "organizational", "department": own_department(login)})
        }
        "/api/v1/applied-controls/{id}" => {
            serde_json::json!({"name": "行列 試験管理策", "category": "organizational", "department": "610"})
        }
        "/api/v1/soa/{catalog}/{control}" => serde_json::json!({"applicable": true}),
        "/api/v1/soa/{catalog}/approve" => {
            serde_json::json!({"approved_on": "2026-04-01", "approved_by": "情報セキュリティ委員会"})
        }
        "/api/v1/campaigns/{id}/draft" => serde_json::json!({"department": ids.department}),
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
    let url = s.url(&fill(path, ids, login));
    let r = if path.starts_with("/api/") {
        let m = reqwest::Method::from_bytes(method.to_uppercase().as_bytes()).unwrap();
        let mut b = c.request(m.clone(), &url).header("x-csrf-token", csrf);
        if path == "/api/v1/applied-controls/{id}/evidence" && m == reqwest::Method::POST {
            b = b.multipart(reqwest::multipart::Form::new().part("file", pdf_part()));
        } else if path == "/api/v1/catalogs" && m == reqwest::Method::POST {
            b = b
                .query(&[("dry_run", "true")])
                .header("content-type", "text/plain; charset=utf-8")
                .body(TINY_CATALOG);
        } else if m != reqwest::Method::GET && m != reqwest::Method::DELETE {
            b = b.json(&json_body(path, ids, login));
        }
        b.send().await.unwrap()
    } else if method == "get" {
        c.get(&url).send().await.unwrap()
    } else if path == "/controls/{id}/evidence" {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.to_owned())
            .part("file", pdf_part());
        c.post(&url).multipart(form).send().await.unwrap()
    } else if path == "/catalogs/import" {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.to_owned())
            .text("dry_run", "1")
            .text("toml", TINY_CATALOG);
        c.post(&url).multipart(form).send().await.unwrap()
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

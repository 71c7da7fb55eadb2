//! What the matrix requests with: records of 環境保全課 made for it (their ids fill the
//! routes' path parameters) and the files its uploads send.

use std::collections::HashMap;

use crate::support::{Server, client, sign_in};

use super::rules::LOGINS;

/// Ids of records the routes act on.
pub(super) struct Ids {
    pub(super) staff: String,
    /// A data asset of 環境保全課 without personal data.
    pub(super) asset: String,
    pub(super) staff_number: String,
    pub(super) department: String,
    pub(super) role: String,
    /// A risk of 環境保全課, an open campaign over it, a threat and a vulnerability.
    pub(super) risk: String,
    pub(super) campaign: String,
    pub(super) threat: String,
    pub(super) vulnerability: String,
    /// An applied control of 環境保全課, and an evidence file of it for each login (a
    /// deletion is allowed once).
    pub(super) control: String,
    pub(super) evidence: HashMap<&'static str, String>,
    /// A staff-only standards document whose first version is in force.
    pub(super) policy: String,
    /// An exception 環境保全課 asked for, waiting for its decision.
    pub(super) exception: String,
    /// A violation record (the CISO's to read).
    pub(super) violation: String,
    /// A law 環境保全課 owns, with one obligation.
    pub(super) law: String,
    pub(super) obligation: String,
    /// A contractor, a contract of 環境保全課 with it, and a sub-contractor proposed.
    pub(super) contractor: String,
    pub(super) contract: String,
    pub(super) subcontractor: String,
    /// An external service of 環境保全課 from that contractor.
    pub(super) service: String,
    /// The demo's server room, managed by the system administrator.
    pub(super) area: String,
    /// The demo's server SV-001 of システム係, its inventory and its check there.
    pub(super) item: String,
    pub(super) inventory: String,
    pub(super) check: String,
    /// The demo's take-out awaiting approval (市民課長's).
    pub(super) takeout: String,
    /// The demo's completed disposal of システム係's forty disks, and its certificate.
    pub(super) disposal: String,
    pub(super) disposal_file: String,
    /// This year's self-inspection and 市民課's sheet in it (half answered).
    pub(super) inspection: String,
    pub(super) sheet: String,
    /// An answer of that sheet.
    pub(super) answer: String,
    /// This year's audit (in fieldwork), and last year's suggestion for 市民課 with its
    /// action reported done.
    pub(super) security_audit: String,
    pub(super) finding: String,
    /// The demo's latest committee meeting.
    pub(super) meeting: String,
    pub(super) action: String,
}

pub(super) async fn ids(s: &Server) -> Ids {
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
    let policy: serde_json::Value = post(
        "/api/v1/policies",
        serde_json::json!({"tier": "standards", "title": "行列 試験基準", "body": "## 1 目的\n\n試験。\n"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let policy = policy["id"].as_str().expect("a policy document").to_owned();
    // Approved, so every reader sees it (a document in its first drafting is not
    // there yet for them).
    let today = chrono::Utc::now().date_naive().to_string();
    let r = post(
        &format!("/api/v1/policies/{policy}/versions/1/move"),
        serde_json::json!({"step": "submit"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    let r = post(
        &format!("/api/v1/policies/{policy}/versions/1/approve"),
        serde_json::json!({"meeting": "行列", "decided_on": today, "decision_no": "1", "effective_on": today}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    let exception: serde_json::Value = post(
        "/api/v1/exceptions",
        serde_json::json!({
            "title": "行列 試験例外", "department": env, "rule": "nist-csf-2.0:GV.OC-01",
            "reason": "試験", "compensating": "試験", "valid_from": today, "valid_until": "2099-03-31",
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let exception = exception["id"].as_str().expect("an exception").to_owned();
    let violation: serde_json::Value = post(
        "/api/v1/violations",
        serde_json::json!({
            "title": "行列 試験違反", "employee_number": person["employee_number"],
            "rule": "nist-csf-2.0:GV.OC-01", "what": "試験",
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let violation = violation["id"].as_str().expect("a violation").to_owned();
    let law: serde_json::Value = post(
        "/api/v1/laws",
        serde_json::json!({
            "title": "行列 試験条例", "kind": "ordinance", "owner_department": env,
            "applies_all": true, "review_months": 12,
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let law = law["id"].as_str().expect("a law").to_owned();
    let obligation: serde_json::Value = post(
        &format!("/api/v1/laws/{law}/obligations"),
        serde_json::json!({"article": "第1条", "duty": "試験"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let obligation = obligation["id"].as_str().expect("an obligation").to_owned();
    let created = |v: serde_json::Value, what: &str| {
        v["id"]
            .as_str()
            .unwrap_or_else(|| panic!("{what}: {v}"))
            .to_owned()
    };
    let company = |name: &str| serde_json::json!({"name": name});
    let contractor = post("/api/v1/contractors", company("行列 試験委託先"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let contractor = created(contractor, "a contractor");
    let sub = post("/api/v1/contractors", company("行列 再委託先"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let sub = created(sub, "a sub-contractor");
    let contract = post(
        "/api/v1/contracts",
        serde_json::json!({
            "contractor": contractor, "subject": "行列 試験契約", "department": env,
            "starts_on": today, "ends_on": "2099-03-31",
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let contract = created(contract, "a contract");
    let subcontractor = post(
        &format!("/api/v1/contracts/{contract}/subcontractors"),
        serde_json::json!({"contractor": sub, "scope": "試験"}),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let subcontractor = created(subcontractor, "a proposed sub-contractor");
    let service = post(
        "/api/v1/services",
        serde_json::json!({
            "contractor": contractor, "name": "行列 試験サービス", "kind": "saas",
            "department": env, "max_c": "1", "max_i": "1", "max_a": "1",
        }),
    )
    .await
    .unwrap()
    .json()
    .await
    .unwrap();
    let service = created(service, "a service");
    let areas = crate::support::json(&c, s, "/api/v1/areas").await;
    let area = areas
        .as_array()
        .expect("the places")
        .iter()
        .find(|a| a["code"] == "HQ-3F-SR")
        .expect("the demo's server room")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let items = crate::support::json(&c, s, "/api/v1/media?q=SV-001").await;
    let item = items["items"][0]["id"]
        .as_str()
        .expect("the demo's server SV-001")
        .to_owned();
    let inventories = crate::support::json(&c, s, "/api/v1/inventories").await;
    let inventory = inventories[0]["id"]
        .as_str()
        .expect("the demo's inventory")
        .to_owned();
    let department = items["items"][0]["department_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let detail = crate::support::json(
        &c,
        s,
        &format!("/api/v1/inventories/{inventory}?department={department}"),
    )
    .await;
    let check = detail["checks"]
        .as_array()
        .expect("the checks")
        .iter()
        .find(|k| k["item_number"] == "SV-001")
        .expect("SV-001's check")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let open = crate::support::json(&c, s, "/api/v1/takeouts?show=open").await;
    let takeout = open["items"]
        .as_array()
        .expect("the open take-outs")
        .iter()
        .find(|t| t["state"] == "requested")
        .expect("the take-out awaiting approval")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let done = crate::support::json(&c, s, "/api/v1/disposals?show=done").await;
    let disposal = done["items"][0]["id"]
        .as_str()
        .expect("the demo's disposal of the disks")
        .to_owned();
    let detail = crate::support::json(&c, s, &format!("/api/v1/disposals/{disposal}")).await;
    let disposal_file = detail["files"][0]["id"]
        .as_str()
        .expect("its certificate")
        .to_owned();
    let inspections = crate::support::json(&c, s, "/api/v1/inspections").await;
    let inspection = inspections
        .as_array()
        .expect("the self-inspections")
        .iter()
        .find(|i| i["scope"] == "departments")
        .and_then(|i| i["id"].as_str())
        .expect("this year's self-inspection by department")
        .to_owned();
    let detail = crate::support::json(&c, s, &format!("/api/v1/inspections/{inspection}")).await;
    let sheet = detail["sheets"]
        .as_array()
        .expect("its sheets")
        .iter()
        .find(|x| x["department"] == "市民課")
        .expect("市民課's sheet")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let on_sheet = crate::support::json(
        &c,
        s,
        &format!("/api/v1/inspections/{inspection}/sheets/{sheet}"),
    )
    .await;
    let answer = on_sheet["answers"][0]["id"]
        .as_str()
        .expect("an answer")
        .to_owned();
    let audits = crate::support::json(&c, s, "/api/v1/audits").await;
    let security_audit = audits[0]["id"]
        .as_str()
        .expect("this year's audit")
        .to_owned();
    let last = audits[1]["id"].as_str().expect("last year's audit");
    let detail = crate::support::json(&c, s, &format!("/api/v1/audits/{last}")).await;
    let suggestion = detail["findings"]
        .as_array()
        .expect("its findings")
        .iter()
        .find(|f| f["department"]["code"] == "310" && f["grade"] == "improvement")
        .expect("the suggestion for 市民課")
        .clone();
    let finding = suggestion["id"].as_str().unwrap().to_owned();
    let action = suggestion["actions"][0]["id"]
        .as_str()
        .expect("its action")
        .to_owned();
    let meetings = crate::support::json(&c, s, "/api/v1/committee/meetings").await;
    let meeting = meetings[0]["id"]
        .as_str()
        .expect("the demo's meetings")
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
        exception,
        violation,
        law,
        obligation,
        contractor,
        contract,
        subcontractor,
        service,
        area,
        item,
        inventory,
        check,
        takeout,
        disposal,
        disposal_file,
        inspection,
        sheet,
        answer,
        security_audit,
        finding,
        meeting,
        action,
        policy,
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
pub(super) fn pdf_part() -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
        .file_name("a.pdf")
        .mime_str("application/pdf")
        .unwrap()
}

/// A catalog with one control, for the import routes.
pub(super) const TINY_CATALOG: &str = "[catalog]\nid = \"mx\"\nname_ja = \"行列\"\nname_en = \"Matrix\"\nversion = \"1\"\n\n[[controls]]\nid = \"MX-1\"\nparent = \"\"\nlevel = \"control\"\ntitle_ja = \"行列\"\ntitle_en = \"Matrix\"\ncategory = \"organizational\"\n";

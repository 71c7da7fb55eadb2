//! One request per route: its path filled with real ids and a body that passes the
//! extractors, so the status says what authorization decided.

use crate::support::Server;

use super::fixtures::{Ids, TINY_CATALOG, pdf_part};

/// The route's path with its parameters replaced by the ids of real records.
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
        .replace("/policies/{id}", &format!("/policies/{}", ids.policy))
        .replace(
            "/exceptions/{id}",
            &format!("/exceptions/{}", ids.exception),
        )
        .replace(
            "/violations/{id}",
            &format!("/violations/{}", ids.violation),
        )
        .replace("/laws/{id}", &format!("/laws/{}", ids.law))
        .replace("{oid}", &ids.obligation)
        .replace(
            "/contractors/{id}",
            &format!("/contractors/{}", ids.contractor),
        )
        .replace("/contracts/{id}", &format!("/contracts/{}", ids.contract))
        .replace("{sid}", &ids.subcontractor)
        .replace("/services/{id}", &format!("/services/{}", ids.service))
        .replace("/areas/{id}", &format!("/areas/{}", ids.area))
        .replace("/media/{id}", &format!("/media/{}", ids.item))
        .replace(
            "/inventories/{id}",
            &format!("/inventories/{}", ids.inventory),
        )
        .replace("{check}", &ids.check)
        .replace("/takeouts/{id}", &format!("/takeouts/{}", ids.takeout))
        .replace("/disposals/{id}", &format!("/disposals/{}", ids.disposal))
        .replace("/reports/annual/{file}", "/reports/annual/2025.pdf")
        .replace("/reports/annual/{year}", "/reports/annual/2025")
        .replace("{file}", &ids.disposal_file)
        .replace(
            "/inspections/{id}",
            &format!("/inspections/{}", ids.inspection),
        )
        .replace("{sheet}", &ids.sheet)
        .replace("{answer}", &ids.answer)
        .replace("/audits/{id}", &format!("/audits/{}", ids.security_audit))
        .replace(
            "/audit-findings/{id}",
            &format!("/audit-findings/{}", ids.finding),
        )
        .replace(
            "/corrective-actions/{id}",
            &format!("/corrective-actions/{}", ids.action),
        )
        .replace(
            "/committee/meetings/{id}",
            &format!("/committee/meetings/{}", ids.meeting),
        )
        .replace(
            "/committee/agenda/{id}",
            "/committee/agenda/0190a5f0-0000-7000-8000-0000000c1d04",
        )
        .replace("{item}", "0190a5f0-0000-7000-8000-0000000c1d04")
        .replace("{gid}", "0190a5f0-0000-7000-8000-0000000c1d02")
        .replace("{eid}", "0190a5f0-0000-7000-8000-0000000c1d03")
        .replace("{cid}", "0190a5f0-0000-7000-8000-0000000c1d00")
        .replace("{pid}", "0190a5f0-0000-7000-8000-0000000c1d01")
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
        .replace("{task}", "0190a5f0-0000-7000-8000-00000000cafe")
        .replace("{name}", "housekeeping")
        .replace("{q}", "0190a5f0-0000-7000-8000-00000000f00d")
        .replace("{staff}", &ids.staff)
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
        // Too many days: refused as input by those who may invite, issuing nothing.
        "/admin/invitations" => kv(&[("channel", "paper"), ("days", "0")]),
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
        "/policies/new" => kv(&[
            ("tier", "procedure"),
            ("title", "行列 試験手順"),
            ("department", own_department(login)),
        ]),
        "/policies/{id}" => kv(&[("tier", "standards"), ("title", "行列 試験基準")]),
        "/policies/{id}/v/{version}/edit" => kv(&[("title", "行列 試験基準")]),
        "/policies/{id}/v/{version}/move" => kv(&[("step", "")]),
        "/policies/{id}/v/{version}/approve" => kv(&[
            ("meeting", ""),
            ("decided_on", ""),
            ("decision_no", ""),
            ("effective_on", ""),
        ]),
        "/training/{id}/sessions" | "/training/sessions/{id}" => {
            kv(&[("held_on", ""), ("mode", "")])
        }
        "/training/sessions/{id}/attendance" => kv(&[("employee_numbers", "")]),
        "/training/drills" => kv(&[("title", ""), ("sent_on", "")]),
        "/inspections/{id}/sheets/{sheet}/answers/{answer}/finding" => {
            kv(&[("audit", &ids.security_audit)])
        }
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
        // Each creator starts a procedure of their own department.
        "/api/v1/policies" => {
            serde_json::json!({"tier": "procedure", "title": "行列 試験手順", "department": own_department(login)})
        }
        "/api/v1/policies/{id}" => {
            serde_json::json!({"tier": "standards", "title": "行列 試験基準"})
        }
        "/api/v1/policies/{id}/versions/{version}" => serde_json::json!({"title": "行列 試験基準"}),
        "/api/v1/policies/{id}/versions/{version}/move" => serde_json::json!({"step": ""}),
        "/api/v1/policies/{id}/versions/{version}/campaigns" => serde_json::json!({"due_on": ""}),
        "/api/v1/acknowledgements/{id}" => serde_json::json!({"text_hash": ""}),
        "/api/v1/policies/{id}/versions/{version}/approve" => {
            serde_json::json!({"meeting": "", "decided_on": "", "decision_no": "", "effective_on": ""})
        }
        "/api/v1/trainings" | "/api/v1/trainings/{id}" => {
            serde_json::json!({"kind": "", "title": "", "frequency": ""})
        }
        "/api/v1/trainings/{id}/sessions" | "/api/v1/training-sessions/{id}" => {
            serde_json::json!({"held_on": "", "mode": ""})
        }
        "/api/v1/trainings/{id}/quiz" => {
            serde_json::json!({"text": "", "options": [], "correct": []})
        }
        "/api/v1/training-sessions/{id}/attendance" => {
            serde_json::json!({"employee_numbers": ""})
        }
        "/api/v1/drills" => serde_json::json!({"title": "", "sent_on": ""}),
        // Empty: refused as input by those allowed, so the fixture stays as it is.
        "/api/v1/exceptions" | "/api/v1/exceptions/{id}" | "/api/v1/exceptions/{id}/renewal" => {
            serde_json::json!({"title": "", "rule": "", "reason": "", "compensating": "", "valid_from": "", "valid_until": ""})
        }
        "/api/v1/exceptions/{id}/decision" => serde_json::json!({"decision": ""}),
        "/api/v1/exceptions/{id}/review" => serde_json::json!({"note": ""}),
        "/api/v1/violations" => serde_json::json!({"title": "", "rule": "", "what": ""}),
        "/api/v1/violations/{id}/assessment" => {
            serde_json::json!({"culpability": "", "impact": ""})
        }
        "/api/v1/violations/{id}/decision" => {
            serde_json::json!({"decided_by": "", "decided_on": "", "decision": ""})
        }
        "/api/v1/violations/{id}/explanation" => {
            serde_json::json!({"explanation": "", "explained_on": ""})
        }
        "/api/v1/violations/{id}/measures" => serde_json::json!({"measure": ""}),
        "/api/v1/laws" | "/api/v1/laws/{id}" => {
            serde_json::json!({"title": "", "kind": "", "review_months": 0})
        }
        "/api/v1/laws/{id}/repeal" => serde_json::json!({"repealed": false}),
        "/api/v1/laws/{id}/obligations" | "/api/v1/laws/{id}/obligations/{oid}" => {
            serde_json::json!({"article": "", "duty": ""})
        }
        "/api/v1/laws/{id}/amendments" => {
            serde_json::json!({"promulgated_on": "", "summary": ""})
        }
        "/api/v1/laws/{id}/reviews" => serde_json::json!({"reviewed_on": "", "finding": ""}),
        "/api/v1/contractors" | "/api/v1/contractors/{id}" => serde_json::json!({"name": ""}),
        "/api/v1/contractors/{id}/certifications" => {
            serde_json::json!({"kind": "", "number": ""})
        }
        "/api/v1/contracts" | "/api/v1/contracts/{id}" => {
            serde_json::json!({"subject": "", "starts_on": "", "ends_on": ""})
        }
        "/api/v1/contracts/{id}/subcontractors" => serde_json::json!({"scope": ""}),
        "/api/v1/contractors/{id}/people" => serde_json::json!({"employee_number": ""}),
        "/api/v1/services" | "/api/v1/services/{id}" => {
            serde_json::json!({"name": "", "kind": "", "max_c": "", "max_i": "", "max_a": ""})
        }
        "/api/v1/areas" | "/api/v1/areas/{id}" => {
            serde_json::json!({"kind": "", "code": "", "name": ""})
        }
        "/api/v1/areas/{id}/grants" => serde_json::json!({"reason": "", "valid_to": ""}),
        "/api/v1/areas/{id}/entries" => serde_json::json!({"entered_at": ""}),
        "/api/v1/areas/{id}/entries/{eid}/settle" => serde_json::json!({"explanation": ""}),
        "/api/v1/areas/{id}/signoff" => serde_json::json!({"month": ""}),
        "/api/v1/entries" => serde_json::json!({"entries": []}),
        "/api/v1/badges" => serde_json::json!({"number": ""}),
        "/api/v1/media" | "/api/v1/media/{id}" => serde_json::json!({"number": "", "kind": ""}),
        "/api/v1/takeouts" => serde_json::json!({
            "data": "", "level": "", "purpose": "", "destination": "", "out_on": "", "due_on": ""
        }),
        "/api/v1/takeouts/{id}/decide" => serde_json::json!({"approve": false}),
        "/api/v1/takeouts/{id}/return" => serde_json::json!({}),
        "/api/v1/disposals" => serde_json::json!({
            "data": "", "level": "", "method": "", "performer": "", "planned_on": ""
        }),
        "/api/v1/disposals/{id}/complete" => serde_json::json!({}),
        "/api/v1/contracts/{id}/subcontractors/{sid}/approval" => {
            serde_json::json!({"approved_on": ""})
        }
        "/api/v1/contracts/{id}/checks" => {
            serde_json::json!({"checked_on": "", "kind": "", "findings": ""})
        }
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

pub(super) async fn request(
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
        if matches!(
            path,
            "/api/v1/applied-controls/{id}/evidence"
                | "/api/v1/inspections/{id}/sheets/{sheet}/evidence"
        ) && m == reqwest::Method::POST
        {
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
    } else if matches!(
        path,
        "/controls/{id}/evidence"
            | "/inspections/{id}/sheets/{sheet}/evidence"
            | "/policies/{id}/v/{version}/attachments"
            | "/acknowledgements/{id}/paper"
            | "/policies/{id}/v/{version}/import"
            | "/disposals/{id}/certificate"
            | "/disposals/{id}/photos"
    ) {
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
    } else if matches!(
        path,
        "/import/staff"
            | "/import/assets"
            | "/import/attendance"
            | "/import/phishing"
            | "/import/entries"
            | "/import/media"
    ) {
        let form = reqwest::multipart::Form::new().text("_csrf", csrf.to_owned());
        c.post(&url).multipart(form).send().await.unwrap()
    } else {
        let mut body = form_body(path, ids, login);
        body.push(("_csrf".into(), csrf.to_owned()));
        c.post(&url).form(&body).send().await.unwrap()
    };
    r.status().as_u16()
}

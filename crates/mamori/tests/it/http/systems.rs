//! Self-inspection by information system through a real `mamori serve` on the demo
//! city: this year's inspection of the core systems lists a sheet per system with the
//! section keeping it, and this year's audit names two systems; the CISO opens one for 税務システム from the form (a number
//! that is no asset is refused on the page, naming it), after recording a control of
//! 税務課 that protects it; 市民生活部's officer attaches a file to the control's
//! item from the sheet's page and through the API, and both land on the control and
//! on the answer, while a page posing as a text file is refused by field.

use crate::support::{Db, client, json, location, page, sign_in};

const PDF: &[u8] =
    b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n";

fn pdf(name: &str) -> reqwest::multipart::Part {
    reqwest::multipart::Part::bytes(PDF.to_vec())
        .file_name(name.to_owned())
        .mime_str("application/pdf")
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_system_is_inspected_and_a_file_attached_on_its_sheet_becomes_evidence() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let ciso = client();
    let csrf = sign_in(&ciso, &s, "ciso").await;

    // The demo's inspection of the core systems.
    let list = json(&ciso, &s, "/api/v1/inspections").await;
    let core = list
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["scope"] == "systems")
        .expect("the demo's inspection by system")
        .clone();
    assert_eq!(
        (core["sheets"].as_u64(), core["submitted"].as_u64()),
        (Some(5), Some(1)),
        "{core}"
    );
    let core_id = core["id"].as_str().unwrap();
    let d = json(&ciso, &s, &format!("/api/v1/inspections/{core_id}")).await;
    let sheet = |name: &str| {
        d["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| {
                x["system"]["name"]
                    .as_str()
                    .is_some_and(|n| n.starts_with(name))
            })
            .unwrap_or_else(|| panic!("a sheet for {name}: {d}"))
            .clone()
    };
    let records = sheet("住民記録システム");
    assert_eq!(records["state"], "submitted");
    assert_eq!(records["department"], "住民記録係", "{records}");
    let tax_number = sheet("税務システム")["system"]["code"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, html) = page(&ciso, &s, &format!("/inspections/{core_id}")).await;
    assert_eq!(status, 200);
    assert!(
        html.contains("情報システムごとの状況"),
        "the table is by system"
    );
    assert!(html.contains("住民記録システム"));

    // This year's audit names two systems beside 情報政策課.
    let audits = json(&ciso, &s, "/api/v1/audits").await;
    let audit = audits
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "情報システム室と管理区域の物理的対策の監査")
        .expect("the demo's audit in the field")
        .clone();
    let systems: Vec<&str> = audit["systems"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        systems,
        ["ディレクトリサービス(認証基盤)", "バックアップソフト"],
        "{audit}"
    );
    let (_, html) = page(
        &ciso,
        &s,
        &format!("/audits/{}", audit["id"].as_str().unwrap()),
    )
    .await;
    assert!(html.contains("id=\"audit-systems\"") && html.contains("バックアップソフト"));

    // A control of 税務課 protecting the tax system.
    let r = ciso
        .post(s.url("/api/v1/applied-controls"))
        .header("x-csrf-token", &csrf)
        .json(&serde_json::json!({
            "name": "税務システムの利用者ID棚卸し",
            "category": "technical",
            "department": "320",
            "assets": [tax_number],
        }))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let control: serde_json::Value = r.json().await.unwrap();
    let control_id = control["id"].as_str().unwrap().to_owned();

    // Opening from the form: a number that is no asset is named on the page.
    let (_, form) = page(&ciso, &s, "/inspections").await;
    assert!(form.contains("name=\"scope\"") && form.contains("情報システムごと"));
    let open = |systems: &str| {
        vec![
            ("_csrf", csrf.clone()),
            ("name", "税務システム臨時点検".to_owned()),
            ("source", "own".to_owned()),
            (
                "checklist",
                "## アクセス管理\n- 利用者IDを棚卸ししているか\n".to_owned(),
            ),
            ("scope", "systems".to_owned()),
            ("systems", systems.to_owned()),
            ("applied_controls", "1".to_owned()),
        ]
    };
    let r = ciso
        .post(s.url("/inspections"))
        .form(&open("S-9999"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    assert!(r.text().await.unwrap().contains("S-9999"));
    let r = ciso
        .post(s.url("/inspections"))
        .form(&open(&tax_number))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to = location(&r);
    let id = to
        .trim_start_matches("/inspections/")
        .split(['?', '/'])
        .next()
        .unwrap()
        .to_owned();
    let n = json(&ciso, &s, &format!("/api/v1/inspections/{id}")).await;
    assert_eq!(n["inspection"]["scope"], "systems");
    let sheets = n["sheets"].as_array().unwrap();
    assert_eq!(sheets.len(), 1, "{n}");
    assert_eq!(sheets[0]["system"]["code"], tax_number.as_str());
    assert_eq!(sheets[0]["department"], "税務課");
    let sheet_id = sheets[0]["id"].as_str().unwrap().to_owned();
    let url = format!("/inspections/{id}/sheets/{sheet_id}");

    // 市民生活部's officer attaches a file on the page to the control's item.
    let officer = client();
    let ocsrf = sign_in(&officer, &s, "officer").await;
    let mine = json(&officer, &s, &format!("/api/v1{url}")).await;
    let item = mine["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["applied_control"]["id"] == control_id.as_str())
        .expect("the item asking about the control")
        .clone();
    let position = item["position"].as_i64().unwrap();
    assert_eq!(item["controls"][0]["id"], control_id.as_str());
    let (_, html) = page(&officer, &s, &url).await;
    assert!(
        html.contains("id=\"attach-form\""),
        "the page offers to attach"
    );
    assert!(html.contains("税務システムの利用者ID棚卸し"));
    let form = reqwest::multipart::Form::new()
        .text("_csrf", ocsrf.clone())
        .text("attach_to", format!("{position}:{control_id}"))
        .text("description", "令和8年度 ID棚卸し結果")
        .part("file", pdf("ID棚卸し結果.pdf"));
    let r = officer
        .post(s.url(&format!("{url}/evidence")))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    assert!(location(&r).starts_with(&url), "{}", location(&r));
    let (_, html) = page(&officer, &s, &url).await;
    assert!(html.contains("ID棚卸し結果.pdf"), "linked on the answer");

    // Through the API: a page posing as text is refused by field; a PDF is kept.
    let attach = |part: reqwest::multipart::Part| {
        let form = reqwest::multipart::Form::new()
            .text("item", position.to_string())
            .part("file", part);
        officer
            .post(s.url(&format!("/api/v1{url}/evidence")))
            .header("x-csrf-token", &ocsrf)
            .multipart(form)
            .send()
    };
    let html_part = reqwest::multipart::Part::bytes(b"<html><body>hi</body></html>".to_vec())
        .file_name("note.txt");
    let r = attach(html_part).await.unwrap();
    assert_eq!(r.status(), 422);
    let err: serde_json::Value = r.json().await.unwrap();
    assert_eq!(err["error"]["fields"][0]["field"], "file");
    let r = attach(pdf("ID棚卸し結果（特権ID）.pdf")).await.unwrap();
    assert_eq!(r.status(), 201);
    let ev: serde_json::Value = r.json().await.unwrap();
    assert_eq!(ev["applied_control_id"], control_id.as_str());

    let kept = json(
        &ciso,
        &s,
        &format!("/api/v1/applied-controls/{control_id}/evidence"),
    )
    .await;
    assert_eq!(kept.as_array().unwrap().len(), 2, "{kept}");
    let now = json(&officer, &s, &format!("/api/v1{url}")).await;
    let linked: Vec<&str> = now["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["position"] == position)
        .unwrap()["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["file_name"].as_str().unwrap())
        .collect();
    assert_eq!(linked.len(), 2, "{linked:?}");
    assert!(linked.contains(&"ID棚卸し結果.pdf"));
}

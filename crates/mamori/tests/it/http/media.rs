//! Equipment and media through a real `mamori serve` on the demo city: the register
//! and the dashboard count the USB memory this inventory could not find and the notebook
//! PC four days late; its holder was reminded and the department's officer told; a
//! staff member sees their own take-outs only and a request without its information is
//! refused by field; 市民課長's pending request is refused to the wrong approver and to
//! the manager themself, approved by the officer, taken out and brought back; the late
//! notebook becomes an incident and is missing; the exports carry it all, and the
//! server's asset page says where the server is.

use crate::support::{Db, client, figure, json, location, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn take_outs_are_approved_tracked_and_a_late_one_becomes_an_incident() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let (status, list) = page(&ciso, &s, "/media").await;
    assert_eq!(status, 200);
    assert_eq!(figure(&list, "count-missing"), "1", "USB-0087");
    assert_eq!(figure(&list, "count-overdue"), "1", "the notebook PC");
    assert_eq!(figure(&list, "item-total"), "198");
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-takeouts-overdue"), "1");
    assert_eq!(figure(&dash, "tile-media-missing"), "1");
    let inventories = json(&ciso, &s, "/api/v1/inventories").await;
    let inventory = inventories[0]["id"].as_str().unwrap().to_owned();
    assert_eq!(inventories[0]["coverage"]["missing"], 1, "{inventories}");
    let (_, shown) = page(&ciso, &s, &format!("/inventories/{inventory}")).await;
    assert_eq!(figure(&shown, "inventory-missing"), "1");
    assert!(
        shown.contains("会計課"),
        "the department that has not answered"
    );
    let csv = ciso
        .get(s.url(&format!("/inventories/{inventory}/export.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(csv.contains("会計課") && csv.contains("所在不明"), "{csv}");
    // The server room's page lists the servers kept there.
    let areas = json(&ciso, &s, "/api/v1/areas").await;
    let room = areas
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "HQ-3F-SR")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, shown) = page(&ciso, &s, &format!("/areas/{room}")).await;
    assert_eq!(figure(&shown, "area-items"), "6", "the six servers");
    assert!(shown.contains("SV-001"), "{shown}");

    // The late notebook: its holder was reminded, the officer told once.
    let staff = client();
    let scsrf = sign_in(&staff, &s, "staff").await;
    let officer = client();
    let ocsrf = sign_in(&officer, &s, "officer").await;
    let subjects = |v: serde_json::Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n["subject"].as_str().unwrap().to_owned())
            .collect()
    };
    let mine = subjects(json(&staff, &s, "/api/v1/inbox?per_page=200").await);
    assert!(
        mine.iter()
            .any(|n| n == "持ち出し T-000004 を返却してください"),
        "{mine:?}"
    );
    let told = subjects(json(&officer, &s, "/api/v1/inbox?per_page=200").await);
    assert_eq!(
        told.iter()
            .filter(|n| n.starts_with("持ち出し T-000004 の返却が"))
            .count(),
        1,
        "{told:?}"
    );

    // A staff member sees their own take-outs, not the register or others'.
    let (status, _) = page(&staff, &s, "/media").await;
    assert_eq!(status, 403);
    let own = json(&staff, &s, "/api/v1/takeouts").await;
    assert_eq!(own["total"], 4, "{own}");
    let open = json(&ciso, &s, "/api/v1/takeouts?show=open").await;
    let pending = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["state"] == "requested")
        .unwrap()
        .clone();
    let late = open["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["days_overdue"] == 4)
        .unwrap()
        .clone();
    let (pid, lid) = (
        pending["id"].as_str().unwrap(),
        late["id"].as_str().unwrap(),
    );
    let r = staff
        .get(s.url(&format!("/api/v1/takeouts/{pid}")))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "another's take-out");
    let r = staff
        .post(s.url("/takeouts/new"))
        .form(&[
            ("_csrf", scsrf.as_str()),
            ("item", "USB-0001"),
            ("level", "2"),
            ("purpose", "説明会"),
            ("destination", "公民館"),
            ("out_on", "2000-01-01"),
            ("due_on", "2000-01-02"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("持ち出す情報を入力してください") && body.contains("持ち出し日は今日以降"),
        "{body}"
    );
    assert_eq!(json(&staff, &s, "/api/v1/takeouts").await["total"], 4);

    // The manager's own request: not theirs to approve, nor the other department's
    // officer's; the officer of 市民生活部 approves it on its page.
    let manager = client();
    let mcsrf = sign_in(&manager, &s, "manager").await;
    let decide = |c: &reqwest::Client, csrf: &str| {
        c.post(s.url(&format!("/api/v1/takeouts/{pid}/decide")))
            .header("x-csrf-token", csrf)
            .json(&serde_json::json!({"approve": true}))
            .send()
    };
    assert_eq!(decide(&manager, &mcsrf).await.unwrap().status(), 403);
    let committee = client();
    let ccsrf = sign_in(&committee, &s, "committee").await;
    assert_eq!(decide(&committee, &ccsrf).await.unwrap().status(), 403);
    let (_, dash) = page(&officer, &s, "/").await;
    assert_eq!(figure(&dash, "tile-takeouts-to-approve"), "1");
    let r = officer
        .post(s.url(&format!("/takeouts/{pid}/decide")))
        .form(&[
            ("_csrf", ocsrf.as_str()),
            ("approve", "1"),
            ("note", "施錠ケースで運ぶこと"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let heard = subjects(json(&manager, &s, "/api/v1/inbox").await);
    assert!(
        heard.iter().any(|n| n.ends_with("が承認されました")),
        "{heard:?}"
    );
    let r = manager
        .post(s.url(&format!("/takeouts/{pid}/checkout")))
        .form(&[("_csrf", mcsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = manager
        .post(s.url(&format!("/api/v1/takeouts/{pid}/return")))
        .header("x-csrf-token", &mcsrf)
        .json(&serde_json::json!({"note": "監査委員事務局から返却"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let t = json(&manager, &s, &format!("/api/v1/takeouts/{pid}")).await;
    assert_eq!(t["state"], "returned", "{t}");
    assert_eq!(t["decided_by"], "user:officer");

    // The notebook does not come back: an incident, and it is missing.
    let r = officer
        .post(s.url(&format!("/takeouts/{lid}/incident")))
        .form(&[("_csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to = location(&r);
    assert!(to.starts_with("/incidents/"), "{to}");
    let (_, incident) = page(&ciso, &s, to.split('?').next().unwrap()).await;
    assert!(incident.contains("PC-N-012"), "{incident}");
    let (_, list) = page(&ciso, &s, "/media").await;
    assert_eq!(figure(&list, "count-missing"), "2");

    // The exports, audited like every download; the server's asset page places it.
    let csv = ciso
        .get(s.url("/media/export.csv?status=lost"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("USB-0087") && csv.contains("PC-N-012") && csv.contains("所在不明"),
        "{csv}"
    );
    let csv = ciso
        .get(s.url("/takeouts/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("T-000004") && csv.contains("みどり市北出張所"),
        "{csv}"
    );
    let server = json(&ciso, &s, "/api/v1/media?q=SV-001").await;
    let asset = server["items"][0]["asset"]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, shown) = page(&ciso, &s, &format!("/assets/{asset}")).await;
    assert!(
        shown.contains("SV-001") && shown.contains("HQ-3F-SR") && shown.contains("ラック R01"),
        "{shown}"
    );
    let _ = ccsrf;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn disks_are_destroyed_with_a_witness_and_a_certificate_that_must_match() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    // The forty disks: destroyed by the contractor, witnessed, certified; the old
    // server's asset is disposed of with them.
    let done = json(&ciso, &s, "/api/v1/disposals?show=done").await;
    assert_eq!(done["total"], 1, "{done}");
    let id = done["items"][0]["id"].as_str().unwrap().to_owned();
    let d = json(&ciso, &s, &format!("/api/v1/disposals/{id}")).await;
    assert_eq!(d["items"].as_array().unwrap().len(), 40);
    assert_eq!(d["method"], "physical_destruction");
    assert!(d["witness"]["name"].is_string(), "{d}");
    assert!(
        d["contractor"]["code"]
            .as_str()
            .unwrap()
            .starts_with("CTR-")
    );
    let cert = &d["files"][0];
    assert_eq!(cert["kind"], "certificate");
    assert_eq!(cert["sha256"].as_str().unwrap().len(), 64);
    let r = ciso
        .get(s.url(&format!(
            "/disposals/{id}/files/{}",
            cert["id"].as_str().unwrap()
        )))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(r.bytes().await.unwrap().starts_with(b"%PDF"));
    let (_, list) = page(&ciso, &s, "/media?q=HDD-0001").await;
    assert!(list.contains("廃棄済"), "{list}");
    let (_, assets) = page(&ciso, &s, "/assets?q=旧文書管理システム").await;
    assert!(assets.contains("廃棄済"), "{assets}");
    // The log for the committee: on A4, as a PDF and as CSV.
    let (_, log) = page(&ciso, &s, "/disposals/log").await;
    assert_eq!(figure(&log, "log-count"), "1");
    let pdf = ciso
        .get(s.url("/disposals/log.pdf"))
        .send()
        .await
        .unwrap()
        .bytes()
        .await
        .unwrap();
    assert!(pdf.starts_with(b"%PDF"), "a PDF");
    let csv = ciso
        .get(s.url("/disposals/export.csv"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(
        csv.contains("D-000001") && csv.contains("HDD-0040"),
        "{csv}"
    );

    // Two USB memories wait for their certificate: the dashboard says so. A
    // certificate listing a wrong serial number blocks completion, naming it; the
    // right one lets it through.
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-disposals-awaiting"), "1");
    let open = json(&ciso, &s, "/api/v1/disposals?show=open").await;
    let pending = open["items"][0].clone();
    let pid = pending["id"].as_str().unwrap().to_owned();
    let serials: Vec<String> = pending["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["serial"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(serials.len(), 2);
    let admin = client();
    let csrf = sign_in(&admin, &s, "sysadmin").await;
    let upload = |serials: String| {
        let form = reqwest::multipart::Form::new()
            .text("_csrf", csrf.clone())
            .text("serials", serials)
            .part(
                "file",
                reqwest::multipart::Part::bytes(b"%PDF-1.4\n%%EOF\n".to_vec())
                    .file_name("証明書.pdf"),
            );
        admin
            .post(s.url(&format!("/disposals/{pid}/certificate")))
            .multipart(form)
            .send()
    };
    let r = upload(format!("{}\nXX-999999", serials[0])).await.unwrap();
    assert_eq!(r.status(), 303);
    let complete = || {
        admin
            .post(s.url(&format!("/disposals/{pid}/complete")))
            .form(&[("_csrf", csrf.as_str())])
            .send()
    };
    let r = complete().await.unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("XX-999999") && body.contains(&serials[1]),
        "{body}"
    );
    let still = json(&admin, &s, &format!("/api/v1/disposals/{pid}")).await;
    assert!(still["completed_on"].is_null(), "nothing written");
    let r = upload(serials.join("\n")).await.unwrap();
    assert_eq!(r.status(), 303);
    let r = complete().await.unwrap();
    assert_eq!(r.status(), 303);
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-disposals-awaiting"), "0");

    // The command line writes the log as CSV and as a PDF.
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("log.csv");
    let (ok, _, err) = db.run(&["export", "disposals", "--output", out.to_str().unwrap()]);
    assert!(ok, "{err}");
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(
        text.contains("D-000002") && text.contains("D-000001"),
        "{text}"
    );
    let out = dir.path().join("log.pdf");
    let (ok, _, err) = db.run(&[
        "export",
        "disposals",
        "--format",
        "pdf",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    assert!(std::fs::read(&out).unwrap().starts_with(b"%PDF"));
}

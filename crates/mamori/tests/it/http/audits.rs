//! Internal audits through a real `mamori serve` on the demo city: last year's audit
//! of the counters is closed with its six findings and two corrective actions overdue,
//! and prints as a report; this year's is in fieldwork. The auditor is refused planning
//! an audit of their own 会計課 on the form, plans one of 総務課 through the API, and
//! records a finding on the page; 税務課's overdue action is reported done by the
//! officer above it on the audit's page, verified by the auditor, and the finding closed.

use crate::support::{Db, client, figure, json, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_audit_is_followed_up_to_its_closed_findings() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let audits = json(&ciso, &s, "/api/v1/audits").await;
    assert_eq!(audits.as_array().unwrap().len(), 2, "{audits}");
    let (this, last) = (&audits[0], &audits[1]);
    assert_eq!(this["state"], "fieldwork");
    assert_eq!(last["state"], "closed");
    let f = &last["findings"];
    assert_eq!(
        (
            f["total"].as_u64(),
            f["major"].as_u64(),
            f["minor"].as_u64(),
            f["improvement"].as_u64(),
            f["good"].as_u64()
        ),
        (Some(6), Some(1), Some(2), Some(2), Some(1)),
        "{f}"
    );
    assert_eq!(f["actions_overdue"], 2, "{f}");
    let last_id = last["id"].as_str().unwrap().to_owned();
    let number = last["number"].as_str().unwrap().to_owned();
    let (status, list) = page(&ciso, &s, "/audits").await;
    assert_eq!(status, 200);
    assert!(
        list.contains(&number) && list.contains("中長期計画"),
        "{list}"
    );
    let (_, report) = page(&ciso, &s, &format!("/audits/{last_id}/report")).await;
    assert!(
        report.contains("情報セキュリティ監査報告書") && report.contains("重大な不備があった"),
        "{report}"
    );

    // The auditor may not audit their own department without a recorded reason.
    let auditor = client();
    let acsrf = sign_in(&auditor, &s, "auditor").await;
    let (_, form) = page(&auditor, &s, "/audits/new").await;
    assert!(form.contains("name=\"auditor_1\""));
    // The demo's two auditors, both of 会計課 (the signed-in one among them).
    let last_detail = json(&auditor, &s, &format!("/api/v1/audits/{last_id}")).await;
    let team: Vec<String> = last_detail["audit"]["auditors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["employee_number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(team.len(), 2);
    let mine = team[0].clone();
    let r = auditor
        .post(s.url("/audits/new"))
        .form(&[
            ("_csrf", acsrf.as_str()),
            ("kind", "internal"),
            ("title", "会計事務の監査"),
            ("departments", "800"),
            ("planned_from", "2026-12-10"),
            ("planned_until", "2026-12-20"),
            ("auditor_1", mine.as_str()),
            ("lead_1", "1"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(body.contains("自らの所属は監査できません"), "{body}");
    let r = auditor
        .post(s.url("/api/v1/audits"))
        .header("x-csrf-token", &acsrf)
        .json(&serde_json::json!({"kind": "internal", "title": "文書管理の監査", "departments": ["110"], "criteria": "公文書管理条例", "planned_from": "2026-12-10", "planned_until": "2026-12-20", "auditors": [{"staff": team[0], "lead": true}, {"staff": team[1]}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let new = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = auditor
        .post(s.url(&format!("/api/v1/audits/{new}/advance")))
        .header("x-csrf-token", &acsrf)
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.json::<serde_json::Value>().await.unwrap()["state"],
        "fieldwork"
    );
    let r = auditor
        .post(s.url(&format!("/audits/{new}/findings")))
        .form(&[
            ("_csrf", acsrf.as_str()),
            ("grade", "minor"),
            ("department", "110"),
            ("criterion", ""),
            ("description", "文書の保存期間が未設定"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "no criterion");
    let r = auditor
        .post(s.url(&format!("/audits/{new}/findings")))
        .form(&[
            ("_csrf", acsrf.as_str()),
            ("grade", "minor"),
            ("department", "110"),
            ("criterion", "公文書管理条例 第5条"),
            ("description", "文書の保存期間が未設定"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, shown) = page(&auditor, &s, &format!("/audits/{new}")).await;
    assert_eq!(figure(&shown, "findings-total"), "1");

    // 税務課's overdue action: reported done by the officer, verified, closed.
    let d = json(&ciso, &s, &format!("/api/v1/audits/{last_id}")).await;
    let finding = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["department"]["code"] == "320" && f["grade"] == "minor")
        .unwrap()
        .clone();
    let action = finding["actions"][0].clone();
    assert_eq!(action["overdue"], true, "{action}");
    let officer = client();
    let ocsrf = sign_in(&officer, &s, "officer").await;
    let (_, dash) = page(&officer, &s, "/").await;
    // 税務課's two planned actions (both overdue), and none of 市民課's.
    assert_eq!(
        (
            figure(&dash, "tile-actions-owed"),
            figure(&dash, "tile-actions-overdue")
        ),
        ("2".into(), "2".into()),
        "{dash}"
    );
    let (_, dash) = page(&auditor, &s, "/").await;
    assert_eq!(
        figure(&dash, "tile-actions-to-verify"),
        "1",
        "市民課's training action"
    );
    let r = officer
        .post(s.url(&format!(
            "/corrective-actions/{}/done",
            action["id"].as_str().unwrap()
        )))
        .form(&[
            ("_csrf", ocsrf.as_str()),
            ("note", "持ち出しを Mamori の申請に移行した"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = officer
        .post(s.url(&format!(
            "/corrective-actions/{}/verify",
            action["id"].as_str().unwrap()
        )))
        .form(&[("_csrf", ocsrf.as_str()), ("accept", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(
        r.status(),
        403,
        "the department does not verify its own action"
    );
    let r = auditor
        .post(s.url(&format!(
            "/corrective-actions/{}/verify",
            action["id"].as_str().unwrap()
        )))
        .form(&[
            ("_csrf", acsrf.as_str()),
            ("accept", "1"),
            ("note", "申請記録を確認"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = auditor
        .post(s.url(&format!(
            "/audit-findings/{}/close",
            finding["id"].as_str().unwrap()
        )))
        .form(&[("_csrf", acsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let d = json(&ciso, &s, &format!("/api/v1/audits/{last_id}")).await;
    let again = d["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["id"] == finding["id"])
        .unwrap()
        .clone();
    assert!(again["closed_on"].is_string(), "{again}");
    assert_eq!(d["audit"]["findings"]["actions_overdue"], 1);
}

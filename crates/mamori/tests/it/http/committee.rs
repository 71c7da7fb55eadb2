//! The security committee through a real `mamori serve` on the demo city: four
//! meetings, the minutes of each approved at the next but the latest, the decision
//! that approved version 2 of the standards and the two acceptances; members and
//! auditors read it, staff are refused. The CISO schedules a meeting on the form,
//! brings the basic policy's third version (in review) to it through the API, holds it
//! and approves the version by a decision: the policy's page then shows the decision.
//! Last year's audit's major finding then opens a revision of the basic policy from the
//! form: the next draft, with the finding shown on the policy's page.

use crate::support::{Db, client, json, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_committee_decision_approves_a_policy_version() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let member = client();
    sign_in(&member, &s, "committee").await;
    let meetings = json(&member, &s, "/api/v1/committee/meetings").await;
    let meetings = meetings.as_array().unwrap();
    assert_eq!(meetings.len(), 4, "{meetings:?}");
    let approved: Vec<bool> = meetings
        .iter()
        .map(|m| m["minutes_approved_in"].is_object())
        .collect();
    assert_eq!(approved, [false, true, true, true], "latest first");
    let decisions = json(&member, &s, "/api/v1/committee/decisions").await;
    let kinds: Vec<&str> = decisions
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["outcome"] == "approved")
        .map(|d| d["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "risk_acceptance").count(),
        2,
        "{decisions}"
    );
    assert!(kinds.contains(&"policy_version"), "{decisions}");
    let (status, list) = page(&member, &s, "/committee").await;
    assert_eq!(status, 200);
    assert!(
        list.contains("令和7年度 第3回 情報セキュリティ委員会") && list.contains("対策基準"),
        "{list}"
    );
    let third = meetings[1]["id"].as_str().unwrap();
    let (_, shown) = page(&member, &s, &format!("/committee/meetings/{third}")).await;
    assert!(
        shown.contains("<strong>対策基準の改定</strong>") && shown.contains("第2版"),
        "the minutes render and the item names its version: {shown}"
    );
    let auditor = client();
    sign_in(&auditor, &s, "auditor").await;
    assert_eq!(page(&auditor, &s, "/committee").await.0, 200);
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    assert_eq!(page(&staff, &s, "/committee").await.0, 403);

    // The CISO brings the third version of the basic policy to a new meeting.
    let ciso = client();
    let csrf = sign_in(&ciso, &s, "ciso").await;
    let today = chrono::Utc::now().date_naive().to_string();
    let r = ciso
        .post(s.url("/committee"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("held_on", ""),
            ("title", "臨時会"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "the day is required");
    let r = ciso
        .post(s.url("/committee"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("held_on", today.as_str()),
            ("title", "臨時会"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    let meeting = at
        .trim_start_matches("/committee/meetings/")
        .split('?')
        .next()
        .unwrap()
        .to_owned();
    let policies = json(&ciso, &s, "/api/v1/policies").await;
    let basic = policies
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["tier"] == "basic")
        .expect("the basic policy")["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let item = serde_json::json!({"kind": "policy_version", "record": basic, "version": 3});
    let url = s.url(&format!("/api/v1/committee/meetings/{meeting}/agenda"));
    let r = ciso
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&item)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "version 3 is a draft");
    let r = ciso
        .post(s.url(&format!("/policies/{basic}/v/3/move")))
        .form(&[("_csrf", csrf.as_str()), ("step", "submit")])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = ciso
        .post(&url)
        .header("x-csrf-token", &csrf)
        .json(&item)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 201);
    let item_id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = ciso
        .post(s.url(&format!("/committee/meetings/{meeting}/hold")))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = ciso
        .post(s.url(&format!("/committee/meetings/{meeting}/decisions")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("agenda_item", item_id.as_str()),
            ("outcome", "approved"),
            ("text", "第3版を承認する。"),
            ("effective_on", today.as_str()),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let version = json(&ciso, &s, &format!("/api/v1/policies/{basic}/versions/3")).await;
    assert_eq!(version["version"]["status"], "in_force", "{version}");
    assert_eq!(version["version"]["meeting"], "臨時会", "{version}");
    let number = version["version"]["decision_no"]
        .as_str()
        .unwrap()
        .to_owned();
    let (_, shown) = page(&ciso, &s, &format!("/committee/meetings/{meeting}")).await;
    assert!(shown.contains(&number), "{shown}");

    // The closed audit's major finding opens a revision of the basic policy: its next
    // draft, with the finding on the policy's page.
    let audits = json(&ciso, &s, "/api/v1/audits").await;
    let last = audits[1]["id"].as_str().unwrap();
    let detail = json(&ciso, &s, &format!("/api/v1/audits/{last}")).await;
    let finding = detail["findings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["grade"] == "major")
        .expect("the major finding");
    let (fid, fnumber) = (
        finding["id"].as_str().unwrap().to_owned(),
        finding["number"].as_str().unwrap().to_owned(),
    );
    let (status, form) = page(
        &ciso,
        &s,
        &format!("/policy-revisions/new?trigger=finding&source={fid}"),
    )
    .await;
    assert_eq!(status, 200);
    assert!(form.contains(&fid), "{form}");
    let r = ciso
        .post(s.url("/policy-revisions"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("trigger", "finding"),
            ("source", fid.as_str()),
            ("document", basic.as_str()),
            ("reason", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "a reason is required");
    let r = ciso
        .post(s.url("/policy-revisions"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("trigger", "finding"),
            ("source", fid.as_str()),
            ("document", basic.as_str()),
            ("section", "第6章 技術的セキュリティ"),
            ("reason", "異動時の利用者IDの削除を規定する。"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let at = r.headers()["location"].to_str().unwrap().to_owned();
    assert!(at.starts_with(&format!("/policies/{basic}/v/4")), "{at}");
    let (_, policy) = page(&ciso, &s, &format!("/policies/{basic}")).await;
    assert!(
        policy.contains("id=\"revisions\"") && policy.contains(&fnumber),
        "{policy}"
    );
}

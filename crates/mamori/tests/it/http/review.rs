//! Self-inspection through a real `mamori serve` on the demo city: last year's was
//! submitted by every section and accepted, with the city's score by area and the two
//! sections that left many items not done; this year's is under way. 市民課's officer
//! answers on the sheet's page, is refused submitting with a gap unexplained, explains
//! it and submits; the deputy CISO hears of it and returns an item on the page; the
//! officer hears of that, answers again and submits; the deputy accepts; the export
//! says so. An item 道路課 left not done becomes a risk from a prefilled form, linked on
//! the sheet.

use crate::support::{Db, client, figure, json, location, page, sign_in};

fn subjects(v: serde_json::Value) -> Vec<String> {
    v["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["subject"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_section_answers_submits_and_the_deputy_returns_and_accepts() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let ciso = client();
    let csrf = sign_in(&ciso, &s, "ciso").await;

    // Last year's: every section submitted and accepted; two fell behind.
    let all = json(&ciso, &s, "/api/v1/inspections").await;
    // The inspections by department (the demo's inspection by system is another test's).
    let list = serde_json::Value::Array(
        all.as_array()
            .unwrap()
            .iter()
            .filter(|i| i["scope"] == "departments")
            .cloned()
            .collect(),
    );
    assert_eq!(list.as_array().unwrap().len(), 2, "{list}");
    let (this, last) = (
        list[0]["id"].as_str().unwrap().to_owned(),
        list[1]["id"].as_str().unwrap().to_owned(),
    );
    assert_eq!(list[1]["name"], "令和7年度 情報セキュリティ自己点検");
    assert_eq!(
        (
            list[1]["sheets"].as_u64(),
            list[1]["submitted"].as_u64(),
            list[1]["accepted"].as_u64()
        ),
        (Some(14), Some(14), Some(14)),
        "{list}"
    );
    assert!(list[1]["closed_on"].is_string());
    let l = json(&ciso, &s, &format!("/api/v1/inspections/{last}")).await;
    assert_eq!(l["areas"].as_array().unwrap().len(), 9, "the MIC chapters");
    assert!(!l["most_not_done"].as_array().unwrap().is_empty());
    let score = |d: &serde_json::Value, name: &str| {
        d["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["department"] == name)
            .unwrap()["score"]
            .as_f64()
            .unwrap()
    };
    for weak in ["道路課", "学校教育課"] {
        for other in ["総務課", "市民課", "税務課"] {
            assert!(
                score(&l, weak) + 15.0 < score(&l, other),
                "{weak} {other} {l}"
            );
        }
    }
    let (status, shown) = page(&ciso, &s, &format!("/inspections/{last}")).await;
    assert_eq!(status, 200);
    assert_eq!(figure(&shown, "inspection-submitted"), "14 / 14");
    assert!(
        shown.contains("1 組織体制") && shown.contains("令和7年度"),
        "{shown}"
    );

    // This year's: under way, compared with last year's.
    let d = json(&ciso, &s, &format!("/api/v1/inspections/{this}")).await;
    assert_eq!(
        (
            d["inspection"]["submitted"].as_u64(),
            d["inspection"]["accepted"].as_u64()
        ),
        (Some(7), Some(4)),
        "{d}"
    );
    assert_eq!(d["previous"]["id"], last.as_str());
    let sheet_of = |name: &str| {
        d["sheets"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["department"] == name)
            .unwrap()["id"]
            .as_str()
            .unwrap()
            .to_owned()
    };
    let returned = json(
        &ciso,
        &s,
        &format!(
            "/api/v1/inspections/{this}/sheets/{}",
            sheet_of("障がい福祉課")
        ),
    )
    .await;
    assert_eq!(returned["sheet"]["state"], "returned");
    let sheet = sheet_of("市民課");
    let url = format!("/inspections/{this}/sheets/{sheet}");
    let mine = json(&ciso, &s, &format!("/api/v1{url}")).await;
    let items: Vec<i64> = mine["answers"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["position"].as_i64().unwrap())
        .collect();
    let answered = mine["answers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|a| a["answer"].is_string())
        .count();
    assert!(
        answered * 2 >= items.len() - 1 && answered < items.len(),
        "half answered: {answered} of {}",
        items.len()
    );

    // The officer answers every item on the page, one not done without a reason.
    let officer = client();
    let ocsrf = sign_in(&officer, &s, "officer").await;
    let (_, dash) = page(&officer, &s, "/").await;
    assert_eq!(
        figure(&dash, "tile-inspections-to-answer"),
        "4",
        "市民課 and 国保年金課, and the tax and pension systems they keep (税務課 has \
         submitted its own sheet)"
    );
    let (_, form) = page(&officer, &s, &url).await;
    assert!(
        form.contains("name=\"answer_1\""),
        "the officer answers here"
    );
    let mut fields: Vec<(String, String)> = vec![("_csrf".into(), ocsrf.clone())];
    for n in &items {
        let a = if *n == 1 { "not_done" } else { "done" };
        fields.push((format!("answer_{n}"), a.into()));
        fields.push((format!("comment_{n}"), String::new()));
    }
    let r = officer
        .post(s.url(&url))
        .form(&fields)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let r = officer
        .post(s.url(&format!("{url}/submit")))
        .form(&[("_csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);
    let body = r.text().await.unwrap();
    assert!(
        body.contains("理由と今後の対応を記入してください（項目 1）"),
        "{body}"
    );
    let r = officer
        .put(s.url(&format!("/api/v1{url}/answers")))
        .header("x-csrf-token", &ocsrf)
        .json(&serde_json::json!({"answers": [{"item": 1, "answer": "未実施", "comment": "来年度に予算要求する"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert_eq!(r.json::<serde_json::Value>().await.unwrap()["changed"], 1);
    let r = officer
        .put(s.url(&format!("/api/v1{url}/answers")))
        .header("x-csrf-token", &ocsrf)
        .json(&serde_json::json!({"answers": [{"item": 9999, "answer": "done"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422, "an item not in the campaign");
    let r = officer
        .post(s.url(&format!("{url}/submit")))
        .form(&[("_csrf", ocsrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, shown) = page(&officer, &s, &url).await;
    assert_eq!(figure(&shown, "sheet-state"), "提出済み");

    // The deputy hears of it and returns item 2 on the page.
    let deputy = client();
    let dcsrf = sign_in(&deputy, &s, "deputy").await;
    let (_, dash) = page(&deputy, &s, "/").await;
    assert_eq!(
        figure(&dash, "tile-inspections-to-review"),
        "5",
        "three waiting, 市民課, and the records system's sheet"
    );
    let heard = subjects(json(&deputy, &s, "/api/v1/inbox?per_page=200").await);
    assert!(
        heard.iter().any(|n| n
            == "市民生活部/市民課が自己点検「令和8年度 情報セキュリティ自己点検」を提出しました"),
        "{heard:?}"
    );
    let r = deputy
        .post(s.url(&format!("{url}/review")))
        .form(&[
            ("_csrf", dcsrf.as_str()),
            ("decision", "return"),
            ("note", "確認してください"),
            ("return_2", "1"),
            ("return_note_2", "実施記録を添付"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let heard = subjects(json(&officer, &s, "/api/v1/inbox?per_page=200").await);
    assert!(
        heard
            .iter()
            .any(|n| n
                == "自己点検「令和8年度 情報セキュリティ自己点検」の 1 項目が差し戻されました"),
        "{heard:?}"
    );
    let (_, shown) = page(&officer, &s, &url).await;
    assert!(
        shown.contains("実施記録を添付"),
        "the reviewer's note on the item"
    );

    // Answered again and submitted; accepted through the API.
    let r = officer
        .put(s.url(&format!("/api/v1{url}/answers")))
        .header("x-csrf-token", &ocsrf)
        .json(&serde_json::json!({"answers": [{"item": 2, "answer": "done", "comment": "10月の点検記録あり"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let r = officer
        .post(s.url(&format!("/api/v1{url}/submit")))
        .header("x-csrf-token", &ocsrf)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let r = officer
        .post(s.url(&format!("/api/v1{url}/review")))
        .header("x-csrf-token", &ocsrf)
        .json(&serde_json::json!({"decision": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403, "not the officer's to review");
    let r = deputy
        .post(s.url(&format!("/api/v1{url}/review")))
        .header("x-csrf-token", &dcsrf)
        .json(&serde_json::json!({"decision": "accept"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 204);
    let csv = ciso
        .get(s.url(&format!("/inspections/{this}/export.csv")))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let row = csv
        .lines()
        .find(|l| l.starts_with("市民課"))
        .unwrap_or_default()
        .to_owned();
    assert!(row.contains("確認済み"), "{csv}");
    let d = json(&ciso, &s, &format!("/api/v1/inspections/{this}")).await;
    assert_eq!(
        (
            d["inspection"]["submitted"].as_u64(),
            d["inspection"]["accepted"].as_u64()
        ),
        (Some(8), Some(5))
    );

    // An item 道路課 left not done last year becomes a risk, linked on its sheet.
    let road = l["sheets"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["department"] == "道路課")
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let road_url = format!("/inspections/{last}/sheets/{road}");
    let sheet = json(&ciso, &s, &format!("/api/v1{road_url}")).await;
    let gap = sheet["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["answer"] == "not_done")
        .unwrap()
        .clone();
    let (status, form) = page(
        &ciso,
        &s,
        &format!("/risks/new?from_answer={}", gap["id"].as_str().unwrap()),
    )
    .await;
    assert_eq!(status, 200);
    let title = format!("未実施: {}", gap["question"].as_str().unwrap());
    assert!(form.contains(&title), "the title prefilled");
    let r = ciso
        .post(s.url("/risks/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("from_answer", gap["id"].as_str().unwrap()),
            ("title", title.as_str()),
            ("description", "自己点検の未実施項目"),
            ("threat", "T-MALWARE"),
            ("inherent_importance", "2"),
            ("inherent_likelihood", "2"),
            ("inherent_vulnerability", "2"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303, "{}", r.text().await.unwrap_or_default());
    let risk = location(&r);
    assert!(risk.starts_with("/risks/"), "{risk}");
    let (_, shown) = page(&ciso, &s, &road_url).await;
    assert!(
        shown.contains(&format!("href=\"{}\"", risk.split('?').next().unwrap())),
        "linked on the sheet"
    );
}

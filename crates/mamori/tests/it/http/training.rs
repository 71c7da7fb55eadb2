//! Training through a real `mamori serve` on the demo city: the trainer adds a course
//! and a session on the screens, imports a Shift_JIS attendance sheet (one naming an
//! unknown employee is refused by row and column and changes nothing), and the
//! course's coverage moves; the CSIRT member who missed the exercise stands out on
//! the training page; coverage downloads as Excel; the API gives the same figures to
//! those who follow coverage and refuses others.

use crate::support::{Server, client, figure, location, page, sign_in};

fn sjis(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

/// Uploads an attendance sheet for preview: the status and the page.
async fn upload(c: &reqwest::Client, s: &Server, csrf: &str, sheet: &str) -> (u16, String) {
    let form = reqwest::multipart::Form::new()
        .text("_csrf", csrf.to_owned())
        .part(
            "file",
            reqwest::multipart::Part::bytes(sjis(sheet)).file_name("出席簿.csv"),
        );
    let r = c
        .post(s.url("/import/attendance"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    (r.status().as_u16(), r.text().await.unwrap())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_trainer_imports_a_shift_jis_sheet_and_coverage_moves() {
    let db = crate::support::Db::sqlite();
    db.demo();
    let s = db.serve();
    let c = client();
    let csrf = sign_in(&c, &s, "sysadmin").await;

    let (status, list) = page(&c, &s, "/training").await;
    assert_eq!(status, 200);
    assert!(list.contains("全職員情報セキュリティ研修"), "{list}");
    let alert = list
        .split("id=\"role-overdue\"")
        .nth(1)
        .expect("role holders overdue");
    let first_row = alert
        .split("<tbody>")
        .nth(1)
        .unwrap()
        .split("</tr>")
        .next()
        .unwrap();
    assert!(
        first_row.contains("CSIRT要員"),
        "the CSIRT first: {first_row}"
    );

    let r = c
        .post(s.url("/training/new"))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("kind", "it_staff"),
            ("title", "試験 研修"),
            ("frequency", "annual"),
            ("categories", "regular"),
            ("grace_days", "30"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let course = location(&r);
    let course = course.split('?').next().unwrap().to_owned();
    let yesterday = (chrono::Utc::now().date_naive() - chrono::Duration::days(1)).to_string();
    let r = c
        .post(s.url(&format!("{course}/sessions")))
        .form(&[
            ("_csrf", csrf.as_str()),
            ("held_on", yesterday.as_str()),
            ("mode", "classroom"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let (_, session_page) = page(&c, &s, location(&r).split('?').next().unwrap()).await;
    let code: String = session_page
        .split("S-")
        .nth(1)
        .map(|r| format!("S-{}", r.chars().take(4).collect::<String>()))
        .unwrap();

    let staff: serde_json::Value = c
        .get(s.url("/api/v1/staff?category=regular&per_page=3"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let numbers: Vec<String> = staff["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["employee_number"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(numbers.len(), 3);
    let (_, before) = page(&c, &s, &format!("{course}/coverage")).await;
    assert_eq!(figure(&before, "course-done"), "0");

    let bad = format!("研修回,職員番号\n{code},{}\n{code},999999\n", numbers[0]);
    let (status, refused) = upload(&c, &s, &csrf, &bad).await;
    assert_eq!(status, 422);
    assert!(
        refused.contains("CSV (Shift_JIS)") && refused.contains("999999"),
        "{refused}"
    );
    assert!(
        refused.contains("<td>3</td><td>職員番号</td>"),
        "row and column: {refused}"
    );

    let good = format!(
        "研修回,職員番号,受講日\n{code},{}\n{code},{},{yesterday}\n",
        numbers[0], numbers[1]
    );
    let (status, preview) = upload(&c, &s, &csrf, &good).await;
    assert_eq!(status, 200, "{preview}");
    assert_eq!(figure(&preview, "count-creates"), "2");
    let (_, still) = page(&c, &s, &format!("{course}/coverage")).await;
    assert_eq!(
        figure(&still, "course-done"),
        "0",
        "a preview writes nothing"
    );
    let commit = preview
        .split("action=\"/import/attendance/")
        .nth(1)
        .and_then(|r| r.split('"').next())
        .map(|r| format!("/import/attendance/{r}"))
        .expect("the commit form");
    let r = c
        .post(s.url(&commit))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let (_, after) = page(&c, &s, &format!("{course}/coverage")).await;
    assert_eq!(figure(&after, "course-done"), "2");

    let r = c
        .get(s.url("/training/coverage.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .contains("spreadsheetml")
    );
    let bytes = r.bytes().await.unwrap();
    assert!(bytes.starts_with(b"PK"));

    let api: serde_json::Value = c
        .get(s.url("/api/v1/trainings/coverage"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let ours = api["courses"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["title"] == "試験 研修")
        .unwrap();
    assert_eq!(ours["total"]["done"], 2);
    let staff_client = client();
    sign_in(&staff_client, &s, "staff").await;
    let r = staff_client
        .get(s.url("/api/v1/trainings/coverage"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let mine: serde_json::Value = staff_client
        .get(s.url("/api/v1/trainings/mine"))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert!(
        mine.as_array()
            .unwrap()
            .iter()
            .any(|m| m["title"] == "試験 研修"),
        "the new course binds regular staff: {mine}"
    );
}

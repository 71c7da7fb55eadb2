//! Physical security through a real `mamori serve` on the demo city: the server room's
//! list shows ten confirmed names and two lapsed by last month's review; last month's
//! imported card log left the tailgating entry awaiting the manager, on the register and
//! its page; a door log with an unknown badge or an exit before its entry is refused by
//! row and writes nothing, and a good one in Shift_JIS imports once; a door system's
//! batch naming an unknown area is refused by position; the manager explains one flag,
//! opens an incident from another, and signs the month off only once nothing awaits;
//! the log is the manager's, the administrators' and the auditors' to read.

use chrono::{Datelike, Duration, Months, NaiveDate, Weekday};

use crate::support::{Db, client, figure, json, page, sign_in};

fn sjis(s: &str) -> Vec<u8> {
    encoding_rs::SHIFT_JIS.encode(s).0.into_owned()
}

/// A working day two months back (before the demo's month of card log), in Japan.
fn quiet_day() -> NaiveDate {
    let today = (chrono::Utc::now() + Duration::hours(9)).date_naive();
    let first = today.with_day(1).unwrap();
    let mut day = first.checked_sub_months(Months::new(2)).unwrap() + Duration::days(14);
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += Duration::days(1);
    }
    day
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_server_room_list_lapses_its_log_is_checked_and_the_month_signed_off() {
    let db = Db::sqlite();
    db.demo();
    let day = quiet_day();
    let (d, month) = (
        day.format("%Y/%m/%d").to_string(),
        day.format("%Y-%m").to_string(),
    );
    let iso = day.format("%Y-%m-%d").to_string();
    // The command line refuses a log with an unknown badge and an exit before its entry,
    // naming the rows, and writes nothing.
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.csv");
    std::fs::write(
        &bad,
        sjis(&format!("通過日時,カード番号,入退\n{d} 09:00,C10001,入室\n{d} 09:05,Z99999,入室\n{d} 09:10,C10003,退室\n")),
    )
    .unwrap();
    let (ok, out, err) = db.run(&[
        "import",
        "entries",
        bad.to_str().unwrap(),
        "--area",
        "HQ-3F-SR",
    ]);
    assert!(!ok, "{out}{err}");
    assert!(err.contains("row 3") && err.contains("Z99999"), "{err}");
    assert!(
        err.contains("row 4") && err.contains("入室の記録がない退室"),
        "{err}"
    );
    let (ok, _, err) = db.run(&["import", "entries", bad.to_str().unwrap(), "--area", "NOPE"]);
    assert!(!ok);
    assert!(err.contains("NOPE"), "{err}");
    // A good log in Shift_JIS, one row per stay: imported once, then left as it is.
    let good = dir.path().join("good.csv");
    std::fs::write(
        &good,
        sjis(&format!(
            "入室日時,退室日時,カード番号\n{d} 10:00,{d} 10:30,C10001\n{d} 11:00,{d} 11:20,C10002\n"
        )),
    )
    .unwrap();
    let (ok, out, err) = db.run(&[
        "import",
        "entries",
        good.to_str().unwrap(),
        "--area",
        "hq-3f-sr",
    ]);
    assert!(ok, "{out}{err}");
    let (ok, out, err) = db.run(&[
        "import",
        "entries",
        good.to_str().unwrap(),
        "--area",
        "HQ-3F-SR",
    ]);
    assert!(ok, "{out}{err}");
    assert!(out.contains("0 new, 0 updated, 2 unchanged"), "{out}{err}");

    let s = db.serve();
    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let (status, list) = page(&ciso, &s, "/areas").await;
    assert_eq!(status, 200);
    assert_eq!(figure(&list, "count-pending"), "1", "the tailgating entry");
    let (_, dash) = page(&ciso, &s, "/").await;
    assert_eq!(figure(&dash, "tile-entries-pending"), "1");
    let areas = json(&ciso, &s, "/api/v1/areas").await;
    let room = areas
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["code"] == "HQ-3F-SR")
        .unwrap()
        .clone();
    let id = room["id"].as_str().unwrap();
    assert_eq!(room["path"], "本庁舎 / 本庁舎 3階 / サーバ室");
    let detail = json(&ciso, &s, &format!("/api/v1/areas/{id}")).await;
    let standing = |st: &str| {
        detail["grants"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|g| g["standing"] == st)
            .count()
    };
    assert_eq!(standing("active"), 10, "{detail}");
    assert_eq!(standing("lapsed"), 2, "{detail}");
    let pending = detail["open_flags"].as_array().unwrap();
    assert_eq!(pending.len(), 1, "{detail}");
    assert_eq!(pending[0]["flags"][0], "unauthorized");
    let (_, shown) = page(&ciso, &s, &format!("/areas/{id}")).await;
    assert!(shown.contains("見直しで未確認のため失効"), "{shown}");
    assert!(shown.contains("許可なし・同行者なし"), "{shown}");

    // A door system's batch: an unknown area is refused by position, nothing written;
    // then a good one, whose stranger is flagged.
    let admin = client();
    let csrf = sign_in(&admin, &s, "sysadmin").await;
    // The server room's manager heard of the flags last month's log brought.
    let inbox = json(&admin, &s, "/api/v1/inbox?per_page=200").await;
    assert!(
        inbox["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|n| n["subject"]
                .as_str()
                .unwrap()
                .starts_with("管理区域「HQ-3F-SR サーバ室」の入退室記録に確認が必要です")),
        "{inbox}"
    );
    let post = |path: &str, body: serde_json::Value| {
        admin
            .post(s.url(path))
            .header("x-csrf-token", &csrf)
            .json(&body)
            .send()
    };
    let batch = |area: &str| {
        serde_json::json!({"entries": [
            {"area": "HQ-3F-SR", "badge": "C10003", "entered_at": format!("{iso} 13:00"), "exited_at": format!("{iso} 13:30")},
            {"area": area, "visitor_name": "点検業者", "entered_at": format!("{iso} 14:00"), "exited_at": format!("{iso} 14:20")},
        ]})
    };
    let r = post("/api/v1/entries", batch("HQ-9F-XX")).await.unwrap();
    assert_eq!(r.status(), 422);
    let problem: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        problem["error"]["fields"][0]["field"], "entries[1].area",
        "{problem}"
    );
    let r = post("/api/v1/entries", batch("HQ-3F-SR")).await.unwrap();
    assert_eq!(r.status(), 200);
    let report: serde_json::Value = r.json().await.unwrap();
    assert_eq!(report["created"], 2, "{report}");
    assert_eq!(
        report["flagged"], 1,
        "the visitor came without an escort: {report}"
    );

    // The manager explains the tailgating entry and opens an incident from the other.
    let detail = json(&admin, &s, &format!("/api/v1/areas/{id}")).await;
    let flags = detail["open_flags"].as_array().unwrap().clone();
    assert_eq!(flags.len(), 2, "{detail}");
    let tailgate = flags.iter().find(|e| e["badge"] != "").unwrap();
    let visitor = flags
        .iter()
        .find(|e| e["visitor_name"] == "点検業者")
        .unwrap();
    let r = post(
        &format!(
            "/api/v1/areas/{id}/entries/{}/settle",
            tailgate["id"].as_str().unwrap()
        ),
        serde_json::json!({"explanation": ""}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422, "an explanation is required");
    let r = post(
        &format!("/api/v1/areas/{id}/entries/{}/settle", tailgate["id"].as_str().unwrap()),
        serde_json::json!({"explanation": "同行者の記録漏れ。本人に注意し、入室許可の要否を確認した。"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    // The month with the visitor is refused while its flag awaits.
    let r = post(
        &format!("/api/v1/areas/{id}/signoff"),
        serde_json::json!({"month": month}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let r = admin
        .post(s.url(&format!(
            "/areas/{id}/entries/{}/incident",
            visitor["id"].as_str().unwrap()
        )))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let to = crate::support::location(&r);
    assert!(to.starts_with("/incidents/"), "{to}");
    let (_, incident) = page(&admin, &s, to.split('?').next().unwrap()).await;
    assert!(incident.contains("サーバ室"), "{incident}");
    let (_, list) = page(&ciso, &s, "/areas").await;
    assert_eq!(figure(&list, "count-pending"), "0");
    // This month is not over: refused. The quiet month is over and settled: signed
    // off, once.
    let this_month = chrono::Utc::now().format("%Y-%m").to_string();
    let r = post(
        &format!("/api/v1/areas/{id}/signoff"),
        serde_json::json!({"month": this_month}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422);
    let r = post(
        &format!("/api/v1/areas/{id}/signoff"),
        serde_json::json!({"month": month, "note": "異常なし"}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 204);
    let r = post(
        &format!("/api/v1/areas/{id}/signoff"),
        serde_json::json!({"month": month}),
    )
    .await
    .unwrap();
    assert_eq!(r.status(), 422, "signed off once");

    // The log: the auditor reads and exports it but settles nothing; a staff member
    // neither reads the log nor sees the areas.
    let auditor = client();
    let acsrf = sign_in(&auditor, &s, "auditor").await;
    let week = json(
        &auditor,
        &s,
        &format!("/api/v1/entries?area=HQ-3F-SR&from={iso}&until={iso}"),
    )
    .await;
    assert_eq!(
        week["total"], 4,
        "two from the file and two from the batch: {week}"
    );
    let r = auditor
        .get(s.url("/entries/export.csv?area=HQ-3F-SR"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let csv = r.text().await.unwrap();
    assert!(
        csv.contains("点検業者") && csv.contains("インシデント"),
        "{csv}"
    );
    let r = auditor
        .post(s.url(&format!(
            "/api/v1/areas/{id}/entries/{}/settle",
            tailgate["id"].as_str().unwrap()
        )))
        .header("x-csrf-token", &acsrf)
        .json(&serde_json::json!({"explanation": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    assert_eq!(page(&staff, &s, "/entries").await.0, 403);
    assert_eq!(page(&staff, &s, &format!("/areas/{id}")).await.0, 403);
}

//! The calendar of what is due through a real `mamori serve` on the demo city: the
//! officer of 市民生活部 owes last year's audit's two overdue corrective actions, first
//! on the list and on the month grid; the CISO's calendar holds them among the
//! organization's; staff may not open it. A feed opened on the page serves the
//! officer's dates as iCalendar without signing in, and stops once revoked.

use crate::support::{Db, client, figure, json, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_sees_what_they_owe_and_reads_it_in_a_calendar_program() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let officer = client();
    let csrf = sign_in(&officer, &s, "officer").await;
    let mine = json(&officer, &s, "/api/v1/due").await;
    let items = mine["items"].as_array().unwrap();
    let overdue_actions = items
        .iter()
        .filter(|i| i["kind"] == "corrective_action" && i["standing"] == "overdue")
        .count();
    assert_eq!(overdue_actions, 2, "{mine}");
    assert_eq!(items[0]["standing"], "overdue", "overdue first");
    let (status, shown) = page(&officer, &s, "/due").await;
    assert_eq!(status, 200);
    assert!(shown.contains("是正処置の期限"), "{shown}");
    assert_eq!(
        figure(&shown, "due-overdue"),
        mine["overdue"].to_string(),
        "the page counts what the API counts"
    );
    let (_, home) = page(&officer, &s, "/").await;
    assert_eq!(
        figure(&home, "tile-due-overdue"),
        mine["overdue"].to_string(),
        "the home page counts what the calendar counts"
    );
    let (_, month) = page(&officer, &s, "/due?view=month").await;
    assert!(month.contains("id=\"month\""), "{month}");

    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let all = json(&ciso, &s, "/api/v1/due?scope=all").await;
    assert!(
        all["items"].as_array().unwrap().len() >= items.len(),
        "{all}"
    );
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    let r = staff
        .get(s.url("/api/v1/due?scope=all"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
    let r = staff
        .get(s.url("/api/v1/due?until=someday"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 422);

    // The feed.
    let r = officer
        .post(s.url("/due/feed"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 200);
    let shown = r.text().await.unwrap();
    let start = shown.find("/calendar/").expect("the feed's address");
    let end = shown[start..].find(".ics").unwrap() + start + 4;
    let path = shown[start..end].to_owned();
    let anonymous = client();
    let r = anonymous.get(s.url(&path)).send().await.unwrap();
    assert_eq!(r.status(), 200);
    assert!(
        r.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/calendar")
    );
    let ics = r.text().await.unwrap();
    assert!(ics.starts_with("BEGIN:VCALENDAR"), "{ics}");
    assert!(ics.contains("DTSTART;VALUE=DATE:"), "{ics}");
    assert!(ics.contains("是正処置の期限"), "{ics}");
    let wrong = anonymous
        .get(s.url("/calendar/not-the-secret.ics"))
        .send()
        .await
        .unwrap();
    assert_eq!(wrong.status(), 404);
    let r = officer
        .post(s.url("/due/feed/revoke"))
        .form(&[("_csrf", csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 303);
    let gone = anonymous.get(s.url(&path)).send().await.unwrap();
    assert_eq!(gone.status(), 404);
}

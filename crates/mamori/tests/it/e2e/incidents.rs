//! A staff member reports a mis-sent mail from the link on every page, in headless
//! Chromium: a short form (the time it became known already filled in), and the
//! incident's own page with its number. The CSIRT finds it in the register; the
//! reporter finds it among their own reports; a colleague does not find it at all.

use super::{browser, choose, click_and_wait, fill, find, go, here, shot, text, value};
use crate::support::{Db, PASSWORD, client, page, sign_in as http_sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_staff_member_reports_a_mis_sent_mail_from_any_page() {
    let Some(b) = browser().await else { return };
    let c = &b.c;
    let db = Db::sqlite();
    db.demo();
    // A CSIRT member, and a colleague whose role (system operator) reaches no
    // incident of others.
    for (login, role) in [("csirt", "csirt"), ("colleague", "system-operator")] {
        let number = format!("Z{login}").to_uppercase();
        let (ok, out, err) = db.run(&[
            "admin",
            "create-user",
            "--login",
            login,
            "--name",
            "確認 用",
            "--employee-number",
            &number,
            "--role",
            role,
        ]);
        assert!(ok, "{out}{err}");
    }
    let server = db.serve();

    go(c, &server.url("/login")).await;
    fill(c, "#f-login", "staff").await;
    fill(c, "#f-password", PASSWORD).await;
    click_and_wait(c, "button[type=submit]").await;
    assert_eq!(here(c).await, "/");
    click_and_wait(c, "a.report-link").await;
    assert_eq!(here(c).await, "/incidents/new");
    assert_eq!(text(c, "main h1").await, "インシデントを報告する");
    assert!(
        !value(c, "#f-known_at").await.is_empty(),
        "the time it became known starts as now"
    );

    fill(c, "#f-title", "申請者への通知メールを別の申請者に送った").await;
    choose(c, "#f-category", "誤送信").await;
    fill(c, "#f-description", "BCC にすべきところを宛先に入れた").await;
    find(c, "#f-personal_data").await.click().await.unwrap();
    fill(c, "#f-persons", "120").await;
    click_and_wait(c, "form[action='/incidents/new'] button[type=submit]").await;
    let at = here(c).await;
    assert!(
        at.starts_with("/incidents/") && at.ends_with("?done=incident.report_done"),
        "{at}"
    );
    let main = text(c, "main").await;
    assert!(main.contains("報告しました"), "{main}");
    let number = text(c, "main h1 .muted").await;
    assert!(number.starts_with("INC-20"), "{number}");
    assert!(main.contains("120"), "the persons: {main}");
    shot(c, "incident_reported.png").await;

    go(c, &server.url("/incidents")).await;
    assert_eq!(text(c, "main h1").await, "自分が報告したインシデント");
    assert!(text(c, "table.register").await.contains(&number));

    let csirt = client();
    http_sign_in(&csirt, &server, "csirt").await;
    let (status, register) = page(&csirt, &server, "/incidents?state=open").await;
    assert_eq!(status, 200);
    assert!(register.contains(&number), "the CSIRT's register");
    let (_, dashboard) = page(&csirt, &server, "/").await;
    assert!(
        dashboard.contains(r#"id="tile-incidents-open">3<"#),
        "the CSIRT's dashboard counts it beside the demo's open FAX case and the USB memory its inventory could not find"
    );
    let id = at
        .trim_start_matches("/incidents/")
        .split('?')
        .next()
        .unwrap();
    let (status, _) = page(&csirt, &server, &format!("/incidents/{id}")).await;
    assert_eq!(status, 200);
    // The committee's A4 report of it, and the year's statistics drawn as SVG.
    let (status, report) = page(&csirt, &server, &format!("/incidents/{id}/report")).await;
    assert_eq!(status, 200);
    assert!(report.contains("情報セキュリティインシデント報告書") && report.contains(&number));
    let (status, stats) = page(&csirt, &server, "/incidents/statistics").await;
    assert_eq!(status, 200);
    assert!(
        stats.contains("<svg class=\"chart\"") && stats.contains("誤送信"),
        "{stats}"
    );

    // The register as a table: on the screen for the CSIRT, from the command line
    // for an operator; restricted incidents marked; refused to a colleague.
    let (status, csv) = page(&csirt, &server, "/incidents/export.csv?state=open").await;
    assert_eq!(status, 200);
    assert!(csv.contains(&number) && csv.contains("誤送信"), "{csv}");
    let file = db.dir.path().join("incidents.csv");
    let (ok, out, err) = db.run(&["export", "incidents", "--output", file.to_str().unwrap()]);
    assert!(ok, "{out}{err}");
    let exported = std::fs::read_to_string(&file).unwrap();
    let line = exported.lines().find(|l| l.contains(&number)).unwrap();
    assert!(line.ends_with(",○"), "restricted, marked: {line}");

    let colleague = client();
    http_sign_in(&colleague, &server, "colleague").await;
    let (_, list) = page(&colleague, &server, "/incidents").await;
    assert!(!list.contains(&number));
    let (status, _) = page(&colleague, &server, &format!("/incidents/{id}")).await;
    assert_eq!(status, 404, "not found, not forbidden");
    let (status, _) = page(&colleague, &server, "/incidents/export.csv").await;
    assert_eq!(status, 403);
    let (status, _) = page(&colleague, &server, &format!("/incidents/{id}/report")).await;
    assert_eq!(status, 404);
    let (status, _) = page(&colleague, &server, "/incidents/statistics").await;
    assert_eq!(status, 403);
}

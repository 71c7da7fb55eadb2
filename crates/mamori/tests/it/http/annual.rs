//! The annual report through a real `mamori serve` on the demo city: 令和7年度's page
//! shows its figures with charts and the committee's text; the API gives the same
//! figures; the PDF's Japanese text reads back with the same counts; the Excel file
//! opens; `mamori report annual` writes the same PDF; staff may not read it, and a
//! year not begun is refused by field. The committee's decision numbers are offered
//! on an exception's decision form.

use crate::support::{Db, client, json, page, sign_in};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_ciso_reads_the_years_report_as_a_page_a_pdf_and_a_workbook() {
    let db = Db::sqlite();
    db.demo();
    let s = db.serve();
    let ciso = client();
    sign_in(&ciso, &s, "ciso").await;
    let r = json(&ciso, &s, "/api/v1/reports/annual?year=2025").await;
    assert_eq!(r["label_ja"], "令和7年度", "{r}");
    let assets = r["assets"]["total"].as_u64().unwrap();
    assert!(assets > 0, "the demo's register: {r}");
    assert!(r["audits"]["findings"].as_u64().unwrap() >= 6, "{r}");
    let (status, shown) = page(&ciso, &s, "/reports/annual?year=2025").await;
    assert_eq!(status, 200);
    assert!(
        shown.contains("令和7年度 情報セキュリティ年次報告"),
        "{shown}"
    );
    assert!(
        shown.contains("<svg class=\"chart\""),
        "charts drawn on the server"
    );
    assert!(shown.contains("総括"), "the committee's text");

    let pdf = ciso
        .get(s.url("/reports/annual/2025.pdf"))
        .send()
        .await
        .unwrap();
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let file = db.dir.path().join("annual.pdf");
    std::fs::write(&file, pdf.bytes().await.unwrap()).unwrap();
    if let Some(text) = mamori_testkit::pdf::text(&file) {
        assert!(
            text.contains("令和7年度 情報セキュリティ年次報告"),
            "{text}"
        );
        // pdftotext gives a table's cells one after another: the label, then its figure.
        let mut cells = text.lines().map(str::trim).filter(|l| !l.is_empty());
        let figure = cells
            .find(|l| *l == "情報資産の件数")
            .and_then(|_| cells.next());
        assert_eq!(
            figure,
            Some(assets.to_string().as_str()),
            "the PDF's figure is the API's"
        );
    }
    let xlsx = ciso
        .get(s.url("/reports/annual/2025.xlsx"))
        .send()
        .await
        .unwrap();
    assert_eq!(xlsx.status(), 200);
    assert!(
        xlsx.bytes().await.unwrap().starts_with(b"PK"),
        "an Excel (zip) file"
    );

    // The command line writes the same report.
    let out = db.dir.path().join("cli.pdf");
    let (ok, _, err) = db.run(&[
        "report",
        "annual",
        "--year",
        "2025",
        "--format",
        "pdf",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(ok, "{err}");
    if let Some(text) = mamori_testkit::pdf::text(&out) {
        assert!(text.contains("情報セキュリティ年次報告"), "{text}");
    }
    let (ok, _, err) = db.run(&[
        "report",
        "annual",
        "--year",
        "2099",
        "--output",
        out.to_str().unwrap(),
    ]);
    assert!(!ok && err.contains("year"), "{err}");

    // The committee's decision numbers are offered where a record cites one.
    let decisions = json(&ciso, &s, "/api/v1/committee/decisions").await;
    let number = decisions[0]["number"].as_str().unwrap().to_owned();
    let exceptions = json(&ciso, &s, "/api/v1/exceptions?standing=pending").await;
    let id = exceptions["items"][0]["id"].as_str().unwrap().to_owned();
    let (_, shown) = page(&ciso, &s, &format!("/exceptions/{id}")).await;
    assert!(shown.contains("list=\"committee-decisions\""), "{shown}");
    assert!(
        shown.contains(&format!("<option value=\"{number}\">")),
        "{shown}"
    );

    let (status, shown) = page(&ciso, &s, "/reports/annual?year=2099").await;
    assert_eq!(status, 200);
    assert!(shown.contains("id=\"report-problems\""), "{shown}");
    let staff = client();
    sign_in(&staff, &s, "staff").await;
    let r = staff
        .get(s.url("/api/v1/reports/annual?year=2025"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 403);
}

//! The annual report through the use cases, on SQLite and PostgreSQL: a year with no
//! records is refused by field; an incident known in the year is counted in it (and
//! not as of a day before it was known); the sections are written, the report is
//! issued once the year has ended and is shown as issued from then on; staff outside
//! the committee are refused.

use mamori_app::AppError;
use mamori_app::incidents::ReportInput;
use mamori_domain::review::annual::Sections;

use crate::common::{envs, fields, signed_in, staff};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_years_report_counts_its_records_and_is_issued_once() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        let cli = app.cli_actor(None, "test").await.unwrap();
        e.clock.set("2025-06-02T00:00:00Z".parse().unwrap());
        // Nothing recorded yet: the year has no data.
        let err = app.annual_report(&cli, 2025, None).await.unwrap_err();
        assert_eq!(fields(err), ["year"], "[{name}]");
        let reporter = signed_in(app, &cli, staff("A001", "報告 者", ""), "reporter", &[]).await;
        app.report_incident(
            &reporter,
            &ReportInput {
                title: "住民票の写しを別の住民に郵送した".into(),
                category: "誤送信".into(),
                known_at: "2025-06-01 10:00".into(),
                personal_data: "1".into(),
                persons: "1".into(),
                ..ReportInput::default()
            },
        )
        .await
        .unwrap();
        e.clock.set("2026-05-20T00:00:00Z".parse().unwrap());
        let page = app.annual_report(&cli, 2025, None).await.unwrap();
        let r = &page.report;
        assert_eq!(
            (r.label_ja.as_str(), r.year.as_of.to_string().as_str()),
            ("令和7年度", "2026-03-31"),
            "[{name}]"
        );
        assert_eq!(
            (r.incidents.total, r.incidents.personal_data),
            (1, 1),
            "[{name}]"
        );
        let misdelivery = r
            .incidents
            .by_category
            .iter()
            .find(|f| f.label_ja.contains("誤送信"))
            .unwrap();
        assert_eq!(
            (misdelivery.count, misdelivery.percent),
            (1, Some(100)),
            "[{name}]"
        );
        // Restricted details never travel with the report: counts only.
        let json = serde_json::to_string(r).unwrap();
        assert!(
            !json.contains("住民票"),
            "[{name}] the incident's title is not in the report"
        );
        // As of a day before the incident was known, the year has nothing yet.
        let early = chrono::NaiveDate::from_ymd_opt(2025, 5, 31);
        assert_eq!(
            fields(app.annual_report(&cli, 2025, early).await.unwrap_err()),
            ["year"],
            "[{name}]"
        );
        // The next year has not ended: it cannot be issued; this one needs its overview.
        assert!(!page.may_issue, "[{name}] no overview yet");
        let err = app.issue_annual_report(&cli, 2025).await.unwrap_err();
        assert_eq!(fields(err), ["overview"], "[{name}]");
        let sections = Sections {
            overview: "誤送信が1件あった。".into(),
            ..Sections::default()
        };
        app.save_report_sections(&cli, 2025, sections.clone())
            .await
            .unwrap();
        let too_long = Sections {
            evaluation: "あ".repeat(20_001),
            ..Sections::default()
        };
        let err = app
            .save_report_sections(&cli, 2025, too_long)
            .await
            .unwrap_err();
        assert_eq!(fields(err), ["evaluation"], "[{name}]");
        let issued = app.issue_annual_report(&cli, 2025).await.unwrap();
        assert_eq!(
            issued.issued_on.map(|d| d.to_string()),
            Some("2026-05-20".into()),
            "[{name}]"
        );
        // Issued: shown as it was, and nothing changes it.
        e.clock.set("2026-06-01T00:00:00Z".parse().unwrap());
        let again = app.annual_report(&cli, 2025, None).await.unwrap();
        assert_eq!(
            again.report, issued,
            "[{name}] the issued report is the one kept"
        );
        assert!(!again.may_write && !again.may_issue, "[{name}]");
        assert_eq!(
            fields(
                app.save_report_sections(&cli, 2025, sections)
                    .await
                    .unwrap_err()
            ),
            ["year"],
            "[{name}]"
        );
        assert_eq!(
            fields(app.issue_annual_report(&cli, 2025).await.unwrap_err()),
            ["year"],
            "[{name}]"
        );
        // A year not begun, and someone outside the committee.
        assert_eq!(
            fields(app.annual_report(&cli, 2027, None).await.unwrap_err()),
            ["year"],
            "[{name}]"
        );
        assert!(
            matches!(
                app.annual_report(&reporter, 2025, None).await,
                Err(AppError::Forbidden)
            ),
            "[{name}]"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_posture_is_taken_once_a_year_and_opens_the_next_report() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        e.clock.set("2026-04-01T00:00:00Z".parse().unwrap());
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let mut messages = Vec::new();
        for _ in 0..2 {
            app.run_job_soon(&cli, "risks.posture").await.unwrap();
            let run = app.run_job_if_due("risks.posture").await.unwrap().unwrap();
            assert!(run.ok, "[{name}] {}", run.message);
            messages.push(run.message);
        }
        assert_eq!(
            messages,
            ["1 postures taken", "0 postures taken"],
            "[{name}] once a year"
        );
    }
}

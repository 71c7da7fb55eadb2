//! An insider case stays within its circle.

use super::*;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_insider_case_stays_within_its_circle() {
    for e in envs().await {
        let name = e.name;
        let app = &e.app;
        let p = people(&e).await;
        let r = app
            .report_incident(
                &p.reporter,
                &ReportInput {
                    title: "職員が台帳を私物の USB に複製した疑い".into(),
                    category: "内部不正".into(),
                    known_at: "2026-03-31 09:00".into(),
                    ..ReportInput::default()
                },
            )
            .await
            .unwrap();
        for who in [&p.csirt, &p.officer, &p.colleague] {
            assert!(visible(app, who).await.is_empty(), "[{name}] {}", who.label);
            assert!(matches!(
                app.incident_detail(who, r.id).await,
                Err(AppError::NotFound)
            ));
            assert!(
                inbox_subjects(app, who).await.is_empty(),
                "[{name}] {} not told",
                who.label
            );
        }
        assert_eq!(visible(app, &p.ciso).await, std::slice::from_ref(&r.number));
        // Linked to a risk, it is counted there for the officer, never named.
        let cli = app.cli_actor(None, "test").await.unwrap();
        let risk = app
            .create_risk(
                &cli,
                &RiskInput {
                    title: "台帳の不正な複製".into(),
                    threat: "T-MISSEND".into(),
                    ..RiskInput::default()
                },
            )
            .await
            .unwrap();
        let link = PreventionInput {
            target: risk.number.clone(),
            note: String::new(),
        };
        app.link_prevention(&p.ciso, r.id, &link).await.unwrap();
        let behind = app
            .incidents_behind(&p.officer, "risk", risk.id)
            .await
            .unwrap();
        assert!(behind.shown.is_empty(), "[{name}]");
        assert_eq!(behind.hidden, 1, "[{name}]");
        assert!(
            !inbox_subjects(app, &p.ciso).await.is_empty(),
            "[{name}] the CISO is told"
        );
        assert_eq!(visible(app, &p.reporter).await, [r.number]);
    }
}

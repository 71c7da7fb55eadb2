//! The laws and obligations register through the use cases, on SQLite and PostgreSQL:
//! a new organization starts with the standard set, and seeding again adds nothing;
//! the owning department keeps its law (obligations linked to controls, amendments,
//! reviews) and no one else's; an amendment opens a review and tells the owners, a
//! review takes it in; the compliance view lists obligations nothing meets; the daily
//! job reminds the owners a month before the next review; bad input names its field
//! and writes nothing.

use mamori_app::AppError;
use mamori_app::compliance::laws::{
    AmendmentInput, LawInput, LawQuery, LawReviewInput, ObligationInput,
};
use mamori_app::controls::AppliedControlInput;
use mamori_app::departments::DepartmentInput;
use mamori_domain::law::Review;
use mamori_domain::law::standard::STANDARD;

use crate::common::{envs, fields, signed_in, staff, subjects};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_owning_department_keeps_its_law_and_the_compliance_view_shows_the_gaps() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let all = LawQuery::default();

        // The standard set is there from the start, every obligation still unmet.
        let seeded = app.laws(&cli, &all).await.unwrap();
        assert_eq!(seeded.len(), STANDARD.len(), "[{name}]");
        assert!(seeded.iter().all(|l| l.review == Review::Unscheduled));
        let duties: usize = STANDARD.iter().map(|s| s.obligations.len()).sum();
        let c = app.law_counts(&cli).await.unwrap();
        assert_eq!((c.obligations, c.unlinked), (duties, duties), "[{name}]");
        assert_eq!(app.seed_standard_laws(&cli).await.unwrap(), 0, "[{name}]");
        assert_eq!(app.laws(&cli, &all).await.unwrap().len(), STANDARD.len());

        let d = DepartmentInput {
            code: "110".into(),
            name: "総務課".into(),
            ..DepartmentInput::default()
        };
        let soumu = app.create_department(&cli, &d).await.unwrap().id;
        let officer = signed_in(
            app,
            &cli,
            staff("S-1", "総務 一郎", "110"),
            "officer",
            &[("department-officer", "110")],
        )
        .await;
        let member = signed_in(
            app,
            &cli,
            staff("S-2", "委員 花子", ""),
            "member",
            &[("committee", "")],
        )
        .await;
        let clerk = signed_in(app, &cli, staff("S-3", "総務 三郎", "110"), "clerk", &[]).await;

        // A law needs a title, a sensible cycle and somewhere it applies.
        let input = LawInput {
            title: "みどり市情報公開条例".into(),
            kind: "条例".into(),
            reference: "平成13年みどり市条例第5号".into(),
            owner_department: Some(soumu),
            applies_all: true,
            departments: Vec::new(),
            review_months: 12,
            next_review: String::new(),
            notes: String::new(),
        };
        let bad = LawInput {
            title: " ".into(),
            review_months: 0,
            applies_all: false,
            ..input.clone()
        };
        assert_eq!(
            fields(app.create_law(&cli, &bad).await.unwrap_err()),
            ["title", "review_months", "departments"],
            "[{name}]"
        );
        assert!(matches!(
            app.create_law(&officer, &input).await,
            Err(AppError::Forbidden)
        ));
        assert_eq!(app.laws(&cli, &all).await.unwrap().len(), STANDARD.len());
        let id = app.create_law(&cli, &input).await.unwrap();

        // Its department links an obligation to the control that meets it; a rule that
        // does not exist is refused by field.
        let duty = ObligationInput {
            article: "第11条".into(),
            duty: "開示請求から15日以内に開示するかどうかを決める。".into(),
            links: vec!["AC-9999".into()],
        };
        assert_eq!(
            fields(app.add_obligation(&officer, id, &duty).await.unwrap_err()),
            ["links"],
            "[{name}]"
        );
        let duty = ObligationInput {
            links: vec![
                "mic-guideline:MIC-2.2.2".into(),
                "ｍｉｃ-guideline:MIC-2.2.2".into(),
            ],
            ..duty
        };
        let oid = app.add_obligation(&officer, id, &duty).await.unwrap();
        let seen = app.law(&officer, id).await.unwrap();
        assert_eq!(seen.obligations.len(), 1);
        assert_eq!(seen.obligations[0].links.len(), 1, "once, canonical");
        assert_eq!(seen.obligations[0].links[0].rule, "mic-guideline:MIC-2.2.2");
        assert!(seen.can_edit && !seen.can_manage);
        let blank = ObligationInput {
            article: String::new(),
            duty: String::new(),
            links: Vec::new(),
        };
        assert_eq!(
            fields(app.add_obligation(&officer, id, &blank).await.unwrap_err()),
            ["article", "duty"]
        );

        // Nobody else keeps it: the committee reads it, a clerk does not even read.
        assert!(app.law(&member, id).await.is_ok());
        assert!(matches!(
            app.add_obligation(&member, id, &duty).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.laws(&clerk, &all).await,
            Err(AppError::Forbidden)
        ));
        let appi = seeded
            .iter()
            .find(|l| l.reference == "平成15年法律第57号")
            .unwrap();
        assert!(matches!(
            app.add_obligation(&officer, appi.id, &duty).await,
            Err(AppError::Forbidden)
        ));

        // The control that implements the catalog control shows the obligation.
        let control = app
            .save_applied_control(
                &officer,
                None,
                &AppliedControlInput {
                    name: "個人情報の利用と保管の制限".into(),
                    category: "organizational".into(),
                    department: "110".into(),
                    implements: vec!["mic-guideline:MIC-2.2.2".into()],
                    ..AppliedControlInput::default()
                },
            )
            .await
            .unwrap();
        let met = app
            .obligations_for_control(&member, control.id)
            .await
            .unwrap();
        assert_eq!(
            met.iter().map(|o| o.id).collect::<Vec<_>>(),
            [oid],
            "[{name}]"
        );
        assert!(
            app.obligations_for_control(&clerk, control.id)
                .await
                .unwrap()
                .is_empty()
        );

        // The compliance view: the new obligation is met, the seeded ones are not.
        let view = app.laws_compliance(&member).await.unwrap();
        assert_eq!(view.unlinked.len(), duties, "[{name}]");
        assert!(!view.unlinked.iter().any(|o| o.id == oid));

        // An amendment opens a review and tells the owning department.
        let wrong = AmendmentInput {
            promulgated_on: "2026-03-20".into(),
            effective_on: "2026-03-01".into(),
            reference: String::new(),
            summary: "開示決定の期限を改めた。".into(),
        };
        assert_eq!(
            fields(app.record_amendment(&cli, id, &wrong).await.unwrap_err()),
            ["effective_on"]
        );
        let amendment = AmendmentInput {
            effective_on: "2026-07-01".into(),
            ..wrong
        };
        app.record_amendment(&cli, id, &amendment).await.unwrap();
        let law = app.law(&officer, id).await.unwrap();
        assert_eq!(law.law.review, Review::Amended, "[{name}]");
        assert!(law.amendments[0].open);
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "みどり市情報公開条例が改正されました（LAW-0015）"),
            "[{name}] {:?}",
            subjects(app, &officer).await
        );
        let wants = LawQuery {
            review: Some("wants_review".into()),
            ..LawQuery::default()
        };
        assert!(
            app.laws(&member, &wants)
                .await
                .unwrap()
                .iter()
                .any(|l| l.id == id)
        );

        // A review cannot be dated ahead; recorded today it takes the amendment in.
        let future = LawReviewInput {
            reviewed_on: "2026-04-02".into(),
            finding: "第11条の期限を確認した。".into(),
        };
        assert_eq!(
            fields(
                app.record_law_review(&officer, id, &future)
                    .await
                    .unwrap_err()
            ),
            ["reviewed_on"]
        );
        let review = LawReviewInput {
            reviewed_on: "令和8年4月1日".into(),
            ..future
        };
        app.record_law_review(&officer, id, &review).await.unwrap();
        let law = app.law(&officer, id).await.unwrap();
        assert_eq!(law.law.review, Review::Current, "[{name}]");
        assert!(!law.amendments[0].open);
        assert_eq!(law.reviews[0].amendments, 1);
        assert_eq!(law.law.next_review.unwrap().to_string(), "2027-04-01");

        // A month before the next review the owners are reminded.
        e.clock.advance(chrono::Duration::days(335));
        app.run_due_jobs().await.unwrap();
        assert!(
            subjects(app, &officer)
                .await
                .iter()
                .any(|s| s == "みどり市情報公開条例の見直しまであと30日です"),
            "[{name}]"
        );

        // Repealed: only the top officers; then out of the list and the counts.
        assert!(matches!(
            app.set_law_repealed(&officer, id, true).await,
            Err(AppError::Forbidden)
        ));
        app.set_law_repealed(&cli, id, true).await.unwrap();
        assert!(
            !app.laws(&member, &all)
                .await
                .unwrap()
                .iter()
                .any(|l| l.id == id)
        );
        assert_eq!(app.law_counts(&member).await.unwrap().laws, STANDARD.len());
        let repealed = LawQuery {
            review: Some("repealed".into()),
            ..LawQuery::default()
        };
        assert_eq!(app.laws(&member, &repealed).await.unwrap().len(), 1);
        assert!(
            app.obligations_for_control(&member, control.id)
                .await
                .unwrap()
                .is_empty()
        );

        // The export has a line per obligation.
        let rows = app.laws_table(&member, &all).await.unwrap();
        assert_eq!(rows.len(), duties, "[{name}]");
    }
}

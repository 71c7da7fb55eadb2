//! The calendar of what is due through the use cases, on SQLite and PostgreSQL: each
//! person sees what they owe (a control they own; a department's dates for its officers
//! and managers), a department's officer sees the department's, the CISO sees all,
//! overdue first; a department or the whole organization is refused to others; bad
//! filters are refused by field; reminders go out on their lead days and, the day
//! after a date passed, to the officer above as well; a feed's secret opens only its
//! user's dates, and revoking it closes it.

use mamori_app::App;
use mamori_app::AppError;
use mamori_app::controls::AppliedControlInput;
use mamori_app::review::due::DueQuery;
use mamori_app::risks::RiskInput;
use mamori_domain::review::due::{DueKind, Standing};

use crate::common::{departments, envs, fields, signed_in, staff, subjects};

fn scope(scope: &str, department: &str) -> DueQuery {
    DueQuery {
        scope: Some(scope.into()),
        department: Some(department.into()),
        ..DueQuery::default()
    }
}

async fn kinds(app: &App, actor: &mamori_app::authz::Actor, q: &DueQuery) -> Vec<DueKind> {
    app.due(actor, q)
        .await
        .unwrap()
        .items
        .iter()
        .map(|i| i.kind)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_person_sees_what_they_owe_and_is_reminded_of_it() {
    for e in envs().await {
        let (app, name) = (&e.app, e.name);
        e.clock.set("2026-05-11T00:00:00Z".parse().unwrap());
        let cli = app.cli_actor(None, "test").await.unwrap();
        departments(
            app,
            &cli,
            &[("300", "市民生活部", ""), ("310", "市民課", "300")],
        )
        .await;
        let officer = signed_in(
            app,
            &cli,
            staff("O-1", "部長 一郎", "300"),
            "officer",
            &[("department-officer", "300")],
        )
        .await;
        let manager = signed_in(
            app,
            &cli,
            staff("M-1", "課長 二郎", "310"),
            "manager",
            &[("section-manager", "310")],
        )
        .await;
        let owner = signed_in(app, &cli, staff("P-1", "担当 三郎", "310"), "owner", &[]).await;
        let control = |name: &str, owner: &str, due: &str, review: &str| AppliedControlInput {
            name: name.into(),
            department: "310".into(),
            owner: owner.into(),
            due_on: due.into(),
            review_on: review.into(),
            category: "technical".into(),
            ..AppliedControlInput::default()
        };
        let late = app
            .save_applied_control(&cli, None, &control("窓口の施錠", "P-1", "2026-05-10", ""))
            .await
            .unwrap();
        app.save_applied_control(&cli, None, &control("画面ロック", "", "", "2026-06-10"))
            .await
            .unwrap();
        let risk = RiskInput {
            title: "窓口での誤送信".into(),
            threat: "T-MISSEND".into(),
            department: "310".into(),
            review_on: "2026-05-18".into(),
            ..RiskInput::default()
        };
        app.create_risk(&cli, &risk).await.unwrap();

        // Each sees their own.
        let mine = app.due(&owner, &DueQuery::default()).await.unwrap();
        assert_eq!(
            mine.items
                .iter()
                .map(|i| (i.kind, i.standing))
                .collect::<Vec<_>>(),
            [(DueKind::ControlDue, Standing::Overdue)],
            "[{name}]"
        );
        assert_eq!(mine.items[0].href, format!("/controls/{}", late.id));
        assert_eq!(mine.overdue, 1);
        assert_eq!(
            kinds(app, &manager, &DueQuery::default()).await,
            [DueKind::RiskReview, DueKind::ControlReview],
            "the department's dates, not the owner's [{name}]"
        );
        let dept = kinds(app, &officer, &scope("department", "310")).await;
        assert_eq!(dept.len(), 3, "[{name}] {dept:?}");
        assert_eq!(dept[0], DueKind::ControlDue, "overdue first");
        assert_eq!(kinds(app, &cli, &scope("all", "")).await.len(), 3);
        assert!(matches!(
            app.due(&officer, &scope("all", "")).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.due(&owner, &scope("department", "310")).await,
            Err(AppError::Forbidden)
        ));
        let bad = DueQuery {
            until: Some("2020-01-01".into()),
            kind: Some("birthday".into()),
            ..DueQuery::default()
        };
        let mut refused = fields(app.due(&owner, &bad).await.unwrap_err());
        refused.sort();
        assert_eq!(refused, ["kind", "until"], "[{name}]");

        // The day after the control's date: its owner, and the officer above, hear of
        // it; the manager is told of the department's control review 30 days ahead.
        app.prepare_jobs().await.unwrap();
        app.run_job_soon(&cli, "due.reminders").await.unwrap();
        let ran = app.run_job_if_due("due.reminders").await.unwrap();
        assert!(ran.is_some_and(|r| r.ok), "[{name}]");
        let to_owner = subjects(app, &owner).await;
        assert!(
            to_owner.iter().any(|s| s.contains("窓口の施錠")),
            "{to_owner:?}"
        );
        let to_officer = subjects(app, &officer).await;
        assert!(
            to_officer
                .iter()
                .any(|s| s.starts_with("期限切れ") && s.contains("窓口の施錠")),
            "escalated [{name}]: {to_officer:?}"
        );
        let to_manager = subjects(app, &manager).await;
        assert!(
            to_manager.iter().any(|s| s.contains("画面ロック")),
            "{to_manager:?}"
        );
        assert!(
            !to_manager.iter().any(|s| s.contains("窓口の施錠")),
            "the owner's date goes to the owner [{name}]"
        );

        // The feed opens its user's dates only, until revoked.
        let secret = app.open_due_feed(&owner).await.unwrap();
        let (list, _) = app.due_feed(&secret, "test").await.unwrap();
        assert_eq!(list.items.len(), 1, "[{name}]");
        assert!(app.due_feed_state(&owner).await.unwrap().active);
        let renewed = app.open_due_feed(&owner).await.unwrap();
        assert!(matches!(
            app.due_feed(&secret, "test").await,
            Err(AppError::NotFound)
        ));
        app.revoke_due_feed(&owner).await.unwrap();
        assert!(matches!(
            app.due_feed(&renewed, "test").await,
            Err(AppError::NotFound)
        ));
    }
}

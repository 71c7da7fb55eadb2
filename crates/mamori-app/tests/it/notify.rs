//! Notices and mail through the use cases, against a real SMTP server (aiosmtpd) and
//! on SQLite and PostgreSQL: a role given reaches the person's inbox and their mail
//! box; mail queued while the server is down arrives after it returns; a refused
//! recipient fails that mail with the server's answer and can be resent; the morning
//! digest gathers a day's notices; jobs run once across two servers, and a dead
//! holder's lease runs out.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use chrono::Duration;
use mamori_app::authz::Actor;
use mamori_app::clock::SeededRandom;
use mamori_app::notify::NoticePrefsInput;
use mamori_app::roles::RoleInput;
use mamori_app::staff::StaffInput;
use mamori_app::{App, AppConfig, AppError, Clock, PageRequest};
use mamori_testkit::smtp::SmtpServer;

use crate::common::{Env, envs, signed_in, with_mail};

/// A staff member with an account and this address, signed in.
async fn person(app: &App, cli: &Actor, number: &str, login: &str, email: &str) -> Actor {
    let staff = StaffInput {
        employee_number: number.into(),
        name: "通知 花子".into(),
        email: email.into(),
        ..StaffInput::default()
    };
    signed_in(app, cli, staff, login, &[]).await
}

fn csirt() -> RoleInput {
    RoleInput {
        role: "csirt".into(),
        ..RoleInput::default()
    }
}

async fn outbox_counts(app: &App, cli: &Actor) -> (u64, u64) {
    let c = app.outbox_counts(cli).await.unwrap();
    (c.pending, c.failed)
}

/// Runs the jobs that are due, a few seconds on, as the server's loop would.
async fn tick(e: &Env, app: &App) -> Vec<String> {
    e.clock.advance(Duration::seconds(6));
    app.run_due_jobs()
        .await
        .unwrap()
        .into_iter()
        .map(|r| format!("{}: {}", r.name, r.message))
        .collect()
}

fn parse(raw: &str) -> mail_parser::Message<'_> {
    mail_parser::MessageParser::default()
        .parse(raw.as_bytes())
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_role_given_reaches_the_inbox_and_the_mail_box_even_through_an_outage() {
    let Some(mut smtp) = SmtpServer::start() else {
        return;
    };
    for e in envs().await {
        let n = smtp.messages().len();
        let app = with_mail(&e.app, &smtp);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let hanako = person(&app, &cli, "N-1", "hanako", "hanako@city.example.lg.jp").await;

        let granted = app
            .assign_role(&cli, hanako.staff_id.unwrap(), &csirt())
            .await
            .unwrap();
        assert_eq!(
            app.unread_notices(&hanako).await.unwrap(),
            1,
            "[{}]",
            e.name
        );
        let inbox = app
            .inbox(&hanako, "ja", false, PageRequest::default())
            .await
            .unwrap();
        assert_eq!(inbox.items[0].subject, "CSIRT要員に任命されました");
        assert_eq!(inbox.items[0].kind, "role.granted");
        assert_eq!(outbox_counts(&app, &cli).await, (1, 0));

        // The job sends it: the real server holds a Japanese subject and body.
        let ran = tick(&e, &app).await;
        assert!(
            ran.iter().any(|r| r.starts_with("mail.send: sent 1")),
            "{ran:?}"
        );
        let got = smtp.wait_for(n + 1, StdDuration::from_secs(5));
        let m = parse(&got[n]);
        assert_eq!(m.subject(), Some("[Mamori] CSIRT要員に任命されました"));
        assert_eq!(
            m.to().and_then(|a| a.first()).and_then(|a| a.address()),
            Some("hanako@city.example.lg.jp")
        );
        assert!(
            m.body_text(0)
                .unwrap()
                .contains("「CSIRT要員」の役割が付与されました")
        );
        assert!(
            got[n].contains("Content-Type: text/plain; charset=utf-8"),
            "{}",
            got[n]
        );
        assert_eq!(outbox_counts(&app, &cli).await, (0, 0));

        // The server goes away: the removal's mail waits, and a try is recorded.
        smtp.stop();
        app.remove_role(&cli, granted.id).await.unwrap();
        let ran = tick(&e, &app).await;
        assert!(
            ran.iter().any(|r| r.contains("could not be reached")),
            "[{}] {ran:?}",
            e.name
        );
        let pending = app
            .outbox(&cli, "pending", PageRequest::default())
            .await
            .unwrap();
        assert_eq!(pending.total, 1);
        assert!(
            pending.items[0]
                .last_error
                .as_deref()
                .unwrap_or("")
                .contains("connect"),
            "{:?}",
            pending.items[0].last_error
        );

        // Back again: after the wait it goes, and nothing is lost.
        smtp.start_again();
        e.clock.advance(Duration::minutes(2));
        let ran = tick(&e, &app).await;
        assert!(
            ran.iter().any(|r| r.starts_with("mail.send: sent 1")),
            "{ran:?}"
        );
        let got = smtp.wait_for(n + 2, StdDuration::from_secs(5));
        assert_eq!(
            parse(&got[n + 1]).subject(),
            Some("[Mamori] CSIRT要員の役割が解除されました")
        );
        assert_eq!(outbox_counts(&app, &cli).await, (0, 0));
        assert_eq!(app.unread_notices(&hanako).await.unwrap(), 2);
        assert_eq!(app.mark_all_notices_read(&hanako).await.unwrap(), 2);
        assert_eq!(app.unread_notices(&hanako).await.unwrap(), 0);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_recipient_fails_at_once_with_the_answer_and_can_be_resent() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    for e in envs().await {
        let app = with_mail(&e.app, &smtp);
        app.prepare_jobs().await.unwrap();
        let cli = app.cli_actor(None, "test").await.unwrap();
        let who = person(
            &app,
            &cli,
            "N-2",
            "rejected",
            "reject.me@city.example.lg.jp",
        )
        .await;
        app.assign_role(&cli, who.staff_id.unwrap(), &csirt())
            .await
            .unwrap();
        tick(&e, &app).await;
        let failed = app
            .outbox(&cli, "failed", PageRequest::default())
            .await
            .unwrap();
        assert_eq!(failed.total, 1, "[{}]", e.name);
        let error = failed.items[0].last_error.clone().unwrap_or_default();
        assert!(
            error.contains("550") && error.contains("refused"),
            "{error}"
        );
        // The notice itself is still in the person's inbox.
        assert_eq!(app.unread_notices(&who).await.unwrap(), 1);

        assert_eq!(
            app.resend_mail(&cli, Some(failed.items[0].id))
                .await
                .unwrap(),
            1
        );
        assert_eq!(outbox_counts(&app, &cli).await, (1, 0));
        // Someone without the right sees neither the queue nor the resend.
        assert!(matches!(
            app.outbox_counts(&who).await,
            Err(AppError::Forbidden)
        ));
        assert!(matches!(
            app.resend_mail(&who, None).await,
            Err(AppError::Forbidden)
        ));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_digest_gathers_a_days_notices_into_one_morning_mail() {
    let Some(smtp) = SmtpServer::start() else {
        return;
    };
    for e in envs().await {
        let n = smtp.messages().len();
        let app = with_mail(&e.app, &smtp);
        let cli = app.cli_actor(None, "test").await.unwrap();
        let taro = person(&app, &cli, "N-3", "taro", "taro@city.example.lg.jp").await;
        // Refused: a kind that does not exist. Security notices cannot be turned off.
        let bad = NoticePrefsInput {
            mail: vec!["nonsense".into()],
            digest: true,
        };
        let Err(AppError::Invalid(inv)) = app.set_notice_prefs(&taro, &bad).await else {
            panic!("an unknown kind was accepted");
        };
        assert_eq!(inv.0[0].field, "mail");
        let prefs = app
            .set_notice_prefs(
                &taro,
                &NoticePrefsInput {
                    mail: vec!["role.granted".into(), "role.removed".into()],
                    digest: true,
                },
            )
            .await
            .unwrap();
        assert!(prefs.digest);
        assert!(
            prefs
                .kinds
                .iter()
                .any(|k| k.kind == "account.security" && k.mail && k.required)
        );
        assert!(prefs.kinds.iter().any(|k| k.kind == "test" && !k.mail));

        // 2026-04-01 09:00 JST: two roles in the day, no mail yet.
        app.prepare_jobs().await.unwrap();
        let staff = taro.staff_id.unwrap();
        app.assign_role(&cli, staff, &csirt()).await.unwrap();
        let auditor = RoleInput {
            role: "auditor".into(),
            ..RoleInput::default()
        };
        app.assign_role(&cli, staff, &auditor).await.unwrap();
        tick(&e, &app).await;
        assert_eq!(outbox_counts(&app, &cli).await, (0, 0), "[{}]", e.name);
        assert_eq!(smtp.messages().len(), n);

        // The next morning at 08:00 JST, one mail with both.
        e.clock.advance(Duration::hours(23));
        tick(&e, &app).await;
        tick(&e, &app).await;
        let got = smtp.wait_for(n + 1, StdDuration::from_secs(5));
        assert_eq!(got.len(), n + 1, "[{}]", e.name);
        let m = parse(&got[n]);
        assert_eq!(m.subject(), Some("[Mamori] 本日の通知（2 件）"));
        let body = m.body_text(0).unwrap();
        assert!(
            body.contains("CSIRT要員に任命されました") && body.contains("監査人に任命されました")
        );
        // A second morning has nothing to gather.
        e.clock.advance(Duration::days(1));
        tick(&e, &app).await;
        assert_eq!(smtp.messages().len(), n + 1);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_job_runs_once_across_two_servers_and_a_dead_holders_lease_runs_out() {
    for e in envs().await {
        let a = e.app.clone();
        let b = App::new(
            e.db.clone(),
            e.clock.clone(),
            Arc::new(SeededRandom::new(8)),
            AppConfig::default(),
        );
        a.prepare_jobs().await.unwrap();
        b.prepare_jobs().await.unwrap();
        let (ra, rb) = tokio::join!(
            a.run_job_if_due("housekeeping"),
            b.run_job_if_due("housekeeping")
        );
        let ran = [ra.unwrap(), rb.unwrap()];
        assert_eq!(ran.iter().flatten().count(), 1, "[{}] {ran:?}", e.name);
        let cli = a.cli_actor(None, "test").await.unwrap();
        let runs = |jobs: Vec<mamori_app::jobs::JobView>| {
            jobs.into_iter().find(|j| j.name == "housekeeping").unwrap()
        };
        let hk = runs(a.jobs(&cli).await.unwrap());
        assert_eq!((hk.runs, hk.last_ok), (1, Some(true)));

        // Not again until its period has passed.
        e.clock.advance(Duration::minutes(9));
        assert!(b.run_job_if_due("housekeeping").await.unwrap().is_none());
        e.clock.advance(Duration::minutes(1));

        // A server takes it and dies holding it: nobody runs it until the lease ends.
        let now = e.clock.now();
        let db = e.db.conn();
        assert!(
            mamori_store::jobs::try_acquire(
                db,
                "housekeeping",
                "dead",
                now,
                now + Duration::minutes(15)
            )
            .await
            .unwrap()
        );
        assert!(a.run_job_if_due("housekeeping").await.unwrap().is_none());
        assert!(b.run_job_if_due("housekeeping").await.unwrap().is_none());
        assert!(runs(a.jobs(&cli).await.unwrap()).running);
        e.clock.advance(Duration::minutes(16));
        let took_over = b.run_job_if_due("housekeeping").await.unwrap();
        assert!(took_over.is_some_and(|r| r.ok), "[{}]", e.name);
        assert_eq!(runs(a.jobs(&cli).await.unwrap()).runs, 2);

        // "Run now" makes it due at once, and is audited.
        a.run_job_soon(&cli, "housekeeping").await.unwrap();
        assert!(a.run_job_if_due("housekeeping").await.unwrap().is_some());
        assert!(matches!(
            a.run_job_soon(&cli, "nope").await,
            Err(AppError::NotFound)
        ));
    }
}

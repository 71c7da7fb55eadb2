//! Security events through the use cases, on SQLite and PostgreSQL: a webhook source
//! and a rule draft an incident from an EDR alert; repeats fold; later matches from
//! the same host join the same incident; wrong credentials and bad bodies store
//! nothing; a flood of identical events is one row; the purge keeps the retention and
//! is audited once. Syslog lines over UDP and TCP do the same from known senders.

mod syslog;

use chrono::Duration;
use mamori_app::App;
use mamori_app::authz::Actor;
use mamori_app::events::{EventQuery, EventSettingsInput, RuleInput, SourceInput, WebhookRefusal};
use mamori_app::incidents::IncidentQuery;
use mamori_app::{Clock, PageRequest};
use mamori_domain::event::signature::{Credential, sign};

use crate::common::{Env, envs, signed_in};
use crate::incidents::staff;

pub(super) struct Team {
    pub csirt: Actor,
    pub clerk: Actor,
}

pub(super) async fn team(app: &App) -> Team {
    let cli = app.cli_actor(None, "test").await.unwrap();
    Team {
        csirt: signed_in(
            app,
            &cli,
            staff("2001", "対応 次郎", ""),
            "jiro",
            &[("csirt", "")],
        )
        .await,
        clerk: signed_in(app, &cli, staff("1002", "職員 太郎", ""), "taro", &[]).await,
    }
}

pub(super) fn ransomware_rule() -> RuleInput {
    RuleInput {
        name: "ランサムウェア検知".into(),
        min_severity: "err".into(),
        pattern: "ransom".into(),
        action: "draft".into(),
        category: "malware".into(),
        severity: "high".into(),
        ..RuleInput::default()
    }
}

async fn stored(app: &App, who: &Actor) -> Vec<(String, String, i64)> {
    app.events(
        who,
        &EventQuery::default(),
        PageRequest::new(None, Some(200)),
    )
    .await
    .unwrap()
    .items
    .into_iter()
    .map(|e| (e.host, e.message, e.repeats))
    .collect()
}

async fn drafted(app: &App, who: &Actor) -> Vec<String> {
    app.incidents(who, &IncidentQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|r| r.number)
        .collect()
}

#[tokio::test]
async fn webhook_events_draft_an_incident_fold_repeats_and_join_it() {
    for e in envs().await {
        run(&e).await;
    }
}

async fn run(e: &Env) {
    let (app, name) = (&e.app, e.name);
    let t = team(app).await;
    // The scheduler learns of the daily purge now; it first runs at the next 03:30.
    app.prepare_jobs().await.unwrap();
    let created = app
        .create_event_source(
            &t.csirt,
            &SourceInput {
                name: "EDR".into(),
                kind: "webhook".into(),
                ..SourceInput::default()
            },
        )
        .await
        .unwrap();
    let secret = created.secret.clone().unwrap();
    let id = created.source.id;
    assert!(
        created
            .source
            .webhook_path
            .unwrap()
            .ends_with(&id.to_string())
    );
    app.create_event_rule(&t.csirt, &ransomware_rule())
        .await
        .unwrap();
    // Nobody may read events without the right; the clerk may not add sources.
    assert!(
        app.events(&t.clerk, &EventQuery::default(), PageRequest::default())
            .await
            .is_err()
    );
    assert!(
        app.create_event_source(&t.clerk, &SourceInput::default())
            .await
            .is_err()
    );

    let body = br#"[
        {"host":"pc-12","severity":"critical","message":"Ransomware behaviour blocked: encrypt.exe"},
        {"host":"pc-12","severity":"info","message":"definition update"},
        {"host":"pc-12","severity":"critical","message":"Ransomware behaviour blocked: encrypt.exe"}
    ]"#;
    let r = app
        .receive_webhook(id, Credential::Bearer(&secret), body)
        .await
        .unwrap();
    assert_eq!(
        (r.accepted, r.stored, r.folded, r.drafted.len()),
        (3, 2, 1, 1),
        "[{name}]"
    );
    let number = r.drafted[0].clone();
    assert_eq!(
        drafted(app, &t.csirt).await,
        vec![number.clone()],
        "[{name}]"
    );
    let found = app
        .incidents(&t.csirt, &IncidentQuery::default(), PageRequest::default())
        .await
        .unwrap()
        .items
        .remove(0);
    let detail = app.incident_detail(&t.csirt, found.id).await.unwrap();
    assert_eq!(detail.reporter.as_deref(), Some("監視: EDR"), "[{name}]");
    assert_eq!(detail.severity.map(|s| s.code()), Some("high"));
    assert_eq!(detail.events_total, 1);
    assert_eq!(
        detail.events[0].repeats, 2,
        "[{name}] the repeat counted on the first"
    );
    assert!(detail.title.contains("pc-12"));

    // Five minutes later another alert from the same host (its name in capitals this
    // time) joins the same incident.
    e.clock.advance(Duration::minutes(5));
    let t0 = e.clock.now().timestamp();
    let body = br#"{"host":"PC-12","severity":"alert","message":"Ransom note dropped"}"#;
    let signed = sign(&secret, t0, body);
    let r = app
        .receive_webhook(
            id,
            Credential::Signed {
                timestamp: &t0.to_string(),
                signature: &signed,
            },
            body,
        )
        .await
        .unwrap();
    assert_eq!((r.drafted.len(), r.attached), (0, 1), "[{name}]");
    let detail = app.incident_detail(&t.csirt, found.id).await.unwrap();
    assert_eq!(detail.events_total, 2);
    assert!(
        detail
            .timeline
            .iter()
            .any(|x| x.kind == "event" && x.body.contains("Ransom note")),
        "[{name}] the timeline says events joined"
    );
    // Another host is another incident.
    let r = app
        .receive_webhook(
            id,
            Credential::Bearer(&secret),
            br#"{"host":"pc-40","severity":"err","message":"ransomware"}"#,
        )
        .await
        .unwrap();
    assert_eq!(r.drafted.len(), 1, "[{name}]");

    // Wrong credentials, a bad body, a disabled source: refused, nothing stored.
    let before = stored(app, &t.csirt).await;
    let wrong = app
        .receive_webhook(id, Credential::Bearer("mms_wrong"), br#"{"message":"x"}"#)
        .await;
    assert!(
        matches!(wrong, Err(WebhookRefusal::Unauthorized(_))),
        "[{name}]"
    );
    let late = Credential::Signed {
        timestamp: &(t0 - 3600).to_string(),
        signature: &sign(&secret, t0 - 3600, b"{}"),
    };
    assert!(matches!(
        app.receive_webhook(id, late, b"{}").await,
        Err(WebhookRefusal::Unauthorized(_))
    ));
    let bad = app
        .receive_webhook(
            id,
            Credential::Bearer(&secret),
            br#"[{"message":"ok"},{"message":"x","severity":42}]"#,
        )
        .await;
    let Err(WebhookRefusal::Invalid(p)) = bad else {
        panic!("[{name}] a bad event refuses the batch");
    };
    assert!(p.en.contains("events[1].severity"));
    assert!(matches!(
        app.receive_webhook(uuid::Uuid::nil(), Credential::Bearer(&secret), b"{}")
            .await,
        Err(WebhookRefusal::NotFound)
    ));
    assert_eq!(
        stored(app, &t.csirt).await,
        before,
        "[{name}] nothing half-written"
    );
    let counters = app.event_source(&t.csirt, id).await.unwrap().counters;
    assert_eq!((counters.refused, counters.unreadable), (2, 1), "[{name}]");

    // A flood of 10,000 identical events is one row counting them.
    let flood = format!(
        "[{}]",
        vec![r#"{"host":"fw","severity":"warning","message":"port scan from 203.0.113.9"}"#; 1000]
            .join(",")
    );
    for _ in 0..10 {
        let r = app
            .receive_webhook(id, Credential::Bearer(&secret), flood.as_bytes())
            .await
            .unwrap();
        assert_eq!(r.accepted, 1000);
    }
    let rows = stored(app, &t.csirt).await;
    let scans: Vec<_> = rows.iter().filter(|r| r.1.contains("port scan")).collect();
    assert_eq!(scans.len(), 1, "[{name}]");
    assert_eq!(scans[0].2, 10_000, "[{name}]");

    // A new secret replaces the old one at once.
    let rotated = app.rotate_event_secret(&t.csirt, id).await.unwrap();
    assert!(matches!(
        app.receive_webhook(id, Credential::Bearer(&secret), br#"{"message":"x"}"#)
            .await,
        Err(WebhookRefusal::Unauthorized(_))
    ));
    app.receive_webhook(
        id,
        Credential::Bearer(rotated.secret.as_deref().unwrap()),
        br#"{"message":"after rotation"}"#,
    )
    .await
    .unwrap();

    // An attach rule must name an open incident the author can see.
    let attach = RuleInput {
        name: "EDR を対応中へ".into(),
        action: "attach".into(),
        incident: "INC-1999-0001".into(),
        min_severity: "debug".into(),
        ..RuleInput::default()
    };
    let Err(mamori_app::AppError::Invalid(inv)) = app.create_event_rule(&t.csirt, &attach).await
    else {
        panic!("[{name}] an unknown incident is refused");
    };
    assert_eq!(inv.0[0].field, "incident");
    let bad_rule = RuleInput {
        pattern: "(unclosed".into(),
        window_minutes: "0".into(),
        ..ransomware_rule()
    };
    let Err(mamori_app::AppError::Invalid(inv)) = app.create_event_rule(&t.csirt, &bad_rule).await
    else {
        panic!("[{name}] a bad pattern is refused");
    };
    let fields: Vec<_> = inv.0.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["pattern", "window_minutes"], "[{name}]");

    // Retention: 30 days; a month on, the purge deletes what is older and says so once.
    app.save_event_settings(
        &t.csirt,
        &EventSettingsInput {
            retention_days: "30".into(),
        },
    )
    .await
    .unwrap();
    e.clock.advance(Duration::days(31));
    app.receive_webhook(
        id,
        Credential::Bearer(rotated.secret.as_deref().unwrap()),
        br#"{"message":"fresh"}"#,
    )
    .await
    .unwrap();
    let ran = app.run_due_jobs().await.unwrap();
    let purge = ran.iter().find(|r| r.name == "events.purge").unwrap();
    assert!(
        purge.message.ends_with("events purged"),
        "{}",
        purge.message
    );
    let left = stored(app, &t.csirt).await;
    assert_eq!(left.len(), 1, "[{name}] {left:?}");
    assert_eq!(left[0].1, "fresh");
    let cli = app.cli_actor(None, "test").await.unwrap();
    let history = app
        .history(&cli, "security_events", cli.org_id)
        .await
        .unwrap();
    assert_eq!(
        history.iter().filter(|a| a.action == "event.purge").count(),
        1,
        "[{name}]"
    );
    // The drafted incidents stay, with their timelines.
    assert_eq!(drafted(app, &t.csirt).await.len(), 2);
}

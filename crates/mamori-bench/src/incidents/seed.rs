//! Setting the scene in process, before the server starts: 10,000 incidents written in
//! bulk through the store over two fiscal years, 20 open personal-data breaches filed
//! and assessed through the use cases (their 確報 clocks running), and the monitoring
//! sources and a rule created through the use cases as the screens would.

use std::path::Path;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use chrono::Utc;
use mamori_app::events::{RuleInput, SourceInput};
use mamori_app::incidents::{BreachInput, ReportInput};
use mamori_app::settings::SettingsKey;
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_store::entity::incident;
use uuid::Uuid;

/// Open breaches whose clocks the dashboard shows.
pub const CLOCKS: usize = 20;

/// What the scene gives the measurements.
pub struct Scene {
    pub bulk_time: Duration,
    pub webhook_path: String,
    pub secret: String,
}

const CATEGORIES: [&str; 6] = [
    "misdelivery",
    "loss_theft",
    "malware",
    "targeted_mail",
    "system_failure",
    "other",
];
const STATES: [&str; 5] = [
    "received",
    "investigating",
    "closed",
    "closed",
    "false_alarm",
];

pub async fn build(url: &str, data_dir: &Path, incidents: usize) -> Result<Scene> {
    let store = Store::open(url, 4).await.map_err(|e| anyhow!("{e}"))?;
    let random = Arc::new(OsRandom);
    let key = SettingsKey::load_or_create(&data_dir.join("settings.key"), random.as_ref())
        .map_err(|e| anyhow!("{e}"))?;
    let app = App::new(
        store.clone(),
        Arc::new(SystemClock),
        random,
        AppConfig::default(),
    )
    .with_settings_key(key);
    let cli = app
        .cli_actor(None, "bench")
        .await
        .map_err(|e| anyhow!("{e}"))?;

    let started = Instant::now();
    let now = Utc::now();
    let mut seq = 0i64;
    for chunk in (0..incidents).collect::<Vec<_>>().chunks(1_000) {
        let tx = store.begin_write().await.map_err(|e| anyhow!("{e}"))?;
        for &i in chunk {
            seq += 1;
            let known = now - chrono::Duration::hours(i as i64 % (24 * 700));
            let state = STATES[i % STATES.len()];
            let m = incident::Model {
                id: Uuid::now_v7(),
                org_id: cli.org_id,
                number_year: 2025,
                number_seq: seq,
                number: format!("INC-2025-{seq:05}"),
                title: format!("ベンチの事案 {i} 誤送信 USB 紛失 標的型メール"),
                category: CATEGORIES[i % CATEGORIES.len()].into(),
                description: "生成された事案".into(),
                location: String::new(),
                occurred_at: None,
                known_at: known,
                reported_at: known,
                reporter_staff_id: None,
                reporter: "cli:bench".into(),
                department_id: None,
                personal_data: i % 7 == 0,
                persons: None,
                restricted: i % 7 == 0,
                state: state.into(),
                state_changed_at: known,
                severity: Some(["low", "medium", "high"][i % 3].into()),
                assignee_staff_id: None,
                first_response_due: known + chrono::Duration::hours(4),
                first_response_at: Some(known + chrono::Duration::hours(1)),
                escalated_at: None,
                root_cause_category: None,
                root_cause: String::new(),
                contributing: String::new(),
                lessons: String::new(),
                end_reason: String::new(),
                closed_at: (state == "closed").then_some(known + chrono::Duration::days(3)),
                closed_by: None,
                search_key: mamori_domain::text::search_key(&format!("ベンチの事案 {i}")),
                created_at: known,
                updated_at: known,
                contained_at: (state == "closed").then_some(known + chrono::Duration::hours(6)),
            };
            mamori_store::incidents::insert(&*tx, m)
                .await
                .map_err(|e| anyhow!("{e}"))?;
        }
        tx.commit().await.map_err(|e| anyhow!("{e}"))?;
    }
    let bulk_time = started.elapsed();

    for i in 0..CLOCKS {
        let known = mamori_domain::japan_time::local(now - chrono::Duration::days(i as i64));
        let r = app
            .report_incident(
                &cli,
                &ReportInput {
                    title: format!("住民情報の誤送信 {i}"),
                    category: "misdelivery".into(),
                    known_at: known.format("%Y-%m-%d %H:%M").to_string(),
                    personal_data: "1".into(),
                    persons: "120".into(),
                    ..ReportInput::default()
                },
            )
            .await
            .map_err(|e| anyhow!("report: {e}"))?;
        app.assess_breach(
            &cli,
            r.id,
            &BreachInput {
                personal_data: "1".into(),
                persons: "120".into(),
                ..BreachInput::default()
            },
        )
        .await
        .map_err(|e| anyhow!("assess: {e}"))?;
    }

    let created = app
        .create_event_source(
            &cli,
            &SourceInput {
                name: "EDR".into(),
                kind: "webhook".into(),
                ..SourceInput::default()
            },
        )
        .await
        .map_err(|e| anyhow!("source: {e}"))?;
    app.create_event_source(
        &cli,
        &SourceInput {
            name: "FW".into(),
            kind: "syslog".into(),
            senders: "127.0.0.1".into(),
            ..SourceInput::default()
        },
    )
    .await
    .map_err(|e| anyhow!("syslog source: {e}"))?;
    app.create_event_rule(
        &cli,
        &RuleInput {
            name: "ランサムウェア".into(),
            min_severity: "err".into(),
            pattern: "ransom".into(),
            action: "draft".into(),
            category: "malware".into(),
            ..RuleInput::default()
        },
    )
    .await
    .map_err(|e| anyhow!("rule: {e}"))?;
    app.system().close().await.map_err(|e| anyhow!("{e}"))?;
    Ok(Scene {
        bulk_time,
        webhook_path: created.source.webhook_path.context("a webhook path")?,
        secret: created.secret.context("a webhook secret")?,
    })
}

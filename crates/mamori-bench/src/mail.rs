//! `mamori-bench mail`: how fast the outbox empties into a real SMTP server (Python's
//! aiosmtpd on this machine, keeping every message as a file), beside lettre sending
//! the same number of messages straight from this process, and whether anything is
//! lost when the server is stopped halfway and comes back.
//!
//! The outbox is filled directly through the store (what fills it in service, a
//! module's `notify`, is not what is measured), then the mail job is run as the
//! server's scheduler runs it, until nothing is pending. The app's clock is a fixed
//! one that the bench moves on when the job reports the server unreachable, so the
//! waits between tries do not stretch the run.

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use lettre::message::header::ContentType;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use mamori_app::notify::MailSettings;
use mamori_app::{App, AppConfig, FixedClock, OsRandom, Store};
use mamori_store::entity::mail_outbox;
use mamori_testkit::smtp::SmtpServer;
use uuid::Uuid;

use crate::assets::scratch::Scratch;
use crate::procs::cpu_model;
use crate::stats::thousands;

/// What to run.
#[derive(Debug, Clone)]
pub struct Options {
    pub messages: usize,
    pub pg_url: Option<String>,
}

const FROM: &str = "Mamori <isms@city.example.lg.jp>";
/// Mails in flight at once, as the mail job sends them.
const PARALLEL: usize = 8;

pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let n = opts.messages;
    println!("== mamori-bench mail ==");
    println!("machine:     {cores} core(s), {}", cpu_model());
    println!("messages:    {} per run", thousands(n as f64));
    println!(
        "caveat:      the SMTP server (Python) runs on the same cores and writes each message to disk;"
    );
    println!(
        "             the raw baseline meets the same server, so the ratio is Mamori's overhead."
    );
    let mut smtp = SmtpServer::start()
        .ok_or_else(|| anyhow!("no SMTP server (apt-get install python3-aiosmtpd)"))?;

    let raw = raw_send(&smtp.url(), n).await?;
    let raw_rate = n as f64 / raw.as_secs_f64();
    println!();
    println!(
        "raw lettre, 8 in flight:            {:>8.0} msg/s  ({:.2} s)",
        raw_rate,
        raw.as_secs_f64()
    );

    let dir = tempfile::tempdir()?;
    let mut dbs = vec![(
        "SQLite",
        mamori_store::sqlite_url_for_dir(dir.path())?,
        None,
    )];
    if let Some(pg) = &opts.pg_url {
        let scratch = Scratch::create(pg, "mail").await?;
        dbs.push(("PostgreSQL", scratch.url.clone(), Some(scratch)));
    }
    for (label, url, scratch) in dbs {
        // Subjects carry the database, since the server keeps every run's messages.
        let (plain, outage) = (format!("{label}-plain"), format!("{label}-outage"));
        let (app, clock, org, store) = open(&url, &smtp).await?;
        let queued = enqueue(&app, &store, org, n, &plain).await?;
        let start = Instant::now();
        drain(&app, &store, &clock, org).await?;
        let took = start.elapsed();
        let rate = n as f64 / took.as_secs_f64();
        let arrived = received(&smtp, &plain);
        println!();
        println!(
            "{label}: {} queued in {:.2} s",
            thousands(n as f64),
            queued.as_secs_f64()
        );
        println!(
            "  outbox → server:                  {:>8.0} msg/s  ({:.2} s), {:.2}× raw's time; {} of {} arrived",
            rate,
            took.as_secs_f64(),
            raw_rate / rate,
            thousands(arrived.0 as f64),
            thousands(n as f64)
        );

        // Again, with the server stopped when half have arrived and back a second later.
        enqueue(&app, &store, org, n, &outage).await?;
        let before = smtp.messages().len();
        let half = before + n / 2;
        let restarter = std::thread::spawn(move || {
            while smtp.messages().len() < half {
                std::thread::sleep(Duration::from_millis(20));
            }
            smtp.stop();
            std::thread::sleep(Duration::from_secs(1));
            smtp.start_again();
            smtp
        });
        let start = Instant::now();
        drain(&app, &store, &clock, org).await?;
        let took = start.elapsed();
        smtp = restarter
            .join()
            .map_err(|_| anyhow!("the restarting thread panicked"))?;
        let (unique, total) = received(&smtp, &outage);
        println!(
            "  with the server restarted halfway: {:>8.0} msg/s  ({:.2} s); {} of {} arrived, {} twice, {} lost",
            n as f64 / took.as_secs_f64(),
            took.as_secs_f64(),
            thousands(unique as f64),
            thousands(n as f64),
            total - unique,
            n - unique.min(n)
        );
        app.system().close().await.map_err(|e| anyhow!("{e}"))?;
        store.close().await.map_err(|e| anyhow!("{e}"))?;
        if let Some(s) = scratch {
            s.drop_database().await?;
        }
    }
    Ok(())
}

/// lettre alone: the same messages over the pooled transport, as many in flight at
/// once as the mail job sends (`PARALLEL`).
async fn raw_send(url: &str, n: usize) -> Result<Duration> {
    let transport = AsyncSmtpTransport::<Tokio1Executor>::from_url(url)?.build();
    let start = Instant::now();
    let mut next = 0;
    while next < n {
        let mut tasks = tokio::task::JoinSet::new();
        for i in next..(next + PARALLEL).min(n) {
            let m = Message::builder()
                .from(FROM.parse()?)
                .to(format!("staff{i}@city.example.lg.jp").parse()?)
                .subject(format!("raw {i}"))
                .header(ContentType::TEXT_PLAIN)
                .body("ベンチマークの通知です。\n\n--\nMamori".to_string())?;
            let t = transport.clone();
            tasks.spawn(async move { t.send(m).await });
        }
        while let Some(r) = tasks.join_next().await {
            r?.context("raw send")?;
        }
        next += PARALLEL;
    }
    Ok(start.elapsed())
}

/// The app on `url` with mail to `smtp`, its clock, its organization, and the store
/// beside it (the bench fills the outbox and counts what is pending through it).
async fn open(url: &str, smtp: &SmtpServer) -> Result<(App, Arc<FixedClock>, Uuid, Store)> {
    let store = Store::open(url, 8).await.map_err(|e| anyhow!("{e}"))?;
    let db = store.clone();
    let clock = Arc::new(FixedClock::new(chrono::Utc::now()));
    let app = App::new(
        store,
        clock.clone(),
        Arc::new(OsRandom),
        AppConfig::default(),
    )
    .with_mail(&MailSettings {
        url: smtp.url(),
        from: FROM.into(),
        ca_file: None,
    })
    .map_err(|p| anyhow!("{}", p.en))?;
    crate::data::set_up_city(&app, "ciso").await?;
    let org = mamori_store::orgs::all(db.conn())
        .await
        .map_err(|e| anyhow!("{e}"))?
        .first()
        .map(|o| o.id)
        .ok_or_else(|| anyhow!("no organization"))?;
    Ok((app, clock, org, db))
}

/// Fills the outbox with `n` mails whose subjects are `{tag} {i}`.
async fn enqueue(app: &App, store: &Store, org: Uuid, n: usize, tag: &str) -> Result<Duration> {
    let now = app.now();
    let rows: Vec<_> = (0..n)
        .map(|i| mail_outbox::Model {
            id: Uuid::now_v7(),
            org_id: org,
            to_addr: format!("staff{i}@city.example.lg.jp"),
            subject: format!("{tag} {i}"),
            body: "ベンチマークの通知です。\n\n--\nMamori".into(),
            kind: "test".into(),
            state: mamori_store::mail::PENDING.into(),
            attempts: 0,
            created_at: now,
            next_attempt_at: now,
            sent_at: None,
            last_error: None,
        })
        .collect();
    let start = Instant::now();
    let tx = store.begin_write().await.map_err(|e| anyhow!("{e}"))?;
    mamori_store::mail::enqueue(&*tx, rows)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    tx.commit().await.map_err(|e| anyhow!("{e}"))?;
    Ok(start.elapsed())
}

/// Runs the mail job until nothing is pending, moving the clock past the waits when
/// the server could not be reached.
async fn drain(app: &App, store: &Store, clock: &FixedClock, org: Uuid) -> Result<()> {
    loop {
        let summary = app.send_due_mail().await.map_err(|e| anyhow!("{e}"))?;
        let pending = mamori_store::mail::count(store.conn(), org, mamori_store::mail::PENDING)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        if pending == 0 {
            return Ok(());
        }
        if summary.contains("could not be reached") {
            tokio::time::sleep(Duration::from_millis(200)).await;
            clock.advance(chrono::Duration::minutes(15));
        }
    }
}

/// (distinct, all) messages the server holds whose subject starts with `tag`.
fn received(smtp: &SmtpServer, tag: &str) -> (usize, usize) {
    let prefix = format!("Subject: {tag} ");
    let subjects: Vec<String> = smtp
        .messages()
        .iter()
        .filter_map(|m| {
            m.lines()
                .find(|l| l.starts_with(&prefix))
                .map(str::to_owned)
        })
        .collect();
    let distinct: HashSet<&String> = subjects.iter().collect();
    (distinct.len(), subjects.len())
}

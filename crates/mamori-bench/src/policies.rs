//! `mamori-bench policies`: policy documents and their acknowledgement at the size of
//! a large city (issue 14), on SQLite and (with `MAMORI_BENCH_PG_URL`) PostgreSQL:
//!
//! 1. a register of 5,000 staff in 20 departments written through the store; a
//!    200-section standards document approved through the use cases, and a second
//!    version with a tenth of its sections reworded, two added and one removed;
//!    everyone asked to acknowledge the version in force;
//! 2. an acknowledgement burst in process: 1,000 people confirming within the window
//!    (a minute by default), each through the use case (authorization, the audience
//!    worked out from the register, the write and its audit entry), beside the same
//!    schedule of raw single-row inserts in their own transactions;
//! 3. the version diff of the 200-section document in process;
//! 4. `mamori serve`, and the coverage (API and page) and the diff (API) under
//!    closed-loop load beside the raw axum baseline.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use chrono::Utc;
use mamori_app::authz::{Actor, ActorKind};
use mamori_app::policies::acks::{AckInput, CampaignInput};
use mamori_app::policies::{ApprovalInput, DocumentInput, DraftInput};
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_domain::policy::Move;
use mamori_domain::policy::diff::diff_sections;
use mamori_domain::policy::sections::split;
use mamori_store::entity::acknowledgement;
use uuid::Uuid;

use crate::binary::{self, Db};
use crate::both::As;
use crate::load::LoadPlan;
use crate::stats::{Summary, fmt_ms, fmt_ratio, ratio, summarize, thousands};

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub staff: usize,
    pub burst: usize,
    pub window: Duration,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;
const DEPARTMENTS: usize = 20;
const SECTIONS: usize = 200;

struct Figures {
    label: String,
    ack: Summary,
    raw: Summary,
    diff: Duration,
    coverage_api: Summary,
    coverage_html: Summary,
    diff_api: Summary,
}

pub async fn run(opts: &Options) -> Result<()> {
    let (tmp, _, base_get) = crate::both::prepare(WORKERS, opts.warmup, opts.duration).await?;
    let (figures, pg_note) = crate::both::on_each_database(
        tmp.path(),
        opts.pg_url.as_deref(),
        "policies",
        |label, db| async move { measure(opts, label, &db).await },
    )
    .await?;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "policies — {} staff in {DEPARTMENTS} departments, {} acknowledging within {} s, a {SECTIONS}-section document; {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.staff as f64),
        thousands(opts.burst as f64),
        opts.window.as_secs_f64(),
        opts.duration.as_secs_f64()
    );
    let row = |what: &str, s: &Summary, b: &Summary| {
        println!(
            "  {what:<38} p50 {:>8}  p99 {:>8}  {:>9}/s   baseline p99 {:>8}  {}",
            fmt_ms(s.p50),
            fmt_ms(s.p99),
            thousands(s.rps),
            fmt_ms(b.p99),
            fmt_ratio(ratio(s.p99.as_secs_f64(), b.p99.as_secs_f64()))
        );
    };
    for f in &figures {
        println!("{}:", f.label);
        println!(
            "  acknowledgement burst (use case)       p50 {:>8}  p99 {:>8}  max {:>8}  errors {}   raw insert p99 {:>8}  {}",
            fmt_ms(f.ack.p50),
            fmt_ms(f.ack.p99),
            fmt_ms(f.ack.max),
            f.ack.errors,
            fmt_ms(f.raw.p99),
            fmt_ratio(ratio(f.ack.p99.as_secs_f64(), f.raw.p99.as_secs_f64()))
        );
        println!(
            "  diff of {SECTIONS} sections (in process)     {}",
            fmt_ms(f.diff)
        );
        row("coverage, API", &f.coverage_api, &base_get);
        row("coverage, HTML page", &f.coverage_html, &base_get);
        row("diff, API", &f.diff_api, &base_get);
    }
    if let Some(n) = pg_note {
        println!("{n}");
    }
    Ok(())
}

/// The scene the measurements work on.
struct Scene {
    app: App,
    store: Store,
    org_id: Uuid,
    document: Uuid,
    campaign: Uuid,
    /// A campaign of another document, for the raw inserts.
    raw_campaign: Uuid,
    raw_version: Uuid,
    text_hash: String,
    staff: Vec<Uuid>,
}

/// A 200-section standards document; `revised` rewords every tenth section, adds two
/// and drops one.
fn standards(revised: bool) -> String {
    let mut out = String::from("この基準は全庁に適用する。\n\n");
    for i in 1..=SECTIONS {
        if revised && i == 57 {
            continue;
        }
        out.push_str(&format!("## {i} 第{i}の規定\n\n"));
        let verb = if revised && i % 10 == 0 {
            "適正に管理するものとする"
        } else {
            "適切に管理しなければならない"
        };
        for k in 0..3 {
            out.push_str(&format!("職員等は、情報資産{i}-{k}を{verb}。所属長はその状況を確認し、必要な措置を講じる。\n"));
        }
        out.push('\n');
    }
    if revised {
        for i in SECTIONS + 1..=SECTIONS + 2 {
            out.push_str(&format!(
                "## {i} 追加の規定\n\nクラウドサービスを利用する前に、要件を確認する。\n\n"
            ));
        }
    }
    out
}

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

async fn approve(app: &App, cli: &Actor, id: Uuid, n: i32) -> Result<()> {
    app.move_policy_version(cli, id, n, Some(Move::Submit))
        .await
        .map_err(err)?;
    let today = app.today().to_string();
    let a = ApprovalInput {
        meeting: "ベンチ委員会".into(),
        decided_on: today.clone(),
        decision_no: format!("B-{n}"),
        effective_on: today,
    };
    app.approve_policy_version(cli, id, n, &a)
        .await
        .map_err(err)
}

async fn seed(url: &str, people: usize) -> Result<Scene> {
    let store = Store::open(url, 8).await.map_err(err)?;
    let app = App::new(
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(OsRandom),
        AppConfig::default(),
    );
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    let rows = crate::data::seed_register(&store, cli.org_id, people, DEPARTMENTS).await?;

    let doc = |tier: &str, title: &str, body: String| DocumentInput {
        tier: tier.into(),
        title: title.into(),
        body,
        ..DocumentInput::default()
    };
    let document = app
        .create_policy_document(&cli, &doc("standards", "ベンチ対策基準", standards(false)))
        .await
        .map_err(err)?;
    approve(&app, &cli, document, 1).await?;
    app.new_policy_draft(&cli, document).await.map_err(err)?;
    let v2 = DraftInput {
        title: "ベンチ対策基準".into(),
        body: standards(true),
        note: "ベンチの改定".into(),
    };
    app.save_policy_draft(&cli, document, 2, &v2)
        .await
        .map_err(err)?;
    let other = app
        .create_policy_document(
            &cli,
            &doc("basic", "ベンチ基本方針", "## 1 目的\n\n守る。\n".into()),
        )
        .await
        .map_err(err)?;
    approve(&app, &cli, other, 1).await?;
    let ask = CampaignInput {
        due_on: (app.today() + chrono::Duration::days(30)).to_string(),
        ..CampaignInput::default()
    };
    let campaign = app
        .start_ack_campaign(&cli, document, 1, &ask)
        .await
        .map_err(err)?;
    let raw_campaign = app
        .start_ack_campaign(&cli, other, 1, &ask)
        .await
        .map_err(err)?;
    let page = app
        .ack_coverage(&cli, campaign, None, false)
        .await
        .map_err(err)?;
    // Everyone generated, and the CISO `admin init` made.
    anyhow::ensure!(
        page.campaign.total.required as usize >= people,
        "everyone is bound: {} of {people}",
        page.campaign.total.required
    );
    let doc_view = app.policy_version(&cli, document, 1).await.map_err(err)?;
    let raw_view = app.ack_campaigns(&cli, other).await.map_err(err)?;
    anyhow::ensure!(!raw_view.is_empty(), "the raw campaign");
    let raw_version = mamori_store::policies::version_heads(store.conn(), cli.org_id, Some(other))
        .await
        .map_err(err)?
        .first()
        .map(|h| h.id)
        .ok_or_else(|| anyhow!("the raw campaign's version"))?;
    Ok(Scene {
        app,
        store,
        org_id: cli.org_id,
        document,
        campaign,
        raw_campaign,
        raw_version,
        text_hash: doc_view.version.text_hash,
        staff: rows.iter().map(|s| s.id).collect(),
    })
}

/// Runs `f(i)` for `n` callers spread evenly over `window`, each timed.
async fn burst<F, Fut>(n: usize, window: Duration, f: F) -> Summary
where
    F: Fn(usize) -> Fut + Clone + Send + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let start = Instant::now();
    let mut tasks = Vec::with_capacity(n);
    for i in 0..n {
        let f = f.clone();
        let at = start + window.mul_f64(i as f64 / n.max(1) as f64);
        tasks.push(tokio::spawn(async move {
            tokio::time::sleep_until(at.into()).await;
            let t = Instant::now();
            let ok = f(i).await;
            (ok, t.elapsed())
        }));
    }
    let (mut samples, mut errors) = (Vec::with_capacity(n), 0);
    for t in tasks {
        match t.await {
            Ok((true, d)) => samples.push(d),
            _ => errors += 1,
        }
    }
    summarize(samples, errors, start.elapsed())
}

async fn measure(opts: &Options, label: &str, db: &Db) -> Result<Figures> {
    let bin = &opts.mamori;
    binary::admin_init(bin, db).await?;
    let token = binary::create_token(bin, db).await?;
    let url = match &db.url {
        Some(u) => u.clone(),
        None => mamori_app::sqlite_url_for_dir(&db.data_dir).map_err(err)?,
    };
    let scene = Arc::new(seed(&url, opts.staff).await?);
    let n = opts.burst.min(scene.staff.len());

    let s = scene.clone();
    let ack = burst(n, opts.window, move |i| {
        let s = s.clone();
        async move {
            let who = Actor {
                org_id: s.org_id,
                kind: ActorKind::User,
                user_id: None,
                staff_id: Some(s.staff[i]),
                label: format!("user:bench{i}"),
                source: "bench".into(),
                grants: Vec::new(),
                is_contractor: false,
            };
            let input = AckInput {
                text_hash: s.text_hash.clone(),
                confirm: true,
            };
            s.app.acknowledge(&who, s.campaign, &input).await.is_ok()
        }
    })
    .await;
    let s = scene.clone();
    let raw = burst(n, opts.window, move |i| {
        let s = s.clone();
        async move {
            let m = acknowledgement::Model {
                id: Uuid::now_v7(),
                org_id: s.org_id,
                campaign_id: s.raw_campaign,
                staff_id: s.staff[i],
                version_id: s.raw_version,
                text_hash: String::new(),
                method: "online".into(),
                signed_on: None,
                acknowledged_at: Utc::now(),
                recorded_by: "bench".into(),
            };
            let Ok(tx) = s.store.begin_write().await else {
                return false;
            };
            mamori_store::policies::insert_ack(&*tx, m).await.is_ok() && tx.commit().await.is_ok()
        }
    })
    .await;

    let (a, b) = (
        split(&standards(false)).map_err(|_| anyhow!("split"))?,
        split(&standards(true)).map_err(|_| anyhow!("split"))?,
    );
    let mut times = Vec::new();
    for _ in 0..9 {
        let t = Instant::now();
        let d = diff_sections(&a.sections, &b.sections, None);
        times.push(t.elapsed());
        anyhow::ensure!(d.len() == SECTIONS + 2, "every section compared");
    }
    times.sort();
    let diff = times[times.len() / 2];
    let (campaign, document) = (scene.campaign, scene.document);
    drop(scene);

    let plan = LoadPlan {
        concurrency: WORKERS,
        warmup: opts.warmup,
        duration: opts.duration,
    };
    let gets = [
        (
            "coverage api",
            format!("/api/v1/acknowledgements/{campaign}"),
            As::Api,
        ),
        (
            "coverage page",
            format!("/acknowledgements/{campaign}"),
            As::Page,
        ),
        (
            "diff api",
            format!("/api/v1/policies/{document}/diff?from=1&to=2"),
            As::Api,
        ),
    ];
    let out = crate::both::serve_and_load(bin, db, &token, plan, &gets).await?;
    let [coverage_api, coverage_html, diff_api]: [Summary; 3] =
        out.try_into().map_err(|_| anyhow!("three targets"))?;
    Ok(Figures {
        label: label.into(),
        ack,
        raw,
        diff,
        coverage_api,
        coverage_html,
        diff_api,
    })
}

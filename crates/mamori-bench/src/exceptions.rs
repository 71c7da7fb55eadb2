//! `mamori-bench exceptions`: the exception register (例外措置) at the size issue 15
//! names, on SQLite and (with `MAMORI_BENCH_PG_URL`) PostgreSQL:
//!
//! 1. 10,000 exceptions over 20 departments, in every standing (most approved and in
//!    effect, some pending, urgent, refused, expired, ended), written through the
//!    store; one asset with 20 exceptions asked for and approved through the use cases;
//! 2. one filtered page of the register through the use case beside the store's query
//!    alone;
//! 3. `mamori serve`, and the register filtered (API and page) and the asset's page
//!    under closed-loop load beside the raw axum baseline.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use chrono::Duration as Days;
use mamori_app::assets::AssetInput;
use mamori_app::compliance::exceptions::{DecisionInput, ExceptionInput, ExceptionQuery};
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_store::compliance::exceptions::{ExceptionFilter, StandingFilter};
use uuid::Uuid;

use crate::binary::Db;
use crate::both::{As, Figures, median};
use crate::load::LoadPlan;
use crate::stats::thousands;

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub exceptions: usize,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;
const DEPARTMENTS: usize = 20;
pub(crate) const ON_ASSET: usize = 20;

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

pub async fn run(opts: &Options) -> Result<()> {
    let (tmp, _, base_get) = crate::both::prepare(WORKERS, opts.warmup, opts.duration).await?;
    let (figures, pg_note) = crate::both::on_each_database(
        tmp.path(),
        opts.pg_url.as_deref(),
        "exceptions",
        |label, db| async move { measure(opts, label, &db).await },
    )
    .await?;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "exceptions — {} exceptions in {DEPARTMENTS} departments, one asset with {ON_ASSET}; {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.exceptions as f64),
        opts.duration.as_secs_f64()
    );
    crate::both::print(&figures, &base_get, pg_note);
    Ok(())
}

/// Exception `i`'s state and period around `today`: six in ten approved and in
/// effect, the rest pending, urgent, refused, expired or ended.
fn shape(
    i: usize,
    today: chrono::NaiveDate,
) -> (&'static str, chrono::NaiveDate, chrono::NaiveDate) {
    let k = i64::try_from(i % 97).unwrap_or(0);
    let (state, from, until) = match i % 20 {
        0 | 1 => ("requested", 10, 200),
        2 => ("urgent", -3, 60),
        3 | 4 => ("refused", -100, 100),
        5 | 6 => ("approved", -400, -10 - k),
        7 => ("ended", -200, 100),
        _ => ("approved", -100 - k, 5 + k * 4),
    };
    (state, today + Days::days(from), today + Days::days(until))
}

struct Scene {
    department: Uuid,
    asset: Uuid,
    seed: Duration,
}

async fn seed(url: &str, opts: &Options) -> Result<(App, Scene)> {
    let store = Store::open(url, 8).await.map_err(err)?;
    let app = App::new(
        store.clone(),
        Arc::new(SystemClock),
        Arc::new(OsRandom),
        AppConfig::default(),
    );
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    let started = Instant::now();
    crate::data::seed_register(&store, cli.org_id, 200, DEPARTMENTS).await?;
    let depts = mamori_store::departments::all(store.conn(), cli.org_id)
        .await
        .map_err(err)?;
    let today = app.today();
    let now = chrono::Utc::now();
    let rows: Vec<mamori_store::entity::exception::Model> = (0..opts.exceptions)
        .map(|i| {
            let (state, valid_from, valid_until) = shape(i, today);
            let number = i32::try_from(i + 1).unwrap_or(i32::MAX);
            let rule = format!(
                "mic-guideline:MIC-{}.{}.{}",
                1 + i % 9,
                1 + i % 3,
                1 + i % 2
            );
            let title = format!("ベンチ例外 {i}");
            mamori_store::entity::exception::Model {
                id: Uuid::now_v7(),
                org_id: cli.org_id,
                number,
                search_key: mamori_domain::text::search_key_fields(&[
                    &mamori_domain::exception::code(number),
                    &title,
                    &rule,
                ]),
                title,
                department_id: Some(depts[i % depts.len()].id),
                rule,
                rule_kind: "catalog".into(),
                reason: "ベンチ".into(),
                compensating: "ベンチ".into(),
                valid_from,
                valid_until,
                urgent: state == "urgent",
                report_due: (state == "urgent").then(|| valid_from + Days::days(7)),
                state: state.into(),
                conditions: String::new(),
                decision_ref: String::new(),
                decided_by: String::new(),
                decided_on: None,
                renews_id: None,
                requested_by: "cli:bench".into(),
                requester_staff_id: None,
                reviewed_on: None,
                review_note: String::new(),
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    let tx = store.begin_write().await.map_err(err)?;
    for chunk in rows.chunks(1_000) {
        mamori_store::compliance::exceptions::insert_many(&*tx, chunk.to_vec())
            .await
            .map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    let department = depts.first().ok_or_else(|| anyhow!("a department"))?;
    let asset = asset_with_exceptions(&app, &cli, department).await?;
    Ok((
        app,
        Scene {
            department: department.id,
            asset,
            seed: started.elapsed(),
        },
    ))
}

async fn measure(opts: &Options, label: &'static str, db: &Db) -> Result<Figures> {
    let bin = &opts.mamori;
    let (token, url) = crate::both::ready(bin, db).await?;
    let (app, scene) = seed(&url, opts).await?;
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    let q = ExceptionQuery {
        standing: Some("in_effect".into()),
        department: Some(scene.department),
        ..ExceptionQuery::default()
    };
    let page = app.exceptions(&cli, &q).await.map_err(err)?;
    anyhow::ensure!(
        page.total > 0,
        "the filter finds the department's exceptions"
    );
    let page_in_process = median(|| async {
        let t = Instant::now();
        app.exceptions(&cli, &q).await.map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let store = Store::open(&url, 2).await.map_err(err)?;
    let (org, department) = (cli.org_id, scene.department);
    let raw_query = median(|| async {
        let f = ExceptionFilter {
            departments: Some(vec![department]),
            standing: Some(StandingFilter::InEffect),
            ..ExceptionFilter::new(chrono::Utc::now().date_naive())
        };
        let t = Instant::now();
        mamori_store::compliance::exceptions::list(
            store.conn(),
            org,
            &f,
            mamori_app::PageRequest::default(),
        )
        .await
        .map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    drop(app);

    let plan = LoadPlan {
        concurrency: WORKERS,
        warmup: opts.warmup,
        duration: opts.duration,
    };
    let gets = [
        (
            "register, in effect in a department, API",
            format!("/api/v1/exceptions?standing=in_effect&department={department}"),
            As::Api,
        ),
        (
            "register, ending within 30 days, page",
            "/exceptions?expiring=30".to_owned(),
            As::Page,
        ),
        (
            "register, text search, API",
            "/api/v1/exceptions?q=MIC-5.2".to_owned(),
            As::Api,
        ),
        (
            "asset page with 20 exceptions",
            format!("/assets/{}", scene.asset),
            As::Page,
        ),
    ];
    let measured = crate::both::InProcess {
        label,
        seed: scene.seed,
        page_in_process,
        raw_query,
    };
    crate::both::load_targets(bin, db, &token, plan, measured, &gets).await
}

/// An asset of `department` with [`ON_ASSET`] exceptions asked for and approved through
/// the use cases (the asset page's panel at its size); its id.
pub(crate) async fn asset_with_exceptions(
    app: &App,
    cli: &mamori_app::authz::Actor,
    department: &mamori_store::entity::department::Model,
) -> Result<Uuid> {
    let today = app.today();
    let asset = app
        .create_asset(
            cli,
            &AssetInput {
                name: "ベンチ 基幹システム".into(),
                medium: "電子".into(),
                department: department.code.clone(),
                c: "2".into(),
                i: "2".into(),
                a: "2".into(),
                ..AssetInput::default()
            },
        )
        .await
        .map_err(err)?;
    for k in 0..ON_ASSET {
        let input = ExceptionInput {
            title: format!("ベンチ 資産の例外 {k}"),
            department: Some(department.id),
            rule: format!("mic-guideline:MIC-{}.1.1", 1 + k % 9),
            reason: "ベンチ".into(),
            compensating: "ベンチ".into(),
            assets: vec![asset.number.clone()],
            valid_from: today.to_string(),
            valid_until: (today + Days::days(30 + i64::try_from(k).unwrap_or(0))).to_string(),
            urgent: false,
        };
        let id = app
            .request_exception(cli, &input, None)
            .await
            .map_err(err)?;
        let approve = DecisionInput {
            decision: "approve".into(),
            ..DecisionInput::default()
        };
        app.decide_exception(cli, id, &approve).await.map_err(err)?;
    }
    Ok(asset.id)
}

//! `mamori-bench contractors`: the contractor register at the size issue 15 names, on
//! SQLite and (with `MAMORI_BENCH_PG_URL`) PostgreSQL:
//!
//! 1. 200 contractors and 5,000 contracts over 20 departments in every standing
//!    (upcoming, in force, ending, ended), written through the store; one asset with 20
//!    approved exceptions and placed on 5 external services, through the use cases;
//! 2. one filtered page of the contract register through the use case beside the
//!    store's query alone;
//! 3. `mamori serve`, and the register filtered (API and page), the asset's page and the
//!    service register under closed-loop load beside the raw axum baseline.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use chrono::Duration as Days;
use mamori_app::compliance::contractors::ContractQuery;
use mamori_app::compliance::services::ServiceInput;
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_store::compliance::contractors::{ContractFilter, StandingFilter};
use mamori_store::entity::{contract, contractor};
use uuid::Uuid;

use crate::binary::Db;
use crate::both::{As, Figures, median};
use crate::exceptions::{ON_ASSET, asset_with_exceptions};
use crate::load::LoadPlan;
use crate::stats::thousands;

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub contracts: usize,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;
const DEPARTMENTS: usize = 20;
const CONTRACTORS: usize = 200;
const SERVICES: usize = 5;

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

pub async fn run(opts: &Options) -> Result<()> {
    let (tmp, _, base_get) = crate::both::prepare(WORKERS, opts.warmup, opts.duration).await?;
    let (figures, pg_note) = crate::both::on_each_database(
        tmp.path(),
        opts.pg_url.as_deref(),
        "contractors",
        |label, db| async move { measure(opts, label, &db).await },
    )
    .await?;
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "contractors — {} contracts of {CONTRACTORS} contractors in {DEPARTMENTS} departments, one asset with {ON_ASSET} exceptions on {SERVICES} services; {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.contracts as f64),
        opts.duration.as_secs_f64()
    );
    crate::both::print(&figures, &base_get, pg_note);
    Ok(())
}

/// Contract `i`'s period around `today`: most in force, some ending within 60 days,
/// upcoming or ended.
fn period(i: usize, today: chrono::NaiveDate) -> (chrono::NaiveDate, chrono::NaiveDate) {
    let k = i64::try_from(i % 89).unwrap_or(0);
    let (from, until) = match i % 10 {
        0 => (10 + k, 400),
        1 | 2 => (-700, -10 - k),
        3 => (-300, k % 60),
        _ => (-200 - k, 90 + k * 5),
    };
    (today + Days::days(from), today + Days::days(until))
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
    let companies: Vec<contractor::Model> = (0..CONTRACTORS)
        .map(|i| {
            let number = i32::try_from(i + 1).unwrap_or(i32::MAX);
            let name = format!("ベンチ委託先 {i}");
            contractor::Model {
                id: Uuid::now_v7(),
                org_id: cli.org_id,
                number,
                search_key: mamori_domain::text::search_key_fields(&[
                    &mamori_domain::contractor::code(number),
                    &name,
                ]),
                name,
                kana: String::new(),
                corporate_number: String::new(),
                address: String::new(),
                contact: String::new(),
                notes: String::new(),
                created_by: "cli:bench".into(),
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    let rows: Vec<contract::Model> = (0..opts.contracts)
        .map(|i| {
            let (starts_on, ends_on) = period(i, today);
            let number = i32::try_from(i + 1).unwrap_or(i32::MAX);
            let subject = format!("ベンチ業務委託 {i}");
            let by = &companies[i % companies.len()];
            contract::Model {
                id: Uuid::now_v7(),
                org_id: cli.org_id,
                contractor_id: by.id,
                number,
                search_key: mamori_domain::text::search_key_fields(&[
                    &mamori_domain::contractor::contract_code(number),
                    &subject,
                    &by.name,
                ]),
                subject,
                department_id: Some(depts[i % depts.len()].id),
                starts_on,
                ends_on,
                personal_data: i % 3 == 0,
                my_number: i % 11 == 0,
                clauses: "policy,confidentiality,subcontracting,incident,return".into(),
                notes: String::new(),
                created_by: "cli:bench".into(),
                created_at: now,
                updated_at: now,
            }
        })
        .collect();
    let tx = store.begin_write().await.map_err(err)?;
    mamori_store::compliance::contractors::insert(&*tx, companies.clone())
        .await
        .map_err(err)?;
    for chunk in rows.chunks(1_000) {
        mamori_store::compliance::contractors::insert_contracts(&*tx, chunk.to_vec())
            .await
            .map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    let department = depts.first().ok_or_else(|| anyhow!("a department"))?;
    let asset = asset_with_exceptions(&app, &cli, department).await?;
    let number = mamori_store::assets::by_ids(store.conn(), cli.org_id, &[asset])
        .await
        .map_err(err)?
        .into_iter()
        .next()
        .map(|a| a.number)
        .ok_or_else(|| anyhow!("the asset"))?;
    for (k, provider) in companies.iter().take(SERVICES).enumerate() {
        let input = ServiceInput {
            name: format!("ベンチ クラウドサービス {k}"),
            kind: "saas".into(),
            contractor: Some(provider.id),
            department: Some(department.id),
            // Two of the five allow less than the asset's level: flagged.
            max_c: if k < 2 { "1" } else { "2" }.into(),
            max_i: "2".into(),
            max_a: "2".into(),
            assets: vec![number.clone()],
            ..ServiceInput::default()
        };
        app.create_service(&cli, &input).await.map_err(err)?;
    }
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
    let q = ContractQuery {
        standing: Some("live".into()),
        department: Some(scene.department),
        ..ContractQuery::default()
    };
    let page = app.contracts(&cli, &q).await.map_err(err)?;
    anyhow::ensure!(
        page.total > 0,
        "the filter finds the department's contracts"
    );
    let page_in_process = median(|| async {
        let t = Instant::now();
        app.contracts(&cli, &q).await.map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let store = Store::open(&url, 2).await.map_err(err)?;
    let (org, department) = (cli.org_id, scene.department);
    let raw_query = median(|| async {
        let f = ContractFilter {
            departments: Some(vec![department]),
            standing: Some(StandingFilter::Live),
            today: Some(chrono::Utc::now().date_naive()),
            ending_days: mamori_domain::contractor::ENDING_DAYS,
            ..ContractFilter::default()
        };
        let t = Instant::now();
        mamori_store::compliance::contractors::contracts(
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
            "contracts, live in a department, API",
            format!("/api/v1/contracts?standing=live&department={department}"),
            As::Api,
        ),
        (
            "contracts, ending within 60 days, page",
            "/contracts?standing=ending".to_owned(),
            As::Page,
        ),
        (
            "contracts, text search, API",
            "/api/v1/contracts?q=業務委託 12".to_owned(),
            As::Api,
        ),
        (
            "asset page, 20 exceptions and 5 services",
            format!("/assets/{}", scene.asset),
            As::Page,
        ),
        ("external services, page", "/services".to_owned(), As::Page),
    ];
    let measured = crate::both::InProcess {
        label,
        seed: scene.seed,
        page_in_process,
        raw_query,
    };
    crate::both::load_targets(bin, db, &token, plan, measured, &gets).await
}

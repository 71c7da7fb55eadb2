//! `mamori-bench training`: training coverage at the size of a large city (issue 14),
//! on SQLite and (with `MAMORI_BENCH_PG_URL`) PostgreSQL:
//!
//! 1. a register of 5,000 staff in 20 departments written through the store, twenty
//!    CSIRT members; 20 courses through the use cases (yearly for everyone, yearly by
//!    role, on hire), two sessions a year for three fiscal years, and each year's
//!    completions (nine in ten of those bound) recorded a session at a time;
//! 2. the coverage of every course worked out in process right after a write (so
//!    everything is read again), beside the one query it starts from (each person's
//!    latest completion of each course) run alone; and again with nothing written
//!    since, when what was read is kept;
//! 3. `mamori serve`, and the coverage overview (API and page) and one course's
//!    coverage (API and page) under closed-loop load beside the raw axum baseline.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use chrono::{Datelike, Duration as Days, NaiveDate};
use mamori_app::training::{CourseInput, SessionInput};
use mamori_app::{App, AppConfig, OsRandom, Store, SystemClock};
use mamori_domain::training::{CompletionSource, fiscal_year_start};
use uuid::Uuid;

use crate::binary::{self, Db};
use crate::both::{As, median};
use crate::load::LoadPlan;
use crate::stats::{Summary, fmt_ms, fmt_ratio, ratio, thousands};

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub staff: usize,
    pub courses: usize,
    pub years: usize,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
}

const WORKERS: usize = 4;
const DEPARTMENTS: usize = 20;
const CSIRT: usize = 20;

struct Figures {
    label: String,
    completions: usize,
    seed: Duration,
    cold: Duration,
    warm: Duration,
    raw_query: Duration,
    overview_api: Summary,
    overview_html: Summary,
    course_api: Summary,
    course_html: Summary,
}

fn err(e: impl std::fmt::Display) -> anyhow::Error {
    anyhow!("{e}")
}

pub async fn run(opts: &Options) -> Result<()> {
    let (tmp, _, base_get) = crate::both::prepare(WORKERS, opts.warmup, opts.duration).await?;
    let (figures, pg_note) = crate::both::on_each_database(
        tmp.path(),
        opts.pg_url.as_deref(),
        "training",
        |label, db| async move { measure(opts, label, &db).await },
    )
    .await?;

    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    println!();
    println!(
        "training — {} staff in {DEPARTMENTS} departments, {} courses, {} fiscal years of sessions; {WORKERS} workers, {} s per target; this machine: {cores} cores (figures are for this machine)",
        thousands(opts.staff as f64),
        opts.courses,
        opts.years,
        opts.duration.as_secs_f64()
    );
    for f in &figures {
        println!("{}:", f.label);
        println!(
            "  completions recorded                   {} in {:.1} s",
            thousands(f.completions as f64),
            f.seed.as_secs_f64()
        );
        println!(
            "  coverage of every course, after a write  {}   latest-completion query alone {}  {}",
            fmt_ms(f.cold),
            fmt_ms(f.raw_query),
            fmt_ratio(ratio(f.cold.as_secs_f64(), f.raw_query.as_secs_f64()))
        );
        println!(
            "  coverage of every course, kept (nothing written since)  {}",
            fmt_ms(f.warm)
        );
        for (what, s) in [
            ("coverage overview, API", &f.overview_api),
            ("coverage overview, HTML page", &f.overview_html),
            ("one course's coverage, API", &f.course_api),
            ("one course's coverage, HTML page", &f.course_html),
        ] {
            println!(
                "  {what:<38} p50 {:>8}  p99 {:>8}  {:>9}/s   baseline p99 {:>8}  {}",
                fmt_ms(s.p50),
                fmt_ms(s.p99),
                thousands(s.rps),
                fmt_ms(base_get.p99),
                fmt_ratio(ratio(s.p99.as_secs_f64(), base_get.p99.as_secs_f64()))
            );
        }
    }
    if let Some(n) = pg_note {
        println!("{n}");
    }
    Ok(())
}

/// The kind, frequency and roles of course `i`: mostly yearly for everyone, some by
/// role, some on hire.
fn course_input(i: usize) -> CourseInput {
    let (kind, frequency, roles): (&str, &str, &[&str]) = match i % 10 {
        7 => ("csirt", "annual", &["csirt"]),
        8 => ("new_hire", "on_hire", &[]),
        _ => ("all_staff", "annual", &[]),
    };
    CourseInput {
        kind: kind.into(),
        title: format!("ベンチ研修{i:02}"),
        frequency: frequency.into(),
        roles: roles.iter().map(|r| (*r).to_owned()).collect(),
        applies_from: "2020-04-01".into(),
        ..CourseInput::default()
    }
}

struct Scene {
    org_id: Uuid,
    course: Uuid,
    completions: usize,
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
    let rows = crate::data::seed_register(&store, cli.org_id, opts.staff, DEPARTMENTS).await?;
    let tx = store.begin_write().await.map_err(err)?;
    for s in rows.iter().take(CSIRT) {
        let m = mamori_store::entity::role_assignment::Model {
            id: Uuid::now_v7(),
            org_id: cli.org_id,
            staff_id: s.id,
            role: "csirt".into(),
            department_id: None,
            term_from: None,
            term_to: None,
            created_at: chrono::Utc::now(),
        };
        mamori_store::roles::insert(&*tx, m).await.map_err(err)?;
    }
    tx.commit().await.map_err(err)?;
    let this_year = fiscal_year_start(app.today());
    let mut completions = 0;
    let mut first = None;
    for c in 0..opts.courses {
        let input = course_input(c);
        let course = app.create_course(&cli, &input).await.map_err(err)?;
        first.get_or_insert(course);
        let bound: Vec<Uuid> = if input.roles.is_empty() {
            rows.iter().map(|s| s.id).collect()
        } else {
            rows.iter().take(CSIRT).map(|s| s.id).collect()
        };
        for y in 0..opts.years {
            let fy =
                NaiveDate::from_ymd_opt(this_year.year() - i32::try_from(y).unwrap_or(0), 4, 1)
                    .ok_or_else(|| anyhow!("a fiscal year"))?;
            for (k, month) in [(0usize, 6u32), (1, 11)] {
                let day = NaiveDate::from_ymd_opt(fy.year(), month, 10)
                    .ok_or_else(|| anyhow!("a day"))?;
                if day > app.today() {
                    continue;
                }
                let session = SessionInput {
                    held_on: day.to_string(),
                    mode: "classroom".into(),
                    ..SessionInput::default()
                };
                let s = app
                    .create_session(&cli, course, &session)
                    .await
                    .map_err(err)?;
                // Nine in ten of those bound, half at each session.
                let done: Vec<(Uuid, NaiveDate)> = bound
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| i % 10 != 9 && i % 2 == k)
                    .map(|(_, p)| (*p, day + Days::days(1)))
                    .collect();
                completions += app
                    .record_completions_at_once(&cli, s, &done, CompletionSource::Import)
                    .await
                    .map_err(err)?;
            }
        }
    }
    Ok((
        app,
        Scene {
            org_id: cli.org_id,
            course: first.ok_or_else(|| anyhow!("no course"))?,
            completions,
            seed: started.elapsed(),
        },
    ))
}

async fn measure(opts: &Options, label: &str, db: &Db) -> Result<Figures> {
    let bin = &opts.mamori;
    binary::admin_init(bin, db).await?;
    let token = binary::create_token(bin, db).await?;
    let url = match &db.url {
        Some(u) => u.clone(),
        None => mamori_app::sqlite_url_for_dir(&db.data_dir).map_err(err)?,
    };
    let (app, scene) = seed(&url, opts).await?;
    let cli = app.cli_actor(None, "bench").await.map_err(err)?;
    let overview = app.training_coverage(&cli).await.map_err(err)?;
    anyhow::ensure!(
        overview.courses.len() == opts.courses,
        "every course counted"
    );
    anyhow::ensure!(
        overview.total.done > 0 && overview.total.required as usize >= opts.staff,
        "coverage counts the register: {:?}",
        overview.total
    );
    // Cold: each run right after a write (a drill recorded), so nothing kept is used.
    let n = std::sync::atomic::AtomicUsize::new(0);
    let cold = median(|| async {
        let k = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let drill = mamori_app::training::DrillInput {
            title: format!("ベンチ訓練{k}"),
            sent_on: app.today().to_string(),
            ..Default::default()
        };
        app.create_drill(&cli, &drill).await.map_err(err)?;
        let t = Instant::now();
        app.training_coverage(&cli).await.map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let warm = median(|| async {
        let t = Instant::now();
        app.training_coverage(&cli).await.map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    let store = Store::open(&url, 2).await.map_err(err)?;
    let org = scene.org_id;
    let raw_query = median(|| async {
        let t = Instant::now();
        mamori_store::training::attendance::latest(store.conn(), org, None)
            .await
            .map_err(err)?;
        Ok(t.elapsed())
    })
    .await?;
    drop(app);

    let course = scene.course;
    let plan = LoadPlan {
        concurrency: WORKERS,
        warmup: opts.warmup,
        duration: opts.duration,
    };
    let gets = [
        (
            "overview api",
            "/api/v1/trainings/coverage".to_owned(),
            As::Api,
        ),
        ("overview page", "/training".to_owned(), As::Page),
        (
            "course api",
            format!("/api/v1/trainings/{course}/coverage"),
            As::Api,
        ),
        (
            "course page",
            format!("/training/{course}/coverage"),
            As::Page,
        ),
    ];
    let out = crate::both::serve_and_load(bin, db, &token, plan, &gets).await?;
    let [overview_api, overview_html, course_api, course_html]: [Summary; 4] =
        out.try_into().map_err(|_| anyhow!("four targets"))?;
    Ok(Figures {
        label: label.into(),
        completions: scene.completions,
        seed: scene.seed,
        cold,
        warm,
        raw_query,
        overview_api,
        overview_html,
        course_api,
        course_html,
    })
}

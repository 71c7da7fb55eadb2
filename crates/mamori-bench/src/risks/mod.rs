//! `mamori-bench risks`: the risk register at the size of a large city (issue 5),
//! driven through the release `mamori` binary as in production:
//!
//! 1. the generated asset register of the `assets` scenario (100,000 assets), with
//!    its first section (`部01/課0101`) holding 2,000 of them, imported with
//!    `mamori import assets --create-departments` on a fresh database;
//! 2. 10,000 risks over the sections that hold assets (see [`seed`]): the first few
//!    hundred through `POST /api/v1/risks` at 4 workers, which gives the product's
//!    create rate, the rest written in bulk through the store in one transaction,
//!    evaluated by the domain's method as the application stores them (drafts, open
//!    risks, closed ones accepted, with expired acceptances and passed review dates);
//! 3. `mamori serve`, and the register's filters and the heat map over HTTP (JSON API
//!    with a bearer token, and the HTML pages of the signed-in CISO) under the load
//!    generator at 4 workers and at 16, beside the raw axum baseline;
//! 4. a campaign for the 2,000-asset section, its draft generation timed, then again
//!    (the idempotent second run);
//! 5. `mamori export soa --catalog nist-csf-2.0` as .xlsx and CSV, beside the same
//!    cells written with rust_xlsxwriter directly in this process;
//! 6. the same on PostgreSQL when `MAMORI_BENCH_PG_URL` names a server.
//!
//! Every figure stands beside a baseline measured in the same run; the bench never
//! fails on timing.
//!
//! This file drives the scenario (the steps in order, per database); the steps are in
//! the files beside it, which import one another but nothing from here, and
//! `report.rs` prints what they measured.

mod campaign;
pub(crate) mod loading;
mod report;
pub mod seed;
mod soa;
mod targets;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};

pub use campaign::Draft;
pub use loading::{API_RISKS, API_WORKERS, Loaded};
pub use soa::{SOA_CATALOG, Soa};
pub use targets::{PER_PAGE, is_heatmap};

use crate::assets::{self, Measured, register, scratch};
use crate::binary::{self, Db};
use crate::load::{self, LoadPlan};
use crate::procs::{self, Finished, Memory};
use crate::{baseline, procs::fs_type};

pub const PG_URL_VAR: &str = crate::audit::PG_URL_VAR;
/// Register and heat map, p99 over HTTP at 4 workers: issue 5 asked 30 ms, issue 18
/// the 20 ms the asset register meets. Plans behind it: `crates/mamori-bench/NOTES.md`.
pub const TARGET_P99: Duration = Duration::from_millis(20);
/// Assets of the section the campaign drafts risks for.
pub const DRAFT_ASSETS: usize = 2_000;

#[derive(Debug, Clone)]
pub struct Options {
    pub mamori: PathBuf,
    pub assets: usize,
    pub risks: usize,
    pub seed: u64,
    pub concurrency: Vec<usize>,
    pub warmup: Duration,
    pub duration: Duration,
    pub pg_url: Option<String>,
    pub keep: bool,
}

pub struct DbFigures {
    pub label: String,
    pub import: Finished,
    pub loaded: Loaded,
    pub ready: Duration,
    pub mem_ready: Memory,
    pub mem_after: Memory,
    pub lists: Vec<(usize, Vec<Measured>)>,
    pub draft: Result<Draft, String>,
    pub soa: Result<Soa, String>,
}

/// What was generated, for the report.
pub struct Generated {
    pub composition: register::Composition,
    pub csv_bytes: usize,
    pub heavy_assets: usize,
    pub kinds: BTreeMap<seed::Kind, usize>,
    pub risks: usize,
    pub api_risks: usize,
    pub searched: usize,
}

pub async fn run(opts: &Options) -> Result<()> {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    let tmp = tempfile::Builder::new()
        .prefix("mamori-bench-")
        .tempdir()
        .context("cannot create a temporary directory")?;
    let dir = tmp.path().to_owned();

    let blocks = opts.assets.div_ceil(register::BLOCK).max(1);
    let heavy = (DRAFT_ASSETS / register::BLOCK).min(blocks / 2).max(1);
    let reg = register::generate_with(opts.assets, opts.seed, heavy);
    let bytes = register::csv(&reg.rows);
    let limit = mamori_app::AppConfig::default().max_import_bytes;
    if bytes.len() > limit {
        bail!(
            "the register's CSV is {} bytes, above the importer's limit of {limit}; use fewer --assets",
            bytes.len()
        );
    }
    let csv_path = dir.join("assets.csv");
    std::fs::write(&csv_path, &bytes).context("writing the register CSV")?;
    let sections = seed::assets_by_section(&reg.rows);
    let mut specs = seed::generate(opts.risks, opts.seed, &sections);
    let api_risks = API_RISKS.min(opts.risks / 10).max(1).min(specs.len());
    for s in specs.iter_mut().take(api_risks) {
        // What the API creates is open.
        s.kind = seed::Kind::Open;
        s.treatment = s.treatment.or(Some("reduce"));
    }
    let heavy_path = register::section_path(0);
    let generated = Generated {
        composition: reg.composition.clone(),
        csv_bytes: bytes.len(),
        heavy_assets: sections.get(&heavy_path).map_or(0, Vec::len),
        kinds: seed::kinds(&specs),
        risks: specs.len(),
        api_risks,
        searched: specs
            .iter()
            .filter(|s| s.title().contains(seed::SEARCH))
            .count(),
    };

    let version = binary::version(&opts.mamori).await;
    let fs = fs_type(&dir).unwrap_or_else(|| "unknown file system".into());
    report::header(opts, &version, cores, &generated, &dir, &fs);

    let baseline = baseline::InProcess::start(cores)?;
    let steps = if opts.pg_url.is_some() { 2 } else { 1 };
    let run = Run {
        opts,
        dir: &dir,
        csv_path: &csv_path,
        specs: &specs,
        api_risks,
        base: baseline.addr,
    };
    println!("[1/{steps}] SQLite …");
    let mut dbs = vec![
        run.measure("SQLite", &Db::sqlite(&dir.join("data")))
            .await?,
    ];

    let mut pg_note = None;
    if let Some(admin_url) = &opts.pg_url {
        println!("[2/{steps}] PostgreSQL …");
        match scratch::Scratch::create(admin_url, "risks").await {
            Ok(scratch) => {
                println!("  scratch database {}", scratch.name());
                let db = Db {
                    data_dir: dir.join("pg-data"),
                    url: Some(scratch.url.clone()),
                };
                let pg = run.measure("PostgreSQL", &db).await;
                if let Err(e) = scratch.drop_database().await {
                    println!("  warning: could not drop the scratch database: {e:#}");
                }
                dbs.push(pg?);
            }
            Err(e) => pg_note = Some(format!("skipped (no database: {e:#})")),
        }
    } else {
        pg_note = Some(format!(
            "skipped (no database: {PG_URL_VAR} is not set; set it to a postgres:// URL whose role may CREATE DATABASE)"
        ));
    }
    baseline.stop()?;

    report::results(opts, &generated, &dbs);
    if let Some(note) = pg_note {
        println!();
        println!("PostgreSQL: {note}");
    }
    if opts.keep {
        println!("kept: {}", tmp.keep().display());
    }
    Ok(())
}

/// What the run on each database shares: the generated files, and the baseline
/// server already running.
struct Run<'a> {
    opts: &'a Options,
    dir: &'a Path,
    csv_path: &'a Path,
    specs: &'a [seed::Spec],
    api_risks: usize,
    base: SocketAddr,
}

impl Run<'_> {
    async fn measure(&self, label: &str, db: &Db) -> Result<DbFigures> {
        let bin = &self.opts.mamori;
        let step = |what: &str| println!("  {label}: {what} …");
        step("admin init");
        binary::admin_init(bin, db).await?;
        step("import assets");
        let csv = self.csv_path.to_string_lossy().into_owned();
        let import = binary::mamori_measured(
            bin,
            db,
            &["import", "assets", csv.as_str(), "--create-departments"],
        )
        .await?;
        let store_url = match &db.url {
            Some(u) => u.clone(),
            None => mamori_store::sqlite_url_for_dir(&db.data_dir)?,
        };
        let token = binary::create_token(bin, db).await?;

        step("serve");
        let logs = self.dir.join("logs");
        std::fs::create_dir_all(&logs)?;
        let addr = SocketAddr::from(([127, 0, 0, 1], procs::free_port()?));
        let log = logs.join(format!("mamori-risks-{}.log", label.to_lowercase()));
        let server = procs::start(
            binary::serve_command(bin, db, addr),
            addr,
            &log,
            binary::START_TIMEOUT,
        )
        .await?;
        let served = self
            .serve(label, &store_url, addr, &token, server.pid())
            .await;
        let ready = server.ready_after;
        server.stop(binary::STOP_GRACE).await?;
        let (loaded, mem_ready, lists, draft, mem_after) = served?;

        step("export soa (xlsx, csv) and the rust_xlsxwriter baseline");
        let soa = soa::measure(bin, self.dir, label, db)
            .await
            .map_err(|e| format!("{e:#}"));
        if let Err(e) = &soa {
            println!("    warning: SoA not measured: {e}");
        }
        Ok(DbFigures {
            label: label.to_owned(),
            import,
            loaded,
            ready,
            mem_ready,
            mem_after,
            lists,
            draft,
            soa,
        })
    }

    /// Everything done while the server runs.
    async fn serve(
        &self,
        label: &str,
        store_url: &str,
        addr: SocketAddr,
        token: &str,
        pid: u32,
    ) -> Result<(
        Loaded,
        Memory,
        Vec<(usize, Vec<Measured>)>,
        Result<Draft, String>,
        Memory,
    )> {
        let step = |what: &str| println!("  {label}: {what} …");
        let mem_ready = procs::memory(pid)?;
        let top = self.opts.concurrency.iter().copied().max().unwrap_or(1);
        let client = load::client(top.max(API_WORKERS))?;
        let departments = assets::department_ids(&client, addr, token).await?;
        let dept = |path: &str| {
            departments
                .get(path)
                .copied()
                .ok_or_else(|| anyhow!("no department {path} after the import"))
        };
        let bu = dept("部01")?;
        let heavy = dept(&register::section_path(0))?;

        step(&format!(
            "{} risks through POST /api/v1/risks, {API_WORKERS} workers",
            self.api_risks
        ));
        let today = chrono::Local::now().date_naive();
        let bodies: Vec<serde_json::Value> = self
            .specs
            .iter()
            .take(self.api_risks)
            .map(|s| seed::api_body(s, today))
            .collect();
        let (api, api_error) = loading::post_all(&client, addr, token, bodies).await?;
        if let Some(e) = &api_error {
            println!("    warning: the API refused a risk: {e}");
        }
        let rest = self.specs.get(self.api_risks..).unwrap_or(&[]);
        step(&format!(
            "{} risks in bulk through the store, 1 transaction",
            rest.len()
        ));
        let (bulk_links, bulk_time) =
            loading::bulk_insert(store_url, rest, &departments, today).await?;
        let (risks, links) = loading::count(store_url).await?;
        let loaded = Loaded {
            api,
            api_error,
            bulk: rest.len(),
            bulk_links,
            bulk_time,
            risks,
            links,
        };

        let cookie = binary::sign_in(&client, addr).await?;
        let targets = targets::targets(self.base, addr, token, &cookie, bu)?;
        let mut matches = Vec::with_capacity(targets.len());
        for t in &targets {
            matches.push(assets::total(&client, t).await);
        }
        let plan = |concurrency| LoadPlan {
            concurrency,
            warmup: self.opts.warmup,
            duration: self.opts.duration,
        };
        let lists = assets::load_levels(
            &client,
            &targets,
            &matches,
            &self.opts.concurrency,
            plan,
            |what| step(&format!("load: {what}")),
        )
        .await?;

        step(&format!(
            "campaign draft generation for {}",
            register::section_path(0)
        ));
        let draft = campaign::draft(&client, addr, token, heavy)
            .await
            .map_err(|e| format!("{e:#}"));
        if let Err(e) = &draft {
            println!("    warning: draft generation not measured: {e}");
        }
        Ok((loaded, mem_ready, lists, draft, procs::memory(pid)?))
    }
}

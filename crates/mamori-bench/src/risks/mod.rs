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

mod report;
pub mod seed;

use std::collections::{BTreeMap, HashMap};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, bail, ensure};
use mamori_domain::risk::RiskMethod;
use mamori_store::Store;
use mamori_store::entity::{asset, threat, vulnerability};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::assets::{self, Measured, register, scratch};
use crate::binary::{self, Db};
use crate::load::{self, LoadPlan, Target};
use crate::procs::{self, Finished, Memory};
use crate::stats::{Summary, summarize};
use crate::{baseline, procs::fs_type};

pub const PG_URL_VAR: &str = crate::audit::PG_URL_VAR;
/// Register and heat map, p99 over HTTP (issue 5).
pub const TARGET_P99: Duration = Duration::from_millis(30);
/// Assets of the section the campaign drafts risks for.
pub const DRAFT_ASSETS: usize = 2_000;
/// Risks created through the API before the rest are written in bulk.
pub const API_RISKS: usize = 500;
pub const API_WORKERS: usize = 4;
pub const PER_PAGE: usize = 50;
pub const SOA_CATALOG: &str = "nist-csf-2.0";

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

/// Loading the risks.
pub struct Loaded {
    pub api: Summary,
    /// The first refusal of the API, if any.
    pub api_error: Option<String>,
    pub bulk: usize,
    pub bulk_links: usize,
    pub bulk_time: Duration,
    /// Risks in the database afterwards, and their asset links.
    pub risks: u64,
    pub links: u64,
}

/// A campaign's draft generation.
pub struct Draft {
    pub first: Duration,
    pub first_body: serde_json::Value,
    pub second: Duration,
    pub second_body: serde_json::Value,
}

/// The SoA export, beside rust_xlsxwriter.
pub struct Soa {
    pub xlsx: Finished,
    pub xlsx_bytes: u64,
    pub csv: Finished,
    pub csv_bytes: u64,
    /// Rows and columns of the export (from the CSV).
    pub rows: usize,
    pub columns: usize,
    /// The same cells through rust_xlsxwriter in process, and the file's size.
    pub raw: Duration,
    pub raw_bytes: usize,
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
        let soa = self.soa(label, db).await.map_err(|e| format!("{e:#}"));
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
        let (api, api_error) = post_all(&client, addr, token, bodies).await?;
        if let Some(e) = &api_error {
            println!("    warning: the API refused a risk: {e}");
        }
        let rest = self.specs.get(self.api_risks..).unwrap_or(&[]);
        step(&format!(
            "{} risks in bulk through the store, 1 transaction",
            rest.len()
        ));
        let (bulk_links, bulk_time) = bulk_insert(store_url, rest, &departments, today).await?;
        let (risks, links) = count(store_url).await?;
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
        let targets = targets(self.base, addr, token, &cookie, bu)?;
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
        let draft = draft(&client, addr, token, heavy)
            .await
            .map_err(|e| format!("{e:#}"));
        if let Err(e) = &draft {
            println!("    warning: draft generation not measured: {e}");
        }
        Ok((loaded, mem_ready, lists, draft, procs::memory(pid)?))
    }

    async fn soa(&self, label: &str, db: &Db) -> Result<Soa> {
        let bin = &self.opts.mamori;
        let help = binary::mamori_measured(bin, db, &["export", "soa", "--help"]).await;
        if help.is_err() {
            bail!("this mamori has no `export soa` command");
        }
        let mut runs = Vec::new();
        for format in ["xlsx", "csv"] {
            let out = self
                .dir
                .join(format!("soa-{}.{format}", label.to_lowercase()));
            let out_arg = out.to_string_lossy().into_owned();
            let run = binary::mamori_measured(
                bin,
                db,
                &[
                    "export",
                    "soa",
                    "--catalog",
                    SOA_CATALOG,
                    "--format",
                    format,
                    "--output",
                    &out_arg,
                ],
            )
            .await?;
            let bytes =
                std::fs::read(&out).with_context(|| format!("the export {}", out.display()))?;
            runs.push((run, bytes));
        }
        let (Some((csv, csv_file)), Some((xlsx, xlsx_file))) = (runs.pop(), runs.pop()) else {
            bail!("no SoA export");
        };
        let table = mamori_app::tabular::read_table(&csv_file, &Default::default(), &|_| true)
            .map_err(|e| anyhow!("reading the SoA CSV back: {e}"))?;
        let cells: Vec<Vec<String>> = table.rows().map(|r| r.cells.to_vec()).collect();
        let (raw, raw_bytes) = raw_xlsx(&table.headers, &cells)?;
        Ok(Soa {
            xlsx,
            xlsx_bytes: xlsx_file.len() as u64,
            csv,
            csv_bytes: csv_file.len() as u64,
            rows: cells.len(),
            columns: table.headers.len(),
            raw,
            raw_bytes,
        })
    }
}

/// The same cells as one worksheet of strings, straight through rust_xlsxwriter: what
/// writing the spreadsheet costs at least.
fn raw_xlsx(headers: &[String], rows: &[Vec<String>]) -> Result<(Duration, usize)> {
    let t = Instant::now();
    let mut book = rust_xlsxwriter::Workbook::new();
    let sheet = book.add_worksheet();
    for (c, h) in headers.iter().enumerate() {
        sheet.write_string(0, u16::try_from(c)?, h)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            sheet.write_string(u32::try_from(r + 1)?, u16::try_from(c)?, cell)?;
        }
    }
    let bytes = book.save_to_buffer()?;
    Ok((t.elapsed(), bytes.len()))
}

/// Posts every body to `POST /api/v1/risks` with [`API_WORKERS`] workers; the
/// latencies of the 201s, and the first refusal.
async fn post_all(
    client: &reqwest::Client,
    addr: SocketAddr,
    token: &str,
    bodies: Vec<serde_json::Value>,
) -> Result<(Summary, Option<String>)> {
    let bodies = Arc::new(bodies);
    let next = Arc::new(AtomicUsize::new(0));
    let headers = binary::api_headers(token)?;
    let url = format!("http://{addr}/api/v1/risks");
    let started = Instant::now();
    let mut workers = Vec::new();
    for _ in 0..API_WORKERS {
        let (client, bodies, next) = (client.clone(), bodies.clone(), next.clone());
        let (headers, url) = (headers.clone(), url.clone());
        workers.push(tokio::spawn(async move {
            let mut samples = Vec::new();
            let mut errors = 0u64;
            let mut first = None;
            while let Some(body) = bodies.get(next.fetch_add(1, Ordering::Relaxed)) {
                let t = Instant::now();
                let res = client
                    .post(&url)
                    .headers(headers.clone())
                    .json(body)
                    .send()
                    .await;
                match res {
                    Ok(r) if r.status().is_success() => {
                        let _ = r.bytes().await;
                        samples.push(t.elapsed());
                    }
                    Ok(r) => {
                        errors += 1;
                        let status = r.status();
                        let text = r.text().await.unwrap_or_default();
                        first.get_or_insert_with(|| {
                            format!("{status}: {}", text.chars().take(300).collect::<String>())
                        });
                    }
                    Err(e) => {
                        errors += 1;
                        first.get_or_insert_with(|| e.to_string());
                    }
                }
            }
            (samples, errors, first)
        }));
    }
    let (mut samples, mut errors, mut first) = (Vec::new(), 0, None);
    for w in workers {
        let (s, e, f) = w.await.context("a create worker stopped")?;
        samples.extend(s);
        errors += e;
        first = first.or(f);
    }
    Ok((summarize(samples, errors, started.elapsed()), first))
}

/// Writes `specs` as stored rows after the highest number there, with their asset
/// links, in one write transaction; the links written and the time.
async fn bulk_insert(
    url: &str,
    specs: &[seed::Spec],
    departments: &HashMap<String, Uuid>,
    today: chrono::NaiveDate,
) -> Result<(usize, Duration)> {
    let store = Store::connect(url, 2).await?;
    let done = async {
        let conn = store.conn();
        let org_id = mamori_store::orgs::all(conn)
            .await?
            .first()
            .map(|o| o.id)
            .ok_or_else(|| anyhow!("no organization"))?;
        let threats = threat::Entity::find()
            .filter(threat::Column::OrgId.eq(org_id))
            .all(conn)
            .await?;
        ensure!(
            !threats.is_empty(),
            "no threat catalog: the API created no risk before the bulk write"
        );
        let vulnerabilities = vulnerability::Entity::find()
            .filter(vulnerability::Column::OrgId.eq(org_id))
            .all(conn)
            .await?;
        let assets: Vec<(Uuid, String)> = asset::Entity::find()
            .select_only()
            .column(asset::Column::Id)
            .column(asset::Column::Number)
            .filter(asset::Column::OrgId.eq(org_id))
            .into_tuple()
            .all(conn)
            .await?;
        let refs = seed::Refs {
            org_id,
            departments: departments.clone(),
            threats: threats.into_iter().map(|t| (t.code, t.id)).collect(),
            vulnerabilities: vulnerabilities
                .into_iter()
                .map(|v| (v.code, v.id))
                .collect(),
            assets: assets.into_iter().map(|(id, n)| (n, id)).collect(),
        };
        let method = RiskMethod::ipa_preset();
        let now = chrono::Utc::now();
        let t = Instant::now();
        let tx = store.begin_write().await?;
        let first = mamori_store::risks::max_seq(&*tx, org_id).await? + 1;
        let (mut rows, mut links) = (Vec::with_capacity(specs.len()), Vec::new());
        for (i, s) in specs.iter().enumerate() {
            let (m, l) = seed::model(s, first + i as i64, &refs, &method, today, now)?;
            rows.push(m);
            links.extend(l);
        }
        let n_links = links.len();
        mamori_store::risks::insert_many(&*tx, rows).await?;
        mamori_store::risks::insert_asset_links(&*tx, links).await?;
        tx.commit().await?;
        let elapsed = t.elapsed();
        // A server refreshes the planner's statistics in its periodic housekeeping; a
        // bulk load behind its back would otherwise be measured with the statistics of
        // an empty table until then.
        store.optimize().await?;
        anyhow::Ok((n_links, elapsed))
    }
    .await;
    store.close().await?;
    done
}

/// Risks and risk–asset links in the database.
async fn count(url: &str) -> Result<(u64, u64)> {
    let store = Store::connect(url, 2).await?;
    let counted = async {
        anyhow::Ok((
            assets::count_rows(&store, "risks").await?,
            assets::count_rows(&store, "risk_assets").await?,
        ))
    }
    .await;
    store.close().await?;
    counted
}

/// Opens a campaign for `department` and times its draft generation twice.
async fn draft(
    client: &reqwest::Client,
    addr: SocketAddr,
    token: &str,
    department: Uuid,
) -> Result<Draft> {
    let headers = binary::api_headers(token)?;
    let res = client
        .post(format!("http://{addr}/api/v1/campaigns"))
        .headers(headers.clone())
        .json(&serde_json::json!({"name": "ベンチ年度リスクアセスメント", "departments": [department]}))
        .send()
        .await
        .context("POST /api/v1/campaigns")?;
    let status = res.status();
    let body: serde_json::Value = res.json().await.context("the campaign")?;
    ensure!(
        status.is_success(),
        "POST /api/v1/campaigns answered {status}: {body}"
    );
    let id = body["id"]
        .as_str()
        .ok_or_else(|| anyhow!("the campaign has no id: {body}"))?
        .to_owned();
    let once = || async {
        let t = Instant::now();
        let res = client
            .post(format!("http://{addr}/api/v1/campaigns/{id}/draft"))
            .headers(headers.clone())
            .timeout(Duration::from_secs(600))
            .json(&serde_json::json!({ "department": department }))
            .send()
            .await
            .with_context(|| format!("POST /api/v1/campaigns/{id}/draft"))?;
        let status = res.status();
        let body: serde_json::Value = res.json().await.context("the draft's answer")?;
        let elapsed = t.elapsed();
        ensure!(status.is_success(), "the draft answered {status}: {body}");
        anyhow::Ok((elapsed, body))
    };
    let (first, first_body) = once().await?;
    let (second, second_body) = once().await?;
    Ok(Draft {
        first,
        first_body,
        second,
        second_body,
    })
}

/// Whether a target is the register (list) or the heat map.
pub fn is_heatmap(t: &Target) -> bool {
    t.url.path().ends_with("/heatmap")
}

fn targets(
    base: SocketAddr,
    addr: SocketAddr,
    token: &str,
    cookie: &str,
    bu: Uuid,
) -> Result<Vec<Target>> {
    let api = binary::api_headers(token)?;
    let page = binary::page_headers(cookie)?;
    let per_page = PER_PAGE.to_string();
    let bu = bu.to_string();
    let mut out = vec![Target {
        name: "baseline: constant JSON (axum)".into(),
        url: reqwest::Url::parse(&format!("http://{base}/"))?,
        headers: reqwest::header::HeaderMap::new(),
    }];
    let mut add = |name: &str,
                   path: &str,
                   params: &[(&str, &str)],
                   headers: &reqwest::header::HeaderMap|
     -> Result<()> {
        out.push(Target {
            name: name.to_owned(),
            url: reqwest::Url::parse_with_params(&format!("http://{addr}{path}"), params)
                .context("a target URL")?,
            headers: headers.clone(),
        });
        Ok(())
    };
    let list = "/api/v1/risks";
    let pp = ("per_page", per_page.as_str());
    add("API no filter, page 1", list, &[pp], &api)?;
    add(
        "API standing=active",
        list,
        &[("standing", "active"), pp],
        &api,
    )?;
    add(
        "API department=部01 (subtree)",
        list,
        &[("department", &bu), pp],
        &api,
    )?;
    add(
        "API residual level=high",
        list,
        &[("stage", "residual"), ("level", "high"), pp],
        &api,
    )?;
    add(
        "API residual cell x=3 y=6",
        list,
        &[("stage", "residual"), ("x", "3"), ("y", "6"), pp],
        &api,
    )?;
    add(
        &format!("API q={}", seed::SEARCH),
        list,
        &[("q", seed::SEARCH), pp],
        &api,
    )?;
    add(
        "API above=true sort=score",
        list,
        &[("above", "true"), ("sort", "score"), pp],
        &api,
    )?;
    add(
        "API heatmap residual",
        "/api/v1/risks/heatmap",
        &[("stage", "residual")],
        &api,
    )?;
    add(
        "API heatmap inherent, 部01",
        "/api/v1/risks/heatmap",
        &[("stage", "inherent"), ("department", &bu)],
        &api,
    )?;
    add("HTML /risks, page 1", "/risks", &[pp], &page)?;
    add("HTML /risks/heatmap", "/risks/heatmap", &[], &page)?;
    Ok(out)
}

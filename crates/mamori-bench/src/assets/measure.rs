//! Steps 2 to 5 of the scenario on one database: init, import beside its fair raw
//! baseline, the server under load and at rest, downloads, and the CLI exports.

use std::path::{Path, PathBuf};
use std::time::Instant;

use anyhow::{Context, Result, ensure};

use super::{
    DbFigures, Download, Export, Measured, Options, fair, load_levels, register, scratch, targets,
    top_department, total, written,
};
use crate::binary::{self, Db};
use crate::load::{self, LoadPlan};
use crate::procs::{self, Memory};

/// Steps 2 to 5 on one database (`scratch` when it is a PostgreSQL scratch database).
#[allow(clippy::too_many_arguments)]
pub(super) async fn measure_db(
    opts: &Options,
    label: &str,
    db: &Db,
    scratch: Option<&scratch::Scratch>,
    dir: &Path,
    csv_path: &Path,
    reg: &register::Register,
    base: std::net::SocketAddr,
) -> Result<DbFigures> {
    let bin = &opts.mamori;
    let csv = csv_path.to_string_lossy().into_owned();
    let step = |what: &str| println!("  {label}: {what} …");

    step("admin init");
    let t = Instant::now();
    binary::admin_init(bin, db).await?;
    let init = t.elapsed();
    let before = Before::take(db, dir, scratch).await?;

    let import = ["import", "assets", csv.as_str(), "--create-departments"];
    step("import --dry-run (read, validate, resolve relations; no writes)");
    let dry_run = binary::mamori_measured(bin, db, &[&import[..], &["--dry-run"]].concat()).await?;
    step("import");
    let import = binary::mamori_measured(bin, db, &import).await?;
    let store_url = match &db.url {
        Some(u) => u.clone(),
        None => mamori_store::sqlite_url_for_dir(&db.data_dir)?,
    };
    let written = written(&store_url, &db.data_dir, db.url.is_none()).await?;
    ensure!(
        written.assets == reg.rows.len() as u64,
        "the import wrote {} assets, not {}",
        written.assets,
        reg.rows.len()
    );

    step("fair raw baseline: the import's rows into the database as it was before");
    let rows = fair::read(&store_url, &before.url).await?;
    let fair = fair::insert(&before.url, rows).await?;
    before.discard().await?;

    let token = binary::create_token(bin, db).await?;
    step("serve");
    let logs = dir.join("logs");
    std::fs::create_dir_all(&logs)?;
    let addr = std::net::SocketAddr::from(([127, 0, 0, 1], procs::free_port()?));
    let log = logs.join(format!("mamori-{}.log", label.to_lowercase()));
    let server = procs::start(
        binary::serve_command(bin, db, addr),
        addr,
        &log,
        binary::START_TIMEOUT,
    )
    .await?;
    let loaded = async {
        let pid = server.pid();
        let mem_ready = procs::memory(pid)?;
        let top = opts.concurrency.iter().copied().max().unwrap_or(1);
        let client = load::client(top)?;
        let cookie = binary::sign_in(&client, addr).await?;
        let dept = top_department(&client, addr, &token).await?;
        let targets = targets(base, addr, &token, &cookie, dept, reg.rows.len())?;
        // The page shows what the API counts for the same filter.
        let mut totals = std::collections::HashMap::new();
        let mut matches = Vec::with_capacity(targets.len());
        for t in &targets {
            let filter = t.name.split_once(' ').map_or("", |(_, f)| f).to_owned();
            let n = match total(&client, t).await {
                Some(n) => Some(n),
                None => totals.get(&filter).copied(),
            };
            if let Some(n) = n {
                totals.insert(filter, n);
            }
            matches.push(n);
        }
        let plan = |concurrency| LoadPlan {
            concurrency,
            warmup: opts.warmup,
            duration: opts.duration,
        };
        let lists = load_levels(
            &client,
            &targets,
            &matches,
            &opts.concurrency,
            plan,
            |what| {
                step(&format!("list: {what}"));
            },
        )
        .await?;
        let mem_after = procs::memory(pid)?;
        step(&format!("rest {} s", opts.idle.as_secs()));
        tokio::time::sleep(opts.idle).await;
        let mem_idle = procs::memory(pid)?;
        let mut downloads = Vec::new();
        for format in ["csv", "xlsx"] {
            step(&format!("download /assets/export.{format}"));
            downloads.push(download(&client, addr, &cookie, format).await?);
        }
        let mem_downloads = procs::memory(pid)?;
        anyhow::Ok(Loaded {
            mem_ready,
            lists,
            mem_after,
            mem_idle,
            downloads,
            mem_downloads,
        })
    }
    .await;
    let ready = server.ready_after;
    server.stop(binary::STOP_GRACE).await?;
    let loaded = loaded?;

    let mut exports = Vec::new();
    for format in ["xlsx", "csv"] {
        step(&format!("export --format {format} --all"));
        let out = dir.join(format!("export-{}.{format}", label.to_lowercase()));
        let out_arg = out.to_string_lossy().into_owned();
        let run = binary::mamori_measured(
            bin,
            db,
            &[
                "export", "assets", "--format", format, "--all", "--output", &out_arg,
            ],
        )
        .await?;
        let bytes = std::fs::metadata(&out)
            .with_context(|| format!("the export {}", out.display()))?
            .len();
        exports.push(Export { format, run, bytes });
    }

    Ok(DbFigures {
        label: label.to_owned(),
        init,
        dry_run,
        import,
        fair,
        written,
        ready,
        mem_ready: loaded.mem_ready,
        mem_after: loaded.mem_after,
        mem_idle: loaded.mem_idle,
        idle: opts.idle,
        downloads: loaded.downloads,
        mem_downloads: loaded.mem_downloads,
        lists: loaded.lists,
        exports,
    })
}

/// What was measured while the server ran.
struct Loaded {
    mem_ready: Memory,
    lists: Vec<(usize, Vec<Measured>)>,
    mem_after: Memory,
    mem_idle: Memory,
    downloads: Vec<Download>,
    mem_downloads: Memory,
}

/// A copy of the database as `admin init` left it, for the fair baseline to write
/// into: a copy of the SQLite files, or a PostgreSQL database made from the scratch
/// one as a template.
struct Before {
    url: String,
    dir: Option<PathBuf>,
    scratch: Option<scratch::Scratch>,
}

impl Before {
    async fn take(db: &Db, dir: &Path, scratch: Option<&scratch::Scratch>) -> Result<Self> {
        if let Some(scratch) = scratch {
            let copy = scratch.copy("assets_before").await?;
            return Ok(Self {
                url: copy.url.clone(),
                dir: None,
                scratch: Some(copy),
            });
        }
        let copy_dir = dir.join("before");
        std::fs::create_dir_all(&copy_dir)?;
        for entry in std::fs::read_dir(&db.data_dir)? {
            let path = entry?.path();
            let is_db = path
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("mamori.db"));
            if is_db && let Some(name) = path.file_name() {
                std::fs::copy(&path, copy_dir.join(name))
                    .with_context(|| format!("copying {}", path.display()))?;
            }
        }
        Ok(Self {
            url: mamori_store::sqlite_url_for_dir(&copy_dir)?,
            dir: Some(copy_dir),
            scratch: None,
        })
    }

    async fn discard(self) -> Result<()> {
        if let Some(dir) = self.dir {
            std::fs::remove_dir_all(dir)?;
        }
        if let Some(scratch) = self.scratch {
            scratch.drop_database().await?;
        }
        Ok(())
    }
}

/// Downloads the whole register (`?status=all`) as the signed-in CISO, timing when
/// the response starts and when its first byte arrives.
async fn download(
    client: &reqwest::Client,
    addr: std::net::SocketAddr,
    cookie: &str,
    format: &'static str,
) -> Result<Download> {
    let started = Instant::now();
    let mut res = client
        .get(format!("http://{addr}/assets/export.{format}?status=all"))
        .headers(binary::page_headers(cookie)?)
        .send()
        .await
        .with_context(|| format!("GET /assets/export.{format}"))?;
    let start = started.elapsed();
    ensure!(
        res.status().is_success(),
        "the {format} download answered {}",
        res.status()
    );
    let (mut first_byte, mut bytes) = (None, 0u64);
    while let Some(chunk) = res.chunk().await.context("the download's body")? {
        first_byte.get_or_insert_with(|| started.elapsed());
        bytes += chunk.len() as u64;
    }
    Ok(Download {
        format,
        start,
        first_byte: first_byte.unwrap_or_else(|| started.elapsed()),
        total: started.elapsed(),
        bytes,
    })
}

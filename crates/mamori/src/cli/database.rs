//! `mamori migrate`, `backup` and `restore`: the database itself rather than what is in it.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow, bail};
use mamori_app::Store;

use super::shared::{DbArgs, database_url, open};

pub(crate) async fn migrate(db: &DbArgs) -> Result<ExitCode> {
    let url = database_url(db)?;
    let store = Store::connect(&url, 2).await.map_err(|e| anyhow!("{e}"))?;
    let r = mamori_app::migrate(&store)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    if r.applied.is_empty() {
        println!(
            "schema is up to date (version {}) / スキーマは最新です",
            r.after
        );
    }
    for (v, name) in &r.applied {
        println!("applied migration {v}: {name}");
    }
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn backup(db: &DbArgs, file: &Path) -> Result<ExitCode> {
    if db.is_postgres() {
        bail!(
            "for PostgreSQL use pg_dump (e.g. `pg_dump -Fc -f mamori.dump \"$MAMORI_DATABASE_URL\"`) and pg_restore"
        );
    }
    if file.exists() {
        bail!("{} already exists; choose a new file", file.display());
    }
    let app = open(db).await?;
    app.system()
        .backup_sqlite(file)
        .await
        .map_err(|e| anyhow!("{e}"))?;
    let size = std::fs::metadata(file).map(|m| m.len()).unwrap_or(0);
    println!("backup written to {} ({} bytes)", file.display(), size);
    Ok(ExitCode::SUCCESS)
}

pub(crate) async fn restore(db: &DbArgs, file: &Path, force: bool) -> Result<ExitCode> {
    if db.is_postgres() {
        bail!("for PostgreSQL restore with pg_restore");
    }
    std::fs::create_dir_all(&db.data_dir)?;
    let target = db.data_dir.join("mamori.db");
    if target.exists() && !force {
        bail!(
            "{} exists; add --force to overwrite it (stop the server first)",
            target.display()
        );
    }
    // Copy beside the database first, check the copy is a Mamori database this build
    // can read, and only then move it into place: a bad file never replaces a good one.
    let tmp = db.data_dir.join("mamori.db.restoring");
    let remove_tmp = || {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
        }
    };
    std::fs::copy(file, &tmp).with_context(|| format!("cannot read {}", file.display()))?;
    let checked = async {
        let probe = Store::connect(&format!("sqlite://{}", tmp.display()), 2)
            .await
            .map_err(|e| anyhow!("{e}"))?;
        let version = mamori_app::schema_version(&probe)
            .await
            .map_err(|e| anyhow!("{e}"));
        // The copy's rows may be numbered anew; its search index must follow them.
        if version.is_ok() {
            probe
                .rebuild_search_indexes()
                .await
                .map_err(|e| anyhow!("{e}"))?;
        }
        probe.close().await.map_err(|e| anyhow!("{e}"))?;
        version
    }
    .await;
    let version = match checked {
        Ok(v) if v > 0 => v,
        _ => {
            remove_tmp();
            bail!("{} is not a Mamori backup", file.display());
        }
    };
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(format!("{}{suffix}", target.display()));
        let _ = std::fs::remove_file(format!("{}{suffix}", tmp.display()));
    }
    std::fs::File::open(&tmp)?.sync_all()?;
    std::fs::rename(&tmp, &target)?;
    println!(
        "restored {} into {} (schema version {version})",
        file.display(),
        target.display()
    );
    Ok(ExitCode::SUCCESS)
}

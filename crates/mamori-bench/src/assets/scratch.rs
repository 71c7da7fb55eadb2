//! A scratch PostgreSQL database for one run. `mamori admin init` wants an empty
//! database (logins are unique across organizations), so the bench does not write into
//! the database `MAMORI_BENCH_PG_URL` names: it creates a fresh one beside it on the
//! same server (the role needs CREATEDB) and drops it afterwards.

use anyhow::{Context, Result};
use mamori_store::Store;
use sea_orm::ConnectionTrait;
use uuid::Uuid;

pub struct Scratch {
    admin_url: String,
    name: String,
    /// The scratch database's URL (credentials included; print it redacted).
    pub url: String,
}

impl Scratch {
    /// A database named `mamori_bench_<scenario>_…`.
    pub async fn create(admin_url: &str, scenario: &str) -> Result<Self> {
        Self::create_as(admin_url, scenario, None).await
    }

    async fn create_as(admin_url: &str, scenario: &str, template: Option<&str>) -> Result<Self> {
        let suffix = Uuid::now_v7().simple().to_string();
        let name = format!("mamori_bench_{scenario}_{}", &suffix[suffix.len() - 12..]);
        let mut url = reqwest::Url::parse(admin_url).context("reading the PostgreSQL URL")?;
        url.set_path(&format!("/{name}"));
        let store = Store::connect(admin_url, 2)
            .await
            .with_context(|| format!("connecting to {}", mamori_store::redact(admin_url)))?;
        let created = store
            .conn()
            .execute_unprepared(&match template {
                Some(t) => format!("CREATE DATABASE {name} TEMPLATE {t}"),
                None => format!("CREATE DATABASE {name}"),
            })
            .await
            .with_context(|| format!("creating the database {name}"));
        store.close().await?;
        created?;
        Ok(Self {
            admin_url: admin_url.to_owned(),
            name,
            url: url.to_string(),
        })
    }

    /// A copy of this database as it is now (`CREATE DATABASE … TEMPLATE`), e.g. the
    /// state before an import for a baseline to write into. Nothing may be connected
    /// to this database while it is copied.
    pub async fn copy(&self, scenario: &str) -> Result<Self> {
        let copy = Self::create_as(&self.admin_url, scenario, Some(&self.name)).await?;
        Ok(copy)
    }

    pub fn name(&self) -> &str {
        &self.name
    }

    /// Drops the database, ending any connection still open to it.
    pub async fn drop_database(self) -> Result<()> {
        let store = Store::connect(&self.admin_url, 2).await?;
        let dropped = store
            .conn()
            .execute_unprepared(&format!(
                "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                self.name
            ))
            .await
            .with_context(|| format!("dropping the database {}", self.name));
        store.close().await?;
        dropped?;
        Ok(())
    }
}

//! Step 2, loading the risks: the first few hundred through `POST /api/v1/risks`,
//! which gives the product's create rate, the rest written in bulk through the store
//! in one transaction, then both counted in the database.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, ensure};
use mamori_domain::risk::RiskMethod;
use mamori_store::Store;
use mamori_store::entity::{asset, threat, vulnerability};
use sea_orm::{ColumnTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use super::seed;
use crate::assets;
use crate::binary;
use crate::stats::{Summary, summarize};

/// Risks created through the API before the rest are written in bulk.
pub const API_RISKS: usize = 500;
pub const API_WORKERS: usize = 4;

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

/// Posts every body to `POST /api/v1/risks` with [`API_WORKERS`] workers; the
/// latencies of the 201s, and the first refusal.
pub(super) async fn post_all(
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
pub(crate) async fn bulk_insert(
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
        // Months of risks written in a second stand in for what, in service, the
        // server's housekeeping (`PRAGMA optimize` on SQLite) and PostgreSQL's
        // autovacuum would have analyzed by now; measured at once, the load would be
        // planned with the statistics of an empty table.
        store.analyze().await?;
        anyhow::Ok((n_links, elapsed))
    }
    .await;
    store.close().await?;
    done
}

/// Risks and risk–asset links in the database.
pub(super) async fn count(url: &str) -> Result<(u64, u64)> {
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

//! A closed-loop load generator: `concurrency` workers on keep-alive connections,
//! each sending the next request as soon as the previous response body has been
//! read, for a fixed time after a warm-up whose results are discarded.

use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use reqwest::header::HeaderMap;

use crate::stats::{Summary, summarize};

/// One URL to load, with the headers every request carries.
#[derive(Clone)]
pub struct Target {
    pub name: String,
    pub url: reqwest::Url,
    pub headers: HeaderMap,
}

/// How hard and how long to load.
#[derive(Clone, Copy, Debug)]
pub struct LoadPlan {
    pub concurrency: usize,
    pub warmup: Duration,
    pub duration: Duration,
}

/// A client for load: HTTP/1.1 keep-alive, a connection per worker, no redirects.
pub fn client(concurrency: usize) -> Result<reqwest::Client> {
    crate::tls_provider();
    reqwest::Client::builder()
        .pool_max_idle_per_host(concurrency.max(1) * 2)
        .tcp_nodelay(true)
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(30))
        .build()
        .context("cannot build the HTTP client")
}

/// The status and body size of one request, to check a target before loading it.
pub async fn probe(client: &reqwest::Client, target: &Target) -> Result<(u16, usize, String)> {
    let res = client
        .get(target.url.clone())
        .headers(target.headers.clone())
        .send()
        .await
        .with_context(|| format!("GET {}", target.url))?;
    let status = res.status().as_u16();
    let body = res.bytes().await.context("reading the body")?;
    let excerpt: String = String::from_utf8_lossy(&body).chars().take(200).collect();
    Ok((status, body.len(), excerpt))
}

/// Warms up, then loads `target` for `plan.duration` and summarizes what it measured.
pub async fn run(client: &reqwest::Client, target: &Target, plan: LoadPlan) -> Result<Summary> {
    if !plan.warmup.is_zero() {
        let _ = phase(client, target, plan.concurrency, plan.warmup).await?;
    }
    let (samples, errors, elapsed) = phase(client, target, plan.concurrency, plan.duration).await?;
    Ok(summarize(samples, errors, elapsed))
}

async fn phase(
    client: &reqwest::Client,
    target: &Target,
    concurrency: usize,
    duration: Duration,
) -> Result<(Vec<Duration>, u64, Duration)> {
    let started = Instant::now();
    let deadline = started + duration;
    let mut workers = Vec::with_capacity(concurrency);
    for _ in 0..concurrency.max(1) {
        let client = client.clone();
        let target = target.clone();
        workers.push(tokio::spawn(async move {
            worker(client, target, deadline).await
        }));
    }
    let mut samples = Vec::new();
    let mut errors = 0;
    for w in workers {
        let (s, e) = w.await.context("a load worker stopped")?;
        samples.extend(s);
        errors += e;
    }
    Ok((samples, errors, started.elapsed()))
}

async fn worker(
    client: reqwest::Client,
    target: Target,
    deadline: Instant,
) -> (Vec<Duration>, u64) {
    let mut samples = Vec::with_capacity(16 * 1024);
    let mut errors = 0u64;
    while Instant::now() < deadline {
        let t = Instant::now();
        let res = client
            .get(target.url.clone())
            .headers(target.headers.clone())
            .send()
            .await;
        match res {
            Ok(r) => {
                let ok = r.status().is_success();
                let body = r.bytes().await;
                let latency = t.elapsed();
                if ok && body.is_ok() {
                    samples.push(latency);
                } else {
                    errors += 1;
                }
            }
            Err(_) => {
                errors += 1;
                // A refused connection fails at once; do not spin on it.
                tokio::time::sleep(Duration::from_millis(1)).await;
            }
        }
    }
    (samples, errors)
}

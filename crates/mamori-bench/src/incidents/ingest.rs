//! Event ingest: webhook requests under closed-loop load (one event per request for
//! latency, a hundred per request for throughput) beside the raw baseline that only
//! parses the JSON, and a burst of syslog datagrams beside a raw UDP receiver that
//! parses the same lines with the same parser but stores nothing.

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use reqwest::header::HeaderMap;

use crate::stats::{Summary, summarize};

/// One event of the load: every hundredth is ransomware (the rule drafts an incident,
/// or joins the draft of its host within the window), the rest noise.
pub fn event(i: u64) -> serde_json::Value {
    let (severity, message) = if i.is_multiple_of(100) {
        (
            "crit",
            format!("Ransomware behaviour blocked on host, sample {i}"),
        )
    } else {
        (
            "notice",
            format!(
                "Login succeeded for user u{} from 10.0.{}.{}",
                i % 997,
                i % 250,
                i % 200
            ),
        )
    };
    serde_json::json!({"host": format!("pc-{:03}", i % 50), "app": "edr", "severity": severity, "message": message})
}

/// A body of `n` events starting at `first`.
pub fn body(first: u64, n: u64) -> Vec<u8> {
    let events: Vec<_> = (first..first + n).map(event).collect();
    serde_json::to_vec(&serde_json::json!({ "events": events })).unwrap_or_default()
}

/// Posts bodies of `per_request` events with `workers` workers: a warm-up, then
/// `duration` measured. Every request carries new events, so none fold.
pub async fn post_load(
    client: &reqwest::Client,
    url: &str,
    headers: &HeaderMap,
    workers: usize,
    per_request: u64,
    (warmup, duration): (Duration, Duration),
    counter: Arc<AtomicU64>,
) -> Result<Summary> {
    let mut summary = None;
    for (phase, length) in [("warm-up", warmup), ("measured", duration)] {
        let started = Instant::now();
        let mut tasks = Vec::new();
        for _ in 0..workers {
            let (client, url, headers, counter) = (
                client.clone(),
                url.to_owned(),
                headers.clone(),
                counter.clone(),
            );
            tasks.push(tokio::spawn(async move {
                let mut samples = Vec::new();
                let mut errors = 0u64;
                while started.elapsed() < length {
                    let first = counter.fetch_add(per_request, Ordering::Relaxed);
                    let t = Instant::now();
                    let r = client
                        .post(&url)
                        .headers(headers.clone())
                        .header("content-type", "application/json")
                        .body(body(first, per_request))
                        .send()
                        .await;
                    match r {
                        Ok(r) if r.status().is_success() => {
                            let _ = r.bytes().await;
                            samples.push(t.elapsed());
                        }
                        _ => errors += 1,
                    }
                }
                (samples, errors)
            }));
        }
        let mut samples = Vec::new();
        let mut errors = 0;
        for t in tasks {
            let (s, e) = t.await.context(phase)?;
            samples.extend(s);
            errors += e;
        }
        summary = Some(summarize(samples, errors, started.elapsed()));
    }
    summary.context("no measured phase")
}

/// A syslog line of the burst: distinct, so none fold; every hundredth ransomware.
fn line(i: u64) -> String {
    let msg = if i.is_multiple_of(100) {
        format!("ransomware C2 beacon blocked, sample {i}")
    } else {
        format!(
            "permit tcp 10.1.{}.{}:{} -> 203.0.113.{}:443",
            i % 250,
            i % 200,
            40_000 + i % 20_000,
            i % 250
        )
    };
    format!(
        "<{}>1 2026-12-06T10:00:00+09:00 fw{:02} ips - - - {msg}",
        if i.is_multiple_of(100) { 34 } else { 134 },
        i % 8
    )
}

/// Sends `lines` datagrams to `to` in bursts of 200 with a pause between, so the
/// kernel's receive buffer is not what is measured; how long sending took.
pub async fn blast(to: SocketAddr, lines: u64, first: u64) -> Result<Duration> {
    let sock = tokio::net::UdpSocket::bind("127.0.0.1:0").await?;
    let started = Instant::now();
    for i in first..first + lines {
        sock.send_to(line(i).as_bytes(), to).await?;
        if i.is_multiple_of(200) {
            tokio::time::sleep(Duration::from_micros(500)).await;
        }
    }
    Ok(started.elapsed())
}

/// The raw baseline: a UDP socket in this process receiving the same burst and
/// parsing each line with Mamori's parser; lines received and the time taken.
pub async fn raw_syslog(lines: u64) -> Result<(u64, Duration)> {
    let sock = tokio::net::UdpSocket::bind("127.0.0.1:0").await?;
    let to = sock.local_addr()?;
    let sender = tokio::spawn(blast(to, lines, 0));
    let mut buf = vec![0u8; 65_536];
    let mut got = 0u64;
    let started = Instant::now();
    let now = chrono::Utc::now();
    while got < lines {
        match tokio::time::timeout(Duration::from_secs(2), sock.recv_from(&mut buf)).await {
            Ok(Ok((n, _))) => {
                let text = mamori_domain::event::syslog::decode(&buf[..n]);
                if mamori_domain::event::syslog::parse_line(&text, now).is_ok() {
                    got += 1;
                }
            }
            _ => break,
        }
    }
    let elapsed = started.elapsed();
    let _ = sender.await;
    Ok((got, elapsed))
}

/// Events stored, as the API counts them.
pub async fn stored(client: &reqwest::Client, base: &str, headers: &HeaderMap) -> Result<u64> {
    let v: serde_json::Value = client
        .get(format!("{base}/api/v1/events?per_page=1"))
        .headers(headers.clone())
        .send()
        .await?
        .json()
        .await?;
    v["total"].as_u64().context("the events total")
}

/// Waits until `target` events are stored or nothing new arrives for 3 s; the count
/// and when the last one was seen, from `since`.
pub async fn until_stored(
    client: &reqwest::Client,
    base: &str,
    headers: &HeaderMap,
    target: u64,
    since: Instant,
) -> Result<(u64, Duration)> {
    let mut last = stored(client, base, headers).await?;
    let mut seen_at = since.elapsed();
    let mut quiet = Instant::now();
    while last < target && quiet.elapsed() < Duration::from_secs(3) {
        tokio::time::sleep(Duration::from_millis(50)).await;
        let n = stored(client, base, headers).await?;
        if n > last {
            last = n;
            seen_at = since.elapsed();
            quiet = Instant::now();
        }
    }
    Ok((last, seen_at))
}

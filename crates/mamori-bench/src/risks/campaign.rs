//! Step 4: a campaign for one department, its draft generation timed twice: the
//! first run drafts the risks, the second (idempotent) finds them already there.

use std::net::SocketAddr;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow, ensure};
use uuid::Uuid;

use crate::binary;

/// A campaign's draft generation.
pub struct Draft {
    pub first: Duration,
    pub first_body: serde_json::Value,
    pub second: Duration,
    pub second_body: serde_json::Value,
}

/// Opens a campaign for `department` and times its draft generation twice.
pub(super) async fn draft(
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

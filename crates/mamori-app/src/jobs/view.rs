//! A job as administrators see it.

use chrono::{DateTime, Utc};
use mamori_store::entity::job;
use serde::Serialize;
use utoipa::ToSchema;

use super::JobSpec;

#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct JobView {
    pub name: String,
    pub label_ja: String,
    pub label_en: String,
    pub next_run_at: Option<DateTime<Utc>>,
    /// A server is running it now.
    pub running: bool,
    pub last_started_at: Option<DateTime<Utc>>,
    pub last_finished_at: Option<DateTime<Utc>>,
    pub last_ok: Option<bool>,
    pub last_message: Option<String>,
    pub last_duration_ms: Option<i64>,
    pub runs: i64,
}

impl JobView {
    pub(super) fn new(spec: &JobSpec, row: Option<&job::Model>, now: DateTime<Utc>) -> Self {
        Self {
            name: spec.name.into(),
            label_ja: spec.label_ja.into(),
            label_en: spec.label_en.into(),
            next_run_at: row.map(|r| r.next_run_at),
            running: row.and_then(|r| r.lease_until).is_some_and(|l| l >= now),
            last_started_at: row.and_then(|r| r.last_started_at),
            last_finished_at: row.and_then(|r| r.last_finished_at),
            last_ok: row.and_then(|r| r.last_ok),
            last_message: row.and_then(|r| r.last_message.clone()),
            last_duration_ms: row.and_then(|r| r.last_duration_ms),
            runs: row.map_or(0, |r| r.runs),
        }
    }
}

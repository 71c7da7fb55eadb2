//! A webhook request: the source named in its path, proved by its secret (as a bearer
//! token or an HMAC signature), its body read whole — one bad event refuses the batch —
//! and ingested. Refusals are counted per source and answered without detail about
//! the source to anyone who has not proved they are it.

use mamori_domain::Problem;
use mamori_domain::event::signature::{Credential, verify};
use mamori_domain::event::{MAX_WEBHOOK_BYTES, parse_webhook};
use uuid::Uuid;

use super::view::IngestReceipt;
use crate::{App, AppError};

/// Why a webhook request was refused.
#[derive(Debug)]
pub enum WebhookRefusal {
    /// No such webhook source, or it is disabled: 404.
    NotFound,
    /// Credentials missing or wrong: 401.
    Unauthorized(Problem),
    /// Larger than [`MAX_WEBHOOK_BYTES`]: 413.
    TooLarge,
    /// The body is not events of the documented shape: 422.
    Invalid(Problem),
    /// This server cannot open the source's secret (no settings key), or the store
    /// failed: 503 / 500.
    Failed(AppError),
}

/// The context a webhook secret is sealed for.
pub(super) fn secret_context(source_id: Uuid) -> String {
    format!("event-source:{source_id}")
}

impl App {
    /// Receives a webhook request for source `source_id`.
    pub async fn receive_webhook(
        &self,
        source_id: Uuid,
        credential: Credential<'_>,
        body: &[u8],
    ) -> Result<IngestReceipt, WebhookRefusal> {
        let source = mamori_store::events::get_source_any_org(self.store.conn(), source_id)
            .await
            .map_err(|e| WebhookRefusal::Failed(e.into()))?
            .filter(|s| s.kind == "webhook")
            .ok_or(WebhookRefusal::NotFound)?;
        if !source.enabled {
            self.events.count(source.id, |c| c.refused += 1);
            return Err(WebhookRefusal::NotFound);
        }
        let secret = match (&self.settings_key, &source.secret) {
            (Some(key), Some(sealed)) => key.open_for(&secret_context(source.id), sealed),
            _ => None,
        }
        .ok_or_else(|| {
            WebhookRefusal::Failed(AppError::Unavailable(Problem::new(
                "このサーバーは送信元の秘密情報を開けません（設定鍵がないか異なります）。",
                "This server cannot open the source's secret (its settings key is missing or differs).",
            )))
        })?;
        let now = self.now();
        if let Err(p) = verify(&secret, credential, body, now) {
            self.events.count(source.id, |c| c.refused += 1);
            return Err(WebhookRefusal::Unauthorized(p));
        }
        if body.len() > MAX_WEBHOOK_BYTES {
            self.events.count(source.id, |c| c.unreadable += 1);
            return Err(WebhookRefusal::TooLarge);
        }
        let events = parse_webhook(body, now).map_err(|p| {
            self.events.count(source.id, |c| c.unreadable += 1);
            WebhookRefusal::Invalid(p)
        })?;
        self.ingest(&source, events)
            .await
            .map_err(WebhookRefusal::Failed)
    }
}

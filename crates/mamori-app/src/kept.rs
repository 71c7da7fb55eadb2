//! Data read for a page, kept while nothing has been written.
//!
//! Every write is audited in its own transaction, so the organization's audit-chain
//! head moves with every committed change. Data read after the head was at `seq` is
//! at least as new as `seq` and is kept under it; a reader who finds the head still at
//! `seq` (and the day unchanged, since standings and due dates depend on it) reuses it.
//! Coverage pages read a whole register and every completion or acknowledgement; kept,
//! they cost what working out the figures costs, not what reading them does.

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Arc, Mutex, PoisonError};

use chrono::NaiveDate;
use uuid::Uuid;

use crate::{App, AppResult};

/// What was read, the audit head it was read after, and the day it was read for.
struct Entry<T> {
    seq: i64,
    today: NaiveDate,
    value: Arc<T>,
}

/// Values kept by key (an organization, a campaign), each valid at one audit head.
pub(crate) struct KeptByHead<K, T> {
    kept: Mutex<HashMap<K, Entry<T>>>,
}

impl<K, T> Default for KeptByHead<K, T> {
    fn default() -> Self {
        Self {
            kept: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Hash + Eq, T> KeptByHead<K, T> {
    pub(crate) fn get(&self, key: &K, seq: i64, today: NaiveDate) -> Option<Arc<T>> {
        let kept = self.kept.lock().unwrap_or_else(PoisonError::into_inner);
        kept.get(key)
            .filter(|e| e.seq == seq && e.today == today)
            .map(|e| e.value.clone())
    }

    pub(crate) fn keep(&self, key: K, seq: i64, today: NaiveDate, value: Arc<T>) {
        self.kept
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(key, Entry { seq, today, value });
    }
}

impl App {
    /// The organization's audit head now; read before the data it keys.
    pub(crate) async fn audit_seq(&self, org_id: Uuid) -> AppResult<i64> {
        Ok(mamori_store::audit::head(self.store.conn(), org_id)
            .await?
            .map_or(0, |(s, _)| s))
    }
}

//! Writing and reading the audit log from use cases.

use mamori_domain::audit::{ChainFault, Change, diff, encode_changes};
pub use mamori_store::audit::AuditFilter;
use mamori_store::audit::{ChainReport, NewEntry};
use mamori_store::entity::audit_log;
use serde::Serialize;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppResult, Page, PageRequest};

/// An audit entry decoded for display and the API.
#[derive(Debug, Clone, Serialize)]
pub struct AuditRecord {
    pub seq: i64,
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub at_text: String,
    pub actor: String,
    pub source: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    pub changes: Vec<Change>,
    pub hash: String,
}

impl From<&audit_log::Model> for AuditRecord {
    fn from(m: &audit_log::Model) -> Self {
        Self {
            seq: m.seq,
            at: chrono::DateTime::parse_from_rfc3339(&m.at)
                .ok()
                .map(|t| t.with_timezone(&chrono::Utc)),
            at_text: m.at.clone(),
            actor: m.actor.clone(),
            source: m.source.clone(),
            action: m.action.clone(),
            object_type: m.object_type.clone(),
            object_id: m.object_id.clone(),
            changes: mamori_domain::audit::decode_changes(&m.changes),
            hash: m.hash.clone(),
        }
    }
}

impl App {
    /// Appends an entry in the caller's transaction.
    pub async fn audit<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        action: &str,
        object_type: &str,
        object_id: &str,
        changes: Vec<Change>,
    ) -> AppResult<i64> {
        let entry = self.entry(actor, action, object_type, object_id, &changes);
        Ok(mamori_store::audit::append(conn, actor.org_id, entry).await?)
    }

    /// Builds an entry for [`mamori_store::audit::append_many`], for writes that record
    /// many entries at once (imports, bulk actions).
    pub fn entry(
        &self,
        actor: &Actor,
        action: &str,
        object_type: &str,
        object_id: &str,
        changes: &[Change],
    ) -> NewEntry {
        NewEntry {
            entry_id: self.new_id(),
            at: self.now(),
            actor: actor.label.clone(),
            source: actor.source.clone(),
            action: action.to_owned(),
            object_type: object_type.to_owned(),
            object_id: object_id.to_owned(),
            changes: encode_changes(changes),
        }
    }

    /// An entry recording a record's change from `before` to `after` (serializable views).
    pub fn change_entry<T: Serialize>(
        &self,
        actor: &Actor,
        action: &str,
        (object_type, object_id): (&str, Uuid),
        before: Option<&T>,
        after: Option<&T>,
    ) -> NewEntry {
        let b = before.and_then(|v| serde_json::to_value(v).ok());
        let a = after.and_then(|v| serde_json::to_value(v).ok());
        self.entry(
            actor,
            action,
            object_type,
            &object_id.to_string(),
            &diff(b.as_ref(), a.as_ref()),
        )
    }

    /// Audits a change of a record given its serializable view before and after.
    pub async fn audit_change<C: mamori_store::Conn, T: Serialize>(
        &self,
        conn: &C,
        actor: &Actor,
        action: &str,
        (object_type, object_id): (&str, Uuid),
        before: Option<&T>,
        after: Option<&T>,
    ) -> AppResult<i64> {
        let b = before.and_then(|v| serde_json::to_value(v).ok());
        let a = after.and_then(|v| serde_json::to_value(v).ok());
        let changes = diff(b.as_ref(), a.as_ref());
        self.audit(
            conn,
            actor,
            action,
            object_type,
            &object_id.to_string(),
            changes,
        )
        .await
    }

    pub async fn audit_list(
        &self,
        actor: &Actor,
        filter: &AuditFilter,
        page: PageRequest,
    ) -> AppResult<Page<AuditRecord>> {
        self.authorize(actor, Capability::ViewAudit).await?;
        Ok(
            mamori_store::audit::list(self.store.conn(), actor.org_id, filter, page)
                .await?
                .map(|m| AuditRecord::from(&m)),
        )
    }

    /// "Who changed what, when" for one record. Anyone who may read the record may read
    /// its history; the caller checks that before asking.
    pub async fn history(
        &self,
        actor: &Actor,
        object_type: &str,
        object_id: Uuid,
    ) -> AppResult<Vec<AuditRecord>> {
        let f = AuditFilter {
            object_type: Some(object_type.to_owned()),
            object_id: Some(object_id.to_string()),
            ..Default::default()
        };
        Ok(mamori_store::audit::list(
            self.store.conn(),
            actor.org_id,
            &f,
            PageRequest::new(Some(1), Some(200)),
        )
        .await?
        .items
        .iter()
        .map(AuditRecord::from)
        .collect())
    }

    /// Recomputes every organization's chain and, with `key`, checks its signed heads.
    pub async fn verify_audit(
        &self,
        key: Option<&ed25519_dalek::VerifyingKey>,
    ) -> AppResult<Vec<ChainReport>> {
        let mut out = Vec::new();
        for org in mamori_store::audit::chain_orgs(self.store.conn()).await? {
            let mut r = mamori_store::audit::verify_chain(self.store.conn(), org).await?;
            if let (None, Some(k)) = (&r.fault, key) {
                self.check_signatures(k, &mut r).await?;
            }
            out.push(r);
        }
        Ok(out)
    }
}

impl App {
    /// Streams an organization's entries (oldest first) as JSON lines; returns the count.
    /// The export itself is audited.
    pub async fn export_audit(
        &self,
        actor: &Actor,
        since: Option<chrono::NaiveDate>,
        out: &mut dyn FnMut(&str) -> AppResult<()>,
    ) -> AppResult<u64> {
        self.authorize(actor, Capability::ViewAudit).await?;
        let f = AuditFilter {
            since: since
                .and_then(|d| d.and_hms_opt(0, 0, 0))
                .map(|t| t.and_utc() - chrono::Duration::hours(9)),
            ..Default::default()
        };
        let tx = self.store.begin_write().await?;
        self.audit(&*tx, actor, "audit.export", "audit_log", "*", vec![])
            .await?;
        tx.commit().await?;
        let mut after = 0;
        let mut n = 0u64;
        loop {
            let rows = mamori_store::audit::batch(self.store.conn(), actor.org_id, &f, after, 2000)
                .await?;
            let Some(last) = rows.last() else { break };
            after = last.seq;
            for m in &rows {
                let entry = mamori_store::audit::to_chain_entry(m);
                let mut v = serde_json::to_value(&entry).unwrap_or_default();
                if let Some(o) = v.as_object_mut() {
                    o.insert("hash".into(), serde_json::Value::String(m.hash.clone()));
                }
                out(&v.to_string())?;
                n += 1;
            }
        }
        Ok(n)
    }
}

/// First fault across reports, for the CLI's exit status.
pub fn first_fault(reports: &[ChainReport]) -> Option<(&ChainReport, &ChainFault)> {
    reports
        .iter()
        .find_map(|r| r.fault.as_ref().map(|f| (r, f)))
}

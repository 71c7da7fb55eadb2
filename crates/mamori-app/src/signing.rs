//! Signing audit chain heads with Ed25519, and checking those signatures.
//!
//! The key lives in a file (the data directory's `audit-signing.key`, or a configured
//! path), never in the database: someone who can only write the database can recompute
//! every hash, but cannot produce a signature for the rewritten head. Servers sign every
//! organization's head periodically and on shutdown; CLI commands sign after writing.

use std::path::Path;

use ed25519_dalek::{Signature, Signer, SigningKey, Verifier, VerifyingKey};
use mamori_domain::audit::{ChainFault, format_time, head_message};
use mamori_store::audit::ChainReport;
use mamori_store::entity::audit_signature;

use crate::{App, AppResult, Random, keyfile};

pub struct AuditSigner {
    key: SigningKey,
    key_id: String,
}

impl std::fmt::Debug for AuditSigner {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "AuditSigner({})", self.key_id)
    }
}

const WHAT: &str = "audit signing key";

impl AuditSigner {
    fn from_seed(seed: [u8; 32]) -> Self {
        let key = SigningKey::from_bytes(&seed);
        let key_id = hex::encode(&key.verifying_key().to_bytes()[..8]);
        Self { key, key_id }
    }

    /// Reads the key file (hex of a 32-byte seed).
    pub fn load(path: &Path) -> AppResult<Option<Self>> {
        Ok(keyfile::read(WHAT, path)?.map(Self::from_seed))
    }

    /// Reads the key file, creating it (readable by the owner only) when absent.
    pub fn load_or_create(path: &Path, random: &dyn Random) -> AppResult<Self> {
        keyfile::load_or_create(WHAT, path, random).map(Self::from_seed)
    }

    pub fn key_id(&self) -> &str {
        &self.key_id
    }

    pub fn verifying_key(&self) -> VerifyingKey {
        self.key.verifying_key()
    }
}

impl App {
    /// Signs every organization's current chain head that is not yet signed. Returns
    /// the number of new signatures.
    pub async fn sign_heads(&self) -> AppResult<usize> {
        let Some(signer) = &self.signer else {
            return Ok(0);
        };
        let conn = self.store.conn();
        let mut n = 0;
        for org in mamori_store::audit::chain_orgs(conn).await? {
            let Some((seq, hash)) = mamori_store::audit::head(conn, org).await? else {
                continue;
            };
            if seq == 0 {
                continue;
            }
            let already = mamori_store::audit::signatures(conn, org)
                .await?
                .iter()
                .any(|s| s.seq == seq && s.key_id == signer.key_id);
            if already {
                continue;
            }
            let signed_at = format_time(self.now());
            let sig = signer
                .key
                .sign(&head_message(&org.to_string(), seq, &hash, &signed_at));
            let tx = self.store.begin_write().await?;
            mamori_store::audit::insert_signature(
                &*tx,
                audit_signature::Model {
                    org_id: org,
                    seq,
                    hash,
                    signed_at,
                    key_id: signer.key_id.clone(),
                    signature: hex::encode(sig.to_bytes()),
                },
            )
            .await?;
            tx.commit().await?;
            n += 1;
        }
        Ok(n)
    }

    /// Checks an organization's signatures against the chain already verified in
    /// `report`, recording the first fault.
    pub(crate) async fn check_signatures(
        &self,
        key: &VerifyingKey,
        report: &mut ChainReport,
    ) -> AppResult<()> {
        let conn = self.store.conn();
        let key_id = hex::encode(&key.to_bytes()[..8]);
        for s in mamori_store::audit::signatures(conn, report.org_id).await? {
            if s.key_id != key_id {
                continue; // made with another (e.g. earlier) key; not ours to judge
            }
            let bytes: Option<[u8; 64]> = hex::decode(&s.signature)
                .ok()
                .and_then(|b| b.try_into().ok());
            let valid = bytes.is_some_and(|b| {
                key.verify(
                    &head_message(&s.org_id.to_string(), s.seq, &s.hash, &s.signed_at),
                    &Signature::from_bytes(&b),
                )
                .is_ok()
            });
            if !valid {
                report
                    .fault
                    .get_or_insert(ChainFault::BadSignature { seq: s.seq });
                return Ok(());
            }
            let stored = mamori_store::audit::entry(conn, report.org_id, s.seq).await?;
            if stored.is_none_or(|e| e.hash != s.hash) {
                report
                    .fault
                    .get_or_insert(ChainFault::SignedHeadMismatch { seq: s.seq });
                return Ok(());
            }
            report.signatures += 1;
            report.last_signed_seq = report.last_signed_seq.max(s.seq);
        }
        if report.entries > 0 && report.signatures == 0 {
            report.fault.get_or_insert(ChainFault::Unsigned { seq: 1 });
        }
        Ok(())
    }
}

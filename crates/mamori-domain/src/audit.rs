//! The audit chain: how an entry is encoded and hashed, and how a chain is checked.
//!
//! `docs/AUDIT.md` specifies the same encoding for third parties; the test vectors at
//! the bottom of this file are quoted there, so a change here without a change there
//! fails the tests.
//!
//! Encoding: for each field, in the order of [`ChainEntry`], write the decimal byte
//! length of its UTF-8 value, a colon, the value, and a line feed. The entry's hash is
//! the lowercase hex SHA-256 of that encoding; `prev_hash` (one of the fields) links it
//! to the entry before, and the first entry of an organization links to [`GENESIS`].

use chrono::{DateTime, SecondsFormat, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// `prev_hash` of an organization's first entry.
pub const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

/// One entry exactly as stored and hashed. Every field is text, so verification reads
/// back the same bytes that were chained, whatever the database.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChainEntry {
    pub org_id: String,
    pub seq: i64,
    pub entry_id: String,
    /// [`format_time`] of the moment of the change.
    pub at: String,
    /// `user:<login>`, `token:<name>@<login>`, `cli:<os-user>` or `system`.
    pub actor: String,
    /// Source address or `cli`.
    pub source: String,
    pub action: String,
    pub object_type: String,
    pub object_id: String,
    /// JSON array of [`Change`], as produced by [`encode_changes`].
    pub changes: String,
    pub prev_hash: String,
}

impl ChainEntry {
    fn fields<'a>(&'a self, seq: &'a str) -> [&'a str; 11] {
        [
            &self.org_id,
            seq,
            &self.entry_id,
            &self.at,
            &self.actor,
            &self.source,
            &self.action,
            &self.object_type,
            &self.object_id,
            &self.changes,
            &self.prev_hash,
        ]
    }

    /// The canonical byte encoding that is hashed.
    pub fn canonical(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.changes.len() + self.actor.len() + 320);
        self.write_canonical(&mut out);
        out
    }

    /// Appends the canonical encoding to `out` (verifiers reuse one buffer).
    pub fn write_canonical(&self, out: &mut Vec<u8>) {
        let mut seq_buf = [0u8; 20];
        let seq = decimal(self.seq.unsigned_abs() as usize, &mut seq_buf);
        for f in self.fields(seq) {
            let mut len_buf = [0u8; 20];
            out.extend_from_slice(decimal(f.len(), &mut len_buf).as_bytes());
            out.push(b':');
            out.extend_from_slice(f.as_bytes());
            out.push(b'\n');
        }
    }

    /// SHA-256 of [`Self::canonical`].
    pub fn hash_bytes(&self) -> [u8; 32] {
        Sha256::digest(self.canonical()).into()
    }

    pub fn hash(&self) -> String {
        hex::encode(self.hash_bytes())
    }
}

/// Decimal digits of `n` in `buf`, without allocating (verification runs this twelve
/// times per entry).
fn decimal(mut n: usize, buf: &mut [u8; 20]) -> &str {
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    std::str::from_utf8(&buf[i..]).unwrap_or("0")
}

/// Canonical time text: RFC 3339, UTC, microseconds, `Z` (what both databases keep).
pub fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// One changed field: its value before and after (absent on create / delete).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Change {
    pub field: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub before: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub after: Option<serde_json::Value>,
}

pub fn encode_changes(changes: &[Change]) -> String {
    serde_json::to_string(changes).unwrap_or_else(|_| "[]".to_owned())
}

pub fn decode_changes(s: &str) -> Vec<Change> {
    serde_json::from_str(s).unwrap_or_default()
}

/// Whether a snapshot value says anything: null and the empty string both mean "not
/// set", so a new record's entry lists only the fields it fills (a register row has
/// dozens of optional fields, and entries are kept forever).
fn is_set(v: &serde_json::Value) -> bool {
    !(v.is_null() || v.as_str() == Some(""))
}

/// Compares two JSON snapshots of a record field by field, keeping only what changed.
pub fn diff(before: Option<&serde_json::Value>, after: Option<&serde_json::Value>) -> Vec<Change> {
    use serde_json::Value;
    fn obj(v: Option<&Value>) -> Option<&serde_json::Map<String, Value>> {
        match v {
            Some(Value::Object(m)) => Some(m),
            _ => None,
        }
    }
    let (b, a) = (obj(before), obj(after));
    let mut keys: Vec<&String> = b
        .into_iter()
        .flat_map(|m| m.keys())
        .chain(a.into_iter().flat_map(|m| m.keys()))
        .collect();
    keys.sort();
    keys.dedup();
    fn field<'a>(m: Option<&'a serde_json::Map<String, Value>>, k: &str) -> Option<&'a Value> {
        m.and_then(|m| m.get(k)).filter(|v| is_set(v))
    }
    keys.into_iter()
        .filter_map(|k| {
            let (bv, av) = (field(b, k), field(a, k));
            (bv != av).then(|| Change {
                field: k.clone(),
                before: bv.cloned(),
                after: av.cloned(),
            })
        })
        .collect()
}

/// The changes of a new record: each field its snapshot fills, in field order — what
/// `diff(None, Some(&snapshot))` gives, without copying the snapshot (an import
/// records one for every row).
pub fn created(snapshot: serde_json::Value) -> Vec<Change> {
    match snapshot {
        serde_json::Value::Object(m) => {
            let mut changes: Vec<Change> = m
                .into_iter()
                .filter(|(_, v)| is_set(v))
                .map(|(field, v)| Change {
                    field,
                    before: None,
                    after: Some(v),
                })
                .collect();
            changes.sort_by(|x, y| x.field.cmp(&y.field));
            changes
        }
        _ => Vec::new(),
    }
}

/// The bytes an Ed25519 signature over a chain head covers: a fixed label, then the
/// organization, sequence number, hash and signing time, each length-prefixed as in
/// [`ChainEntry::canonical`].
pub fn head_message(org_id: &str, seq: i64, hash: &str, signed_at: &str) -> Vec<u8> {
    let seq = seq.to_string();
    let mut out = b"mamori-audit-head-v1\n".to_vec();
    for f in [org_id, seq.as_str(), hash, signed_at] {
        out.extend_from_slice(f.len().to_string().as_bytes());
        out.push(b':');
        out.extend_from_slice(f.as_bytes());
        out.push(b'\n');
    }
    out
}

/// Why a chain failed verification, naming the entry.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ChainFault {
    #[error("entry {seq}: stored hash does not match its contents (the entry was altered)")]
    HashMismatch { seq: i64 },
    #[error(
        "entry {seq}: does not link to the entry before it (an entry was removed, inserted or reordered)"
    )]
    BrokenLink { seq: i64 },
    #[error("entry {found}: sequence number {expected} is missing")]
    MissingSeq { expected: i64, found: i64 },
    #[error("entry {seq}: belongs to another organization")]
    WrongOrg { seq: i64 },
    #[error("entry {seq}: its signed head has an invalid signature (signature forged or altered)")]
    BadSignature { seq: i64 },
    #[error("entry {seq}: differs from the head that was signed (the chain was rewritten)")]
    SignedHeadMismatch { seq: i64 },
    #[error(
        "entry {seq}: the chain has no valid signature, so a wholesale replacement cannot be ruled out"
    )]
    Unsigned { seq: i64 },
}

impl ChainFault {
    pub fn seq(&self) -> i64 {
        match self {
            ChainFault::HashMismatch { seq }
            | ChainFault::BrokenLink { seq }
            | ChainFault::WrongOrg { seq }
            | ChainFault::BadSignature { seq }
            | ChainFault::SignedHeadMismatch { seq }
            | ChainFault::Unsigned { seq } => *seq,
            ChainFault::MissingSeq { expected, .. } => *expected,
        }
    }
}

/// Walks one organization's chain in sequence order, one entry at a time, so a
/// verifier can stream millions of entries without holding them.
#[derive(Debug, Clone)]
pub struct ChainVerifier {
    org_id: String,
    next_seq: i64,
    prev_hash: String,
    /// Reused for each entry's canonical bytes.
    scratch: Vec<u8>,
}

impl ChainVerifier {
    pub fn new(org_id: impl Into<String>) -> Self {
        Self {
            org_id: org_id.into(),
            next_seq: 1,
            prev_hash: GENESIS.to_owned(),
            scratch: Vec::with_capacity(1024),
        }
    }

    /// Checks the next entry. `stored_hash` is the hash column as stored.
    pub fn check(&mut self, entry: &ChainEntry, stored_hash: &str) -> Result<(), ChainFault> {
        if entry.org_id != self.org_id {
            return Err(ChainFault::WrongOrg { seq: entry.seq });
        }
        if entry.seq != self.next_seq {
            return Err(ChainFault::MissingSeq {
                expected: self.next_seq,
                found: entry.seq,
            });
        }
        let mut stored = [0u8; 32];
        self.scratch.clear();
        entry.write_canonical(&mut self.scratch);
        let computed: [u8; 32] = Sha256::digest(&self.scratch).into();
        if hex::decode_to_slice(stored_hash, &mut stored).is_err()
            || computed != stored
            || stored_hash.bytes().any(|b| b.is_ascii_uppercase())
        {
            return Err(ChainFault::HashMismatch { seq: entry.seq });
        }
        if entry.prev_hash != self.prev_hash {
            return Err(ChainFault::BrokenLink { seq: entry.seq });
        }
        self.next_seq += 1;
        self.prev_hash.clear();
        self.prev_hash.push_str(stored_hash);
        Ok(())
    }

    /// Sequence number and hash of the last entry accepted (0 and [`GENESIS`] before any).
    pub fn head(&self) -> (i64, &str) {
        (self.next_seq - 1, &self.prev_hash)
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use serde_json::json;

    fn entry(seq: i64, prev: &str) -> ChainEntry {
        ChainEntry {
            org_id: "0190a5f0-0000-7000-8000-000000000001".into(),
            seq,
            entry_id: format!("0190a5f0-0000-7000-8000-00000000010{seq}"),
            at: "2026-04-01T09:00:00.000000Z".into(),
            actor: "user:ciso".into(),
            source: "127.0.0.1".into(),
            action: "staff.create".into(),
            object_type: "staff".into(),
            object_id: "0190a5f0-0000-7000-8000-000000000201".into(),
            changes: r#"[{"field":"name","after":"山田 太郎"}]"#.into(),
            prev_hash: prev.into(),
        }
    }

    #[test]
    fn canonical_encoding_is_length_prefixed_lines() {
        let e = entry(1, GENESIS);
        let text = String::from_utf8(e.canonical()).unwrap();
        let lines: Vec<&str> = text.split('\n').collect();
        assert_eq!(lines[0], "36:0190a5f0-0000-7000-8000-000000000001");
        assert_eq!(lines[1], "1:1");
        // Byte length, not character count: 山田 太郎 is 13 bytes in UTF-8.
        assert!(lines[9].starts_with("42:[{\"field\""), "{}", lines[9]);
        assert_eq!(lines[10], format!("64:{GENESIS}"));
        assert_eq!(lines[11], "");
    }

    /// Quoted in docs/AUDIT.md as the reference vector.
    #[test]
    fn reference_vector() {
        assert_eq!(
            entry(1, GENESIS).hash(),
            hex::encode(Sha256::digest(entry(1, GENESIS).canonical()))
        );
        let doc = include_str!("../../../docs/AUDIT.md");
        assert!(
            doc.contains(&entry(1, GENESIS).hash()),
            "docs/AUDIT.md must quote the reference hash {}",
            entry(1, GENESIS).hash()
        );
    }

    #[test]
    fn streamed_hash_equals_hash_of_canonical_bytes() {
        for seq in [1, 9, 10, 12345, 9_999_999_999] {
            let e = entry(seq, GENESIS);
            assert_eq!(
                e.hash_bytes().to_vec(),
                Sha256::digest(e.canonical()).to_vec()
            );
        }
        let mut v = ChainVerifier::new("0190a5f0-0000-7000-8000-000000000001");
        let e = entry(1, GENESIS);
        assert_eq!(
            v.check(&e, &e.hash().to_uppercase()),
            Err(ChainFault::HashMismatch { seq: 1 }),
            "the stored hash must be the canonical lower-case hex"
        );
    }

    #[test]
    fn length_prefix_prevents_field_shifting() {
        let mut a = entry(1, GENESIS);
        let mut b = entry(1, GENESIS);
        a.actor = "user:ab".into();
        a.source = "c".into();
        b.actor = "user:a".into();
        b.source = "bc".into();
        assert_ne!(a.hash(), b.hash());
    }

    fn chain(n: i64) -> Vec<(ChainEntry, String)> {
        let mut prev = GENESIS.to_owned();
        (1..=n)
            .map(|s| {
                let e = entry(s, &prev);
                let h = e.hash();
                prev = h.clone();
                (e, h)
            })
            .collect()
    }

    #[test]
    fn intact_chain_verifies() {
        let mut v = ChainVerifier::new("0190a5f0-0000-7000-8000-000000000001");
        for (e, h) in chain(5) {
            v.check(&e, &h).unwrap();
        }
        assert_eq!(v.head().0, 5);
    }

    #[test]
    fn altered_entry_is_named() {
        let mut c = chain(5);
        c[2].0.actor = "user:mallory".into();
        let mut v = ChainVerifier::new("0190a5f0-0000-7000-8000-000000000001");
        let fault = c.iter().find_map(|(e, h)| v.check(e, h).err()).unwrap();
        assert_eq!(fault, ChainFault::HashMismatch { seq: 3 });
    }

    #[test]
    fn removed_entry_is_named() {
        let mut c = chain(5);
        c.remove(1);
        let mut v = ChainVerifier::new("0190a5f0-0000-7000-8000-000000000001");
        let fault = c.iter().find_map(|(e, h)| v.check(e, h).err()).unwrap();
        assert_eq!(
            fault,
            ChainFault::MissingSeq {
                expected: 2,
                found: 3
            }
        );
    }

    #[test]
    fn swapped_entries_with_renumbering_break_the_link() {
        let mut c = chain(4);
        // Swap the contents of entries 2 and 3 but keep the sequence numbers in order,
        // recomputing their hashes as a forger without the chain would.
        let (mut a, mut b) = (c[1].0.clone(), c[2].0.clone());
        std::mem::swap(&mut a.seq, &mut b.seq);
        c[1] = (b.clone(), b.hash());
        c[2] = (a.clone(), a.hash());
        let mut v = ChainVerifier::new("0190a5f0-0000-7000-8000-000000000001");
        let fault = c.iter().find_map(|(e, h)| v.check(e, h).err()).unwrap();
        assert_eq!(fault, ChainFault::BrokenLink { seq: 2 });
    }

    #[test]
    fn diff_keeps_only_changed_fields() {
        let before = json!({"name": "山田", "kana": "ヤマダ", "email": null});
        let after = json!({"name": "山田", "kana": "ヤマダ タロウ", "email": "a@b.jp"});
        let d = diff(Some(&before), Some(&after));
        assert_eq!(d.len(), 2);
        assert_eq!(d[0].field, "email");
        assert_eq!(d[0].before, None);
        assert_eq!(d[1].field, "kana");
        assert_eq!(d[1].before, Some(json!("ヤマダ")));
        let created = diff(None, Some(&after));
        assert_eq!(created.len(), 3);
    }

    #[test]
    fn diff_treats_empty_text_as_not_set() {
        let created = diff(
            None,
            Some(&json!({"name": "台帳", "notes": "", "room": null})),
        );
        assert_eq!(created.len(), 1, "{created:?}");
        assert_eq!(created[0].field, "name");
        let cleared = diff(Some(&json!({"notes": "旧"})), Some(&json!({"notes": ""})));
        assert_eq!(cleared[0].before, Some(json!("旧")));
        assert_eq!(cleared[0].after, None);
        assert!(diff(Some(&json!({"notes": ""})), Some(&json!({"notes": null}))).is_empty());
    }

    #[test]
    fn created_is_the_diff_from_nothing() {
        let snap = json!({"room": null, "name": "台帳", "notes": "", "c": "3B", "persons": 12});
        let fast = created(snap.clone());
        assert_eq!(fast, diff(None, Some(&snap)));
        let fields: Vec<&str> = fast.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["c", "name", "persons"]);
        assert!(created(json!("not an object")).is_empty());
    }

    #[test]
    fn time_format_is_fixed_width() {
        let t = DateTime::parse_from_rfc3339("2026-04-01T09:00:00Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(format_time(t), "2026-04-01T09:00:00.000000Z");
    }
}

//! The entries the append runs write, and the rows they become once chained: both the
//! chained runs and the raw baseline start from the same entries.

use chrono::Utc;
use mamori_domain::audit::{ChainEntry, GENESIS, format_time};
use mamori_store::audit::NewEntry;
use uuid::Uuid;

/// The entries of one run: staff record updates as the web layer audits them.
pub fn new_entries(n: usize) -> Vec<NewEntry> {
    const CHANGES: [&str; 3] = [
        r#"[{"field":"name","before":"山田","after":"山田 太郎"}]"#,
        r#"[{"field":"department","before":"部01/課0101","after":"部02/課0203"},{"field":"kana","before":"ヤマダ","after":"ヤマダ タロウ"}]"#,
        r#"[{"field":"email","after":"yamada.taro@city.example.lg.jp"}]"#,
    ];
    (0..n)
        .map(|i| NewEntry {
            entry_id: Uuid::now_v7(),
            at: Utc::now(),
            actor: "user:ciso".into(),
            source: "192.0.2.10".into(),
            action: "staff.update".into(),
            object_type: "staff".into(),
            object_id: Uuid::now_v7().to_string(),
            changes: CHANGES[i % CHANGES.len()].into(),
        })
        .collect()
}

/// The rows `entries` become when chained from the genesis of `org_id`, with their
/// hashes: exactly the column values `audit::append` writes.
pub fn chained_rows(org_id: Uuid, entries: &[NewEntry]) -> Vec<(ChainEntry, String)> {
    let mut prev = GENESIS.to_owned();
    let mut seq = 0;
    entries
        .iter()
        .map(|e| {
            seq += 1;
            let entry = ChainEntry {
                org_id: org_id.to_string(),
                seq,
                entry_id: e.entry_id.to_string(),
                at: format_time(e.at),
                actor: e.actor.clone(),
                source: e.source.clone(),
                action: e.action.clone(),
                object_type: e.object_type.clone(),
                object_id: e.object_id.clone(),
                changes: e.changes.clone(),
                prev_hash: std::mem::take(&mut prev),
            };
            let hash = entry.hash();
            prev = hash.clone();
            (entry, hash)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use mamori_domain::audit::ChainVerifier;

    use super::*;

    #[test]
    fn raw_rows_carry_the_values_of_a_valid_chain() {
        let org_id = Uuid::now_v7();
        let entries = new_entries(7);
        let rows = chained_rows(org_id, &entries);
        assert_eq!(rows.len(), 7);
        let mut verifier = ChainVerifier::new(org_id.to_string());
        for ((entry, hash), new) in rows.iter().zip(&entries) {
            assert_eq!(verifier.check(entry, hash), Ok(()));
            assert_eq!(entry.entry_id, new.entry_id.to_string());
            assert_eq!(entry.changes, new.changes);
        }
        assert_eq!(verifier.head().0, 7);
    }
}

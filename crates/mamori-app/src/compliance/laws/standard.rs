//! Seeding the standard set of laws (`mamori_domain::law::standard`): every new
//! organization starts with it, and one that predates it adds the missing entries from
//! the register. An entry whose key the organization already has
//! is skipped, so seeding never duplicates or overwrites the city's edits.

use mamori_domain::law::standard::STANDARD;
use mamori_store::entity::{law as row, law_obligation};

use super::row::search_key;
use crate::authz::{Actor, Capability};
use crate::{App, AppResult};

impl App {
    /// Adds the entries of the standard set the organization does not have yet, in the
    /// caller's transaction, audited as one entry; returns how many were added.
    pub(crate) async fn seed_laws<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
    ) -> AppResult<usize> {
        use mamori_store::compliance::laws as s;
        let org_id = actor.org_id;
        let have: Vec<String> = s::all(conn, org_id)
            .await?
            .into_iter()
            .map(|l| l.standard_key)
            .collect();
        let mut number = s::next_number(conn, org_id).await?;
        let now = self.now();
        let (mut laws, mut duties, mut added) = (Vec::new(), Vec::new(), Vec::new());
        for std in STANDARD.iter().filter(|e| !have.iter().any(|k| k == e.key)) {
            let mut m = row::Model {
                id: self.new_id(),
                org_id,
                number,
                title: std.title.to_owned(),
                kind: std.kind.code().to_owned(),
                reference: std.reference.to_owned(),
                owner_department_id: None,
                applies_all: true,
                review_months: std.review_months as i32,
                last_reviewed: None,
                next_review: None,
                repealed: false,
                notes: String::new(),
                standard_key: std.key.to_owned(),
                search_key: String::new(),
                created_by: actor.label.clone(),
                created_at: now,
                updated_at: now,
            };
            m.search_key = search_key(&m);
            for (i, d) in std.obligations.iter().enumerate() {
                duties.push(law_obligation::Model {
                    id: self.new_id(),
                    org_id,
                    law_id: m.id,
                    position: i as i32 + 1,
                    article: d.article.to_owned(),
                    duty: d.duty.to_owned(),
                    created_at: now,
                    updated_at: now,
                });
            }
            added.push(format!(
                "{} {}",
                mamori_domain::law::code(number),
                std.title
            ));
            laws.push(m);
            number += 1;
        }
        if laws.is_empty() {
            return Ok(0);
        }
        s::insert(conn, laws).await?;
        s::insert_obligations(conn, duties).await?;
        self.audit_change(
            conn,
            actor,
            "law.seed",
            ("org", org_id),
            None,
            Some(&serde_json::json!({ "added": added })),
        )
        .await?;
        Ok(added.len())
    }

    /// Adds the missing entries of the standard set to the register (the top
    /// officers); returns how many.
    pub async fn seed_standard_laws(&self, actor: &Actor) -> AppResult<usize> {
        self.authorize(actor, Capability::ManageCompliance).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let n = self.seed_laws(&*tx, actor).await?;
        tx.commit().await?;
        Ok(n)
    }

    /// How many entries of the standard set the organization lacks (the register
    /// offers to add them).
    pub async fn missing_standard_laws(&self, actor: &Actor) -> AppResult<usize> {
        self.authorize(actor, Capability::ViewLaws).await?;
        let have: Vec<String> =
            mamori_store::compliance::laws::all(self.store.conn(), actor.org_id)
                .await?
                .into_iter()
                .map(|l| l.standard_key)
                .collect();
        Ok(STANDARD
            .iter()
            .filter(|e| !have.iter().any(|k| k == e.key))
            .count())
    }
}

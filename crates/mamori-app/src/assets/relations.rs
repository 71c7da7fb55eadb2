//! Relations between assets (data stored on a system, which runs on hardware, which
//! sits in a facility) and the required protection they imply.
//!
//! A supporting asset must be protected at least as well as anything that depends on
//! it. The result is stored on each asset (`req_*`) and recomputed on every write that
//! can change it, for only the assets the write can reach: the changed assets and what
//! they support, transitively. Reading a page never walks the graph.

use std::collections::{HashMap, HashSet};

use mamori_domain::asset::AssetKind;
use mamori_domain::protection::{Protection, RelationKind, propagate, would_cycle};
use mamori_store::assets::Ranks;
use mamori_store::entity::{asset, asset_relation};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::Actor;
use crate::error::stored;
use crate::{App, AppError, AppResult};

use super::edit_capability;

/// One relation as the asset page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct RelationView {
    pub id: Uuid,
    /// `stored_on`, `runs_on`, `located_in`, `connected_to`, `depends_on`.
    #[schema(value_type = String)]
    pub kind: RelationKind,
    /// True when this asset depends on the other one.
    pub outgoing: bool,
    pub other_id: Uuid,
    /// The other asset's `[number, name]`; null when it is restricted and the reader
    /// lacks need-to-know.
    pub other: Option<(String, String)>,
    pub note: String,
}

fn protection(r: [i16; 3]) -> Protection {
    let rank = |v: i16| u8::try_from(v).unwrap_or(0);
    Protection {
        c: rank(r[0]),
        i: rank(r[1]),
        a: rank(r[2]),
    }
}

fn ranks_of(p: Protection) -> [i16; 3] {
    [i16::from(p.c), i16::from(p.i), i16::from(p.a)]
}

impl App {
    pub(crate) async fn relation_views(
        &self,
        actor: &Actor,
        m: &asset::Model,
    ) -> AppResult<Vec<RelationView>> {
        let conn = self.store.conn();
        let rels = mamori_store::assets::relations_of(conn, actor.org_id, m.id).await?;
        let others: Vec<Uuid> = rels
            .iter()
            .map(|r| {
                if r.from_id == m.id {
                    r.to_id
                } else {
                    r.from_id
                }
            })
            .collect();
        let by_id: HashMap<Uuid, asset::Model> =
            mamori_store::assets::by_ids(conn, actor.org_id, &others)
                .await?
                .into_iter()
                .map(|a| (a.id, a))
                .collect();
        let scope = actor.restricted_scope();
        let visible = |a: &asset::Model| {
            !a.restricted
                || match &scope {
                    None => true,
                    Some(ds) => {
                        a.department_id.is_some_and(|d| ds.contains(&d))
                            || (a.owner_staff_id.is_some() && a.owner_staff_id == actor.staff_id)
                    }
                }
        };
        let mut out = Vec::with_capacity(rels.len());
        for r in rels {
            let outgoing = r.from_id == m.id;
            let other_id = if outgoing { r.to_id } else { r.from_id };
            let Some(other) = by_id.get(&other_id) else {
                continue;
            };
            out.push(RelationView {
                id: r.id,
                kind: stored("relation kind", &r.kind, RelationKind::from_code(&r.kind))?,
                outgoing,
                other_id,
                other: visible(other).then(|| (other.number.clone(), other.name.clone())),
                note: r.note,
            });
        }
        Ok(out)
    }

    /// Records that `from` depends on `to`; refuses kinds that make no sense and cycles.
    pub async fn add_relation(
        &self,
        actor: &Actor,
        from: Uuid,
        to_number: &str,
        kind: &str,
        note: &str,
    ) -> AppResult<Uuid> {
        let kind = RelationKind::parse(kind).map_err(|p| AppError::Invalid(p.at("kind").into()))?;
        let tx = self.store.begin_write().await?;
        let src = mamori_store::assets::get(&*tx, actor.org_id, from)
            .await?
            .ok_or(AppError::NotFound)?;
        if !actor.can(edit_capability(&src)) {
            // Release the writer before recording the refusal in its own transaction.
            drop(tx);
            return Err(self.deny(actor, edit_capability(&src)).await);
        }
        let number = mamori_domain::text::fold_width(to_number.trim());
        let dst = mamori_store::assets::by_number(&*tx, actor.org_id, &number)
            .await?
            .ok_or_else(|| {
                AppError::field(
                    "to",
                    format!("管理番号「{number}」の資産が見つかりません。"),
                    format!("No asset numbered \"{number}\"."),
                )
            })?;
        let (fk, tk) = (
            stored("asset kind", &src.kind, AssetKind::from_code(&src.kind))?,
            stored("asset kind", &dst.kind, AssetKind::from_code(&dst.kind))?,
        );
        if src.id == dst.id {
            return Err(AppError::field(
                "to",
                "資産は自分自身に関連付けられません。",
                "An asset cannot relate to itself.",
            ));
        }
        kind.check(fk, tk)
            .map_err(|p| AppError::Invalid(p.at("kind").into()))?;
        let edges = mamori_store::assets::all_edges(&*tx, actor.org_id).await?;
        if edges.contains(&(src.id, dst.id)) {
            return Err(AppError::field(
                "to",
                "この関連は既に登録されています。",
                "This relation is already recorded.",
            ));
        }
        if would_cycle(&edges, src.id, dst.id) {
            return Err(AppError::field(
                "to",
                "この関連を加えると依存関係が循環します。",
                "This relation would make the dependencies circular.",
            ));
        }
        let id = self.new_id();
        let rel = asset_relation::Model {
            id,
            org_id: actor.org_id,
            from_id: src.id,
            to_id: dst.id,
            kind: kind.code().to_owned(),
            note: mamori_domain::text::clean(note),
            created_at: self.now(),
        };
        mamori_store::assets::insert_relation(&*tx, rel).await?;
        self.audit(
            &*tx,
            actor,
            "asset.relate",
            "asset",
            &src.id.to_string(),
            vec![mamori_domain::audit::Change {
                field: kind.code().into(),
                before: None,
                after: Some(serde_json::json!(dst.number)),
            }],
        )
        .await?;
        self.recompute_required(&*tx, actor.org_id, &[src.id, dst.id])
            .await?;
        tx.commit().await?;
        Ok(id)
    }

    pub async fn remove_relation(&self, actor: &Actor, asset_id: Uuid, id: Uuid) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        let src = mamori_store::assets::get(&*tx, actor.org_id, asset_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !actor.can(edit_capability(&src)) {
            // Release the writer before recording the refusal in its own transaction.
            drop(tx);
            return Err(self.deny(actor, edit_capability(&src)).await);
        }
        let rels = mamori_store::assets::relations_of(&*tx, actor.org_id, asset_id).await?;
        if !rels.iter().any(|r| r.id == id) {
            return Err(AppError::NotFound);
        }
        let Some(r) = mamori_store::assets::delete_relation(&*tx, actor.org_id, id).await? else {
            return Err(AppError::NotFound);
        };
        self.audit(
            &*tx,
            actor,
            "asset.unrelate",
            "asset",
            &r.from_id.to_string(),
            vec![mamori_domain::audit::Change {
                field: r.kind.clone(),
                before: Some(serde_json::json!(r.to_id)),
                after: None,
            }],
        )
        .await?;
        // The supporting side may now need less; recompute it and what it supports.
        self.recompute_required(&*tx, actor.org_id, &[r.to_id])
            .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Recomputes required protection for `changed` and everything they support.
    pub(crate) async fn recompute_required<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        changed: &[Uuid],
    ) -> AppResult<()> {
        // Walk up the supporting chain, one query per level of depth.
        let mut region: HashSet<Uuid> = changed.iter().copied().collect();
        let mut frontier: Vec<Uuid> = changed.to_vec();
        let mut up_edges = Vec::new();
        while !frontier.is_empty() {
            let edges = mamori_store::assets::edges_at(conn, org_id, &frontier, true).await?;
            frontier = edges
                .iter()
                .map(|(_, to)| *to)
                .filter(|to| region.insert(*to))
                .collect();
            up_edges.extend(edges);
        }
        let region_ids: Vec<Uuid> = region.iter().copied().collect();
        // Everything that depends on the region, with the edges into it.
        let into = mamori_store::assets::edges_at(conn, org_id, &region_ids, false).await?;
        let mut ids: HashSet<Uuid> = region.clone();
        ids.extend(into.iter().map(|(from, _)| *from));
        let ids: Vec<Uuid> = ids.into_iter().collect();
        let ranks = mamori_store::assets::ranks(conn, org_id, Some(&ids)).await?;
        // Assets outside the region keep their stored requirement, which the region
        // cannot change; inside it, start from each asset's own level.
        let own: HashMap<Uuid, Protection> = ranks
            .iter()
            .map(|(id, r)| {
                let base = if region.contains(id) {
                    r.own
                } else {
                    r.required
                };
                (*id, protection(base))
            })
            .collect();
        let mut edges = into;
        edges.extend(up_edges);
        self.store_required(conn, org_id, &ranks, &own, &edges, Some(&region))
            .await
    }

    /// Recomputes required protection for the whole organization (after imports and
    /// scheme migrations).
    pub(crate) async fn recompute_all_required<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
    ) -> AppResult<()> {
        let edges = mamori_store::assets::all_edges(conn, org_id).await?;
        let ranks = mamori_store::assets::ranks(conn, org_id, None).await?;
        self.required_of_all(conn, org_id, &ranks, &edges).await
    }

    /// Stores required protection for a whole organization whose ranks and edges the
    /// caller holds: an import into an organization that held no asset knows them all
    /// without reading them back.
    pub(crate) async fn required_of_all<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        ranks: &HashMap<Uuid, Ranks>,
        edges: &[(Uuid, Uuid)],
    ) -> AppResult<()> {
        let own: HashMap<Uuid, Protection> = ranks
            .iter()
            .map(|(id, r)| (*id, protection(r.own)))
            .collect();
        self.store_required(conn, org_id, ranks, &own, edges, None)
            .await
    }

    async fn store_required<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        ranks: &HashMap<Uuid, Ranks>,
        own: &HashMap<Uuid, Protection>,
        edges: &[(Uuid, Uuid)],
        region: Option<&HashSet<Uuid>>,
    ) -> AppResult<()> {
        let required = propagate(own, edges);
        let changed: HashMap<Uuid, [i16; 3]> = required
            .into_iter()
            .filter(|(id, _)| region.is_none_or(|r| r.contains(id)))
            .filter_map(|(id, p)| {
                let new = ranks_of(p);
                (ranks.get(&id)?.required != new).then_some((id, new))
            })
            .collect();
        mamori_store::assets::set_required(conn, org_id, &changed).await?;
        Ok(())
    }
}

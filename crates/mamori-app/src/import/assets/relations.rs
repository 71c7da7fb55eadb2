//! The relations a ledger states in its 依存先 column: checked once every row is
//! planned (a row may name an asset further down the file), then written in place of
//! the outgoing relations of the rows that state them.

use std::collections::{HashMap, HashSet};

use mamori_domain::asset::AssetKind;
use mamori_domain::audit::diff;
use mamori_domain::protection::RelationKind;
use mamori_store::entity::asset_relation;
use uuid::Uuid;

use super::columns::parse_relations;
use super::rows::{PlannedAsset, StatedRelations};
use crate::authz::Actor;
use crate::error::stored;
use crate::import::{ImportIssue, ImportPlan, Mapped};
use crate::tabular::Row;
use crate::{App, AppResult};

/// Relations resolved to asset ids, per row that states them.
pub(super) type Resolved = Vec<(Uuid, Vec<(RelationKind, Uuid)>)>;

impl App {
    /// Checks stated relations: targets exist (in the file or the register), kinds fit,
    /// and the resulting graph has no cycle. Problems go to `plan`.
    pub(super) async fn check_relations<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        file: &Mapped<'_>,
        plan: &mut ImportPlan,
        stated: &[StatedRelations],
        planned: &HashMap<String, PlannedAsset>,
    ) -> AppResult<Resolved> {
        // The graph before the import's relations: stored edges of rows that do not
        // restate theirs.
        let restating: HashSet<Uuid> = stated.iter().map(|s| s.id).collect();
        let mut stored_graph: HashMap<Uuid, Vec<Uuid>> = HashMap::new();
        for (from, to) in mamori_store::assets::all_edges(conn, actor.org_id).await? {
            if !restating.contains(&from) {
                stored_graph.entry(from).or_default().push(to);
            }
        }
        // Most relations point at rows of the same file: one pass resolves them. Only
        // when some point outside it are those assets read and the pass made again.
        let mut outside: Option<HashMap<String, (Uuid, AssetKind)>> = None;
        loop {
            let mut check = RelationCheck {
                file,
                planned,
                outside: outside.as_ref(),
                up: stored_graph.clone(),
                errors: Vec::new(),
                unknown: HashSet::new(),
            };
            let resolved: Resolved = stated_rows(file, stated)
                .map(|(s, row, relations)| (s.id, check.row(s, &row, &relations)))
                .collect();
            if check.unknown.is_empty() || outside.is_some() {
                plan.errors.extend(check.errors);
                return Ok(resolved);
            }
            let numbers: Vec<String> = check.unknown.into_iter().collect();
            let found = mamori_store::assets::by_numbers(conn, actor.org_id, &numbers).await?;
            let mut known = HashMap::with_capacity(found.len());
            for a in found {
                let kind = stored("asset kind", &a.kind, AssetKind::from_code(&a.kind))?;
                known.insert(a.number, (a.id, kind));
            }
            outside = Some(known);
        }
    }

    /// Replaces the outgoing relations of the given assets with the stated ones.
    /// `created` assets have none stored, and their audit entries already list the
    /// relations their rows state; only the others are read and get relate/unrelate
    /// entries. Returns how many relations were added or removed.
    pub(super) async fn replace_relations<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        stated: &Resolved,
        created: &HashSet<Uuid>,
        entries: &mut Vec<mamori_store::audit::NewEntry>,
    ) -> AppResult<usize> {
        let ids: Vec<Uuid> = stated
            .iter()
            .map(|(id, _)| *id)
            .filter(|id| !created.contains(id))
            .collect();
        let mut current: HashMap<Uuid, Vec<asset_relation::Model>> = HashMap::new();
        if !ids.is_empty() {
            for r in mamori_store::assets::outgoing_relations(conn, actor.org_id, &ids).await? {
                current.entry(r.from_id).or_default().push(r);
            }
        }
        // Stored assets: what to remove and what to add, each audited; new assets:
        // every stated relation (their entries list them already).
        let mut adds: Vec<(Uuid, Uuid, RelationKind)> = Vec::new();
        let mut removed = 0;
        for (from, rels) in stated {
            if created.contains(from) {
                adds.extend(rels.iter().map(|(k, to)| (*from, *to, *k)));
                continue;
            }
            let have = current.remove(from).unwrap_or_default();
            let have_set: HashSet<(Uuid, &str)> =
                have.iter().map(|r| (r.to_id, r.kind.as_str())).collect();
            for r in &have {
                if !rels
                    .iter()
                    .any(|(k, to)| (*to, k.code()) == (r.to_id, r.kind.as_str()))
                {
                    mamori_store::assets::delete_relation(conn, actor.org_id, r.id).await?;
                    removed += 1;
                    entries.push(self.entry(
                        actor,
                        "asset.unrelate",
                        "asset",
                        &r.from_id.to_string(),
                        &diff(Some(&serde_json::json!({ r.kind.clone(): r.to_id })), None),
                    ));
                }
            }
            for (kind, to) in rels {
                if !have_set.contains(&(*to, kind.code())) {
                    entries.push(self.entry(
                        actor,
                        "asset.relate",
                        "asset",
                        &from.to_string(),
                        &diff(None, Some(&serde_json::json!({ kind.code(): to }))),
                    ));
                    adds.push((*from, *to, *kind));
                }
            }
        }
        let changed = adds.len() + removed;
        let (org_id, now) = (actor.org_id, self.now());
        let rows = adds
            .into_iter()
            .map(move |(from_id, to_id, kind)| asset_relation::Model {
                id: self.new_id(),
                org_id,
                from_id,
                to_id,
                kind: kind.code().to_owned(),
                note: String::new(),
                created_at: now,
            });
        mamori_store::assets::insert_relations(conn, rows).await?;
        Ok(changed)
    }
}

/// One pass of [`App::check_relations`] over the rows that state relations.
struct RelationCheck<'a> {
    file: &'a Mapped<'a>,
    planned: &'a HashMap<String, PlannedAsset>,
    /// Stored assets the file's relations name, once read.
    outside: Option<&'a HashMap<String, (Uuid, AssetKind)>>,
    /// Dependent → supporting edges so far, to refuse a cycle as it would close.
    up: HashMap<Uuid, Vec<Uuid>>,
    errors: Vec<ImportIssue>,
    /// Numbers neither the file nor (once read) the register has.
    unknown: HashSet<String>,
}

impl RelationCheck<'_> {
    /// The row's relations resolved to ids; each one that cannot be is an error.
    fn row(
        &mut self,
        s: &StatedRelations,
        row: &Row,
        relations: &[(RelationKind, String)],
    ) -> Vec<(RelationKind, Uuid)> {
        let file = self.file;
        let mut resolved: Vec<(RelationKind, Uuid)> = Vec::with_capacity(relations.len());
        for (kind, number) in relations {
            let target = self
                .planned
                .get(number)
                .map(|p| (p.id, p.kind))
                .or_else(|| self.outside.and_then(|o| o.get(number.as_str())).copied());
            let Some((to, to_kind)) = target else {
                self.unknown.insert(number.clone());
                self.errors.push(file.issue(
                    row,
                    "relations",
                    format!("関連先の管理番号「{number}」の資産が見つかりません。"),
                    format!("No asset numbered \"{number}\" to relate to."),
                ));
                continue;
            };
            if resolved.contains(&(*kind, to)) {
                continue; // stated twice in the cell
            }
            if let Err(p) = kind.check(s.kind, to_kind) {
                self.errors.push(file.issue(row, "relations", p.ja, p.en));
                continue;
            }
            if to == s.id || reaches(&self.up, to, s.id) {
                self.errors.push(file.issue(
                    row,
                    "relations",
                    format!("「{number}」との関連で依存関係が循環します。"),
                    format!("The relation to \"{number}\" makes the dependencies circular."),
                ));
                continue;
            }
            self.up.entry(s.id).or_default().push(to);
            resolved.push((*kind, to));
        }
        resolved
    }
}

/// The rows that state relations, each with its relations read again from its cell
/// (planning checked them), rather than held as text for every row until now.
fn stated_rows<'f>(
    file: &'f Mapped<'_>,
    stated: &'f [StatedRelations],
) -> impl Iterator<Item = (&'f StatedRelations, Row, Vec<(RelationKind, String)>)> + 'f {
    let mut stated = stated.iter().peekable();
    file.table.rows().enumerate().filter_map(move |(pos, row)| {
        let s = stated.next_if(|s| s.pos == pos)?;
        let relations = parse_relations(file.cell(&row, "relations")).ok()?;
        Some((s, row, relations))
    })
}

/// Whether `target` is reachable from `start` following dependent → supporting edges.
/// Supporting chains are short (data, system, hardware, facility), so this stays cheap.
fn reaches(up: &HashMap<Uuid, Vec<Uuid>>, start: Uuid, target: Uuid) -> bool {
    let mut stack = vec![start];
    let mut seen = HashSet::new();
    while let Some(n) = stack.pop() {
        if n == target {
            return true;
        }
        if seen.insert(n) {
            stack.extend(up.get(&n).into_iter().flatten().copied());
        }
    }
    false
}

//! Classification schemes (分類基準) per organization, and moving assets between them.
//!
//! Editing a scheme never reclassifies stored assets: labels, definitions and
//! handling rules may change, but a level that assets still use cannot be removed.
//! Moving assets to another scheme is an explicit action with a preview of every
//! level mapping and its count, audited per asset.

use std::collections::{BTreeMap, HashMap};

use mamori_domain::audit::Change;
use mamori_domain::classification::{Dimension, Preset, Scheme, SchemeMapping};
use mamori_domain::{Invalid, Problem};
use mamori_store::entity::{asset, classification_scheme};
use serde::Serialize;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The schemes of an organization: the active one and every one assets may still use.
#[derive(Debug, Clone)]
pub struct Schemes {
    active: Uuid,
    by_id: HashMap<Uuid, (classification_scheme::Model, Scheme)>,
}

impl Schemes {
    pub fn active_id(&self) -> Uuid {
        self.active
    }

    pub fn active(&self) -> &Scheme {
        // `App::schemes` guarantees the active scheme is present.
        self.get(self.active).unwrap_or_else(|| {
            self.by_id
                .values()
                .map(|(_, s)| s)
                .next()
                .unwrap_or(&FALLBACK)
        })
    }

    pub fn get(&self, id: Uuid) -> Option<&Scheme> {
        self.by_id.get(&id).map(|(_, s)| s)
    }

    /// These schemes with another one active: what an import that adopts the scheme
    /// its file is written in plans with. `added` is a scheme the import will store.
    pub(crate) fn with_active(
        mut self,
        id: Uuid,
        added: Option<(classification_scheme::Model, Scheme)>,
    ) -> Schemes {
        if let Some(added) = added {
            self.by_id.insert(id, added);
        }
        self.active = id;
        self
    }

    /// The stored row of the active scheme.
    pub fn active_row(&self) -> Option<&classification_scheme::Model> {
        self.by_id.get(&self.active).map(|(m, _)| m)
    }

    /// Every scheme with its row, oldest first.
    pub fn all(&self) -> Vec<(&classification_scheme::Model, &Scheme)> {
        let mut v: Vec<_> = self.by_id.values().map(|(m, s)| (m, s)).collect();
        v.sort_by_key(|(m, _)| m.created_at);
        v
    }
}

static FALLBACK: std::sync::LazyLock<Scheme> =
    std::sync::LazyLock::new(|| Scheme::preset(Preset::Mic2024));

/// How many assets a migration moves from one level to another.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct MappingCount {
    pub dimension: Dimension,
    pub from: String,
    pub to: String,
    pub assets: u64,
}

/// What moving assets from one scheme to another would do.
#[derive(Debug, Clone, Serialize)]
pub struct MigrationPreview {
    pub from: Uuid,
    pub to: Uuid,
    pub mapping: SchemeMapping,
    pub counts: Vec<MappingCount>,
    pub assets: u64,
    pub committed: bool,
}

fn parse_body(m: &classification_scheme::Model) -> Option<Scheme> {
    serde_json::from_str(&m.body).ok()
}

impl App {
    /// The organization's classification schemes, for those who may see the register.
    pub async fn schemes(&self, actor: &Actor) -> AppResult<Schemes> {
        self.authorize(actor, Capability::ViewAssets).await?;
        self.schemes_or_seed(actor.org_id).await
    }

    /// The organization's schemes. This read may write: an organization without any
    /// gets the default (MIC 2024) on first use, as one audited write.
    pub(crate) async fn schemes_or_seed(&self, org_id: Uuid) -> AppResult<Schemes> {
        let mut rows = mamori_store::classification::list(self.store.conn(), org_id).await?;
        if rows.is_empty() {
            let tx = self.store.begin_write().await?;
            // Another request may have created it while we waited for the writer.
            if mamori_store::classification::list(&*tx, org_id)
                .await?
                .is_empty()
            {
                let id = self.new_id();
                self.insert_preset(&*tx, &Actor::system(org_id), id, Preset::Mic2024, true)
                    .await?;
            }
            tx.commit().await?;
            rows = mamori_store::classification::list(self.store.conn(), org_id).await?;
        }
        let active = rows
            .iter()
            .find(|r| r.active)
            .or(rows.first())
            .map(|r| r.id)
            .ok_or_else(|| AppError::Internal("no classification scheme".into()))?;
        let by_id = rows
            .into_iter()
            .filter_map(|m| parse_body(&m).map(|s| (m.id, (m, s))))
            .collect();
        Ok(Schemes { active, by_id })
    }

    /// Stores a preset as a new scheme of the organization, under `id`, audited as
    /// `actor`'s write.
    pub(crate) async fn insert_preset<C: mamori_store::Conn>(
        &self,
        conn: &C,
        actor: &Actor,
        id: Uuid,
        preset: Preset,
        active: bool,
    ) -> AppResult<()> {
        let scheme = Scheme::preset(preset);
        let now = self.now();
        if active {
            // At most one scheme is active: the one new assets are classified under.
            mamori_store::classification::activate(conn, actor.org_id, id).await?;
        }
        mamori_store::classification::insert(
            conn,
            classification_scheme::Model {
                id,
                org_id: actor.org_id,
                name: scheme.name.clone(),
                preset: Some(preset.code().to_owned()),
                body: serde_json::to_string(&scheme)
                    .map_err(|e| AppError::Internal(e.to_string()))?,
                active,
                created_at: now,
                updated_at: now,
            },
        )
        .await?;
        self.audit(
            conn,
            actor,
            "classification_scheme.create",
            "classification_scheme",
            &id.to_string(),
            vec![Change {
                field: "preset".into(),
                before: None,
                after: Some(serde_json::json!(preset.code())),
            }],
        )
        .await?;
        Ok(())
    }

    /// Adds a scheme from a preset (inactive until assets are migrated to it).
    pub async fn add_preset_scheme(&self, actor: &Actor, preset: Preset) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageClassification)
            .await?;
        let existing = self.schemes_or_seed(actor.org_id).await?;
        let name = Scheme::preset(preset).name;
        if existing.all().iter().any(|(m, _)| m.name == name) {
            return Err(AppError::field(
                "preset",
                format!("分類基準「{name}」は既にあります。"),
                format!("The scheme \"{name}\" already exists."),
            ));
        }
        let tx = self.store.begin_write().await?;
        let id = self.new_id();
        self.insert_preset(&*tx, actor, id, preset, false).await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Replaces a scheme's text (labels, definitions, handling rules, aliases, the
    /// importance rule). Levels that stored assets use must remain, with their rank.
    pub async fn update_scheme(&self, actor: &Actor, id: Uuid, new: Scheme) -> AppResult<()> {
        self.authorize(actor, Capability::ManageClassification)
            .await?;
        new.validate().map_err(AppError::Invalid)?;
        let tx = self.store.begin_write().await?;
        let row = mamori_store::classification::get(&*tx, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let old = parse_body(&row).ok_or_else(|| AppError::Internal("bad scheme".into()))?;
        let mut inv = Invalid::new();
        for dim in Dimension::ALL {
            let used: Vec<(String, i64)> =
                mamori_store::assets::count_by(&*tx, actor.org_id, level_column(dim), id).await?;
            for (code, n) in used {
                let before = old.scale(dim).by_code(&code).map(|l| l.rank);
                let after = new.scale(dim).by_code(&code).map(|l| l.rank);
                if after.is_none() || after != before {
                    inv.push(
                        Problem::new(
                            format!(
                                "{}「{code}」は{n}件の資産が使っているため、削除や順位の変更はできません。先に資産を別の分類基準へ移行してください。",
                                dim.label("ja")
                            ),
                            format!(
                                "{} level \"{code}\" is used by {n} assets, so it cannot be removed or re-ranked; migrate the assets to another scheme first.",
                                dim.label("en")
                            ),
                        )
                        .at(dim.code()),
                    );
                }
            }
        }
        inv.into_result().map_err(AppError::Invalid)?;
        let body = serde_json::to_string(&new).map_err(|e| AppError::Internal(e.to_string()))?;
        let before = serde_json::to_value(&old).ok();
        let after = serde_json::to_value(&new).ok();
        let updated = mamori_store::classification::update(
            &*tx,
            classification_scheme::Model {
                name: new.name.clone(),
                body,
                updated_at: self.now(),
                ..row
            },
        )
        .await?;
        if !updated {
            return Err(AppError::NotFound);
        }
        self.audit(
            &*tx,
            actor,
            "classification_scheme.update",
            "classification_scheme",
            &id.to_string(),
            mamori_domain::audit::diff(before.as_ref(), after.as_ref()),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Previews (or with `commit`, performs) moving every asset of scheme `from` to
    /// scheme `to`, which becomes the active scheme. `mapping` overrides, level by level,
    /// the domain's conservative default (which never lowers importance).
    pub async fn migrate_scheme(
        &self,
        actor: &Actor,
        from: Uuid,
        to: Uuid,
        mapping: Option<SchemeMapping>,
        commit: bool,
    ) -> AppResult<MigrationPreview> {
        self.authorize(actor, Capability::ManageClassification)
            .await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let (Some(src), Some(dst)) = (schemes.get(from), schemes.get(to)) else {
            return Err(AppError::NotFound);
        };
        if from == to {
            return Err(AppError::field(
                "to",
                "移行元と移行先が同じです。",
                "The source and target schemes are the same.",
            ));
        }
        // Start from the conservative default; what the caller chose overrides it.
        let mut merged = src.default_mapping(dst);
        if let Some(given) = mapping {
            for dim in Dimension::ALL {
                for (from, to) in given.for_dimension(dim) {
                    merged
                        .for_dimension_mut(dim)
                        .insert(from.clone(), to.clone());
                }
            }
        }
        let mapping = merged;
        mapping.check(src, dst).map_err(AppError::Invalid)?;
        let tx = self.store.begin_write().await?;
        let mut counts = Vec::new();
        for dim in Dimension::ALL {
            let used: BTreeMap<String, i64> =
                mamori_store::assets::count_by(&*tx, actor.org_id, level_column(dim), from)
                    .await?
                    .into_iter()
                    .collect();
            for (code, n) in used {
                counts.push(MappingCount {
                    dimension: dim,
                    from: code.clone(),
                    to: mapping.get(dim, &code).unwrap_or(&code).to_owned(),
                    assets: u64::try_from(n).unwrap_or(0),
                });
            }
        }
        let assets = mamori_store::assets::all(&*tx, actor.org_id, Some(from)).await?;
        let mut preview = MigrationPreview {
            from,
            to,
            mapping: mapping.clone(),
            counts,
            assets: assets.len() as u64,
            committed: false,
        };
        if !commit {
            return Ok(preview);
        }
        let mut entries = Vec::new();
        let mut changed = Vec::new();
        for before in assets {
            let after = remap(&before, dst, to, &mapping, self.now());
            entries.push(self.entry(
                actor,
                "asset.reclassify",
                "asset",
                &before.id.to_string(),
                &level_changes(&before, &after),
            ));
            changed.push(after.id);
            mamori_store::assets::update(&*tx, after).await?;
        }
        mamori_store::classification::activate(&*tx, actor.org_id, to).await?;
        entries.push(self.entry(
            actor,
            "classification_scheme.migrate",
            "classification_scheme",
            &to.to_string(),
            &mamori_domain::audit::diff(
                None,
                Some(&serde_json::json!({"from": from, "assets": preview.assets, "mapping": mapping})),
            ),
        ));
        mamori_store::audit::append_many(&*tx, actor.org_id, entries).await?;
        self.recompute_all_required(&*tx, actor.org_id).await?;
        tx.commit().await?;
        preview.committed = true;
        Ok(preview)
    }
}

fn level_column(dim: Dimension) -> asset::Column {
    match dim {
        Dimension::C => asset::Column::CLevel,
        Dimension::I => asset::Column::ILevel,
        Dimension::A => asset::Column::ALevel,
    }
}

/// Every asset (any status, any visibility) classified under one scheme.
/// An asset reclassified under `dst` by `mapping`.
fn remap(
    m: &asset::Model,
    dst: &Scheme,
    dst_id: Uuid,
    mapping: &SchemeMapping,
    now: chrono::DateTime<chrono::Utc>,
) -> asset::Model {
    let level = |dim: Dimension, code: &str| {
        let target = mapping.get(dim, code).unwrap_or(code);
        dst.scale(dim)
            .by_code(target)
            .map(|l| (l.code.clone(), l.rank, l.clone()))
    };
    let mut out = m.clone();
    let (Some((c, cr, cl)), Some((i, ir, il)), Some((a, ar, al))) = (
        level(Dimension::C, &m.c_level),
        level(Dimension::I, &m.i_level),
        level(Dimension::A, &m.a_level),
    ) else {
        // `mapping.check` guarantees every code maps; keep the row as it was otherwise.
        return out;
    };
    out.scheme_id = dst_id;
    out.c_level = c;
    out.i_level = i;
    out.a_level = a;
    out.c_rank = i16::from(cr);
    out.i_rank = i16::from(ir);
    out.a_rank = i16::from(ar);
    out.req_c = out.c_rank;
    out.req_i = out.i_rank;
    out.req_a = out.a_rank;
    out.importance = i16::from(dst.importance(&cl, &il, &al));
    out.updated_at = now;
    out
}

fn level_changes(before: &asset::Model, after: &asset::Model) -> Vec<Change> {
    [
        (
            "scheme_id",
            before.scheme_id.to_string(),
            after.scheme_id.to_string(),
        ),
        ("c", before.c_level.clone(), after.c_level.clone()),
        ("i", before.i_level.clone(), after.i_level.clone()),
        ("a", before.a_level.clone(), after.a_level.clone()),
    ]
    .into_iter()
    .filter(|(_, b, a)| b != a)
    .map(|(f, b, a)| Change {
        field: f.into(),
        before: Some(serde_json::json!(b)),
        after: Some(serde_json::json!(a)),
    })
    .collect()
}

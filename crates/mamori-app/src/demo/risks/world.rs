//! What the risk loader reads once before it starts: departments, assets, staff and
//! the threat catalog ([`World`]), and which departments take part in a campaign
//! ([`choose`]), so that the number of drafted risks stays within the demo's budget.

use std::collections::{BTreeSet, HashMap};

use mamori_store::entity::department;
use uuid::Uuid;

use crate::demo::city::SplitMix64;
use crate::{App, AppResult};

/// An asset as the loader needs it.
pub(super) struct AssetInfo {
    pub(super) number: String,
    pub(super) kind: String,
    pub(super) importance: i16,
    pub(super) department_id: Option<Uuid>,
    pub(super) in_use: bool,
}

/// What the loader reads once: departments, assets, staff and the threat catalog.
pub(super) struct World {
    departments: Vec<department::Model>,
    pub(super) assets: HashMap<Uuid, AssetInfo>,
    /// Staff ids per department, regular staff first (by employee number).
    staff: HashMap<Uuid, Vec<String>>,
    /// Threat id → (code, name, asset kinds).
    pub(super) threats: HashMap<Uuid, (String, String, Vec<String>)>,
    pub(super) vulnerabilities: BTreeSet<String>,
}

impl World {
    pub(super) async fn load(app: &App, org_id: Uuid) -> AppResult<Self> {
        let conn = app.store.conn();
        let departments = mamori_store::departments::all(conn, org_id).await?;
        let assets = mamori_store::assets::all(conn, org_id, None)
            .await?
            .into_iter()
            .map(|a| {
                (
                    a.id,
                    AssetInfo {
                        in_use: a.status == "in_use",
                        number: a.number,
                        kind: a.kind,
                        importance: a.importance,
                        department_id: a.department_id,
                    },
                )
            })
            .collect();
        let mut people =
            mamori_store::staff::all(conn, org_id, &mamori_store::staff::StaffFilter::default())
                .await?;
        people.sort_by(|a, b| {
            (a.category != "regular", &a.employee_number)
                .cmp(&(b.category != "regular", &b.employee_number))
        });
        let mut staff: HashMap<Uuid, Vec<String>> = HashMap::new();
        for s in people {
            if let Some(d) = s.department_id {
                staff.entry(d).or_default().push(s.id.to_string());
            }
        }
        let threats = mamori_store::risks::threats(conn, org_id)
            .await?
            .into_iter()
            .filter(|t| !t.retired)
            .map(|t| {
                let kinds = t.asset_kinds.split(',').map(str::to_owned).collect();
                (t.id, (t.code, t.name_ja, kinds))
            })
            .collect();
        let vulnerabilities = mamori_store::risks::vulnerabilities(conn, org_id)
            .await?
            .into_iter()
            .filter(|v| !v.retired)
            .map(|v| v.code)
            .collect();
        Ok(Self {
            departments,
            assets,
            staff,
            threats,
            vulnerabilities,
        })
    }

    /// How many drafts a campaign would make for a department: one per threat and
    /// (asset kind, importance) group of its assets in use.
    fn drafts_for(&self, department_id: Uuid) -> usize {
        let groups: BTreeSet<(&str, i16)> = self
            .assets
            .values()
            .filter(|a| a.in_use && a.department_id == Some(department_id))
            .map(|a| (a.kind.as_str(), a.importance))
            .collect();
        groups
            .iter()
            .map(|(kind, _)| {
                self.threats
                    .values()
                    .filter(|(_, _, kinds)| kinds.iter().any(|k| k == kind))
                    .count()
            })
            .sum()
    }

    /// Departments holding assets in use, most assets first.
    pub(super) fn candidates(&self) -> Vec<Candidate> {
        let mut held: HashMap<Uuid, usize> = HashMap::new();
        for a in self.assets.values().filter(|a| a.in_use) {
            if let Some(d) = a.department_id {
                *held.entry(d).or_default() += 1;
            }
        }
        let mut out: Vec<(Candidate, &str)> = self
            .departments
            .iter()
            .filter_map(|d| {
                let c = Candidate {
                    id: d.id,
                    assets: held.get(&d.id).copied()?,
                    drafts: self.drafts_for(d.id),
                };
                (c.drafts > 0).then_some((c, d.code.as_str()))
            })
            .collect();
        out.sort_by(|a, b| b.0.assets.cmp(&a.0.assets).then_with(|| a.1.cmp(b.1)));
        out.into_iter().map(|(c, _)| c).collect()
    }

    pub(super) fn department(&self, id: Option<Uuid>) -> Option<&department::Model> {
        self.departments.iter().find(|d| Some(d.id) == id)
    }

    pub(super) fn department_by_code(&self, code: &str) -> Option<&department::Model> {
        self.departments.iter().find(|d| d.code == code)
    }

    pub(super) fn owner(&self, department_id: Option<Uuid>, rng: &mut SplitMix64) -> String {
        department_id
            .and_then(|d| self.staff.get(&d))
            .and_then(|s| rng.pick(&s[..s.len().min(4)]))
            .cloned()
            .unwrap_or_default()
    }
}

/// A department that could take part in a campaign.
#[derive(Debug, Clone, Copy)]
pub(super) struct Candidate {
    pub(super) id: Uuid,
    /// Assets in use.
    assets: usize,
    /// Risks a campaign would draft for it.
    pub(super) drafts: usize,
}

/// The departments (at most `most`) whose drafts fit the budget: as many departments
/// as fit, and among those the most assets. When none fits, the one with the fewest
/// drafts.
pub(super) fn choose(candidates: &[Candidate], budget: usize, most: usize) -> Vec<Candidate> {
    fn walk(
        c: &[Candidate],
        budget: usize,
        k: usize,
        from: usize,
        cur: &mut Vec<usize>,
        best: &mut Option<(usize, Vec<usize>)>,
    ) {
        if cur.len() == k {
            let drafts: usize = cur.iter().filter_map(|i| c.get(*i)).map(|x| x.drafts).sum();
            let assets: usize = cur.iter().filter_map(|i| c.get(*i)).map(|x| x.assets).sum();
            if drafts <= budget && best.as_ref().is_none_or(|(a, _)| assets > *a) {
                *best = Some((assets, cur.clone()));
            }
            return;
        }
        for i in from..c.len() {
            cur.push(i);
            walk(c, budget, k, i + 1, cur, best);
            cur.pop();
        }
    }
    for k in (1..=most.min(candidates.len())).rev() {
        let mut best = None;
        walk(candidates, budget, k, 0, &mut Vec::new(), &mut best);
        if let Some((_, picked)) = best {
            return picked
                .iter()
                .filter_map(|i| candidates.get(*i).copied())
                .collect();
        }
    }
    candidates
        .iter()
        .min_by_key(|c| c.drafts)
        .copied()
        .into_iter()
        .collect()
}

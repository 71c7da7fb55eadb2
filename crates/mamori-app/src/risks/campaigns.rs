//! Assessment campaigns (リスクアセスメント): a yearly or ad-hoc assessment across
//! departments. Opening one for a department drafts risks for its assets from the
//! threat catalog (each threat meets the asset kinds it names); departments mark their
//! part complete; closing freezes a snapshot of the levels, so the committee can
//! compare one year with the next even after risks are edited.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use mamori_domain::AssetKind;
use mamori_domain::asset::register::AssetFilter;
use mamori_domain::risk::{Factors, Method, RiskMethod, Stage};
use mamori_domain::{FieldError, Invalid, Problem};
use mamori_store::entity::{campaign, campaign_department, risk_asset};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use super::RiskQuery;
use super::writes::{blank, set_stage};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A campaign as a form or the API sends it.
#[derive(Debug, Clone, Default, Deserialize, Serialize, ToSchema)]
#[serde(default)]
pub struct CampaignInput {
    pub name: String,
    /// `yearly` (default) or `adhoc`.
    pub kind: String,
    /// In the Western calendar (2026 for 令和8年度); default: the current fiscal year.
    pub fiscal_year: Option<i32>,
    /// Department ids; empty for every department that holds assets in use.
    pub departments: Vec<Uuid>,
}

/// Progress of one department in a campaign.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DepartmentProgress {
    pub department_id: Uuid,
    /// The department's path.
    pub department: String,
    pub drafts: u64,
    pub open: u64,
    pub closed: u64,
    pub completed_on: Option<NaiveDate>,
    pub completed_by: String,
}

/// What a closed campaign froze: risks per level at each stage, and per department.
#[derive(Debug, Clone, Default, Serialize, Deserialize, PartialEq, Eq, ToSchema)]
#[schema(as = CampaignSnapshot)]
pub struct Snapshot {
    pub closed_on: Option<NaiveDate>,
    pub total: u64,
    /// Stage code → level code → risks (`""`: not evaluated).
    pub levels: BTreeMap<String, BTreeMap<String, u64>>,
    /// Department path → risks above the tolerance (residual).
    pub above_tolerance: BTreeMap<String, u64>,
}

/// A campaign as its page and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CampaignView {
    pub id: Uuid,
    pub name: String,
    /// `yearly` or `adhoc`.
    pub kind: String,
    pub fiscal_year: i32,
    /// `open` or `closed`.
    pub status: String,
    pub started_on: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
    pub departments: Vec<DepartmentProgress>,
    pub snapshot: Option<Snapshot>,
}

/// What generating drafts did.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, ToSchema)]
pub struct Drafted {
    /// Draft risks made.
    pub risks: usize,
    /// Asset links made for them.
    pub links: usize,
    /// Drafts already there for this department (not made twice).
    pub existing: usize,
}

fn view(c: campaign::Model, departments: Vec<DepartmentProgress>) -> CampaignView {
    CampaignView {
        snapshot: c
            .snapshot
            .as_deref()
            .and_then(|s| serde_json::from_str(s).ok()),
        id: c.id,
        name: c.name,
        kind: c.kind,
        fiscal_year: c.fiscal_year,
        status: c.status,
        started_on: c.started_on,
        closed_on: c.closed_on,
        departments,
    }
}

/// Factors a draft starts from: the asset's importance and the threat's likelihood,
/// with vulnerability in the middle until someone assesses it. On a matrix, both are
/// spread over its scale.
fn draft_factors(method: &RiskMethod, importance: u8, likelihood: u8) -> Factors {
    match &method.method {
        Method::Ipa { .. } => Factors::Ipa {
            importance: importance.clamp(1, 3),
            likelihood: likelihood.clamp(1, 3),
            vulnerability: 2,
        },
        Method::Matrix { cells } => {
            let n = u8::try_from(cells.len()).unwrap_or(3);
            let spread = |v: u8| ((u16::from(v.clamp(1, 3)) * u16::from(n)).div_ceil(3)) as u8;
            Factors::Matrix {
                likelihood: spread(likelihood),
                impact: spread(importance),
            }
        }
    }
}

impl App {
    pub async fn campaigns(&self, actor: &Actor) -> AppResult<Vec<CampaignView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let rows = mamori_store::risks::campaigns(self.store.conn(), actor.org_id).await?;
        Ok(rows.into_iter().map(|c| view(c, Vec::new())).collect())
    }

    pub async fn campaign(&self, actor: &Actor, id: Uuid) -> AppResult<CampaignView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let conn = self.store.conn();
        let c = mamori_store::risks::campaign(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let idx = self.dept_tree(actor.org_id).await?;
        let mut counts: HashMap<Option<Uuid>, [u64; 3]> = HashMap::new();
        for (d, status, n) in mamori_store::risks::campaign_progress(conn, actor.org_id, id).await?
        {
            let slot = match status.as_str() {
                "draft" => 0,
                "open" => 1,
                _ => 2,
            };
            counts.entry(d).or_default()[slot] += n;
        }
        let mut departments: Vec<DepartmentProgress> =
            mamori_store::risks::campaign_departments(conn, actor.org_id, id)
                .await?
                .into_iter()
                .map(|cd| {
                    let [drafts, open, closed] = counts
                        .get(&Some(cd.department_id))
                        .copied()
                        .unwrap_or_default();
                    DepartmentProgress {
                        department_id: cd.department_id,
                        department: idx.path(cd.department_id),
                        drafts,
                        open,
                        closed,
                        completed_on: cd.completed_on,
                        completed_by: cd.completed_by,
                    }
                })
                .collect();
        departments.sort_by(|a, b| a.department.cmp(&b.department));
        Ok(view(c, departments))
    }

    /// Opens a campaign for the chosen departments.
    pub async fn create_campaign(&self, actor: &Actor, input: &CampaignInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::ManageRiskMethod).await?;
        let mut inv = Invalid::new();
        if input.name.trim().is_empty() {
            inv.push(FieldError::new(
                "name",
                "名称を入力してください（例: 令和8年度リスクアセスメント）。",
                "Enter a name (e.g. FY2026 risk assessment).",
            ));
        }
        let kind = match input.kind.trim() {
            "" | "yearly" => "yearly",
            "adhoc" => "adhoc",
            _ => {
                inv.push(FieldError::new(
                    "kind",
                    "種別は定期（yearly）か臨時（adhoc）です。",
                    "The kind is yearly or adhoc.",
                ));
                "yearly"
            }
        };
        let fiscal_year = input
            .fiscal_year
            .unwrap_or_else(|| mamori_domain::wareki::fiscal_year(self.today()));
        if !(2000..=2100).contains(&fiscal_year) {
            inv.push(FieldError::new(
                "fiscal_year",
                "年度は西暦で入力してください（例: 2026）。",
                "Give the fiscal year in the Western calendar (e.g. 2026).",
            ));
        }
        let idx = self.dept_tree(actor.org_id).await?;
        let mut departments = input.departments.clone();
        for d in &departments {
            if idx.get(*d).is_none() {
                inv.push(FieldError::new(
                    "departments",
                    "所属が見つかりません。",
                    "Unknown department.",
                ));
            }
        }
        inv.into_result()?;
        if departments.is_empty() {
            let reg = self.register(actor.org_id).await?;
            let r = reg.read();
            let f = AssetFilter {
                status: Some("in_use".into()),
                ..AssetFilter::default()
            };
            let mut held: Vec<Uuid> = r
                .count_by(&f, |e| e.department_id)
                .into_keys()
                .flatten()
                .collect();
            held.sort();
            departments = held;
        }
        departments.sort();
        departments.dedup();
        let tx = self.store.begin_write().await?;
        let now = self.now();
        let id = self.new_id();
        let m = campaign::Model {
            id,
            org_id: actor.org_id,
            name: input.name.trim().to_owned(),
            kind: kind.into(),
            fiscal_year,
            status: "open".into(),
            started_on: Some(self.today()),
            closed_on: None,
            snapshot: None,
            created_at: now,
            updated_at: now,
        };
        mamori_store::risks::insert_campaign(&*tx, m).await?;
        for d in &departments {
            mamori_store::risks::insert_campaign_department(
                &*tx,
                campaign_department::Model {
                    id: self.new_id(),
                    org_id: actor.org_id,
                    campaign_id: id,
                    department_id: *d,
                    completed_on: None,
                    completed_by: String::new(),
                },
            )
            .await?;
        }
        self.audit(&*tx, actor, "campaign.create", "campaign", &id.to_string(), vec![mamori_domain::audit::Change {
            field: "campaign".into(),
            before: None,
            after: Some(serde_json::json!({"name": input.name.trim(), "kind": kind, "fiscal_year": fiscal_year, "departments": departments})),
        }])
        .await?;
        tx.commit().await?;
        Ok(id)
    }

    /// Drafts the risks of one department's assets in use: one per threat, asset kind
    /// and importance, linked to every asset of that group. Groups drafted before in
    /// this campaign are left alone, so running it again adds only what is new.
    pub async fn draft_campaign_risks(
        &self,
        actor: &Actor,
        campaign_id: Uuid,
        department_id: Uuid,
    ) -> AppResult<Drafted> {
        self.authorize(
            actor,
            Capability::EditRisk {
                department: Some(department_id),
            },
        )
        .await?;
        self.seed_threat_catalog_once(actor.org_id).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let dept = idx
            .get(department_id)
            .ok_or(AppError::NotFound)?
            .name
            .clone();
        // Group the department's assets in use by (kind, importance) from the register index.
        let mut groups: BTreeMap<(AssetKind, i16), Vec<Uuid>> = BTreeMap::new();
        {
            let reg = self.register(actor.org_id).await?;
            let r = reg.read();
            let f = AssetFilter {
                departments: Some(vec![department_id]),
                status: Some("in_use".into()),
                ..AssetFilter::default()
            };
            r.scan(&f, &|_| 0, |_, e| {
                groups.entry((e.kind, e.importance)).or_default().push(e.id)
            });
        }
        let threats: Vec<_> = mamori_store::risks::threats(self.store.conn(), actor.org_id)
            .await?
            .into_iter()
            .filter(|t| !t.retired)
            .collect();
        let tx = self.store.begin_write().await?;
        let c = mamori_store::risks::campaign(&*tx, actor.org_id, campaign_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if c.status != "open" {
            return Err(AppError::Conflict(Problem::new(
                "終了したアセスメントには追加できません。",
                "The campaign is closed.",
            )));
        }
        let mut q = mamori_store::risks::RiskFilter::new(self.today());
        q.campaign = Some(campaign_id);
        q.departments = Some(vec![department_id]);
        let existing: std::collections::HashSet<String> =
            mamori_store::risks::all(&*tx, actor.org_id, &q)
                .await?
                .into_iter()
                .map(|r| r.asset_group)
                .collect();
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let mut seq = mamori_store::risks::max_seq(&*tx, actor.org_id).await?;
        let now = self.now();
        let (mut risks, mut links, mut entries) = (Vec::new(), Vec::new(), Vec::new());
        let mut skipped = 0;
        for ((kind, importance), assets) in &groups {
            for t in threats
                .iter()
                .filter(|t| t.asset_kinds.split(',').any(|k| k == kind.code()))
            {
                let group = format!(
                    "{dept}の{}（重要度{importance}）{}件 / {}",
                    kind.label_ja(),
                    assets.len(),
                    t.code
                );
                if existing.contains(&group) {
                    skipped += 1;
                    continue;
                }
                seq += 1;
                let mut m = blank(self.new_id(), actor.org_id, seq, now);
                m.title = format!("{} — {}", t.name_ja, kind.label_ja());
                m.department_id = Some(department_id);
                m.asset_group = group;
                m.threat_id = Some(t.id);
                m.campaign_id = Some(campaign_id);
                let imp = u8::try_from(*importance).unwrap_or(1);
                let lik = u8::try_from(t.likelihood).unwrap_or(2);
                set_stage(
                    &mut m,
                    Stage::Inherent,
                    &method,
                    Some(draft_factors(&method, imp, lik)),
                )?;
                links.extend(assets.iter().map(|a| risk_asset::Model {
                    id: self.new_id(),
                    org_id: actor.org_id,
                    risk_id: m.id,
                    asset_id: *a,
                }));
                entries.push(self.entry(actor, "risk.draft", "risk", &m.id.to_string(), &[mamori_domain::audit::Change {
                    field: "draft".into(),
                    before: None,
                    after: Some(serde_json::json!({"number": m.number, "title": m.title, "campaign": campaign_id, "assets": assets.len()})),
                }]));
                risks.push(m);
            }
        }
        let drafted = Drafted {
            risks: risks.len(),
            links: links.len(),
            existing: skipped,
        };
        mamori_store::risks::insert_many(&*tx, risks).await?;
        mamori_store::risks::insert_asset_links(&*tx, links).await?;
        mamori_store::audit::append_many(&*tx, actor.org_id, entries).await?;
        tx.commit().await?;
        Ok(drafted)
    }

    /// Marks a department's part as done; refused while drafts remain.
    pub async fn complete_campaign_department(
        &self,
        actor: &Actor,
        campaign_id: Uuid,
        department_id: Uuid,
    ) -> AppResult<()> {
        self.authorize(
            actor,
            Capability::EditRisk {
                department: Some(department_id),
            },
        )
        .await?;
        let tx = self.store.begin_write().await?;
        let parts =
            mamori_store::risks::campaign_departments(&*tx, actor.org_id, campaign_id).await?;
        let mut part = parts
            .into_iter()
            .find(|p| p.department_id == department_id)
            .ok_or(AppError::NotFound)?;
        let drafts: u64 = mamori_store::risks::campaign_progress(&*tx, actor.org_id, campaign_id)
            .await?
            .into_iter()
            .filter(|(d, s, _)| *d == Some(department_id) && s == "draft")
            .map(|(_, _, n)| n)
            .sum();
        if drafts > 0 {
            return Err(AppError::Conflict(Problem::new(
                format!(
                    "評価していない下書きのリスクが{drafts}件あります。すべて評価してから完了にしてください。"
                ),
                format!(
                    "{drafts} draft risks are not yet assessed; assess them all before completing."
                ),
            )));
        }
        part.completed_on = Some(self.today());
        part.completed_by = actor.label.clone();
        mamori_store::risks::update_campaign_department(&*tx, part).await?;
        self.audit(
            &*tx,
            actor,
            "campaign.department_complete",
            "campaign",
            &campaign_id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "department_id".into(),
                before: None,
                after: Some(serde_json::json!(department_id)),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closes a campaign and freezes its snapshot.
    pub async fn close_campaign(&self, actor: &Actor, campaign_id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::ManageRiskMethod).await?;
        let q = RiskQuery {
            campaign: Some(campaign_id),
            ..RiskQuery::default()
        };
        let mut snap = Snapshot {
            closed_on: Some(self.today()),
            ..Snapshot::default()
        };
        for stage in [Stage::Inherent, Stage::Current, Stage::Residual] {
            let counts = self.risk_level_counts(actor.org_id, &q, stage).await?;
            if stage == Stage::Inherent {
                snap.total = counts.iter().map(|(_, n)| n).sum();
            }
            snap.levels
                .insert(stage.code().into(), counts.into_iter().collect());
        }
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let mut f = mamori_store::risks::RiskFilter::new(self.today());
        f.campaign = Some(campaign_id);
        f.above = i16::try_from(method.tolerance).ok();
        for r in mamori_store::risks::all(self.store.conn(), actor.org_id, &f).await? {
            let d = r.department_id.map(|d| idx.path(d)).unwrap_or_default();
            *snap.above_tolerance.entry(d).or_default() += 1;
        }
        let tx = self.store.begin_write().await?;
        let mut c = mamori_store::risks::campaign(&*tx, actor.org_id, campaign_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if c.status == "closed" {
            return Err(AppError::Conflict(Problem::new(
                "このアセスメントは既に終了しています。",
                "The campaign is already closed.",
            )));
        }
        c.status = "closed".into();
        c.closed_on = snap.closed_on;
        c.snapshot =
            Some(serde_json::to_string(&snap).map_err(|e| AppError::Internal(e.to_string()))?);
        c.updated_at = self.now();
        mamori_store::risks::update_campaign(&*tx, c).await?;
        self.audit(
            &*tx,
            actor,
            "campaign.close",
            "campaign",
            &campaign_id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "snapshot".into(),
                before: None,
                after: serde_json::to_value(&snap).ok(),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Closed campaigns, oldest first, with their frozen level counts: the trend.
    pub async fn campaign_trend(&self, actor: &Actor) -> AppResult<Vec<CampaignView>> {
        let mut all: Vec<CampaignView> = self
            .campaigns(actor)
            .await?
            .into_iter()
            .filter(|c| c.snapshot.is_some())
            .collect();
        all.sort_by_key(|c| (c.closed_on, c.fiscal_year));
        Ok(all)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drafts_start_from_importance_and_likelihood() {
        let ipa = RiskMethod::ipa_preset();
        assert_eq!(
            draft_factors(&ipa, 3, 2),
            Factors::Ipa {
                importance: 3,
                likelihood: 2,
                vulnerability: 2
            }
        );
        let five = RiskMethod::matrix_preset(5).unwrap_or_else(|_| RiskMethod::ipa_preset());
        assert_eq!(
            draft_factors(&five, 3, 1),
            Factors::Matrix {
                likelihood: 2,
                impact: 5
            }
        );
    }
}

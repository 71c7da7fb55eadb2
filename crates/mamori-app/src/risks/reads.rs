//! Reading the register: pages and exports of risks, one risk with its links, the
//! dashboard's counts and the heat map.

use mamori_domain::risk::{HeatMap, Stage};
use mamori_store::entity::risk;
use uuid::Uuid;

use super::query::RiskQuery;
use super::view::{HeatMapView, Names, RiskCounts, RiskLinks, RiskView};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, Page};

impl App {
    pub(crate) async fn risk_names(&self, org_id: Uuid, rows: &[risk::Model]) -> AppResult<Names> {
        let conn = self.store.conn();
        let distinct = |ids: Vec<Uuid>| {
            let mut ids = ids;
            ids.sort();
            ids.dedup();
            ids
        };
        let threat_ids = distinct(rows.iter().filter_map(|r| r.threat_id).collect());
        let threats = mamori_store::risks::threat_names(conn, org_id, &threat_ids)
            .await?
            .into_iter()
            .collect();
        let vuln_ids = distinct(rows.iter().filter_map(|r| r.vulnerability_id).collect());
        let vulnerabilities = mamori_store::risks::vulnerability_names(conn, org_id, &vuln_ids)
            .await?
            .into_iter()
            .collect();
        let mut owners: Vec<Uuid> = rows.iter().filter_map(|r| r.owner_staff_id).collect();
        owners.sort();
        owners.dedup();
        let staff = mamori_store::staff::by_ids(conn, org_id, &owners)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect();
        let ids: Vec<Uuid> = rows.iter().map(|r| r.id).collect();
        let assets = mamori_store::risks::asset_counts(conn, org_id, &ids).await?;
        Ok(Names {
            threats,
            vulnerabilities,
            staff,
            assets,
        })
    }

    /// A page of the risk register.
    pub async fn list_risks(&self, actor: &Actor, q: &RiskQuery) -> AppResult<Page<RiskView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let f = q.filter(&method, &idx, today)?;
        let page = mamori_store::risks::list(self.store.conn(), actor.org_id, &f, q.page_request())
            .await?;
        let names = self.risk_names(actor.org_id, &page.items).await?;
        page.try_map(|m| RiskView::new(&m, &method, &idx, &names, today))
    }

    /// Every risk matching the filter (exports).
    pub async fn all_risks(&self, actor: &Actor, q: &RiskQuery) -> AppResult<Vec<RiskView>> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let f = q.filter(&method, &idx, today)?;
        let rows = mamori_store::risks::all(self.store.conn(), actor.org_id, &f).await?;
        let names = self.risk_names(actor.org_id, &rows).await?;
        rows.iter()
            .map(|m| RiskView::new(m, &method, &idx, &names, today))
            .collect()
    }

    /// Dashboard figures, each the total of the list its tile links to.
    pub async fn risk_counts(&self, actor: &Actor) -> AppResult<RiskCounts> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let today = self.today();
        let conn = self.store.conn();
        let mut counts = [0u64; 4];
        for (slot, (standing, above)) in [
            ("active", false),
            ("active", true),
            ("review", false),
            ("draft", false),
        ]
        .into_iter()
        .enumerate()
        {
            let q = RiskQuery {
                standing: Some(standing.into()),
                above: above.then_some(true),
                ..RiskQuery::default()
            };
            let f = q.filter(&method, &idx, today)?;
            counts[slot] = mamori_store::risks::count(conn, actor.org_id, &f).await?;
        }
        let [active, above_tolerance, review, drafts] = counts;
        Ok(RiskCounts {
            active,
            above_tolerance,
            review,
            drafts,
        })
    }

    /// One risk.
    pub async fn risk(&self, actor: &Actor, id: Uuid) -> AppResult<RiskView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let m = mamori_store::risks::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let method = self.method_of(actor.org_id).await?;
        let idx = self.dept_tree(actor.org_id).await?;
        let names = self
            .risk_names(actor.org_id, std::slice::from_ref(&m))
            .await?;
        RiskView::new(&m, &method, &idx, &names, self.today())
    }

    /// A risk and its links as its edit form shows them; only for those who may
    /// assess risks of its department.
    pub async fn risk_for_edit(&self, actor: &Actor, id: Uuid) -> AppResult<(RiskView, RiskLinks)> {
        let r = self.risk(actor, id).await?;
        let cap = Capability::EditRisk {
            department: r.department_id,
        };
        self.authorize(actor, cap).await?;
        let links = self.risk_links(actor, id).await?;
        Ok((r, links))
    }

    pub async fn risk_links(&self, actor: &Actor, id: Uuid) -> AppResult<RiskLinks> {
        self.authorize(actor, Capability::ViewRisks).await?;
        let conn = self.store.conn();
        let asset_ids = mamori_store::risks::asset_ids(conn, actor.org_id, id).await?;
        let mut assets: Vec<(Uuid, String)> =
            mamori_store::assets::by_ids(conn, actor.org_id, &asset_ids)
                .await?
                .into_iter()
                .map(|a| {
                    let name = if a.restricted {
                        "（要配慮）".to_owned()
                    } else {
                        a.name
                    };
                    (a.id, format!("{} {name}", a.number))
                })
                .collect();
        assets.sort_by(|a, b| a.1.cmp(&b.1));
        let control_ids = mamori_store::risks::control_ids(conn, actor.org_id, id).await?;
        let controls = mamori_store::controls::applied_by_ids(conn, actor.org_id, &control_ids)
            .await?
            .into_iter()
            .map(|c| (c.id, format!("{} {}", c.number, c.name)))
            .collect();
        Ok(RiskLinks { assets, controls })
    }

    /// The heat map of the risks matching `q` (its `x`/`y` ignored) at `stage`.
    pub async fn risk_heatmap(
        &self,
        actor: &Actor,
        q: &RiskQuery,
        stage: Stage,
    ) -> AppResult<HeatMapView> {
        self.authorize(actor, Capability::ViewRisks).await?;
        self.heatmap_in(actor.org_id, q, stage).await
    }

    /// The heat map of an organization's risks matching `q`, read without a reader's
    /// check (counts only: the annual report and the posture taken each year).
    pub(crate) async fn heatmap_in(
        &self,
        org_id: Uuid,
        q: &RiskQuery,
        stage: Stage,
    ) -> AppResult<HeatMapView> {
        let method = self.method_of(org_id).await?;
        let idx = self.dept_tree(org_id).await?;
        let mut q = q.clone();
        q.x = None;
        q.y = None;
        q.stage = Some(stage.code().to_owned());
        let f = q.filter(&method, &idx, self.today())?;
        let counts = mamori_store::risks::cell_counts(self.store.conn(), org_id, &f)
            .await?
            .into_iter()
            .filter_map(|((x, y), n)| Some(((u8::try_from(x).ok()?, u8::try_from(y).ok()?), n)))
            .collect();
        Ok(HeatMapView {
            stage,
            map: HeatMap::build(&method, &counts),
            levels: method.levels.clone(),
            tolerance: method.tolerance,
        })
    }

    /// Risks of the filter per level of `stage` (dashboard tiles, campaign snapshots),
    /// keyed by level code; `""` counts the risks not yet evaluated at that stage.
    pub(crate) async fn risk_level_counts(
        &self,
        org_id: Uuid,
        q: &RiskQuery,
        stage: Stage,
    ) -> AppResult<Vec<(String, u64)>> {
        let method = self.method_of(org_id).await?;
        let idx = self.dept_tree(org_id).await?;
        let mut q = q.clone();
        q.stage = Some(stage.code().to_owned());
        let f = q.filter(&method, &idx, self.today())?;
        let counts = mamori_store::risks::level_counts(self.store.conn(), org_id, &f).await?;
        let mut out: Vec<(String, u64)> = method
            .levels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                let n = i16::try_from(i)
                    .ok()
                    .and_then(|i| counts.get(&Some(i)).copied())
                    .unwrap_or(0);
                (l.code.clone(), n)
            })
            .collect();
        out.push((String::new(), counts.get(&None).copied().unwrap_or(0)));
        Ok(out)
    }
}

//! Reading the register: services with their ceilings and what stands out, a service's
//! page with the assets on it, the services an asset is placed on, the dashboard's
//! counts, and the table an export writes. A city uses tens of services, so the
//! register is read whole and filtered here.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::asset::register::Visibility;
use mamori_domain::contractor::CertStatus;
use mamori_domain::service::{Excess, Kind, Usage, excesses};
use mamori_store::entity::{asset, service, service_asset, staff};
use uuid::Uuid;

use super::input::ServiceQuery;
use super::row::{Shown, asset_marks, ceiling, service_view};
use super::view::{
    AssetService, PlacedAsset, ServiceAdmin, ServiceCounts, ServiceDetail, ServiceView,
};
use crate::assets::Schemes;
use crate::authz::{Actor, Capability};
use crate::departments::DeptIndex;
use crate::error::stored;
use crate::{App, AppError, AppResult};

/// The columns of an export of the register, in order.
pub const EXPORT_HEADERS: [&str; 17] = [
    "番号",
    "サービス名",
    "種類",
    "提供者",
    "所管課",
    "利用目的",
    "機密性の上限",
    "完全性の上限",
    "可用性の上限",
    "個人情報の上限",
    "ISMAP",
    "ISMAP の状態",
    "データの保存場所",
    "規約の同意日",
    "利用状況",
    "上限を超える資産",
    "管理者",
];

/// The register read whole, with what its views need.
struct Register {
    rows: Vec<service::Model>,
    providers: HashMap<Uuid, String>,
    links: Vec<service_asset::Model>,
    assets: HashMap<Uuid, asset::Model>,
    admins: HashMap<Uuid, Vec<staff::Model>>,
    idx: DeptIndex,
    schemes: Schemes,
    today: NaiveDate,
}

impl Register {
    /// The assets placed on a service.
    fn placed(&self, service_id: Uuid) -> impl Iterator<Item = &asset::Model> {
        self.links
            .iter()
            .filter(move |l| l.service_id == service_id)
            .filter_map(|l| self.assets.get(&l.asset_id))
    }

    fn over(&self, m: &service::Model, a: &asset::Model) -> Vec<Excess> {
        excesses(asset_marks(a), ceiling(m, self.schemes.active()))
    }

    fn view(&self, m: &service::Model) -> AppResult<ServiceView> {
        let placed: Vec<&asset::Model> = self.placed(m.id).collect();
        let shown = Shown {
            provider: self
                .providers
                .get(&m.contractor_id)
                .map_or("", String::as_str),
            admins: self
                .admins
                .get(&m.id)
                .map(|v| v.iter().map(|s| s.name.clone()).collect())
                .unwrap_or_default(),
            assets: placed.len(),
            over: placed
                .iter()
                .filter(|a| !self.over(m, a).is_empty())
                .count(),
        };
        service_view(m, shown, &self.idx, self.schemes.active(), self.today)
    }
}

impl App {
    async fn service_register(&self, org_id: Uuid) -> AppResult<Register> {
        let conn = self.store.conn();
        let rows = mamori_store::compliance::services::all(conn, org_id).await?;
        let providers = mamori_store::compliance::contractors::all(conn, org_id)
            .await?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        let links = mamori_store::compliance::services::assets(conn, org_id, None).await?;
        let ids: Vec<Uuid> = links.iter().map(|l| l.asset_id).collect();
        let assets = mamori_store::assets::by_ids(conn, org_id, &ids)
            .await?
            .into_iter()
            .map(|a| (a.id, a))
            .collect();
        let admin_links = mamori_store::compliance::services::admins(conn, org_id, None).await?;
        let staff_ids: Vec<Uuid> = admin_links.iter().map(|l| l.staff_id).collect();
        let people: HashMap<Uuid, staff::Model> =
            mamori_store::staff::by_ids(conn, org_id, &staff_ids)
                .await?
                .into_iter()
                .map(|s| (s.id, s))
                .collect();
        let mut admins: HashMap<Uuid, Vec<staff::Model>> = HashMap::new();
        for l in &admin_links {
            if let Some(s) = people.get(&l.staff_id) {
                admins.entry(l.service_id).or_default().push(s.clone());
            }
        }
        for list in admins.values_mut() {
            list.sort_by(|a, b| a.employee_number.cmp(&b.employee_number));
        }
        Ok(Register {
            rows,
            providers,
            links,
            assets,
            admins,
            idx: self.dept_tree(org_id).await?,
            schemes: self.schemes_or_seed(org_id).await?,
            today: self.today(),
        })
    }

    /// The services under `q`, by number.
    pub async fn services(&self, actor: &Actor, q: &ServiceQuery) -> AppResult<Vec<ServiceView>> {
        Ok(self.services_and_counts(actor, q).await?.0)
    }

    /// The services under `q`, by number, and the whole register's figures, from one
    /// reading of the register (what the register's page shows).
    pub async fn services_and_counts(
        &self,
        actor: &Actor,
        q: &ServiceQuery,
    ) -> AppResult<(Vec<ServiceView>, ServiceCounts)> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let reg = self.service_register(actor.org_id).await?;
        let blank = |v: &Option<String>| {
            v.as_deref()
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
        };
        let kind = blank(&q.kind)
            .map(|k| Kind::parse(&k).map_err(|p| p.at("kind")))
            .transpose()?;
        let usage = blank(&q.usage)
            .map(|u| Usage::parse(&u).map_err(|p| p.at("usage")))
            .transpose()?;
        let key = match q.q.as_deref() {
            Some(t) => crate::error::search_text(t)?,
            None => None,
        };
        let departments = q.department.map(|d| reg.idx.subtree(d));
        let all = reg
            .rows
            .iter()
            .map(|m| Ok((m, reg.view(m)?)))
            .collect::<AppResult<Vec<_>>>()?;
        let counts = counts_of(all.iter().map(|(_, v)| v));
        let out = all
            .into_iter()
            .filter(|(m, v)| {
                key.as_ref()
                    .is_none_or(|k| m.search_key.contains(k.as_str()))
                    && q.contractor.is_none_or(|c| c == m.contractor_id)
                    && departments
                        .as_ref()
                        .is_none_or(|ds| m.department_id.is_some_and(|d| ds.contains(&d)))
                    && kind.is_none_or(|k| k == v.kind)
                    && usage.is_none_or(|u| u == v.usage)
                    && (q.over != Some(true) || v.over > 0)
                    && (q.flagged != Some(true) || v.flagged)
            })
            .map(|(_, v)| v)
            .collect();
        Ok((out, counts))
    }

    /// A service's page: the assets on it (restricted ones outside the reader's
    /// need-to-know counted, not named), each with where it goes beyond the ceiling,
    /// and its administrators.
    pub async fn service(&self, actor: &Actor, id: Uuid) -> AppResult<ServiceDetail> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let reg = self.service_register(actor.org_id).await?;
        let m = reg
            .rows
            .iter()
            .find(|s| s.id == id)
            .ok_or(AppError::NotFound)?;
        let sight: Visibility = self.visibility(actor);
        let mut assets = Vec::new();
        let mut hidden_assets = 0;
        for a in reg.placed(id) {
            if !sight.shows(a.restricted, a.department_id, a.owner_staff_id) {
                hidden_assets += 1;
                continue;
            }
            assets.push(PlacedAsset {
                id: a.id,
                number: a.number.clone(),
                name: a.name.clone(),
                c_level: a.c_level.clone(),
                i_level: a.i_level.clone(),
                a_level: a.a_level.clone(),
                personal_data: asset_marks(a).personal,
                over: reg.over(m, a),
            });
        }
        assets.sort_by(|a, b| a.number.cmp(&b.number));
        let admins = reg
            .admins
            .get(&id)
            .map(|v| {
                v.iter()
                    .map(|s| ServiceAdmin {
                        staff_id: s.id,
                        employee_number: s.employee_number.clone(),
                        name: s.name.clone(),
                    })
                    .collect()
            })
            .unwrap_or_default();
        Ok(ServiceDetail {
            service: reg.view(m)?,
            assets,
            hidden_assets,
            admins,
            can_edit: actor.can(Capability::EditService {
                department: m.department_id,
            }),
        })
    }

    /// The services an asset is placed on, for its page (the caller has shown the
    /// asset); empty for those who do not read the register.
    pub async fn services_for_asset(
        &self,
        actor: &Actor,
        asset: Uuid,
    ) -> AppResult<Vec<AssetService>> {
        if !actor.can(Capability::ViewContractors) {
            return Ok(Vec::new());
        }
        let conn = self.store.conn();
        let on = mamori_store::compliance::services::services_of_asset(conn, actor.org_id, asset)
            .await?;
        if on.is_empty() {
            return Ok(Vec::new());
        }
        // Only what the panel shows: the few services, their providers, the asset.
        let Some(a) = mamori_store::assets::by_ids(conn, actor.org_id, &[asset])
            .await?
            .into_iter()
            .next()
        else {
            return Ok(Vec::new());
        };
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let today = self.today();
        let mut out = Vec::new();
        for s in mamori_store::compliance::services::all(conn, actor.org_id).await? {
            if !on.contains(&s.id) {
                continue;
            }
            let provider =
                mamori_store::compliance::contractors::get(conn, actor.org_id, s.contractor_id)
                    .await?
                    .map(|c| c.name)
                    .unwrap_or_default();
            out.push(AssetService {
                id: s.id,
                number: mamori_domain::service::code(s.number),
                kind: stored("service kind", &s.kind, Kind::from_code(&s.kind))?,
                usage: mamori_domain::service::usage(s.starts_on, s.ends_on, s.deleted_on, today),
                over: excesses(asset_marks(&a), ceiling(&s, schemes.active())),
                name: s.name,
                contractor: provider,
            });
        }
        Ok(out)
    }

    /// The services an asset is placed on, for the API: the asset must be one the
    /// actor may read (a restricted one outside need-to-know is not found), and the
    /// register too.
    pub async fn asset_services(&self, actor: &Actor, asset: Uuid) -> AppResult<Vec<AssetService>> {
        self.readable_asset(actor, asset).await?;
        self.authorize(actor, Capability::ViewContractors).await?;
        self.services_for_asset(actor, asset).await
    }

    /// The register's figures, for those who read it.
    pub async fn service_counts(&self, actor: &Actor) -> AppResult<ServiceCounts> {
        Ok(self
            .services_and_counts(actor, &ServiceQuery::default())
            .await?
            .1)
    }

    /// The register under `q` as rows of [`EXPORT_HEADERS`].
    pub async fn services_table(
        &self,
        actor: &Actor,
        q: &ServiceQuery,
    ) -> AppResult<Vec<Vec<String>>> {
        let all = self.services(actor, q).await?;
        Ok(all
            .into_iter()
            .map(|v| {
                vec![
                    v.number,
                    v.name,
                    v.kind.label_ja().to_owned(),
                    v.contractor,
                    v.department,
                    v.purpose,
                    v.max_c,
                    v.max_i,
                    v.max_a,
                    v.max_personal.label_ja().to_owned(),
                    match v.listing_number.is_empty() {
                        true => v.listing.label_ja().to_owned(),
                        false => format!("{} {}", v.listing.label_ja(), v.listing_number),
                    },
                    v.listing_status
                        .map(|s| s.label_ja().to_owned())
                        .unwrap_or_default(),
                    v.location.label_ja().to_owned(),
                    v.terms_accepted_on
                        .map(|d| d.to_string())
                        .unwrap_or_default(),
                    v.usage.label_ja().to_owned(),
                    v.over.to_string(),
                    v.admins.join("、"),
                ]
            })
            .collect())
    }
}

/// The register's figures over every service.
fn counts_of<'a>(all: impl Iterator<Item = &'a ServiceView>) -> ServiceCounts {
    let mut c = ServiceCounts::default();
    for s in all {
        c.services += 1;
        c.in_use += usize::from(matches!(s.usage, Usage::InUse | Usage::Ending));
        c.over += usize::from(s.over > 0);
        c.listing_lapsed += usize::from(
            !matches!(s.usage, Usage::Deleting | Usage::Closed)
                && matches!(
                    s.listing_status,
                    Some(CertStatus::Expired | CertStatus::Expiring)
                ),
        );
        c.unlisted_cloud += usize::from(s.unlisted_cloud);
        c.deleting += usize::from(s.usage == Usage::Deleting);
    }
    c
}

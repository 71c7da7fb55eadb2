//! Reading the register: contractors with their certifications, a contractor's page,
//! the contract register filtered and paged, a contract's page, the contracts that
//! handle an asset, the dashboard's counts, and the table an export writes.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::contractor::{ENDING_DAYS, Standing};
use mamori_store::compliance::contractors::{ContractFilter, StandingFilter};
use mamori_store::entity::contract;
use uuid::Uuid;

use super::input::ContractQuery;
use super::row::{cert_view, check_view, clause_codes, contract_view, contractor_view};
use super::view::{
    ClauseTick, ContractDetail, ContractView, ContractorCounts, ContractorDetail, ContractorView,
    SubcontractorView,
};
use crate::authz::{Actor, Capability};
use crate::compliance::exceptions::Linked;
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult, Page};

/// The columns of an export of the contract register, in order.
pub const EXPORT_HEADERS: [&str; 13] = [
    "契約番号",
    "件名",
    "委託先",
    "法人番号",
    "所属",
    "開始日",
    "終了日",
    "状況",
    "個人情報",
    "特定個人情報",
    "未締結の条項",
    "再委託先（承認日）",
    "委託先の認証",
];

/// What a contract view needs besides the row: the contractors' names, the
/// departments, the template's clause codes and the day.
struct Context {
    names: HashMap<Uuid, String>,
    idx: DeptIndex,
    template: Vec<String>,
    today: NaiveDate,
}

impl Context {
    fn view(&self, m: &contract::Model) -> ContractView {
        let name = self.names.get(&m.contractor_id).map_or("", String::as_str);
        contract_view(m, name, &self.idx, &self.template, self.today)
    }
}

impl App {
    async fn contract_context(&self, org_id: Uuid) -> AppResult<Context> {
        let all = mamori_store::compliance::contractors::all(self.store.conn(), org_id).await?;
        Ok(Context {
            names: all.into_iter().map(|c| (c.id, c.name)).collect(),
            idx: self.dept_tree(org_id).await?,
            template: self
                .compliance_settings_of(org_id)
                .await?
                .contractors
                .clauses
                .into_iter()
                .map(|c| c.code)
                .collect(),
            today: self.today(),
        })
    }

    /// The store's filter for `q`; a value that is none of the choices is refused with
    /// the parameter at fault.
    fn contract_filter(&self, q: &ContractQuery, idx: &DeptIndex) -> AppResult<ContractFilter> {
        let standing = match q
            .standing
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            None => None,
            Some("live") => Some(StandingFilter::Live),
            Some(s) => Some(match Standing::parse(s).map_err(|p| p.at("standing"))? {
                Standing::Upcoming => StandingFilter::Upcoming,
                Standing::Active => StandingFilter::Active,
                Standing::Ending => StandingFilter::Ending,
                Standing::Ended => StandingFilter::Ended,
            }),
        };
        Ok(ContractFilter {
            contractor: q.contractor,
            departments: q.department.map(|d| idx.subtree(d).into_iter().collect()),
            standing,
            personal_data: q.personal_data == Some(true),
            unapproved: q.unapproved == Some(true),
            asset: q.asset,
            q: match q.q.as_deref() {
                Some(t) => crate::error::search_text(t)?,
                None => None,
            },
            today: Some(self.today()),
            ending_days: ENDING_DAYS,
        })
    }

    /// Every contractor, by number, with its certifications; `q` matches number, name,
    /// kana and 法人番号.
    pub async fn contractors(
        &self,
        actor: &Actor,
        q: Option<&str>,
    ) -> AppResult<Vec<ContractorView>> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let conn = self.store.conn();
        let key = match q {
            Some(t) => crate::error::search_text(t)?,
            None => None,
        };
        let today = self.today();
        let all = mamori_store::compliance::contractors::all(conn, actor.org_id).await?;
        let certs =
            mamori_store::compliance::contractors::certifications(conn, actor.org_id, None).await?;
        let live: HashMap<Uuid, i64> =
            mamori_store::compliance::contractors::live_by_contractor(conn, actor.org_id, today)
                .await?
                .into_iter()
                .collect();
        all.iter()
            .filter(|c| {
                key.as_ref()
                    .is_none_or(|k| c.search_key.contains(k.as_str()))
            })
            .map(|c| contractor_view(c, &certs, live.get(&c.id).copied().unwrap_or(0), today))
            .collect()
    }

    /// A contractor's page: its certifications, its contracts, and those it works on
    /// as a sub-contractor.
    pub async fn contractor(&self, actor: &Actor, id: Uuid) -> AppResult<ContractorDetail> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let conn = self.store.conn();
        let m = mamori_store::compliance::contractors::get(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let ctx = self.contract_context(actor.org_id).await?;
        let certs =
            mamori_store::compliance::contractors::certifications(conn, actor.org_id, Some(id))
                .await?;
        let f = ContractFilter {
            contractor: Some(id),
            ..ContractFilter::default()
        };
        let contracts: Vec<ContractView> =
            mamori_store::compliance::contractors::all_contracts(conn, actor.org_id, &f)
                .await?
                .iter()
                .map(|c| ctx.view(c))
                .collect();
        let live = contracts
            .iter()
            .filter(|c| c.standing != Standing::Ended)
            .count() as i64;
        let subs =
            mamori_store::compliance::contractors::subcontractors(conn, actor.org_id, None).await?;
        let mut subcontracting = Vec::new();
        for s in subs.iter().filter(|s| s.contractor_id == id) {
            if let Some(c) =
                mamori_store::compliance::contractors::contract(conn, actor.org_id, s.contract_id)
                    .await?
            {
                subcontracting.push(ctx.view(&c));
            }
        }
        Ok(ContractorDetail {
            contractor: contractor_view(&m, &certs, live, ctx.today)?,
            contracts,
            subcontracting,
            people: self.contractor_people(actor.org_id, id).await?,
            can_keep: actor.can(Capability::KeepContractors),
        })
    }

    /// A page of the contract register under `q`.
    pub async fn contracts(
        &self,
        actor: &Actor,
        q: &ContractQuery,
    ) -> AppResult<Page<ContractView>> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let ctx = self.contract_context(actor.org_id).await?;
        let f = self.contract_filter(q, &ctx.idx)?;
        let page = mamori_store::compliance::contractors::contracts(
            self.store.conn(),
            actor.org_id,
            &f,
            crate::PageRequest::new(q.page, q.per_page),
        )
        .await?;
        Ok(Page {
            items: page.items.iter().map(|c| ctx.view(c)).collect(),
            page: page.page,
            per_page: page.per_page,
            total: page.total,
        })
    }

    /// A contract's page: its clauses ticked against the template, assets,
    /// sub-contractors and checks.
    pub async fn contract(&self, actor: &Actor, id: Uuid) -> AppResult<ContractDetail> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let conn = self.store.conn();
        let m = mamori_store::compliance::contractors::contract(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let ctx = self.contract_context(actor.org_id).await?;
        let template = self.compliance_settings_of(actor.org_id).await?.contractors;
        let has = clause_codes(&m);
        let mut clauses: Vec<ClauseTick> = template
            .clauses
            .iter()
            .map(|c| ClauseTick {
                code: c.code.clone(),
                ja: c.ja.clone(),
                en: c.en.clone(),
                ticked: has.contains(&c.code),
            })
            .collect();
        clauses.extend(
            has.iter()
                .filter(|h| !template.clauses.iter().any(|c| &c.code == *h))
                .map(|h| ClauseTick {
                    code: h.clone(),
                    ja: h.clone(),
                    en: h.clone(),
                    ticked: true,
                }),
        );
        let asset_ids =
            mamori_store::compliance::contractors::contract_assets(conn, actor.org_id, id).await?;
        let assets = mamori_store::assets::by_ids(conn, actor.org_id, &asset_ids)
            .await?
            .into_iter()
            .map(|a| Linked {
                id: a.id,
                label: format!("{} {}", a.number, a.name),
            })
            .collect();
        let subcontractors =
            mamori_store::compliance::contractors::subcontractors(conn, actor.org_id, Some(id))
                .await?
                .into_iter()
                .map(|s| SubcontractorView {
                    id: s.id,
                    contractor_id: s.contractor_id,
                    contractor: ctx.names.get(&s.contractor_id).cloned().unwrap_or_default(),
                    scope: s.scope,
                    approved_on: s.approved_on,
                    approved_by: s.approved_by,
                    approval_ref: s.approval_ref,
                })
                .collect();
        let checks = mamori_store::compliance::contractors::checks(conn, actor.org_id, id)
            .await?
            .iter()
            .map(check_view)
            .collect::<AppResult<Vec<_>>>()?;
        Ok(ContractDetail {
            contract: ctx.view(&m),
            clauses,
            assets,
            subcontractors,
            checks,
            can_edit: actor.can(Capability::EditContract {
                department: m.department_id,
            }),
            can_approve: actor.can(Capability::ApproveSubcontract {
                department: m.department_id,
            }),
        })
    }

    /// The contracts not yet ended that handle an asset, for its page; empty for those
    /// who do not read the register.
    pub async fn contracts_for_asset(
        &self,
        actor: &Actor,
        asset: Uuid,
    ) -> AppResult<Vec<ContractView>> {
        if !actor.can(Capability::ViewContractors) {
            return Ok(Vec::new());
        }
        let q = ContractQuery {
            asset: Some(asset),
            standing: Some("live".into()),
            per_page: Some(200),
            ..ContractQuery::default()
        };
        Ok(self.contracts(actor, &q).await?.items)
    }

    /// The register's figures, for those who read it.
    pub async fn contractor_counts(&self, actor: &Actor) -> AppResult<ContractorCounts> {
        let all = self.contractors(actor, None).await?;
        let conn = self.store.conn();
        let today = self.today();
        let count = |f: ContractFilter| async move {
            mamori_store::compliance::contractors::count_contracts(conn, actor.org_id, &f).await
        };
        let base = || ContractFilter {
            today: Some(today),
            ending_days: ENDING_DAYS,
            ..ContractFilter::default()
        };
        Ok(ContractorCounts {
            contractors: all.len(),
            lapsed: all
                .iter()
                .filter(|c| c.lapsed && c.live_contracts > 0)
                .count(),
            expiring: all.iter().filter(|c| c.expiring).count(),
            live_contracts: count(ContractFilter {
                standing: Some(StandingFilter::Live),
                ..base()
            })
            .await?,
            ending: count(ContractFilter {
                standing: Some(StandingFilter::Ending),
                ..base()
            })
            .await?,
            unapproved: count(ContractFilter {
                unapproved: true,
                standing: Some(StandingFilter::Live),
                ..base()
            })
            .await?,
        })
    }

    /// The contract register under `q` as rows of [`EXPORT_HEADERS`].
    pub async fn contracts_table(
        &self,
        actor: &Actor,
        q: &ContractQuery,
    ) -> AppResult<Vec<Vec<String>>> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let conn = self.store.conn();
        let ctx = self.contract_context(actor.org_id).await?;
        let f = self.contract_filter(q, &ctx.idx)?;
        let rows =
            mamori_store::compliance::contractors::all_contracts(conn, actor.org_id, &f).await?;
        let companies: HashMap<Uuid, String> =
            mamori_store::compliance::contractors::all(conn, actor.org_id)
                .await?
                .into_iter()
                .map(|c| (c.id, c.corporate_number))
                .collect();
        let certs =
            mamori_store::compliance::contractors::certifications(conn, actor.org_id, None).await?;
        let subs =
            mamori_store::compliance::contractors::subcontractors(conn, actor.org_id, None).await?;
        let yes = |b: bool| if b { "○" } else { "" }.to_owned();
        let mut out = Vec::with_capacity(rows.len());
        for m in &rows {
            let v = ctx.view(m);
            let sub_text: Vec<String> = subs
                .iter()
                .filter(|s| s.contract_id == m.id)
                .map(|s| {
                    let name = ctx.names.get(&s.contractor_id).cloned().unwrap_or_default();
                    match s.approved_on {
                        Some(d) => format!("{name}（{d}）"),
                        None => format!("{name}（未承認）"),
                    }
                })
                .collect();
            let cert_text: Vec<String> = certs
                .iter()
                .filter(|c| c.contractor_id == m.contractor_id)
                .map(|c| {
                    let view = cert_view(c, ctx.today)?;
                    Ok(format!(
                        "{} {}（{}）",
                        view.kind.label_ja(),
                        view.number,
                        view.status.label_ja()
                    ))
                })
                .collect::<AppResult<_>>()?;
            out.push(vec![
                v.number,
                v.subject,
                v.contractor,
                companies.get(&m.contractor_id).cloned().unwrap_or_default(),
                v.department,
                v.starts_on.to_string(),
                v.ends_on.to_string(),
                v.standing.label_ja().to_owned(),
                yes(v.personal_data),
                yes(v.my_number),
                v.missing_clauses.to_string(),
                sub_text.join("、"),
                cert_text.join("、"),
            ]);
        }
        Ok(out)
    }

    /// The contract template's clauses as the settings form shows them.
    pub async fn contract_clauses_text(&self, actor: &Actor) -> AppResult<String> {
        self.authorize(actor, Capability::ViewContractors).await?;
        Ok(self
            .compliance_settings_of(actor.org_id)
            .await?
            .contractors
            .clauses
            .iter()
            .map(|c| format!("{}|{}|{}", c.code, c.ja, c.en))
            .collect::<Vec<_>>()
            .join("\n"))
    }
}

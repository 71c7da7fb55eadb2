//! The contractor register (外部委託): contractors and their certifications, read whole
//! (a city has tens to a few hundred); contracts, filtered and paged in SQL (a large
//! city or a prefecture's shared instance holds thousands); and what hangs off a
//! contract — its assets, sub-contractors and checks.

use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::{Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use crate::entity::{
    contract, contract_asset, contract_check, contract_subcontractor, contractor,
    contractor_certification,
};
use crate::tenancy::{get_in_org, update_in_org};
use crate::{Page, PageRequest, Result};

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use contractor::Column as Col;
    crate::training::next_number::<contractor::Entity, C>(conn, org_id, Col::Number, Col::OrgId)
        .await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<contractor::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: contractor::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<contractor::Model>> {
    get_in_org::<contractor::Entity, C>(conn, org_id, id).await
}

/// Every contractor of the organization, by number.
pub async fn all<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<contractor::Model>> {
    use contractor::Column as Col;
    Ok(contractor::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// The certifications of one contractor, or (`None`) of all, by expiry.
pub async fn certifications<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contractor_id: Option<Uuid>,
) -> Result<Vec<contractor_certification::Model>> {
    use contractor_certification::Column as Col;
    let mut q = contractor_certification::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(c) = contractor_id {
        q = q.filter(Col::ContractorId.eq(c));
    }
    Ok(q.order_by_asc(Col::ExpiresOn).all(conn).await?)
}

pub async fn insert_certifications<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<contractor_certification::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

/// Removes a certification of a contractor; whether there was one.
pub async fn delete_certification<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contractor_id: Uuid,
    id: Uuid,
) -> Result<bool> {
    use contractor_certification::Column as Col;
    Ok(contractor_certification::Entity::delete_many()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::ContractorId.eq(contractor_id))
        .filter(Col::Id.eq(id))
        .exec(conn)
        .await?
        .rows_affected
        > 0)
}

/// Where a contract stands, as the register filters it (the same judgement as
/// `mamori_domain::contractor::contract_standing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingFilter {
    Upcoming,
    Active,
    /// In force and ending within the domain's days.
    Ending,
    Ended,
    /// Not yet ended: upcoming, active or ending.
    Live,
}

/// A filter of the contract register.
#[derive(Debug, Clone, Default)]
pub struct ContractFilter {
    pub contractor: Option<Uuid>,
    /// Departments (a subtree, expanded by the caller).
    pub departments: Option<Vec<Uuid>>,
    pub standing: Option<StandingFilter>,
    /// Only contracts entrusting personal data (or My Number data).
    pub personal_data: bool,
    /// Only contracts using a sub-contractor not yet approved.
    pub unapproved: bool,
    pub asset: Option<Uuid>,
    /// A folded query matched in the number and subject.
    pub q: Option<String>,
    pub today: Option<NaiveDate>,
    /// The days before its end from which a contract is ending.
    pub ending_days: i64,
}

fn standing(s: StandingFilter, today: NaiveDate, ending_days: i64) -> Condition {
    use contract::Column as C;
    let soon = today + Duration::days(ending_days);
    let live = Condition::all()
        .add(C::StartsOn.lte(today))
        .add(C::EndsOn.gte(today));
    match s {
        StandingFilter::Upcoming => Condition::all().add(C::StartsOn.gt(today)),
        StandingFilter::Active => live.add(C::EndsOn.gt(soon)),
        StandingFilter::Ending => live.add(C::EndsOn.lte(soon)),
        StandingFilter::Ended => Condition::all().add(C::EndsOn.lt(today)),
        StandingFilter::Live => Condition::all().add(C::EndsOn.gte(today)),
    }
}

fn filtered(org_id: Uuid, f: &ContractFilter) -> Select<contract::Entity> {
    use contract::Column as C;
    let mut q = contract::Entity::find().filter(C::OrgId.eq(org_id));
    if let Some(c) = f.contractor {
        q = q.filter(C::ContractorId.eq(c));
    }
    if let Some(d) = &f.departments {
        q = q.filter(C::DepartmentId.is_in(d.clone()));
    }
    if let (Some(s), Some(today)) = (f.standing, f.today) {
        q = q.filter(standing(s, today, f.ending_days));
    }
    if f.personal_data {
        q = q.filter(
            Condition::any()
                .add(C::PersonalData.eq(true))
                .add(C::MyNumber.eq(true)),
        );
    }
    if f.unapproved {
        q = q.filter(
            C::Id.in_subquery(
                Query::select()
                    .column(contract_subcontractor::Column::ContractId)
                    .from(contract_subcontractor::Entity)
                    .and_where(Expr::col(contract_subcontractor::Column::OrgId).eq(org_id))
                    .and_where(Expr::col(contract_subcontractor::Column::ApprovedOn).is_null())
                    .to_owned(),
            ),
        );
    }
    if let Some(a) = f.asset {
        q = q.filter(
            C::Id.in_subquery(
                Query::select()
                    .column(contract_asset::Column::ContractId)
                    .from(contract_asset::Entity)
                    .and_where(Expr::col(contract_asset::Column::OrgId).eq(org_id))
                    .and_where(Expr::col(contract_asset::Column::AssetId).eq(a))
                    .to_owned(),
            ),
        );
    }
    if let Some(key) = f.q.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(crate::search::like_key("contracts", "search_key", key));
    }
    q
}

/// A page of contracts under `f`, newest first, with the total matched.
pub async fn contracts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ContractFilter,
    page: PageRequest,
) -> Result<Page<contract::Model>> {
    let q = filtered(org_id, f);
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(contract::Column::Number)
        .offset(page.offset())
        .limit(page.per_page)
        .all(conn)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

/// Every contract under `f`, by number (exports, a contractor's page).
pub async fn all_contracts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ContractFilter,
) -> Result<Vec<contract::Model>> {
    Ok(filtered(org_id, f)
        .order_by_asc(contract::Column::Number)
        .all(conn)
        .await?)
}

/// How many contracts match `f`.
pub async fn count_contracts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ContractFilter,
) -> Result<u64> {
    Ok(filtered(org_id, f).count(conn).await?)
}

/// The contracts not yet ended of each contractor: (contractor, count).
pub async fn live_by_contractor<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    today: NaiveDate,
) -> Result<Vec<(Uuid, i64)>> {
    use contract::Column as Col;
    Ok(contract::Entity::find()
        .select_only()
        .column(Col::ContractorId)
        .expr(Func::count(Expr::col(Col::Id)))
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::EndsOn.gte(today))
        .group_by(Col::ContractorId)
        .into_tuple()
        .all(conn)
        .await?)
}

pub async fn next_contract_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use contract::Column as Col;
    crate::training::next_number::<contract::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert_contracts<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<contract::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update_contract<C: ConnectionTrait>(conn: &C, m: contract::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn contract<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<contract::Model>> {
    get_in_org::<contract::Entity, C>(conn, org_id, id).await
}

/// Contracts whose last day is one of `days` (for the reminders).
pub async fn ending_on<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    days: &[NaiveDate],
) -> Result<Vec<contract::Model>> {
    use contract::Column as Col;
    Ok(contract::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::EndsOn.is_in(days.iter().copied()))
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// The assets a contract handles.
pub async fn contract_assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contract_id: Uuid,
) -> Result<Vec<Uuid>> {
    use contract_asset::Column as Col;
    Ok(contract_asset::Entity::find()
        .select_only()
        .column(Col::AssetId)
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::ContractId.eq(contract_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Replaces the assets a contract handles.
pub async fn set_contract_assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contract_id: Uuid,
    assets: &[Uuid],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    use contract_asset::Column as Col;
    let rows: Vec<contract_asset::Model> = assets
        .iter()
        .map(|&asset_id| contract_asset::Model {
            id: ids(),
            org_id,
            contract_id,
            asset_id,
        })
        .collect();
    let scope = Condition::all()
        .add(Col::OrgId.eq(org_id))
        .add(Col::ContractId.eq(contract_id));
    crate::bulk::replace_rows(conn, scope, rows).await
}

/// The sub-contractors of a contract, or (`None`) of every contract.
pub async fn subcontractors<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contract_id: Option<Uuid>,
) -> Result<Vec<contract_subcontractor::Model>> {
    use contract_subcontractor::Column as Col;
    let mut q = contract_subcontractor::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(c) = contract_id {
        q = q.filter(Col::ContractId.eq(c));
    }
    Ok(q.order_by_asc(Col::CreatedAt).all(conn).await?)
}

pub async fn subcontractor<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<contract_subcontractor::Model>> {
    get_in_org::<contract_subcontractor::Entity, C>(conn, org_id, id).await
}

pub async fn insert_subcontractor<C: ConnectionTrait>(
    conn: &C,
    m: contract_subcontractor::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_subcontractor<C: ConnectionTrait>(
    conn: &C,
    m: contract_subcontractor::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// The checks made of a contract, newest first.
pub async fn checks<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contract_id: Uuid,
) -> Result<Vec<contract_check::Model>> {
    use contract_check::Column as Col;
    Ok(contract_check::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::ContractId.eq(contract_id))
        .order_by_desc(Col::CheckedOn)
        .all(conn)
        .await?)
}

pub async fn insert_check<C: ConnectionTrait>(conn: &C, m: contract_check::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

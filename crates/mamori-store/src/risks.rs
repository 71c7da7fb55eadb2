//! The risk register (リスク管理台帳), its threat and vulnerability catalogs, the
//! organization's risk method and assessment campaigns.
//!
//! A register of 10,000 risks is small enough to filter in SQL: every list and heat
//! map is one indexed pass over the organization's rows. Evaluations are stored with
//! their heat-map cell, so a cell's link is an equality filter and the map is a
//! `GROUP BY`.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func, SimpleExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Select,
};
use uuid::Uuid;

use crate::entity::{
    campaign, campaign_department, risk, risk_asset, risk_control, risk_setting, threat,
    vulnerability,
};
use crate::{Page, PageRequest, Result};

// --- threats and vulnerabilities -------------------------------------------------------

pub async fn threats<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<threat::Model>> {
    Ok(threat::Entity::find()
        .filter(threat::Column::OrgId.eq(org_id))
        .order_by_asc(threat::Column::Code)
        .all(conn)
        .await?)
}

pub async fn threat<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<threat::Model>> {
    Ok(threat::Entity::find_by_id(id)
        .filter(threat::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// Names (Japanese) of these threats, for a page of risks.
pub async fn threat_names<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>> {
    crate::in_chunks(ids, |chunk| {
        threat::Entity::find()
            .select_only()
            .column(threat::Column::Id)
            .column(threat::Column::NameJa)
            .filter(threat::Column::OrgId.eq(org_id))
            .filter(threat::Column::Id.is_in(chunk))
            .into_tuple()
            .all(conn)
    })
    .await
}

/// Names (Japanese) of these vulnerabilities, for a page of risks.
pub async fn vulnerability_names<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<(Uuid, String)>> {
    crate::in_chunks(ids, |chunk| {
        vulnerability::Entity::find()
            .select_only()
            .column(vulnerability::Column::Id)
            .column(vulnerability::Column::NameJa)
            .filter(vulnerability::Column::OrgId.eq(org_id))
            .filter(vulnerability::Column::Id.is_in(chunk))
            .into_tuple()
            .all(conn)
    })
    .await
}

pub async fn insert_threats<C: ConnectionTrait>(conn: &C, ms: Vec<threat::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

pub async fn update_threat<C: ConnectionTrait>(conn: &C, m: threat::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn vulnerabilities<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<vulnerability::Model>> {
    Ok(vulnerability::Entity::find()
        .filter(vulnerability::Column::OrgId.eq(org_id))
        .order_by_asc(vulnerability::Column::Code)
        .all(conn)
        .await?)
}

pub async fn vulnerability<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<vulnerability::Model>> {
    Ok(vulnerability::Entity::find_by_id(id)
        .filter(vulnerability::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

pub async fn insert_vulnerabilities<C: ConnectionTrait>(
    conn: &C,
    ms: Vec<vulnerability::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

pub async fn update_vulnerability<C: ConnectionTrait>(
    conn: &C,
    m: vulnerability::Model,
) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

// --- risk method -----------------------------------------------------------------------

pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Option<risk_setting::Model>> {
    Ok(risk_setting::Entity::find_by_id(org_id).one(conn).await?)
}

pub async fn save_settings<C: ConnectionTrait>(conn: &C, m: risk_setting::Model) -> Result<()> {
    let exists = risk_setting::Entity::find_by_id(m.org_id)
        .one(conn)
        .await?
        .is_some();
    let am = m.into_active_model().reset_all();
    if exists {
        risk_setting::Entity::update(am).exec(conn).await?;
    } else {
        risk_setting::Entity::insert(am)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

// --- risks -----------------------------------------------------------------------------

/// An evaluation stage's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageCols {
    Inherent,
    Current,
    Residual,
}

impl StageCols {
    /// (score, level, x, y)
    fn cols(self) -> (risk::Column, risk::Column, risk::Column, risk::Column) {
        use risk::Column as C;
        match self {
            StageCols::Inherent => (
                C::InherentScore,
                C::InherentLevel,
                C::InherentX,
                C::InherentY,
            ),
            StageCols::Current => (C::CurrentScore, C::CurrentLevel, C::CurrentX, C::CurrentY),
            StageCols::Residual => (
                C::ResidualScore,
                C::ResidualLevel,
                C::ResidualX,
                C::ResidualY,
            ),
        }
    }
}

/// Where a risk stands, as the register filters it (see `mamori_domain::risk::standing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingFilter {
    Draft,
    Open,
    Closed,
    Review,
    /// Everything not closed and in force: drafts, open risks and risks due for review.
    Active,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RiskSort {
    Number,
    /// Highest score of the filtered stage first.
    Score,
    Due,
}

/// A filter of the risk register.
#[derive(Debug, Clone)]
pub struct RiskFilter {
    /// Departments (a subtree, expanded by the caller).
    pub departments: Option<Vec<Uuid>>,
    pub standing: Option<StandingFilter>,
    pub treatment: Option<String>,
    pub threat: Option<Uuid>,
    pub vulnerability: Option<Uuid>,
    pub campaign: Option<Uuid>,
    pub owner: Option<Uuid>,
    pub asset: Option<Uuid>,
    /// The stage that `level`, `above` and `cell` look at.
    pub stage: StageCols,
    pub level: Option<i16>,
    /// Levels strictly above this one (above the tolerance).
    pub above: Option<i16>,
    pub cell: Option<(i16, i16)>,
    /// Matches number, title or description.
    pub q: Option<String>,
    pub sort: RiskSort,
    /// The day "due for review" is judged on.
    pub today: NaiveDate,
}

impl RiskFilter {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            departments: None,
            standing: None,
            treatment: None,
            threat: None,
            vulnerability: None,
            campaign: None,
            owner: None,
            asset: None,
            stage: StageCols::Residual,
            level: None,
            above: None,
            cell: None,
            q: None,
            sort: RiskSort::Number,
            today,
        }
    }
}

/// A closed risk whose acceptance expired or whose review date passed.
fn lapsed(today: NaiveDate) -> Condition {
    use risk::Column as C;
    Condition::any()
        .add(
            Condition::all()
                .add(C::AcceptanceExpiresOn.is_not_null())
                .add(C::AcceptanceExpiresOn.lt(today)),
        )
        .add(
            Condition::all()
                .add(C::ReviewOn.is_not_null())
                .add(C::ReviewOn.lt(today)),
        )
}

fn filtered(org_id: Uuid, f: &RiskFilter) -> Select<risk::Entity> {
    use risk::Column as C;
    let mut q = risk::Entity::find().filter(C::OrgId.eq(org_id));
    if let Some(d) = &f.departments {
        q = q.filter(C::DepartmentId.is_in(d.clone()));
    }
    let closed = C::Status.eq("closed");
    q = match f.standing {
        None => q,
        Some(StandingFilter::Draft) => q.filter(C::Status.eq("draft")),
        Some(StandingFilter::Open) => q.filter(C::Status.eq("open")),
        Some(StandingFilter::Closed) => q.filter(closed).filter(lapsed(f.today).not()),
        Some(StandingFilter::Review) => q.filter(closed).filter(lapsed(f.today)),
        Some(StandingFilter::Active) => q.filter(
            Condition::any()
                .add(C::Status.ne("closed"))
                .add(lapsed(f.today)),
        ),
    };
    if let Some(t) = &f.treatment {
        q = q.filter(C::Treatment.eq(t.clone()));
    }
    if let Some(t) = f.threat {
        q = q.filter(C::ThreatId.eq(t));
    }
    if let Some(v) = f.vulnerability {
        q = q.filter(C::VulnerabilityId.eq(v));
    }
    if let Some(c) = f.campaign {
        q = q.filter(C::CampaignId.eq(c));
    }
    if let Some(o) = f.owner {
        q = q.filter(C::OwnerStaffId.eq(o));
    }
    if let Some(a) = f.asset {
        q = q.filter(
            C::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(risk_asset::Column::RiskId)
                    .from(risk_asset::Entity)
                    .and_where(Expr::col(risk_asset::Column::OrgId).eq(org_id))
                    .and_where(Expr::col(risk_asset::Column::AssetId).eq(a))
                    .to_owned(),
            ),
        );
    }
    let (_, level, x, y) = f.stage.cols();
    if let Some(l) = f.level {
        q = q.filter(level.eq(l));
    }
    if let Some(l) = f.above {
        q = q.filter(level.gt(l));
    }
    if let Some((cx, cy)) = f.cell {
        q = q.filter(x.eq(cx)).filter(y.eq(cy));
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        let pattern = format!("%{}%", like_escape(text));
        let like = |c: risk::Column| -> SimpleExpr {
            Expr::col(c).like(sea_orm::sea_query::LikeExpr::new(pattern.clone()).escape('\\'))
        };
        q = q.filter(
            Condition::any()
                .add(like(C::Number))
                .add(like(C::Title))
                .add(like(C::Description))
                .add(like(C::AssetGroup)),
        );
    }
    q
}

/// Escapes LIKE's wildcards in user text.
fn like_escape(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// A page of the register under `f`, with the total matched.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
    page: PageRequest,
) -> Result<Page<risk::Model>> {
    let q = filtered(org_id, f);
    let total = q.clone().count(conn).await?;
    let (score, ..) = f.stage.cols();
    let q = match f.sort {
        RiskSort::Number => q.order_by_asc(risk::Column::Number),
        // NULLS LAST rather than an `IS NULL` key, so the score index gives the order.
        RiskSort::Score => q
            .order_by_with_nulls(
                score,
                sea_orm::Order::Desc,
                sea_orm::sea_query::NullOrdering::Last,
            )
            .order_by_asc(risk::Column::Number),
        RiskSort::Due => q
            .order_by(
                Expr::col(risk::Column::DueOn).is_null(),
                sea_orm::Order::Asc,
            )
            .order_by_asc(risk::Column::DueOn)
            .order_by_asc(risk::Column::Number),
    };
    let items = q
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

/// How many risks match `f` (dashboard tiles): the count alone, no rows.
pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid, f: &RiskFilter) -> Result<u64> {
    Ok(filtered(org_id, f).count(conn).await?)
}

/// These risks of the organization, by number.
pub async fn by_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<risk::Model>> {
    crate::in_chunks(ids, |chunk| {
        risk::Entity::find()
            .filter(risk::Column::OrgId.eq(org_id))
            .filter(risk::Column::Id.is_in(chunk))
            .order_by_asc(risk::Column::Number)
            .all(conn)
    })
    .await
}

/// Every risk under `f`, in the filter's order (exports).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
) -> Result<Vec<risk::Model>> {
    Ok(filtered(org_id, f)
        .order_by_asc(risk::Column::Number)
        .all(conn)
        .await?)
}

/// How many risks under `f` sit in each heat-map cell of `f.stage` (cells as stored).
pub async fn cell_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
) -> Result<HashMap<(i16, i16), u64>> {
    let (_, _, x, y) = f.stage.cols();
    let rows: Vec<(Option<i16>, Option<i16>, i64)> = filtered(org_id, f)
        .select_only()
        .column(x)
        .column(y)
        .expr(Func::count(Expr::col(Asterisk)))
        .group_by(x)
        .group_by(y)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(x, y, n)| Some(((x?, y?), u64::try_from(n).unwrap_or(0))))
        .collect())
}

/// How many risks under `f` are at each level of `f.stage` (None: not evaluated).
pub async fn level_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &RiskFilter,
) -> Result<HashMap<Option<i16>, u64>> {
    let (_, level, ..) = f.stage.cols();
    let rows: Vec<(Option<i16>, i64)> = filtered(org_id, f)
        .select_only()
        .column(level)
        .expr(Func::count(Expr::col(Asterisk)))
        .group_by(level)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(l, n)| (l, u64::try_from(n).unwrap_or(0)))
        .collect())
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<risk::Model>> {
    Ok(risk::Entity::find_by_id(id)
        .filter(risk::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<risk::Model>> {
    Ok(risk::Entity::find()
        .filter(risk::Column::OrgId.eq(org_id))
        .filter(risk::Column::Number.eq(number))
        .one(conn)
        .await?)
}

/// The highest generated sequence number in use (0 when none).
pub async fn max_seq<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i64> {
    let n: Option<Option<i64>> = risk::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(risk::Column::NumberSeq)))
        .filter(risk::Column::OrgId.eq(org_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.flatten().unwrap_or(0))
}

pub async fn insert_many<C: ConnectionTrait>(conn: &C, ms: Vec<risk::Model>) -> Result<()> {
    // 48 columns × 300 rows stays inside SQLite's bound-parameter limit.
    crate::bulk::insert_rows(conn, ms).await
}

/// Overwrites the row within its organization; false when it does not exist there.
pub async fn update<C: ConnectionTrait>(conn: &C, m: risk::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn delete<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<bool> {
    let r = risk::Entity::delete_many()
        .filter(risk::Column::Id.eq(id))
        .filter(risk::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

// --- links -----------------------------------------------------------------------------

/// The assets of a risk.
pub async fn asset_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(risk_asset::Entity::find()
        .select_only()
        .column(risk_asset::Column::AssetId)
        .filter(risk_asset::Column::OrgId.eq(org_id))
        .filter(risk_asset::Column::RiskId.eq(risk_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// How many assets each of these risks concerns.
pub async fn asset_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    risk_ids: &[Uuid],
) -> Result<HashMap<Uuid, u64>> {
    let rows: Vec<(Uuid, i64)> = crate::in_chunks(risk_ids, |chunk| {
        risk_asset::Entity::find()
            .select_only()
            .column(risk_asset::Column::RiskId)
            .expr(Func::count(Expr::col(risk_asset::Column::AssetId)))
            .filter(risk_asset::Column::OrgId.eq(org_id))
            .filter(risk_asset::Column::RiskId.is_in(chunk))
            .group_by(risk_asset::Column::RiskId)
            .into_tuple()
            .all(conn)
    })
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, n)| (id, u64::try_from(n).unwrap_or(0)))
        .collect())
}

pub async fn insert_asset_links<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_asset::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, links).await
}

/// Replaces the assets of a risk.
pub async fn set_assets<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_asset::Model>,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<()> {
    risk_asset::Entity::delete_many()
        .filter(risk_asset::Column::OrgId.eq(org_id))
        .filter(risk_asset::Column::RiskId.eq(risk_id))
        .exec(conn)
        .await?;
    insert_asset_links(conn, links).await
}

/// The applied controls linked to a risk.
pub async fn control_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(risk_control::Entity::find()
        .select_only()
        .column(risk_control::Column::AppliedControlId)
        .filter(risk_control::Column::OrgId.eq(org_id))
        .filter(risk_control::Column::RiskId.eq(risk_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Replaces the applied controls of a risk.
pub async fn set_controls<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_control::Model>,
    org_id: Uuid,
    risk_id: Uuid,
) -> Result<()> {
    risk_control::Entity::delete_many()
        .filter(risk_control::Column::OrgId.eq(org_id))
        .filter(risk_control::Column::RiskId.eq(risk_id))
        .exec(conn)
        .await?;
    crate::bulk::insert_rows(conn, links).await
}

/// Every (risk, applied control) link of the organization (treatment plans).
pub async fn all_control_links<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(Uuid, Uuid)>> {
    Ok(risk_control::Entity::find()
        .select_only()
        .column(risk_control::Column::RiskId)
        .column(risk_control::Column::AppliedControlId)
        .filter(risk_control::Column::OrgId.eq(org_id))
        .into_tuple()
        .all(conn)
        .await?)
}

// --- campaigns -------------------------------------------------------------------------

pub async fn campaigns<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<campaign::Model>> {
    Ok(campaign::Entity::find()
        .filter(campaign::Column::OrgId.eq(org_id))
        .order_by_desc(campaign::Column::FiscalYear)
        .order_by_desc(campaign::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn campaign<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<campaign::Model>> {
    Ok(campaign::Entity::find_by_id(id)
        .filter(campaign::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

pub async fn insert_campaign<C: ConnectionTrait>(conn: &C, m: campaign::Model) -> Result<()> {
    campaign::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_campaign<C: ConnectionTrait>(conn: &C, m: campaign::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn campaign_departments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    campaign_id: Uuid,
) -> Result<Vec<campaign_department::Model>> {
    Ok(campaign_department::Entity::find()
        .filter(campaign_department::Column::OrgId.eq(org_id))
        .filter(campaign_department::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?)
}

pub async fn insert_campaign_department<C: ConnectionTrait>(
    conn: &C,
    m: campaign_department::Model,
) -> Result<()> {
    campaign_department::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_campaign_department<C: ConnectionTrait>(
    conn: &C,
    m: campaign_department::Model,
) -> Result<()> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await?;
    Ok(())
}

/// Risks per (department, status) of a campaign: completion tracking.
pub async fn campaign_progress<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    campaign_id: Uuid,
) -> Result<Vec<(Option<Uuid>, String, u64)>> {
    let rows: Vec<(Option<Uuid>, String, i64)> = risk::Entity::find()
        .select_only()
        .column(risk::Column::DepartmentId)
        .column(risk::Column::Status)
        .expr(Func::count(Expr::col(Asterisk)))
        .filter(risk::Column::OrgId.eq(org_id))
        .filter(risk::Column::CampaignId.eq(campaign_id))
        .group_by(risk::Column::DepartmentId)
        .group_by(risk::Column::Status)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(d, s, n)| (d, s, u64::try_from(n).unwrap_or(0)))
        .collect())
}

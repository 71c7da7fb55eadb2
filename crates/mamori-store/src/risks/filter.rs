//! Filters of the risk register, in SQL: a register of 10,000 risks is filtered in
//! one indexed pass over the organization's rows.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{ColumnTrait, Condition, DbBackend, EntityTrait, QueryFilter, Select};
use uuid::Uuid;

use crate::entity::{risk, risk_asset};
use crate::search::Searchable;

/// An evaluation stage's columns.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StageCols {
    Inherent,
    Current,
    Residual,
}

impl StageCols {
    /// (score, level, x, y)
    pub(super) fn cols(self) -> (risk::Column, risk::Column, risk::Column, risk::Column) {
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
    /// A folded query (`mamori_domain::text::search_query`), matched anywhere in the
    /// number, title, description or asset group.
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

/// The organization's risks under `f` (`backend`: which search index to ask).
pub(super) fn filtered(backend: DbBackend, org_id: Uuid, f: &RiskFilter) -> Select<risk::Entity> {
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
    if let Some(key) = f.q.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(crate::search::contains(backend, Searchable::Risks, key));
    }
    q
}

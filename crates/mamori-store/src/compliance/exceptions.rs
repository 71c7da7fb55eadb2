//! The exception register (例外措置): rows, the assets each covers, and the register's
//! filters in SQL. Where an exception stands is judged from its state and dates on the
//! day asked (`mamori_domain::exception::standing`); [`StandingFilter`] is the same
//! judgement as a condition, so 10,000 exceptions filter in one indexed pass.

use chrono::{Duration, NaiveDate};
use sea_orm::sea_query::{CaseStatement, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect, Select,
};
use uuid::Uuid;

use crate::entity::{exception, exception_asset};
use crate::tenancy::{get_in_org, update_in_org};
use crate::{Page, PageRequest, Result};

/// Where an exception stands, as the register filters it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StandingFilter {
    Pending,
    AwaitingReport,
    Scheduled,
    Active,
    Expired,
    Refused,
    Withdrawn,
    Ended,
    /// The rule is set aside today: active, or urgent and awaiting its report.
    InEffect,
    /// Urgent, and its report for approval is late.
    ReportOverdue,
    /// Not yet ended: waiting for a decision, awaiting its report, approved and not
    /// past its last day (what the records it touches show).
    Live,
}

/// A filter of the register.
#[derive(Debug, Clone)]
pub struct ExceptionFilter {
    /// Departments (a subtree, expanded by the caller).
    pub departments: Option<Vec<Uuid>>,
    pub standing: Option<StandingFilter>,
    /// Exceptions to any of these rules (canonical text).
    pub rules: Option<Vec<String>>,
    /// `section`, `catalog` or `applied`.
    pub rule_kind: Option<String>,
    pub asset: Option<Uuid>,
    /// In effect and ending within so many days of `today`.
    pub expiring_within: Option<i64>,
    /// A folded query matched in the number, title and rule.
    pub q: Option<String>,
    pub today: NaiveDate,
}

impl ExceptionFilter {
    pub fn new(today: NaiveDate) -> Self {
        Self {
            departments: None,
            standing: None,
            rules: None,
            rule_kind: None,
            asset: None,
            expiring_within: None,
            q: None,
            today,
        }
    }
}

fn in_effect(today: NaiveDate) -> Condition {
    use exception::Column as C;
    Condition::all().add(C::ValidUntil.gte(today)).add(
        Condition::any().add(C::State.eq("urgent")).add(
            Condition::all()
                .add(C::State.eq("approved"))
                .add(C::ValidFrom.lte(today)),
        ),
    )
}

fn standing(s: StandingFilter, today: NaiveDate) -> Condition {
    use exception::Column as C;
    let state = |v: &str| Condition::all().add(C::State.eq(v));
    match s {
        StandingFilter::Pending => state("requested"),
        StandingFilter::AwaitingReport => state("urgent").add(C::ValidUntil.gte(today)),
        StandingFilter::Scheduled => state("approved")
            .add(C::ValidFrom.gt(today))
            .add(C::ValidUntil.gte(today)),
        StandingFilter::Active => state("approved")
            .add(C::ValidFrom.lte(today))
            .add(C::ValidUntil.gte(today)),
        StandingFilter::Expired => Condition::all()
            .add(C::State.is_in(["approved", "urgent"]))
            .add(C::ValidUntil.lt(today)),
        StandingFilter::Refused => state("refused"),
        StandingFilter::Withdrawn => state("withdrawn"),
        StandingFilter::Ended => state("ended"),
        StandingFilter::InEffect => in_effect(today),
        StandingFilter::Live => Condition::all()
            .add(C::State.is_in(["requested", "urgent", "approved"]))
            .add(C::ValidUntil.gte(today)),
        StandingFilter::ReportOverdue => state("urgent")
            .add(C::ReportDue.is_not_null())
            .add(C::ReportDue.lt(today)),
    }
}

fn filtered(org_id: Uuid, f: &ExceptionFilter) -> Select<exception::Entity> {
    use exception::Column as C;
    let mut q = exception::Entity::find().filter(C::OrgId.eq(org_id));
    if let Some(d) = &f.departments {
        q = q.filter(C::DepartmentId.is_in(d.clone()));
    }
    if let Some(s) = f.standing {
        q = q.filter(standing(s, f.today));
    }
    if let Some(r) = &f.rules {
        q = q.filter(C::Rule.is_in(r.clone()));
    }
    if let Some(k) = &f.rule_kind {
        q = q.filter(C::RuleKind.eq(k.clone()));
    }
    if let Some(a) = f.asset {
        q = q.filter(
            C::Id.in_subquery(
                Query::select()
                    .column(exception_asset::Column::ExceptionId)
                    .from(exception_asset::Entity)
                    .and_where(Expr::col(exception_asset::Column::OrgId).eq(org_id))
                    .and_where(Expr::col(exception_asset::Column::AssetId).eq(a))
                    .to_owned(),
            ),
        );
    }
    if let Some(n) = f.expiring_within {
        q = q
            .filter(in_effect(f.today))
            .filter(C::ValidUntil.lte(f.today + Duration::days(n)));
    }
    if let Some(key) = f.q.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(crate::search::like_key("exceptions", "search_key", key));
    }
    q
}

/// A page of the register under `f`, newest first, with the total matched.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ExceptionFilter,
    page: PageRequest,
) -> Result<Page<exception::Model>> {
    let q = filtered(org_id, f);
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(exception::Column::Number)
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

/// Every exception under `f`, by number (exports, and the records an exception touches).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ExceptionFilter,
) -> Result<Vec<exception::Model>> {
    Ok(filtered(org_id, f)
        .order_by_asc(exception::Column::Number)
        .all(conn)
        .await?)
}

/// How many exceptions match `f` (dashboard tiles).
pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid, f: &ExceptionFilter) -> Result<u64> {
    Ok(filtered(org_id, f).count(conn).await?)
}

/// Approved or urgent, ending on one of `days` (the reminder job).
pub async fn ending_on<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    days: &[NaiveDate],
) -> Result<Vec<exception::Model>> {
    use exception::Column as C;
    Ok(exception::Entity::find()
        .filter(C::OrgId.eq(org_id))
        .filter(C::State.is_in(["approved", "urgent"]))
        .filter(C::ValidUntil.is_in(days.to_vec()))
        .order_by_asc(C::Number)
        .all(conn)
        .await?)
}

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use exception::Column as Col;
    crate::training::next_number::<exception::Entity, C>(conn, org_id, Col::Number, Col::OrgId)
        .await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<exception::Model>> {
    get_in_org::<exception::Entity, C>(conn, org_id, id).await
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: i32,
) -> Result<Option<exception::Model>> {
    Ok(exception::Entity::find()
        .filter(exception::Column::OrgId.eq(org_id))
        .filter(exception::Column::Number.eq(number))
        .one(conn)
        .await?)
}

/// The exceptions that renew `id`.
pub async fn renewals<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Vec<exception::Model>> {
    Ok(exception::Entity::find()
        .filter(exception::Column::OrgId.eq(org_id))
        .filter(exception::Column::RenewsId.eq(id))
        .order_by_asc(exception::Column::Number)
        .all(conn)
        .await?)
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: exception::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: exception::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// The assets an exception covers.
pub async fn assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    exception_id: Uuid,
) -> Result<Vec<Uuid>> {
    use exception_asset::Column as C;
    Ok(exception_asset::Entity::find()
        .select_only()
        .column(C::AssetId)
        .filter(C::OrgId.eq(org_id))
        .filter(C::ExceptionId.eq(exception_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Replaces the assets an exception covers (`ids` makes each row's id).
pub async fn set_assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    exception_id: Uuid,
    assets: &[Uuid],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    use exception_asset::Column as C;
    let rows: Vec<exception_asset::Model> = assets
        .iter()
        .map(|&asset_id| exception_asset::Model {
            id: ids(),
            org_id,
            exception_id,
            asset_id,
        })
        .collect();
    let scope = Condition::all()
        .add(C::OrgId.eq(org_id))
        .add(C::ExceptionId.eq(exception_id));
    crate::bulk::replace_rows(conn, scope, rows).await
}

/// Urgent exceptions whose report for approval was due on `day` and is still owed.
pub async fn report_due_on<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    day: NaiveDate,
) -> Result<Vec<exception::Model>> {
    use exception::Column as C;
    Ok(exception::Entity::find()
        .filter(C::OrgId.eq(org_id))
        .filter(C::State.eq("urgent"))
        .filter(C::ReportDue.eq(day))
        .order_by_asc(C::Number)
        .all(conn)
        .await?)
}

/// Writes many exceptions at once (the benchmark's register; a future import).
pub async fn insert_many<C: ConnectionTrait>(conn: &C, ms: Vec<exception::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

/// Five sums, each `NULL` over no rows.
type Sums = (
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// The register's counts in one pass over the rows still open: in effect, in effect and
/// ending by `soon`, waiting for a decision, urgent awaiting approval, and urgent with
/// the report late — each the same judgement as its [`StandingFilter`].
pub async fn counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    today: NaiveDate,
    soon: NaiveDate,
) -> Result<[u64; 5]> {
    use exception::Column as C;
    // Each count is a sum of the same condition its filter uses.
    let sum = |cond: Condition| {
        Func::sum(
            CaseStatement::new()
                .case(cond, Expr::val(1))
                .finally(Expr::val(0)),
        )
    };
    let expiring = in_effect(today).add(C::ValidUntil.lte(soon));
    let row: Option<Sums> = exception::Entity::find()
        .select_only()
        .expr(sum(standing(StandingFilter::InEffect, today)))
        .expr(sum(expiring))
        .expr(sum(standing(StandingFilter::Pending, today)))
        .expr(sum(standing(StandingFilter::AwaitingReport, today)))
        .expr(sum(standing(StandingFilter::ReportOverdue, today)))
        .filter(C::OrgId.eq(org_id))
        .filter(C::State.is_in(["requested", "urgent", "approved"]))
        .into_tuple()
        .one(conn)
        .await?;
    let n = |v: Option<i64>| u64::try_from(v.unwrap_or(0)).unwrap_or(0);
    Ok(match row {
        Some((a, b, c, d, e)) => [n(a), n(b), n(c), n(d), n(e)],
        None => [0; 5],
    })
}

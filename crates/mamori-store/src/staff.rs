//! Staff members (職員) and their department history.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::entity::{staff, staff_move};
use crate::search::Searchable;
use crate::{Page, PageRequest, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StaffSort {
    #[default]
    Number,
    Kana,
    Department,
    Updated,
}

#[derive(Debug, Clone, Default)]
pub struct StaffFilter {
    /// A `mamori_domain::text::search_key` of the query, matched anywhere in name, kana
    /// and employee number.
    pub search_key: Option<String>,
    /// Staff of any of these departments (an already expanded subtree).
    pub departments: Option<Vec<Uuid>>,
    pub category: Option<String>,
    pub part_time: Option<bool>,
    /// `None`: everyone; `Some(false)`: current staff only; `Some(true)`: retired only.
    pub retired: Option<bool>,
    pub sort: StaffSort,
    pub descending: bool,
}

/// The organization's staff under `f` (`backend`: which search index to ask).
fn filtered(
    backend: sea_orm::DbBackend,
    org_id: Uuid,
    f: &StaffFilter,
) -> sea_orm::Select<staff::Entity> {
    let mut q = staff::Entity::find().filter(staff::Column::OrgId.eq(org_id));
    if let Some(k) = f.search_key.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(crate::search::contains(backend, Searchable::Staff, k));
    }
    if let Some(ds) = &f.departments {
        q = q.filter(staff::Column::DepartmentId.is_in(ds.iter().copied()));
    }
    if let Some(c) = f.category.as_deref().filter(|c| !c.is_empty()) {
        q = q.filter(staff::Column::Category.eq(c));
    }
    if let Some(p) = f.part_time {
        q = q.filter(staff::Column::PartTime.eq(p));
    }
    if let Some(r) = f.retired {
        q = q.filter(staff::Column::Retired.eq(r));
    }
    q
}

pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &StaffFilter,
    page: PageRequest,
) -> Result<Page<staff::Model>> {
    let q = filtered(conn.get_database_backend(), org_id, f);
    let total = count(conn, org_id, f).await?;
    let order = if f.descending {
        sea_orm::Order::Desc
    } else {
        sea_orm::Order::Asc
    };
    let q = match f.sort {
        StaffSort::Number => q.order_by(staff::Column::EmployeeNumber, order),
        StaffSort::Kana => q
            .order_by(staff::Column::Kana, order.clone())
            .order_by(staff::Column::EmployeeNumber, order),
        StaffSort::Department => q
            .order_by(staff::Column::DepartmentId, order.clone())
            .order_by(staff::Column::EmployeeNumber, order),
        StaffSort::Updated => q
            .order_by(staff::Column::UpdatedAt, order.clone())
            .order_by(staff::Column::EmployeeNumber, order),
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

/// Every staff member matching the filter, in employee-number order (for export).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &StaffFilter,
) -> Result<Vec<staff::Model>> {
    Ok(filtered(conn.get_database_backend(), org_id, f)
        .order_by_asc(staff::Column::EmployeeNumber)
        .all(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<staff::Model>> {
    crate::get_in_org::<staff::Entity, _>(conn, org_id, id).await
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<staff::Model>> {
    Ok(staff::Entity::find()
        .filter(staff::Column::OrgId.eq(org_id))
        .filter(staff::Column::EmployeeNumber.eq(number))
        .one(conn)
        .await?)
}

/// Staff by employee number, for matching an import against what is stored.
pub async fn by_numbers<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    numbers: &[String],
) -> Result<Vec<staff::Model>> {
    crate::in_chunks(numbers, |chunk| async move {
        staff::Entity::find()
            .filter(staff::Column::OrgId.eq(org_id))
            .filter(staff::Column::EmployeeNumber.is_in(chunk))
            .all(conn)
            .await
    })
    .await
}

pub async fn by_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<staff::Model>> {
    crate::by_ids_in_org::<staff::Entity, _>(conn, org_id, ids).await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: staff::Model) -> Result<()> {
    staff::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn insert_many<C: ConnectionTrait>(conn: &C, ms: Vec<staff::Model>) -> Result<()> {
    // 14 columns × 500 rows stays well inside SQLite's bound-value limit.
    crate::bulk::insert_rows(conn, ms).await
}

/// Overwrites the row within its organization; false when it does not exist there.
pub async fn update<C: ConnectionTrait>(conn: &C, m: staff::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid, f: &StaffFilter) -> Result<u64> {
    // A plain COUNT(*) with the filter, rather than counting a subquery of whole rows,
    // so the database can answer from an index.
    let n: Option<i64> = filtered(conn.get_database_backend(), org_id, f)
        .select_only()
        .expr(Func::count(Expr::col(sea_orm::sea_query::Asterisk)))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// Current staff per category, for the dashboard.
pub async fn count_by_category<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(String, i64)>> {
    Ok(staff::Entity::find()
        .select_only()
        .column(staff::Column::Category)
        .expr_as(Func::count(Expr::col(staff::Column::Id)), "n")
        .filter(staff::Column::OrgId.eq(org_id))
        .filter(staff::Column::Retired.eq(false))
        .group_by(staff::Column::Category)
        .into_tuple::<(String, i64)>()
        .all(conn)
        .await?)
}

pub async fn record_move<C: ConnectionTrait>(conn: &C, m: staff_move::Model) -> Result<()> {
    staff_move::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn record_moves<C: ConnectionTrait>(conn: &C, ms: Vec<staff_move::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

/// A staff member's department history, oldest first.
pub async fn moves<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
) -> Result<Vec<staff_move::Model>> {
    Ok(staff_move::Entity::find()
        .filter(staff_move::Column::OrgId.eq(org_id))
        .filter(staff_move::Column::StaffId.eq(staff_id))
        .order_by_asc(staff_move::Column::RecordedAt)
        .all(conn)
        .await?)
}

/// Helper for callers building a move record.
pub fn new_move(
    id: Uuid,
    org_id: Uuid,
    staff_id: Uuid,
    department_id: Option<Uuid>,
    from_date: Option<NaiveDate>,
    recorded_at: chrono::DateTime<chrono::Utc>,
) -> staff_move::Model {
    staff_move::Model {
        id,
        org_id,
        staff_id,
        department_id,
        from_date,
        recorded_at,
    }
}

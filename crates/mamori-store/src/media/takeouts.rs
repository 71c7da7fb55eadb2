//! Take-outs: a city has some thousands a year, so lists read the open ones (not yet
//! returned, refused or withdrawn) or a page of all.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::takeout::{self, Column as Col};
use crate::page::{Page, PageRequest};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    crate::training::next_number::<takeout::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: takeout::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: takeout::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<takeout::Model>> {
    get_in_org::<takeout::Entity, C>(conn, org_id, id).await
}

/// Which take-outs a list shows.
#[derive(Debug, Clone, Default)]
pub struct TakeoutFilter {
    /// Only those still open: not refused, withdrawn or returned.
    pub open: bool,
    /// Only those that went out and are not back.
    pub out: bool,
    pub departments: Vec<Uuid>,
    pub item: Option<Uuid>,
    pub requester: Option<Uuid>,
    /// Only those due back before this day.
    pub due_before: Option<chrono::NaiveDate>,
}

fn filtered(org_id: Uuid, f: &TakeoutFilter) -> sea_orm::Select<takeout::Entity> {
    let mut q = takeout::Entity::find().filter(Col::OrgId.eq(org_id));
    if f.open || f.out {
        q = q
            .filter(Col::ReturnedAt.is_null())
            .filter(Col::Cancelled.eq(false))
            .filter(Col::Decision.ne("refused"));
    }
    if f.out {
        q = q.filter(Col::CheckedOutAt.is_not_null());
    }
    if !f.departments.is_empty() {
        q = q.filter(Col::DepartmentId.is_in(f.departments.clone()));
    }
    if let Some(i) = f.item {
        q = q.filter(Col::ItemId.eq(i));
    }
    if let Some(r) = f.requester {
        q = q.filter(Condition::all().add(Col::RequesterStaffId.eq(r)));
    }
    if let Some(d) = f.due_before {
        q = q.filter(Col::DueOn.lt(d));
    }
    q
}

/// A page of take-outs, latest request first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &TakeoutFilter,
    page: PageRequest,
) -> Result<Page<takeout::Model>> {
    crate::page::fetch(
        conn,
        filtered(org_id, f),
        |q| q.order_by_desc(Col::Number),
        page,
    )
    .await
}

/// Every take-out of a filter, latest first (the open ones, an item's history).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &TakeoutFilter,
) -> Result<Vec<takeout::Model>> {
    Ok(filtered(org_id, f)
        .order_by_desc(Col::Number)
        .all(conn)
        .await?)
}

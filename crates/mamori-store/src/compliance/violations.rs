//! Violation records (§11): restricted rows the app shows only to the designated
//! roles, their assets, counts that name nobody, and the purge after retention.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{violation, violation_asset};
use crate::tenancy::{get_in_org, update_in_org};
use crate::{Page, PageRequest, Result};

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use violation::Column as Col;
    crate::training::next_number::<violation::Entity, C>(conn, org_id, Col::Number, Col::OrgId)
        .await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: violation::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: violation::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<violation::Model>> {
    get_in_org::<violation::Entity, C>(conn, org_id, id).await
}

/// A page of the records (in one state, or all), newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    state: Option<&str>,
    page: PageRequest,
) -> Result<Page<violation::Model>> {
    use violation::Column as Col;
    let mut q = violation::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(s) = state {
        q = q.filter(Col::State.eq(s));
    }
    let total = q.clone().count(conn).await?;
    let items = q
        .order_by_desc(Col::Number)
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

/// How many records there are by state, culpability and impact: counts that name
/// nobody, for statistics.
pub async fn counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(String, String, String, i64)>> {
    use violation::Column as Col;
    Ok(violation::Entity::find()
        .select_only()
        .column(Col::State)
        .column(Col::Culpability)
        .column(Col::Impact)
        .expr(Func::count(Expr::col(Col::Id)))
        .filter(Col::OrgId.eq(org_id))
        .group_by(Col::State)
        .group_by(Col::Culpability)
        .group_by(Col::Impact)
        .into_tuple()
        .all(conn)
        .await?)
}

/// The assets a violation involved.
pub async fn assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    violation_id: Uuid,
) -> Result<Vec<Uuid>> {
    use violation_asset::Column as C;
    Ok(violation_asset::Entity::find()
        .select_only()
        .column(C::AssetId)
        .filter(C::OrgId.eq(org_id))
        .filter(C::ViolationId.eq(violation_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Records the assets involved (`ids` makes each row's id).
pub async fn add_assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    violation_id: Uuid,
    assets: &[Uuid],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    let rows: Vec<violation_asset::Model> = assets
        .iter()
        .map(|&asset_id| violation_asset::Model {
            id: ids(),
            org_id,
            violation_id,
            asset_id,
        })
        .collect();
    crate::bulk::insert_rows(conn, rows).await
}

/// Closed or dismissed records whose closing day is on or before `day`: those past
/// their retention when `day` is today less the retention.
pub async fn closed_by<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    day: NaiveDate,
) -> Result<Vec<violation::Model>> {
    use violation::Column as Col;
    Ok(violation::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::State.is_in(["closed", "dismissed"]))
        .filter(Col::ClosedOn.is_not_null())
        .filter(Col::ClosedOn.lte(day))
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// Deletes a record with its asset links (the purge; the audit log keeps the
/// tombstone).
pub async fn delete<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<()> {
    violation::Entity::delete_many()
        .filter(violation::Column::OrgId.eq(org_id))
        .filter(violation::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

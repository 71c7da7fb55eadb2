//! Inventories (棚卸) and their checks: one row per item an inventory asks about.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{inventory, inventory_check};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    m: inventory::Model,
    checks: Vec<inventory_check::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await?;
    crate::bulk::insert_rows(conn, checks).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: inventory::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<inventory::Model>> {
    get_in_org::<inventory::Entity, C>(conn, org_id, id).await
}

/// Every inventory of the organization, latest first.
pub async fn list<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<inventory::Model>> {
    Ok(inventory::Entity::find()
        .filter(inventory::Column::OrgId.eq(org_id))
        .order_by_desc(inventory::Column::OpenedOn)
        .order_by_desc(inventory::Column::Id)
        .all(conn)
        .await?)
}

/// An inventory's checks, of one department or (`None`) all.
pub async fn checks<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    inventory_id: Uuid,
    department: Option<Option<Uuid>>,
) -> Result<Vec<inventory_check::Model>> {
    use inventory_check::Column as Col;
    let mut q = inventory_check::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::InventoryId.eq(inventory_id));
    match department {
        Some(Some(d)) => q = q.filter(Col::DepartmentId.eq(d)),
        Some(None) => q = q.filter(Col::DepartmentId.is_null()),
        None => {}
    }
    Ok(q.all(conn).await?)
}

/// The checks of one item, in every inventory.
pub async fn checks_of_item<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    item_id: Uuid,
) -> Result<Vec<inventory_check::Model>> {
    use inventory_check::Column as Col;
    Ok(inventory_check::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::ItemId.eq(item_id))
        .all(conn)
        .await?)
}

pub async fn get_check<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<inventory_check::Model>> {
    get_in_org::<inventory_check::Entity, C>(conn, org_id, id).await
}

pub async fn update_check<C: ConnectionTrait>(conn: &C, m: inventory_check::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Records one finding for many checks of an inventory at once (a department's
/// "everything else is here").
pub async fn set_findings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
    finding: &str,
    by: &str,
    at: chrono::DateTime<chrono::Utc>,
) -> Result<()> {
    use inventory_check::Column as Col;
    for chunk in ids.chunks(1000) {
        inventory_check::Entity::update_many()
            .col_expr(Col::Finding, Expr::value(finding))
            .col_expr(Col::CheckedBy, Expr::value(by))
            .col_expr(Col::CheckedAt, Expr::value(at))
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::Id.is_in(chunk.to_vec()))
            .exec(conn)
            .await?;
    }
    Ok(())
}

//! Departments (部・課・係): an organization's tree.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{department, staff};

/// The whole tree of an organization (a few hundred rows at most), in display order.
pub async fn all<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<department::Model>> {
    Ok(department::Entity::find()
        .filter(department::Column::OrgId.eq(org_id))
        .order_by_asc(department::Column::SortOrder)
        .order_by_asc(department::Column::Code)
        .all(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<department::Model>> {
    crate::get_in_org::<department::Entity, _>(conn, org_id, id).await
}

pub async fn by_code<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    code: &str,
) -> Result<Option<department::Model>> {
    Ok(department::Entity::find()
        .filter(department::Column::OrgId.eq(org_id))
        .filter(department::Column::Code.eq(code))
        .one(conn)
        .await?)
}

// Department writes also take a register revision (see `assets::head_rev`): lists
// show department paths and filter by subtree, and app servers cache the tree per
// revision.

pub async fn insert<C: ConnectionTrait>(conn: &C, m: department::Model) -> Result<()> {
    crate::assets::next_rev(conn, m.org_id).await?;
    department::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Overwrites every column of the row, within its organization. Returns false when no
/// such department exists there.
pub async fn update<C: ConnectionTrait>(conn: &C, m: department::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::assets::next_rev(conn, org_id).await?;
    crate::update_in_org(conn, m, id, org_id).await
}

/// Number of staff (retired included) who belong to the department.
pub async fn staff_count<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<u64> {
    Ok(staff::Entity::find()
        .filter(staff::Column::OrgId.eq(org_id))
        .filter(staff::Column::DepartmentId.eq(id))
        .count(conn)
        .await?)
}

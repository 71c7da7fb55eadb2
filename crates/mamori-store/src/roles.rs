//! ISMS role assignments (CISO, committee, …) held by staff members.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::role_assignment;

pub async fn for_staff<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
) -> Result<Vec<role_assignment::Model>> {
    Ok(role_assignment::Entity::find()
        .filter(role_assignment::Column::OrgId.eq(org_id))
        .filter(role_assignment::Column::StaffId.eq(staff_id))
        .order_by_asc(role_assignment::Column::Role)
        .all(conn)
        .await?)
}

/// Every assignment of the organization, optionally of one role.
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    role: Option<&str>,
) -> Result<Vec<role_assignment::Model>> {
    let mut q = role_assignment::Entity::find().filter(role_assignment::Column::OrgId.eq(org_id));
    if let Some(r) = role {
        q = q.filter(role_assignment::Column::Role.eq(r));
    }
    Ok(q.order_by_asc(role_assignment::Column::Role)
        .order_by_asc(role_assignment::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<role_assignment::Model>> {
    crate::get_in_org::<role_assignment::Entity, _>(conn, org_id, id).await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: role_assignment::Model) -> Result<()> {
    role_assignment::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn delete<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<bool> {
    let r = role_assignment::Entity::delete_many()
        .filter(role_assignment::Column::Id.eq(id))
        .filter(role_assignment::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

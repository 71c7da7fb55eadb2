//! Uploaded import files awaiting their commit.

use chrono::{DateTime, Utc};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entity::pending_import;

pub async fn insert<C: ConnectionTrait>(conn: &C, m: pending_import::Model) -> Result<()> {
    pending_import::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The upload, only for the user who made it.
pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    user_id: Uuid,
    id: Uuid,
) -> Result<Option<pending_import::Model>> {
    Ok(pending_import::Entity::find_by_id(id)
        .filter(pending_import::Column::OrgId.eq(org_id))
        .filter(pending_import::Column::UserId.eq(user_id))
        .one(conn)
        .await?)
}

pub async fn delete<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<()> {
    pending_import::Entity::delete_many()
        .filter(pending_import::Column::Id.eq(id))
        .filter(pending_import::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn purge_older_than<C: ConnectionTrait>(conn: &C, before: DateTime<Utc>) -> Result<u64> {
    let r = pending_import::Entity::delete_many()
        .filter(pending_import::Column::CreatedAt.lt(before))
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

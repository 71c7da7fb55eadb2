//! A person's inbox of notices. Every query names the organization and the person:
//! nobody reads another's inbox through these.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, PaginatorTrait, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::notification;
use crate::{Page, PageRequest, Result};

pub async fn insert_many<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<notification::Model>,
) -> Result<()> {
    if rows.is_empty() {
        return Ok(());
    }
    notification::Entity::insert_many(rows.into_iter().map(IntoActiveModel::into_active_model))
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

fn mine(org_id: Uuid, user_id: Uuid) -> sea_orm::Condition {
    sea_orm::Condition::all()
        .add(notification::Column::OrgId.eq(org_id))
        .add(notification::Column::UserId.eq(user_id))
}

/// The newest first; `unread_only` leaves out what was read.
pub async fn inbox<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    user_id: Uuid,
    unread_only: bool,
    page: PageRequest,
) -> Result<Page<notification::Model>> {
    let mut cond = mine(org_id, user_id);
    if unread_only {
        cond = cond.add(notification::Column::ReadAt.is_null());
    }
    let q = notification::Entity::find().filter(cond);
    crate::page::fetch(
        conn,
        q,
        |q| {
            q.order_by_desc(notification::Column::CreatedAt)
                .order_by_desc(notification::Column::Id)
        },
        page,
    )
    .await
}

pub async fn unread_count<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<u64> {
    Ok(notification::Entity::find()
        .filter(mine(org_id, user_id).add(notification::Column::ReadAt.is_null()))
        .count(conn)
        .await?)
}

/// Marks one notice read; false when it is not this person's (or does not exist).
pub async fn mark_read<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    user_id: Uuid,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool> {
    let found = notification::Entity::find()
        .filter(mine(org_id, user_id).add(notification::Column::Id.eq(id)))
        .count(conn)
        .await?;
    if found == 0 {
        return Ok(false);
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(at))
        .filter(
            mine(org_id, user_id)
                .add(notification::Column::Id.eq(id))
                .add(notification::Column::ReadAt.is_null()),
        )
        .exec(conn)
        .await?;
    Ok(true)
}

pub async fn mark_all_read<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    user_id: Uuid,
    at: DateTime<Utc>,
) -> Result<u64> {
    let r = notification::Entity::update_many()
        .col_expr(notification::Column::ReadAt, Expr::value(at))
        .filter(mine(org_id, user_id).add(notification::Column::ReadAt.is_null()))
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

/// Notices waiting for their person's daily digest, across organizations, oldest
/// first, at most `limit`.
pub async fn digest_pending<C: ConnectionTrait>(
    conn: &C,
    limit: u64,
) -> Result<Vec<notification::Model>> {
    Ok(notification::Entity::find()
        .filter(notification::Column::DigestPending.eq(true))
        .order_by_asc(notification::Column::UserId)
        .order_by_asc(notification::Column::CreatedAt)
        .limit(limit)
        .all(conn)
        .await?)
}

pub async fn clear_digest<C: ConnectionTrait>(conn: &C, ids: &[Uuid]) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    notification::Entity::update_many()
        .col_expr(notification::Column::DigestPending, Expr::value(false))
        .filter(notification::Column::Id.is_in(ids.iter().copied()))
        .exec(conn)
        .await?;
    Ok(())
}

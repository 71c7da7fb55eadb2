//! Server-side sessions, shared by every app server on one database.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entity::session;

pub async fn insert<C: ConnectionTrait>(conn: &C, m: session::Model) -> Result<()> {
    session::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<Option<session::Model>> {
    Ok(session::Entity::find_by_id(id_hash.to_owned())
        .one(conn)
        .await?)
}

pub async fn touch<C: ConnectionTrait>(conn: &C, id_hash: &str, at: DateTime<Utc>) -> Result<()> {
    session::Entity::update_many()
        .col_expr(session::Column::LastSeenAt, Expr::value(at))
        .filter(session::Column::IdHash.eq(id_hash))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn delete<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<()> {
    session::Entity::delete_by_id(id_hash.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

/// "Sign out everywhere", and what a password change or disabling an account does.
pub async fn delete_for_user<C: ConnectionTrait>(conn: &C, user_id: Uuid) -> Result<u64> {
    let r = session::Entity::delete_many()
        .filter(session::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

/// Removes sessions idle since `idle_before` or created before `created_before`.
pub async fn purge_expired<C: ConnectionTrait>(
    conn: &C,
    idle_before: DateTime<Utc>,
    created_before: DateTime<Utc>,
) -> Result<u64> {
    let r = session::Entity::delete_many()
        .filter(
            sea_orm::Condition::any()
                .add(session::Column::LastSeenAt.lt(idle_before))
                .add(session::Column::CreatedAt.lt(created_before)),
        )
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

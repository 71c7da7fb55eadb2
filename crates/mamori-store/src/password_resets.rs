//! Administrator-issued password reset links.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entity::password_reset;

/// Stores a new link, dropping the user's earlier unused ones (only the newest works).
pub async fn replace<C: ConnectionTrait>(conn: &C, m: password_reset::Model) -> Result<()> {
    password_reset::Entity::delete_many()
        .filter(password_reset::Column::UserId.eq(m.user_id))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    password_reset::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
) -> Result<Option<password_reset::Model>> {
    Ok(password_reset::Entity::find_by_id(id_hash.to_owned())
        .one(conn)
        .await?)
}

/// Marks a link used; false when it was already used (a concurrent second use).
pub async fn mark_used<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let r = password_reset::Entity::update_many()
        .col_expr(password_reset::Column::UsedAt, Expr::value(at))
        .filter(password_reset::Column::IdHash.eq(id_hash))
        .filter(password_reset::Column::UsedAt.is_null())
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn for_user<C: ConnectionTrait>(
    conn: &C,
    user_id: Uuid,
) -> Result<Vec<password_reset::Model>> {
    Ok(password_reset::Entity::find()
        .filter(password_reset::Column::UserId.eq(user_id))
        .all(conn)
        .await?)
}

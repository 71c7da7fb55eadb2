//! API tokens for scripts. Only a SHA-256 of each token is stored.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::api_token;

pub async fn insert<C: ConnectionTrait>(conn: &C, m: api_token::Model) -> Result<()> {
    api_token::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn by_hash<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
) -> Result<Option<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?)
}

pub async fn for_user<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    user_id: Uuid,
) -> Result<Vec<api_token::Model>> {
    Ok(api_token::Entity::find()
        .filter(api_token::Column::OrgId.eq(org_id))
        .filter(api_token::Column::UserId.eq(user_id))
        .order_by_desc(api_token::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn mark_used<C: ConnectionTrait>(conn: &C, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    api_token::Entity::update_many()
        .col_expr(api_token::Column::LastUsedAt, Expr::value(at))
        .filter(api_token::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

pub async fn revoke<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool> {
    let r = api_token::Entity::update_many()
        .col_expr(api_token::Column::RevokedAt, Expr::value(at))
        .filter(api_token::Column::Id.eq(id))
        .filter(api_token::Column::OrgId.eq(org_id))
        .filter(api_token::Column::RevokedAt.is_null())
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

//! Each user's iCalendar feed of what they owe, behind a secret kept as its hash.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entity::calendar_feed;

/// A user's feed, if they have one.
pub async fn feed_of<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    user_id: Uuid,
) -> Result<Option<calendar_feed::Model>> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::OrgId.eq(org))
        .filter(calendar_feed::Column::UserId.eq(user_id))
        .one(conn)
        .await?)
}

/// The feed a secret opens.
pub async fn feed_by_hash<C: ConnectionTrait>(
    conn: &C,
    token_hash: &str,
) -> Result<Option<calendar_feed::Model>> {
    Ok(calendar_feed::Entity::find()
        .filter(calendar_feed::Column::TokenHash.eq(token_hash))
        .one(conn)
        .await?)
}

/// Replaces a user's feed (the old secret stops working).
pub async fn replace_feed<C: ConnectionTrait>(conn: &C, m: calendar_feed::Model) -> Result<()> {
    delete_feed(conn, m.org_id, m.user_id).await?;
    crate::bulk::insert_rows(conn, [m]).await
}

/// Revokes a user's feed; whether there was one.
pub async fn delete_feed<C: ConnectionTrait>(conn: &C, org: Uuid, user_id: Uuid) -> Result<bool> {
    let r = calendar_feed::Entity::delete_many()
        .filter(calendar_feed::Column::OrgId.eq(org))
        .filter(calendar_feed::Column::UserId.eq(user_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected > 0)
}

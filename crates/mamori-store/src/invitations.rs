//! One-time links for staff to make their own local account.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter};
use uuid::Uuid;

use crate::Result;
use crate::entity::invitation;

/// Stores new invitations, dropping the unused earlier ones of the same people (only
/// the newest link of each works).
pub async fn replace_many<C: ConnectionTrait>(conn: &C, ms: Vec<invitation::Model>) -> Result<()> {
    let Some(first) = ms.first() else {
        return Ok(());
    };
    let org = first.org_id;
    for chunk in ms.chunks(500) {
        let staff: Vec<Uuid> = chunk.iter().map(|m| m.staff_id).collect();
        invitation::Entity::delete_many()
            .filter(invitation::Column::OrgId.eq(org))
            .filter(invitation::Column::StaffId.is_in(staff))
            .filter(invitation::Column::UsedAt.is_null())
            .exec(conn)
            .await?;
        crate::insert_chunked::<_, _, invitation::ActiveModel>(conn, chunk.to_vec()).await?;
    }
    Ok(())
}

pub async fn get<C: ConnectionTrait>(conn: &C, id_hash: &str) -> Result<Option<invitation::Model>> {
    Ok(invitation::Entity::find_by_id(id_hash.to_owned())
        .one(conn)
        .await?)
}

/// Spends an invitation; false when it was used meanwhile, replaced or expired.
pub async fn mark_used<C: ConnectionTrait>(
    conn: &C,
    id_hash: &str,
    at: DateTime<Utc>,
) -> Result<bool> {
    let r = invitation::Entity::update_many()
        .col_expr(invitation::Column::UsedAt, Expr::value(at))
        .filter(invitation::Column::IdHash.eq(id_hash))
        .filter(invitation::Column::UsedAt.is_null())
        .filter(invitation::Column::ExpiresAt.gt(at))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

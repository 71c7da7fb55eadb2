//! The rules that take events to incidents, in their order.

use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::event_rule;

pub async fn insert_rule<C: ConnectionTrait>(conn: &C, m: event_rule::Model) -> Result<()> {
    event_rule::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_rule<C: ConnectionTrait>(conn: &C, m: event_rule::Model) -> Result<()> {
    m.into_active_model().reset_all().update(conn).await?;
    Ok(())
}

pub async fn delete_rule<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<bool> {
    let r = event_rule::Entity::delete_many()
        .filter(event_rule::Column::OrgId.eq(org_id))
        .filter(event_rule::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// The organization's rules in the order they are tried.
pub async fn rules<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<event_rule::Model>> {
    Ok(event_rule::Entity::find()
        .filter(event_rule::Column::OrgId.eq(org_id))
        .order_by_asc(event_rule::Column::Position)
        .order_by_asc(event_rule::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn get_rule<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<event_rule::Model>> {
    Ok(event_rule::Entity::find_by_id(id)
        .filter(event_rule::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// Locks the rules' rows, in id order, for the rest of the caller's write transaction:
/// two batches matching one rule then decide its drafts one after the other.
pub async fn lock_rules<C: ConnectionTrait>(conn: &C, mut ids: Vec<Uuid>) -> Result<()> {
    ids.sort_unstable();
    ids.dedup();
    if ids.is_empty() {
        return Ok(());
    }
    event_rule::Entity::find()
        .filter(event_rule::Column::Id.is_in(ids))
        .order_by_asc(event_rule::Column::Id)
        .lock_exclusive()
        .all(conn)
        .await?;
    Ok(())
}

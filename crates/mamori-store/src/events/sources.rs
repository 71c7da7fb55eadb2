//! Where events come from.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::event_source;

pub async fn insert_source<C: ConnectionTrait>(conn: &C, m: event_source::Model) -> Result<()> {
    event_source::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_source<C: ConnectionTrait>(conn: &C, m: event_source::Model) -> Result<()> {
    m.into_active_model().reset_all().update(conn).await?;
    Ok(())
}

/// The organization's sources by name.
pub async fn sources<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<event_source::Model>> {
    Ok(event_source::Entity::find()
        .filter(event_source::Column::OrgId.eq(org_id))
        .order_by_asc(event_source::Column::Name)
        .all(conn)
        .await?)
}

pub async fn get_source<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<event_source::Model>> {
    Ok(event_source::Entity::find_by_id(id)
        .filter(event_source::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// A source by id alone: a webhook names its source in the URL before anything says
/// which organization it belongs to.
pub async fn get_source_any_org<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
) -> Result<Option<event_source::Model>> {
    Ok(event_source::Entity::find_by_id(id).one(conn).await?)
}

/// The syslog sources of every organization (the listener maps senders to the enabled
/// ones; a new source's senders are checked against all of them).
pub async fn syslog_sources<C: ConnectionTrait>(
    conn: &C,
    enabled_only: bool,
) -> Result<Vec<event_source::Model>> {
    let mut q = event_source::Entity::find().filter(event_source::Column::Kind.eq("syslog"));
    if enabled_only {
        q = q.filter(event_source::Column::Enabled.eq(true));
    }
    Ok(q.order_by_asc(event_source::Column::Id).all(conn).await?)
}

/// Records when a source last sent something.
pub async fn touch_source<C: ConnectionTrait>(conn: &C, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    event_source::Entity::update_many()
        .col_expr(event_source::Column::LastEventAt, Expr::value(at))
        .filter(event_source::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

//! The append-only timeline of an incident: entries are added, never changed; a
//! correction is a new entry naming the one it corrects.

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
    QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{incident, incident_timeline};

/// Appends an entry with the next number of its incident (inside the caller's write
/// transaction); returns it as stored. The incident's row is locked first, so two
/// writers on PostgreSQL (a person and a monitoring rule) never take the same number.
pub async fn append<C: ConnectionTrait>(
    conn: &C,
    mut m: incident_timeline::Model,
) -> Result<incident_timeline::Model> {
    incident::Entity::find_by_id(m.incident_id)
        .lock_exclusive()
        .one(conn)
        .await?;
    let last: Option<Option<i64>> = incident_timeline::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(incident_timeline::Column::Seq)))
        .filter(incident_timeline::Column::IncidentId.eq(m.incident_id))
        .into_tuple()
        .one(conn)
        .await?;
    m.seq = last.flatten().unwrap_or(0) + 1;
    incident_timeline::Entity::insert(m.clone().into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(m)
}

/// The whole timeline, by the time each event happened (then the order recorded).
pub async fn timeline<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Vec<incident_timeline::Model>> {
    Ok(incident_timeline::Entity::find()
        .filter(incident_timeline::Column::OrgId.eq(org_id))
        .filter(incident_timeline::Column::IncidentId.eq(incident_id))
        .order_by_asc(incident_timeline::Column::HappenedAt)
        .order_by_asc(incident_timeline::Column::Seq)
        .all(conn)
        .await?)
}

//! Recurrence prevention: the risks and applied controls an incident created or
//! changed, read from either side.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::incident_link;

pub async fn add_link<C: ConnectionTrait>(conn: &C, m: incident_link::Model) -> Result<()> {
    incident_link::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn links_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Vec<incident_link::Model>> {
    Ok(incident_link::Entity::find()
        .filter(incident_link::Column::OrgId.eq(org_id))
        .filter(incident_link::Column::IncidentId.eq(incident_id))
        .order_by_asc(incident_link::Column::CreatedAt)
        .all(conn)
        .await?)
}

/// The links to one risk or applied control.
pub async fn links_to<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    target_type: &str,
    target_id: Uuid,
) -> Result<Vec<incident_link::Model>> {
    Ok(incident_link::Entity::find()
        .filter(incident_link::Column::OrgId.eq(org_id))
        .filter(incident_link::Column::TargetType.eq(target_type))
        .filter(incident_link::Column::TargetId.eq(target_id))
        .order_by_asc(incident_link::Column::CreatedAt)
        .all(conn)
        .await?)
}

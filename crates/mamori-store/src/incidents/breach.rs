//! The breach assessment of an incident and the reports filed with the PPC.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{breach_submission, incident_breach};

pub async fn breach<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Option<incident_breach::Model>> {
    Ok(incident_breach::Entity::find_by_id(incident_id)
        .filter(incident_breach::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// Saves the assessment, replacing an earlier one.
pub async fn put_breach<C: ConnectionTrait>(conn: &C, m: incident_breach::Model) -> Result<()> {
    incident_breach::Entity::delete_by_id(m.incident_id)
        .exec(conn)
        .await?;
    incident_breach::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn add_submission<C: ConnectionTrait>(
    conn: &C,
    m: breach_submission::Model,
) -> Result<()> {
    breach_submission::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn submissions<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Vec<breach_submission::Model>> {
    Ok(breach_submission::Entity::find()
        .filter(breach_submission::Column::OrgId.eq(org_id))
        .filter(breach_submission::Column::IncidentId.eq(incident_id))
        .order_by_asc(breach_submission::Column::SubmittedOn)
        .order_by_asc(breach_submission::Column::RecordedAt)
        .all(conn)
        .await?)
}

/// Every assessment of open reporting across organizations whose final report is
/// due and not yet filed (for reminders): (assessment, incident number, whether a
/// preliminary or final report was filed).
pub async fn due_reports<C: ConnectionTrait>(conn: &C) -> Result<Vec<incident_breach::Model>> {
    let filed: Vec<Uuid> = breach_submission::Entity::find()
        .filter(breach_submission::Column::Kind.eq("final"))
        .all(conn)
        .await?
        .into_iter()
        .map(|s| s.incident_id)
        .collect();
    Ok(incident_breach::Entity::find()
        .filter(incident_breach::Column::FinalDue.is_not_null())
        .filter(incident_breach::Column::IncidentId.is_not_in(filed))
        .all(conn)
        .await?)
}

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

/// A report still to file: the assessment, and whether its preliminary report is in.
#[derive(Debug, Clone)]
pub struct DueReport {
    pub breach: incident_breach::Model,
    pub preliminary_filed: bool,
}

/// The assessments whose final report is required and not yet filed, of one
/// organization or of all (for the reminders), with what was filed so far — two
/// queries, however many there are.
pub async fn due_reports<C: ConnectionTrait>(
    conn: &C,
    org_id: Option<Uuid>,
) -> Result<Vec<DueReport>> {
    let mut filed = breach_submission::Entity::find()
        .filter(breach_submission::Column::Kind.is_in(["preliminary", "final"]));
    let mut due =
        incident_breach::Entity::find().filter(incident_breach::Column::FinalDue.is_not_null());
    if let Some(org) = org_id {
        filed = filed.filter(breach_submission::Column::OrgId.eq(org));
        due = due.filter(incident_breach::Column::OrgId.eq(org));
    }
    let filed = filed.all(conn).await?;
    let has = |id: Uuid, kind: &str| filed.iter().any(|s| s.incident_id == id && s.kind == kind);
    Ok(due
        .all(conn)
        .await?
        .into_iter()
        .filter(|b| !has(b.incident_id, "final"))
        .map(|b| DueReport {
            preliminary_filed: has(b.incident_id, "preliminary"),
            breach: b,
        })
        .collect())
}

//! An incident's tasks: who does what by when.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::Expr;
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{incident_setting, incident_task};

pub async fn add_task<C: ConnectionTrait>(conn: &C, m: incident_task::Model) -> Result<()> {
    incident_task::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The tasks, open ones first by due date.
pub async fn tasks_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
) -> Result<Vec<incident_task::Model>> {
    let mut v = incident_task::Entity::find()
        .filter(incident_task::Column::OrgId.eq(org_id))
        .filter(incident_task::Column::IncidentId.eq(incident_id))
        .order_by_asc(incident_task::Column::CreatedAt)
        .all(conn)
        .await?;
    v.sort_by_key(|t| (t.done_at.is_some(), t.due_on.is_none(), t.due_on));
    Ok(v)
}

/// Marks a task done; false when it is not the incident's or was done already.
pub async fn complete_task<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    incident_id: Uuid,
    task_id: Uuid,
    at: DateTime<Utc>,
) -> Result<bool> {
    let r = incident_task::Entity::update_many()
        .col_expr(incident_task::Column::DoneAt, Expr::value(at))
        .filter(incident_task::Column::OrgId.eq(org_id))
        .filter(incident_task::Column::IncidentId.eq(incident_id))
        .filter(incident_task::Column::Id.eq(task_id))
        .filter(incident_task::Column::DoneAt.is_null())
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Saves the organization's incident settings.
pub async fn put_settings<C: ConnectionTrait>(conn: &C, m: incident_setting::Model) -> Result<()> {
    incident_setting::Entity::delete_by_id(m.org_id)
        .exec(conn)
        .await?;
    incident_setting::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

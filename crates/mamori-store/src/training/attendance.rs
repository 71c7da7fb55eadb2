//! Completions: who finished which session, and each person's latest completion of
//! each course, which coverage is worked out from.

use chrono::NaiveDate;
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::training_attendance as att;

/// Many completions at once (an imported sheet, a demo year).
pub async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<att::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

/// Removes one completion of a session (recorded in error).
pub async fn delete<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    session_id: Uuid,
    staff_id: Uuid,
) -> Result<bool> {
    let r = att::Entity::delete_many()
        .filter(att::Column::OrgId.eq(org_id))
        .filter(att::Column::SessionId.eq(session_id))
        .filter(att::Column::StaffId.eq(staff_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected > 0)
}

/// The completions of a session.
pub async fn of_session<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    session_id: Uuid,
) -> Result<Vec<att::Model>> {
    Ok(att::Entity::find()
        .filter(att::Column::OrgId.eq(org_id))
        .filter(att::Column::SessionId.eq(session_id))
        .all(conn)
        .await?)
}

/// A person's completions, newest first.
pub async fn of_staff<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
) -> Result<Vec<att::Model>> {
    Ok(att::Entity::find()
        .filter(att::Column::OrgId.eq(org_id))
        .filter(att::Column::StaffId.eq(staff_id))
        .order_by_desc(att::Column::CompletedOn)
        .all(conn)
        .await?)
}

/// One completion by its id.
pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<att::Model>> {
    crate::tenancy::get_in_org::<att::Entity, C>(conn, org_id, id).await
}

/// Each person's latest completion of each course (of one course, or all):
/// `(course, person, day)`.
pub async fn latest<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Option<Uuid>,
) -> Result<Vec<(Uuid, Uuid, NaiveDate)>> {
    use att::Column as Col;
    let mut q = att::Entity::find()
        .select_only()
        .column(Col::CourseId)
        .column(Col::StaffId)
        .expr(Func::max(Expr::col(Col::CompletedOn)))
        .filter(Col::OrgId.eq(org_id));
    if let Some(c) = course_id {
        q = q.filter(Col::CourseId.eq(c));
    }
    Ok(q.group_by(Col::CourseId)
        .group_by(Col::StaffId)
        .into_tuple()
        .all(conn)
        .await?)
}

/// Completions recorded per session: `(session, count)`.
pub async fn counts_by_session<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(Uuid, i64)>> {
    use att::Column as Col;
    Ok(att::Entity::find()
        .select_only()
        .column(Col::SessionId)
        .expr(Func::count(Expr::col(Col::Id)))
        .filter(Col::OrgId.eq(org_id))
        .group_by(Col::SessionId)
        .into_tuple()
        .all(conn)
        .await?)
}

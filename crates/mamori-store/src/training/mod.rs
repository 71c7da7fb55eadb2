//! Training and drills: courses and their sessions here; completions, quizzes and
//! targeted-mail drills in their own files.

pub mod attendance;
pub mod phishing;
pub mod quiz;

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::{training_course, training_session};
use crate::tenancy::{get_in_org, update_in_org};

/// One more than the highest `number` of the organization's rows of `E`.
pub(crate) async fn next_number<E, C>(
    conn: &C,
    org_id: Uuid,
    number: E::Column,
    org: E::Column,
) -> Result<i32>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    let max: Option<Option<i32>> = E::find()
        .select_only()
        .expr(Func::max(Expr::col(number)))
        .filter(org.eq(org_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

pub async fn next_course_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use training_course::Column as Col;
    next_number::<training_course::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert_course<C: ConnectionTrait>(conn: &C, m: training_course::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_course<C: ConnectionTrait>(
    conn: &C,
    m: training_course::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// The organization's courses by number, retired ones too.
pub async fn courses<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<training_course::Model>> {
    Ok(training_course::Entity::find()
        .filter(training_course::Column::OrgId.eq(org_id))
        .order_by_asc(training_course::Column::Number)
        .all(conn)
        .await?)
}

pub async fn get_course<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<training_course::Model>> {
    get_in_org::<training_course::Entity, C>(conn, org_id, id).await
}

pub async fn next_session_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use training_session::Column as Col;
    next_number::<training_session::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert_session<C: ConnectionTrait>(
    conn: &C,
    m: training_session::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_session<C: ConnectionTrait>(
    conn: &C,
    m: training_session::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Sessions (of one course, or all), newest first.
pub async fn sessions<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Option<Uuid>,
) -> Result<Vec<training_session::Model>> {
    use training_session::Column as Col;
    let mut q = training_session::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(c) = course_id {
        q = q.filter(Col::CourseId.eq(c));
    }
    Ok(q.order_by_desc(Col::HeldOn)
        .order_by_desc(Col::Number)
        .all(conn)
        .await?)
}

pub async fn get_session<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<training_session::Model>> {
    get_in_org::<training_session::Entity, C>(conn, org_id, id).await
}

/// Sessions by their numbers (an attendance sheet names them so).
pub async fn sessions_by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    numbers: &[i32],
) -> Result<Vec<training_session::Model>> {
    use training_session::Column as Col;
    let numbers = numbers.to_vec();
    crate::in_chunks(&numbers, |chunk| async move {
        training_session::Entity::find()
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::Number.is_in(chunk))
            .all(conn)
            .await
    })
    .await
}

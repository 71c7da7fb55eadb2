//! A course's question bank, the attempts made at it, and each question's results.

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::{quiz_attempt, quiz_mark, quiz_question};
use crate::tenancy::{get_in_org, update_in_org};

/// A course's questions by number, retired ones too.
pub async fn questions<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Uuid,
) -> Result<Vec<quiz_question::Model>> {
    Ok(quiz_question::Entity::find()
        .filter(quiz_question::Column::OrgId.eq(org_id))
        .filter(quiz_question::Column::CourseId.eq(course_id))
        .order_by_asc(quiz_question::Column::Number)
        .all(conn)
        .await?)
}

pub async fn next_question_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Uuid,
) -> Result<i32> {
    let max: Option<Option<i32>> = quiz_question::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(quiz_question::Column::Number)))
        .filter(quiz_question::Column::OrgId.eq(org_id))
        .filter(quiz_question::Column::CourseId.eq(course_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

pub async fn insert_question<C: ConnectionTrait>(conn: &C, m: quiz_question::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_question<C: ConnectionTrait>(
    conn: &C,
    m: quiz_question::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn insert_attempt<C: ConnectionTrait>(conn: &C, m: quiz_attempt::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// Many attempts at once (the demo's and the benchmark's quiz results).
pub async fn insert_attempts<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<quiz_attempt::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update_attempt<C: ConnectionTrait>(conn: &C, m: quiz_attempt::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get_attempt<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<quiz_attempt::Model>> {
    get_in_org::<quiz_attempt::Entity, C>(conn, org_id, id).await
}

/// A person's attempts at a course's quiz, oldest first.
pub async fn attempts_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Uuid,
    staff_id: Uuid,
) -> Result<Vec<quiz_attempt::Model>> {
    use quiz_attempt::Column as Col;
    Ok(quiz_attempt::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::CourseId.eq(course_id))
        .filter(Col::StaffId.eq(staff_id))
        .order_by_asc(Col::StartedAt)
        .all(conn)
        .await?)
}

/// Submitted attempts at a course's quiz and how many passed: `(submitted, passed)`.
pub async fn attempt_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Uuid,
) -> Result<(u64, u64)> {
    use quiz_attempt::Column as Col;
    let rows: Vec<bool> = quiz_attempt::Entity::find()
        .select_only()
        .column(Col::Passed)
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::CourseId.eq(course_id))
        .filter(Col::SubmittedAt.is_not_null())
        .into_tuple()
        .all(conn)
        .await?;
    let passed = rows.iter().filter(|p| **p).count() as u64;
    Ok((rows.len() as u64, passed))
}

pub async fn insert_marks<C: ConnectionTrait>(conn: &C, rows: Vec<quiz_mark::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

/// The marks of one attempt.
pub async fn marks_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    attempt_id: Uuid,
) -> Result<Vec<quiz_mark::Model>> {
    Ok(quiz_mark::Entity::find()
        .filter(quiz_mark::Column::OrgId.eq(org_id))
        .filter(quiz_mark::Column::AttemptId.eq(attempt_id))
        .all(conn)
        .await?)
}

/// Each question's results over every submitted attempt: `(question, answered, right)`.
pub async fn question_results<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    course_id: Uuid,
) -> Result<Vec<(Uuid, i64, i64)>> {
    use quiz_mark::Column as Col;
    let rows: Vec<(Uuid, bool)> = quiz_mark::Entity::find()
        .select_only()
        .column(Col::QuestionId)
        .column(Col::Right)
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::CourseId.eq(course_id))
        .into_tuple()
        .all(conn)
        .await?;
    let mut by: std::collections::HashMap<Uuid, (i64, i64)> = Default::default();
    for (q, right) in rows {
        let e = by.entry(q).or_default();
        e.0 += 1;
        e.1 += i64::from(right);
    }
    Ok(by.into_iter().map(|(q, (n, r))| (q, n, r)).collect())
}

/// Questions still asked, per course: `(course, count)`.
pub async fn question_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(Uuid, i64)>> {
    use quiz_question::Column as Col;
    Ok(quiz_question::Entity::find()
        .select_only()
        .column(Col::CourseId)
        .expr(Func::count(Expr::col(Col::Id)))
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Retired.eq(false))
        .group_by(Col::CourseId)
        .into_tuple()
        .all(conn)
        .await?)
}

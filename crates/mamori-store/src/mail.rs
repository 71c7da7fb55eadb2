//! The mail outbox: mail written with the change that causes it, sent later by the
//! scheduler's mail job, retried, and kept after sending as the record of what went.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::mail_outbox;
use crate::{Page, PageRequest, Result};

pub const PENDING: &str = "pending";
pub const SENT: &str = "sent";
pub const FAILED: &str = "failed";

pub async fn enqueue<C: ConnectionTrait>(conn: &C, rows: Vec<mail_outbox::Model>) -> Result<()> {
    crate::insert_chunked::<_, _, mail_outbox::ActiveModel>(conn, rows).await
}

/// Pending mail whose time has come, across organizations, the longest waiting first.
pub async fn due<C: ConnectionTrait>(
    conn: &C,
    now: DateTime<Utc>,
    limit: u64,
) -> Result<Vec<mail_outbox::Model>> {
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::State.eq(PENDING))
        .filter(mail_outbox::Column::NextAttemptAt.lte(now))
        .order_by_asc(mail_outbox::Column::NextAttemptAt)
        .order_by_asc(mail_outbox::Column::Id)
        .limit(limit)
        .all(conn)
        .await?)
}

pub async fn mark_sent<C: ConnectionTrait>(conn: &C, id: Uuid, at: DateTime<Utc>) -> Result<()> {
    mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::State, Expr::value(SENT))
        .col_expr(mail_outbox::Column::SentAt, Expr::value(at))
        .col_expr(
            mail_outbox::Column::Attempts,
            Expr::col(mail_outbox::Column::Attempts).add(1),
        )
        .col_expr(
            mail_outbox::Column::LastError,
            Expr::value(Option::<String>::None),
        )
        .filter(mail_outbox::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Records a failed try: `next` is when to try again, `None` when the tries are used
/// up (the mail is then `failed`).
pub async fn mark_failed_try<C: ConnectionTrait>(
    conn: &C,
    id: Uuid,
    attempts: i32,
    next: Option<DateTime<Utc>>,
    error: &str,
) -> Result<()> {
    let mut q = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::Attempts, Expr::value(attempts))
        .col_expr(
            mail_outbox::Column::LastError,
            Expr::value(error.to_owned()),
        );
    q = match next {
        Some(at) => q.col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(at)),
        None => q.col_expr(mail_outbox::Column::State, Expr::value(FAILED)),
    };
    q.filter(mail_outbox::Column::Id.eq(id)).exec(conn).await?;
    Ok(())
}

/// An organization's mail in one state, the newest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    state: &str,
    page: PageRequest,
) -> Result<Page<mail_outbox::Model>> {
    let q = mail_outbox::Entity::find()
        .filter(mail_outbox::Column::OrgId.eq(org_id))
        .filter(mail_outbox::Column::State.eq(state));
    crate::page::fetch(
        conn,
        q,
        |q| {
            q.order_by_desc(mail_outbox::Column::CreatedAt)
                .order_by_desc(mail_outbox::Column::Id)
        },
        page,
    )
    .await
}

/// How many of an organization's mails are in `state`.
pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid, state: &str) -> Result<u64> {
    Ok(mail_outbox::Entity::find()
        .filter(mail_outbox::Column::OrgId.eq(org_id))
        .filter(mail_outbox::Column::State.eq(state))
        .count(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<mail_outbox::Model>> {
    crate::get_in_org::<mail_outbox::Entity, _>(conn, org_id, id).await
}

/// Puts failed mail of the organization back in the queue with fresh tries: one
/// (`Some(id)`) or all of them. Returns how many.
pub async fn resend<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Option<Uuid>,
    now: DateTime<Utc>,
) -> Result<u64> {
    let mut q = mail_outbox::Entity::update_many()
        .col_expr(mail_outbox::Column::State, Expr::value(PENDING))
        .col_expr(mail_outbox::Column::Attempts, Expr::value(0))
        .col_expr(mail_outbox::Column::NextAttemptAt, Expr::value(now))
        .filter(mail_outbox::Column::OrgId.eq(org_id))
        .filter(mail_outbox::Column::State.eq(FAILED));
    if let Some(id) = id {
        q = q.filter(mail_outbox::Column::Id.eq(id));
    }
    Ok(q.exec(conn).await?.rows_affected)
}

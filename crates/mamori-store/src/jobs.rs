//! Recurring jobs, installation-wide. A server runs a job only after taking its lease
//! with one conditional update: of several servers on one database the update matches
//! for one, and a lease whose holder crashed runs out and matches again.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, OnConflict};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};

use crate::Result;
use crate::entity::job;

/// Adds the job if this database has not seen it, first due at `first_run`.
pub async fn ensure<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    first_run: DateTime<Utc>,
) -> Result<()> {
    let row = job::Model {
        name: name.to_owned(),
        next_run_at: first_run,
        holder: None,
        lease_until: None,
        last_started_at: None,
        last_finished_at: None,
        last_ok: None,
        last_message: None,
        last_duration_ms: None,
        runs: 0,
    };
    job::Entity::insert(row.into_active_model())
        .on_conflict(
            OnConflict::column(job::Column::Name)
                .do_nothing()
                .to_owned(),
        )
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn get<C: ConnectionTrait>(conn: &C, name: &str) -> Result<Option<job::Model>> {
    Ok(job::Entity::find_by_id(name.to_owned()).one(conn).await?)
}

/// Takes the job for `holder` until `lease_until` if it is due and nobody holds it.
pub async fn try_acquire<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    holder: &str,
    now: DateTime<Utc>,
    lease_until: DateTime<Utc>,
) -> Result<bool> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::Holder, Expr::value(holder.to_owned()))
        .col_expr(job::Column::LeaseUntil, Expr::value(lease_until))
        .col_expr(job::Column::LastStartedAt, Expr::value(now))
        .filter(job::Column::Name.eq(name))
        .filter(job::Column::NextRunAt.lte(now))
        .filter(
            sea_orm::Condition::any()
                .add(job::Column::LeaseUntil.is_null())
                .add(job::Column::LeaseUntil.lt(now)),
        )
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Extends `holder`'s lease while its run goes on. False when the lease is no longer
/// theirs (it ran out and another server took the job).
pub async fn renew<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    holder: &str,
    lease_until: DateTime<Utc>,
) -> Result<bool> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::LeaseUntil, Expr::value(lease_until))
        .filter(job::Column::Name.eq(name))
        .filter(job::Column::Holder.eq(holder))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Lets go of every lease `holder` has (a server shutting down mid-run), so another
/// server need not wait for them to run out. The interrupted runs stay due.
pub async fn release_all<C: ConnectionTrait>(conn: &C, holder: &str) -> Result<u64> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::Holder, Expr::value(Option::<String>::None))
        .col_expr(
            job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .filter(job::Column::Holder.eq(holder))
        .exec(conn)
        .await?;
    Ok(r.rows_affected)
}

/// How a run ended.
pub struct Outcome<'a> {
    pub finished: DateTime<Utc>,
    pub ok: bool,
    pub message: &'a str,
    pub duration_ms: i64,
    pub next_run: DateTime<Utc>,
}

/// Records the end of `holder`'s run and releases the lease. False when the lease had
/// passed to another server meanwhile (the run took longer than its lease).
pub async fn finish<C: ConnectionTrait>(
    conn: &C,
    name: &str,
    holder: &str,
    o: Outcome<'_>,
) -> Result<bool> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::Holder, Expr::value(Option::<String>::None))
        .col_expr(
            job::Column::LeaseUntil,
            Expr::value(Option::<DateTime<Utc>>::None),
        )
        .col_expr(job::Column::LastFinishedAt, Expr::value(o.finished))
        .col_expr(job::Column::LastOk, Expr::value(o.ok))
        .col_expr(job::Column::LastMessage, Expr::value(o.message.to_owned()))
        .col_expr(job::Column::LastDurationMs, Expr::value(o.duration_ms))
        .col_expr(job::Column::NextRunAt, Expr::value(o.next_run))
        .col_expr(job::Column::Runs, Expr::col(job::Column::Runs).add(1))
        .filter(job::Column::Name.eq(name))
        .filter(job::Column::Holder.eq(holder))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

pub async fn list<C: ConnectionTrait>(conn: &C) -> Result<Vec<job::Model>> {
    Ok(job::Entity::find()
        .order_by_asc(job::Column::Name)
        .all(conn)
        .await?)
}

/// Makes a job due now (an administrator's "run now"); false for an unknown name.
pub async fn due_now<C: ConnectionTrait>(conn: &C, name: &str, now: DateTime<Utc>) -> Result<bool> {
    let r = job::Entity::update_many()
        .col_expr(job::Column::NextRunAt, Expr::value(now))
        .filter(job::Column::Name.eq(name))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

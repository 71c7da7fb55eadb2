//! Reading and writing one organization's rows by id, the same way for every table.
//!
//! Every table of an organization's records names its key `id` and its organization
//! `org_id` (the migrations keep to it), so these work on any entity. A row of another
//! organization is never read or written: to the caller it does not exist.

use std::str::FromStr;

use sea_orm::sea_query::{Alias, Expr, ExprTrait};
use sea_orm::{ConnectionTrait, EntityTrait, ModelTrait, QueryFilter, Value};
use uuid::Uuid;

use crate::{Result, in_chunks};

fn id() -> Expr {
    Expr::col(Alias::new("id"))
}

fn org() -> Expr {
    Expr::col(Alias::new("org_id"))
}

/// The row of `org_id` with this id.
pub(crate) async fn get_in_org<E, C>(conn: &C, org_id: Uuid, id_: Uuid) -> Result<Option<E::Model>>
where
    E: EntityTrait,
    C: ConnectionTrait,
{
    Ok(E::find()
        .filter(id().eq(id_))
        .filter(org().eq(org_id))
        .one(conn)
        .await?)
}

/// The rows of `org_id` among these ids, in no particular order.
///
/// Looked up by primary key alone, with the organization checked on the rows: given
/// `org_id = ?` as well, a planner without statistics (a young SQLite database) may
/// walk every row of the organization through an `org_id` index instead of the few ids
/// asked for.
pub(crate) async fn by_ids_in_org<E, C>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<E::Model>>
where
    E: EntityTrait,
    E::Model: ModelTrait<Entity = E>,
    C: ConnectionTrait,
{
    let Ok(org_col) = E::Column::from_str("org_id") else {
        return Err(crate::StoreError::Corrupt(format!(
            "{} has no org_id column",
            E::default().table_name()
        )));
    };
    let mut rows = in_chunks(ids, |chunk| async move {
        E::find().filter(id().is_in(chunk)).all(conn).await
    })
    .await?;
    let org_value = Value::from(org_id);
    rows.retain(|m| m.get(org_col) == org_value);
    Ok(rows)
}

/// Overwrites every column of a row, within its organization: `false` when no row of
/// that organization has the id.
pub(crate) async fn update_in_org<C, M, A>(conn: &C, m: M, id_: Uuid, org_id: Uuid) -> Result<bool>
where
    C: ConnectionTrait,
    A: sea_orm::ActiveModelTrait + Send,
    M: sea_orm::IntoActiveModel<A>,
{
    let r = <A::Entity as EntityTrait>::update_many()
        .set(m.into_active_model().reset_all())
        .filter(id().eq(id_))
        .filter(org().eq(org_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

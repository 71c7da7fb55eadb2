//! Policy documents: the documents themselves here, their versions, sections and
//! attached originals in [`versions`].

mod acks;
mod versions;

use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter,
    QueryOrder, QuerySelect,
};
use uuid::Uuid;

pub use acks::*;
pub use versions::*;

use crate::Result;
use crate::entity::policy_document;

pub async fn insert_document<C: ConnectionTrait>(
    conn: &C,
    m: policy_document::Model,
) -> Result<()> {
    policy_document::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_document<C: ConnectionTrait>(
    conn: &C,
    m: policy_document::Model,
) -> Result<()> {
    m.into_active_model().reset_all().update(conn).await?;
    Ok(())
}

/// The organization's documents by number.
pub async fn documents<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<policy_document::Model>> {
    Ok(policy_document::Entity::find()
        .filter(policy_document::Column::OrgId.eq(org_id))
        .order_by_asc(policy_document::Column::Number)
        .all(conn)
        .await?)
}

pub async fn get_document<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<policy_document::Model>> {
    Ok(policy_document::Entity::find_by_id(id)
        .filter(policy_document::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// A document by its number (`POL-003` is 3).
pub async fn document_by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: i32,
) -> Result<Option<policy_document::Model>> {
    Ok(policy_document::Entity::find()
        .filter(policy_document::Column::OrgId.eq(org_id))
        .filter(policy_document::Column::Number.eq(number))
        .one(conn)
        .await?)
}

/// The number the next document gets. Called inside the write transaction, which
/// holds the writer (SQLite) or is refused by the unique index on a race (PostgreSQL).
pub async fn next_document_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    let max: Option<Option<i32>> = policy_document::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(policy_document::Column::Number)))
        .filter(policy_document::Column::OrgId.eq(org_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(max.flatten().unwrap_or(0) + 1)
}

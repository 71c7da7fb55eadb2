//! Connection settings kept from the settings screens: one row per kind for the whole
//! installation (see migration 12). A save raises the installation-wide `revision`, so
//! each server compares one number to learn whether to rebuild its connections; a
//! cleared setting stays as a row whose fields are `null`, so clearing raises it too.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{ActiveValue::Set, ConnectionTrait, EntityTrait, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::connection_setting;

/// The highest revision saved (0 when nothing ever was).
pub async fn revision<C: ConnectionTrait>(conn: &C) -> Result<i64> {
    let max: Option<Option<i64>> = connection_setting::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(connection_setting::Column::Revision)))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(max.flatten().unwrap_or(0))
}

pub async fn all<C: ConnectionTrait>(conn: &C) -> Result<Vec<connection_setting::Model>> {
    Ok(connection_setting::Entity::find().all(conn).await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    kind: &str,
) -> Result<Option<connection_setting::Model>> {
    Ok(connection_setting::Entity::find_by_id(kind.to_owned())
        .one(conn)
        .await?)
}

/// What a save writes.
pub struct Put<'a> {
    pub kind: &'a str,
    pub org_id: Uuid,
    /// JSON of the plain settings; `null` for a cleared setting.
    pub fields: String,
    pub secret: Option<String>,
    pub at: DateTime<Utc>,
    pub by: &'a str,
}

/// Saves a setting with the next revision, inside the caller's write transaction.
pub async fn put<C: ConnectionTrait>(conn: &C, p: Put<'_>) -> Result<connection_setting::Model> {
    let m = connection_setting::Model {
        kind: p.kind.to_owned(),
        org_id: p.org_id,
        fields: p.fields,
        secret: p.secret,
        revision: revision(conn).await? + 1,
        updated_at: p.at,
        updated_by: p.by.to_owned(),
    };
    let exists = get(conn, p.kind).await?.is_some();
    let am = connection_setting::ActiveModel {
        kind: Set(m.kind.clone()),
        org_id: Set(m.org_id),
        fields: Set(m.fields.clone()),
        secret: Set(m.secret.clone()),
        revision: Set(m.revision),
        updated_at: Set(m.updated_at),
        updated_by: Set(m.updated_by.clone()),
    };
    if exists {
        connection_setting::Entity::update(am).exec(conn).await?;
    } else {
        connection_setting::Entity::insert(am)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(m)
}

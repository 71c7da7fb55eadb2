//! Failed sign-in counters, per account and per source address.

use chrono::{DateTime, Utc};
use sea_orm::{ConnectionTrait, EntityTrait, IntoActiveModel};

use crate::Result;
use crate::entity::login_throttle;

pub async fn get<C: ConnectionTrait>(conn: &C, key: &str) -> Result<Option<login_throttle::Model>> {
    Ok(login_throttle::Entity::find_by_id(key.to_owned())
        .one(conn)
        .await?)
}

/// Writes the counter as decided by the caller (insert or replace).
pub async fn put<C: ConnectionTrait>(
    conn: &C,
    key: &str,
    failures: i32,
    last_failure_at: DateTime<Utc>,
    locked_until: Option<DateTime<Utc>>,
) -> Result<()> {
    let m = login_throttle::Model {
        key: key.to_owned(),
        failures,
        last_failure_at,
        locked_until,
    };
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(conn)
        .await?;
    login_throttle::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn clear<C: ConnectionTrait>(conn: &C, key: &str) -> Result<()> {
    login_throttle::Entity::delete_by_id(key.to_owned())
        .exec(conn)
        .await?;
    Ok(())
}

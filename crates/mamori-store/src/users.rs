//! Sign-in accounts. Every account belongs to a staff member; logins are unique across
//! the installation so the sign-in form needs no organization field.

use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, IntoActiveModel, QueryFilter, QueryOrder,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::user;

pub async fn by_login<C: ConnectionTrait>(conn: &C, login: &str) -> Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::Login.eq(login))
        .one(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<user::Model>> {
    crate::get_in_org::<user::Entity, _>(conn, org_id, id).await
}

pub async fn by_staff<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
) -> Result<Option<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::OrgId.eq(org_id))
        .filter(user::Column::StaffId.eq(staff_id))
        .one(conn)
        .await?)
}

/// The accounts of these staff members (those that have one).
pub async fn by_staff_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_ids: &[Uuid],
) -> Result<Vec<user::Model>> {
    let mut out = Vec::new();
    for chunk in staff_ids.chunks(500) {
        out.extend(
            user::Entity::find()
                .filter(user::Column::OrgId.eq(org_id))
                .filter(user::Column::StaffId.is_in(chunk.iter().copied()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

pub async fn all<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<user::Model>> {
    Ok(user::Entity::find()
        .filter(user::Column::OrgId.eq(org_id))
        .order_by_asc(user::Column::Login)
        .all(conn)
        .await?)
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: user::Model) -> Result<()> {
    user::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: user::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

pub async fn count_all<C: ConnectionTrait>(conn: &C) -> Result<u64> {
    use sea_orm::PaginatorTrait;
    Ok(user::Entity::find().count(conn).await?)
}

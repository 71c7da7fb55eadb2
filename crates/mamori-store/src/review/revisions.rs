//! Revisions of the policy opened by evaluation, found from the document or from
//! what led to them.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::policy_revision;

pub async fn insert<C: ConnectionTrait>(conn: &C, m: policy_revision::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// A document's revisions, the latest first.
pub async fn of_document<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    document: Uuid,
) -> Result<Vec<policy_revision::Model>> {
    use policy_revision::Column as Col;
    Ok(policy_revision::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::DocumentId.eq(document))
        .order_by_desc(Col::OpenedAt)
        .all(conn)
        .await?)
}

/// The revisions a record (finding, incident, amendment) led to, the latest first.
pub async fn of_source<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    source: Uuid,
) -> Result<Vec<policy_revision::Model>> {
    use policy_revision::Column as Col;
    Ok(policy_revision::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::SourceId.eq(source))
        .order_by_desc(Col::OpenedAt)
        .all(conn)
        .await?)
}

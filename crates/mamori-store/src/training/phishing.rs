//! Targeted-mail drills and what each recipient did.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{phishing_drill, phishing_result};
use crate::tenancy::get_in_org;

pub async fn next_drill_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use phishing_drill::Column as Col;
    super::next_number::<phishing_drill::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert_drill<C: ConnectionTrait>(conn: &C, m: phishing_drill::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// The organization's drills, oldest first (the order a trend reads in).
pub async fn drills<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<phishing_drill::Model>> {
    Ok(phishing_drill::Entity::find()
        .filter(phishing_drill::Column::OrgId.eq(org_id))
        .order_by_asc(phishing_drill::Column::SentOn)
        .order_by_asc(phishing_drill::Column::Number)
        .all(conn)
        .await?)
}

pub async fn get_drill<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<phishing_drill::Model>> {
    get_in_org::<phishing_drill::Entity, C>(conn, org_id, id).await
}

/// The results of a drill (or of every drill).
pub async fn results<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    drill_id: Option<Uuid>,
) -> Result<Vec<phishing_result::Model>> {
    let mut q = phishing_result::Entity::find().filter(phishing_result::Column::OrgId.eq(org_id));
    if let Some(d) = drill_id {
        q = q.filter(phishing_result::Column::DrillId.eq(d));
    }
    Ok(q.all(conn).await?)
}

/// Replaces a drill's results with those of a newer report from the vendor.
pub async fn replace_results<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    drill_id: Uuid,
    rows: Vec<phishing_result::Model>,
) -> Result<()> {
    phishing_result::Entity::delete_many()
        .filter(phishing_result::Column::OrgId.eq(org_id))
        .filter(phishing_result::Column::DrillId.eq(drill_id))
        .exec(conn)
        .await?;
    crate::bulk::insert_rows(conn, rows).await
}

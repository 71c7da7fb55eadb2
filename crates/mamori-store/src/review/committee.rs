//! The security committee: meetings, their agenda items and the decisions taken.
//! A committee meets a handful of times a year, so whole lists are read at once.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{committee_agenda_item, committee_decision, committee_meeting};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn insert_meeting<C: ConnectionTrait>(
    conn: &C,
    m: committee_meeting::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_meeting<C: ConnectionTrait>(
    conn: &C,
    m: committee_meeting::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get_meeting<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<committee_meeting::Model>> {
    get_in_org::<committee_meeting::Entity, C>(conn, org_id, id).await
}

/// Every meeting, the latest first.
pub async fn meetings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<committee_meeting::Model>> {
    use committee_meeting::Column as Col;
    Ok(committee_meeting::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_desc(Col::HeldOn)
        .order_by_desc(Col::Seq)
        .all(conn)
        .await?)
}

/// The agenda items of these meetings, each meeting's in order.
pub async fn agenda<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    meeting_ids: &[Uuid],
) -> Result<Vec<committee_agenda_item::Model>> {
    use committee_agenda_item::Column as Col;
    let mut rows = crate::in_chunks(meeting_ids, |chunk| {
        committee_agenda_item::Entity::find()
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::MeetingId.is_in(chunk))
            .all(conn)
    })
    .await?;
    rows.sort_by_key(|a| (a.meeting_id, a.seq));
    Ok(rows)
}

pub async fn get_agenda_item<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<committee_agenda_item::Model>> {
    get_in_org::<committee_agenda_item::Entity, C>(conn, org_id, id).await
}

pub async fn insert_agenda_item<C: ConnectionTrait>(
    conn: &C,
    m: committee_agenda_item::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn delete_agenda_item<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<()> {
    use committee_agenda_item::Column as Col;
    committee_agenda_item::Entity::delete_many()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// Every decision, the latest year first and each year in order.
pub async fn decisions<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<committee_decision::Model>> {
    use committee_decision::Column as Col;
    Ok(committee_decision::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_desc(Col::FiscalYear)
        .order_by_desc(Col::Seq)
        .all(conn)
        .await?)
}

/// The decisions taken at one meeting.
pub async fn decisions_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    meeting: Uuid,
) -> Result<Vec<committee_decision::Model>> {
    use committee_decision::Column as Col;
    Ok(committee_decision::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::MeetingId.eq(meeting))
        .order_by_asc(Col::Seq)
        .all(conn)
        .await?)
}

pub async fn insert_decision<C: ConnectionTrait>(
    conn: &C,
    m: committee_decision::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

//! Acknowledgement campaigns, the acknowledgements given, the scans of paper forms,
//! and the staff register as coverage reads it.

use chrono::NaiveDate;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{ack_campaign, ack_scan, acknowledgement, staff};

pub async fn insert_campaign<C: ConnectionTrait>(conn: &C, m: ack_campaign::Model) -> Result<()> {
    ack_campaign::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn update_campaign<C: ConnectionTrait>(conn: &C, m: ack_campaign::Model) -> Result<()> {
    m.into_active_model().reset_all().update(conn).await?;
    Ok(())
}

/// The organization's campaigns (of one document, or all), newest first.
pub async fn campaigns<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    document_id: Option<Uuid>,
) -> Result<Vec<ack_campaign::Model>> {
    let mut q = ack_campaign::Entity::find().filter(ack_campaign::Column::OrgId.eq(org_id));
    if let Some(d) = document_id {
        q = q.filter(ack_campaign::Column::DocumentId.eq(d));
    }
    Ok(q.order_by_desc(ack_campaign::Column::CreatedAt)
        .all(conn)
        .await?)
}

/// Every open campaign of every organization (the reminder job's work).
pub async fn open_campaigns_everywhere<C: ConnectionTrait>(
    conn: &C,
) -> Result<Vec<ack_campaign::Model>> {
    Ok(ack_campaign::Entity::find()
        .filter(ack_campaign::Column::ClosedAt.is_null())
        .order_by_asc(ack_campaign::Column::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn get_campaign<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<ack_campaign::Model>> {
    Ok(ack_campaign::Entity::find_by_id(id)
        .filter(ack_campaign::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// The acknowledgements given in a campaign.
pub async fn acks_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    campaign_id: Uuid,
) -> Result<Vec<acknowledgement::Model>> {
    Ok(acknowledgement::Entity::find()
        .filter(acknowledgement::Column::OrgId.eq(org_id))
        .filter(acknowledgement::Column::CampaignId.eq(campaign_id))
        .all(conn)
        .await?)
}

/// A person's acknowledgements, in any campaign.
pub async fn acks_by<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
) -> Result<Vec<acknowledgement::Model>> {
    Ok(acknowledgement::Entity::find()
        .filter(acknowledgement::Column::OrgId.eq(org_id))
        .filter(acknowledgement::Column::StaffId.eq(staff_id))
        .all(conn)
        .await?)
}

pub async fn insert_ack<C: ConnectionTrait>(conn: &C, m: acknowledgement::Model) -> Result<()> {
    acknowledgement::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// Many acknowledgements at once (the demo's campaign).
pub async fn insert_acks<C: ConnectionTrait>(
    conn: &C,
    ms: Vec<acknowledgement::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

pub async fn insert_scan<C: ConnectionTrait>(conn: &C, m: ack_scan::Model) -> Result<()> {
    ack_scan::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The scan of a paper acknowledgement.
pub async fn scan_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ack_id: Uuid,
) -> Result<Option<ack_scan::Model>> {
    Ok(ack_scan::Entity::find()
        .filter(ack_scan::Column::OrgId.eq(org_id))
        .filter(ack_scan::Column::AckId.eq(ack_id))
        .one(conn)
        .await?)
}

/// A person as coverage reads the register.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct Person {
    pub id: Uuid,
    pub employee_number: String,
    pub name: String,
    pub department_id: Option<Uuid>,
    pub category: String,
    pub start_date: Option<NaiveDate>,
    pub end_date: Option<NaiveDate>,
}

/// Everyone on the register who has not left (`retired` unset), by employee number.
pub async fn people<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<Person>> {
    use staff::Column as Col;
    Ok(staff::Entity::find()
        .select_only()
        .columns([
            Col::Id,
            Col::EmployeeNumber,
            Col::Name,
            Col::DepartmentId,
            Col::Category,
            Col::StartDate,
            Col::EndDate,
        ])
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Retired.eq(false))
        .order_by_asc(Col::EmployeeNumber)
        .into_model::<Person>()
        .all(conn)
        .await?)
}

//! External services (外部サービス), read whole: a city uses tens of them, a
//! prefecture's shared instance a few hundred. With them, the assets placed on each and
//! the staff who administer each; and the contractors' people of the staff register.

use sea_orm::{ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{contractor_staff, service, service_admin, service_asset};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use service::Column as Col;
    crate::training::next_number::<service::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<service::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: service::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<service::Model>> {
    get_in_org::<service::Entity, C>(conn, org_id, id).await
}

/// Every service of the organization, by number.
pub async fn all<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<service::Model>> {
    use service::Column as Col;
    Ok(service::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// Which assets are placed on which services: of one service, or (`None`) of all.
pub async fn assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    service_id: Option<Uuid>,
) -> Result<Vec<service_asset::Model>> {
    use service_asset::Column as Col;
    let mut q = service_asset::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(s) = service_id {
        q = q.filter(Col::ServiceId.eq(s));
    }
    Ok(q.all(conn).await?)
}

/// The services an asset is placed on (ids).
pub async fn services_of_asset<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    asset_id: Uuid,
) -> Result<Vec<Uuid>> {
    use service_asset::Column as Col;
    Ok(service_asset::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::AssetId.eq(asset_id))
        .all(conn)
        .await?
        .into_iter()
        .map(|l| l.service_id)
        .collect())
}

/// Saves the assets placed on a service, whole.
pub async fn set_assets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    service_id: Uuid,
    assets: &[Uuid],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    use service_asset::Column as Col;
    let rows = assets
        .iter()
        .map(|&asset_id| service_asset::Model {
            id: ids(),
            org_id,
            service_id,
            asset_id,
        })
        .collect();
    let scope = Condition::all()
        .add(Col::OrgId.eq(org_id))
        .add(Col::ServiceId.eq(service_id));
    crate::bulk::replace_rows(conn, scope, rows).await
}

/// Who administers which service: of one service, or (`None`) of all.
pub async fn admins<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    service_id: Option<Uuid>,
) -> Result<Vec<service_admin::Model>> {
    use service_admin::Column as Col;
    let mut q = service_admin::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(s) = service_id {
        q = q.filter(Col::ServiceId.eq(s));
    }
    Ok(q.all(conn).await?)
}

/// Saves a service's administrators (staff ids), whole.
pub async fn set_admins<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    service_id: Uuid,
    staff: &[Uuid],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    use service_admin::Column as Col;
    let rows = staff
        .iter()
        .map(|&staff_id| service_admin::Model {
            id: ids(),
            org_id,
            service_id,
            staff_id,
        })
        .collect();
    let scope = Condition::all()
        .add(Col::OrgId.eq(org_id))
        .add(Col::ServiceId.eq(service_id));
    crate::bulk::replace_rows(conn, scope, rows).await
}

/// The staff register's people who work for a contractor, or (`None`) for any.
pub async fn contractor_staff<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    contractor_id: Option<Uuid>,
) -> Result<Vec<contractor_staff::Model>> {
    use contractor_staff::Column as Col;
    let mut q = contractor_staff::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(c) = contractor_id {
        q = q.filter(Col::ContractorId.eq(c));
    }
    Ok(q.all(conn).await?)
}

/// The company a staff member works for, if linked.
pub async fn company_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
) -> Result<Option<Uuid>> {
    use contractor_staff::Column as Col;
    Ok(contractor_staff::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::StaffId.eq(staff_id))
        .one(conn)
        .await?
        .map(|l| l.contractor_id))
}

/// Links a staff member to a company (`None`: to none), replacing any link they had:
/// a person works for one company at a time.
pub async fn set_company<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    staff_id: Uuid,
    company: Option<(Uuid, Uuid)>,
) -> Result<()> {
    use contractor_staff::Column as Col;
    let rows = company
        .map(|(id, contractor_id)| contractor_staff::Model {
            id,
            org_id,
            contractor_id,
            staff_id,
        })
        .into_iter()
        .collect();
    let scope = Condition::all()
        .add(Col::OrgId.eq(org_id))
        .add(Col::StaffId.eq(staff_id));
    crate::bulk::replace_rows(conn, scope, rows).await
}

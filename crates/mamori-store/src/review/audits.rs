//! Internal audits: programmes, audits with their auditors, findings and corrective
//! actions.

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{
    audit_auditor, audit_finding, audit_programme, corrective_action, security_audit,
};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn insert_programme<C: ConnectionTrait>(
    conn: &C,
    m: audit_programme::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// Every programme, latest first.
pub async fn programmes<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<audit_programme::Model>> {
    use audit_programme::Column as Col;
    Ok(audit_programme::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_desc(Col::FromYear)
        .order_by_desc(Col::Id)
        .all(conn)
        .await?)
}

pub async fn get_programme<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<audit_programme::Model>> {
    get_in_org::<audit_programme::Entity, C>(conn, org_id, id).await
}

/// A new audit with its auditors.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    m: security_audit::Model,
    auditors: Vec<audit_auditor::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await?;
    crate::bulk::insert_rows(conn, auditors).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: security_audit::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<security_audit::Model>> {
    get_in_org::<security_audit::Entity, C>(conn, org_id, id).await
}

/// Every audit, latest year first, then by number.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<security_audit::Model>> {
    use security_audit::Column as Col;
    Ok(security_audit::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_desc(Col::FiscalYear)
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// The numbers already given to audits of a fiscal year (`AUD-2026-01` …).
pub async fn numbers_of_year<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    year: i32,
) -> Result<Vec<String>> {
    use security_audit::Column as Col;
    Ok(security_audit::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::FiscalYear.eq(year))
        .all(conn)
        .await?
        .into_iter()
        .map(|a| a.number)
        .collect())
}

/// The auditors of these audits.
pub async fn auditors<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    audit_ids: &[Uuid],
) -> Result<Vec<audit_auditor::Model>> {
    use audit_auditor::Column as Col;
    crate::in_chunks(audit_ids, |chunk| {
        audit_auditor::Entity::find()
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::AuditId.is_in(chunk))
            .all(conn)
    })
    .await
}

/// Findings of these audits, in each audit's order.
pub async fn findings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    audit_ids: &[Uuid],
) -> Result<Vec<audit_finding::Model>> {
    use audit_finding::Column as Col;
    let mut rows = crate::in_chunks(audit_ids, |chunk| {
        audit_finding::Entity::find()
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::AuditId.is_in(chunk))
            .all(conn)
    })
    .await?;
    rows.sort_by_key(|f| (f.audit_id, f.seq));
    Ok(rows)
}

pub async fn get_finding<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<audit_finding::Model>> {
    get_in_org::<audit_finding::Entity, C>(conn, org_id, id).await
}

pub async fn insert_finding<C: ConnectionTrait>(conn: &C, m: audit_finding::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_finding<C: ConnectionTrait>(conn: &C, m: audit_finding::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Corrective actions of these findings, oldest first.
pub async fn actions<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    finding_ids: &[Uuid],
) -> Result<Vec<corrective_action::Model>> {
    use corrective_action::Column as Col;
    let mut rows = crate::in_chunks(finding_ids, |chunk| {
        corrective_action::Entity::find()
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::FindingId.is_in(chunk))
            .all(conn)
    })
    .await?;
    rows.sort_by_key(|a| (a.created_at, a.id));
    Ok(rows)
}

pub async fn get_action<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<corrective_action::Model>> {
    get_in_org::<corrective_action::Entity, C>(conn, org_id, id).await
}

pub async fn insert_action<C: ConnectionTrait>(
    conn: &C,
    m: corrective_action::Model,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

pub async fn update_action<C: ConnectionTrait>(
    conn: &C,
    m: corrective_action::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Replaces an audit's auditors.
pub async fn replace_auditors<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    audit_id: Uuid,
    rows: Vec<audit_auditor::Model>,
) -> Result<()> {
    use audit_auditor::Column as Col;
    audit_auditor::Entity::delete_many()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::AuditId.eq(audit_id))
        .exec(conn)
        .await?;
    crate::bulk::insert_rows(conn, rows).await
}

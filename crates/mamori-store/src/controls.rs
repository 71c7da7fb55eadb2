//! Control catalogs an organization imported, the controls it applies with their
//! evidence, and its Statement of Applicability.
//!
//! Evidence bodies live in the database, so a backup or a PostgreSQL dump holds them
//! with everything else; lists read every column but the body.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Expr, Func};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{
    applied_control, applied_control_asset, applied_control_ref, catalog, evidence, risk_control,
    soa_entry, soa_version,
};

// --- catalogs --------------------------------------------------------------------------

pub async fn catalogs<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<catalog::Model>> {
    Ok(catalog::Entity::find()
        .filter(catalog::Column::OrgId.eq(org_id))
        .order_by_asc(catalog::Column::Code)
        .all(conn)
        .await?)
}

pub async fn catalog_by_code<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    code: &str,
) -> Result<Option<catalog::Model>> {
    Ok(catalog::Entity::find()
        .filter(catalog::Column::OrgId.eq(org_id))
        .filter(catalog::Column::Code.eq(code))
        .one(conn)
        .await?)
}

/// Stores an imported catalog, replacing the organization's earlier import of the
/// same code.
pub async fn save_catalog<C: ConnectionTrait>(conn: &C, m: catalog::Model) -> Result<()> {
    match catalog_by_code(conn, m.org_id, &m.code).await? {
        Some(old) => {
            let m = catalog::Model {
                id: old.id,
                created_at: old.created_at,
                ..m
            };
            crate::update_in_org(conn, m, old.id, old.org_id).await?;
        }
        None => {
            catalog::Entity::insert(m.into_active_model())
                .exec_without_returning(conn)
                .await?;
        }
    }
    Ok(())
}

// --- applied controls ------------------------------------------------------------------

/// A filter of the applied controls.
#[derive(Debug, Clone, Default)]
pub struct ControlFilter {
    pub status: Option<String>,
    pub departments: Option<Vec<Uuid>>,
    /// Controls implementing this catalog control.
    pub implements: Option<(String, String)>,
    pub q: Option<String>,
}

pub async fn applied<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ControlFilter,
) -> Result<Vec<applied_control::Model>> {
    use applied_control::Column as Col;
    let mut q = applied_control::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(s) = &f.status {
        q = q.filter(Col::Status.eq(s.clone()));
    }
    if let Some(d) = &f.departments {
        q = q.filter(Col::DepartmentId.is_in(d.clone()));
    }
    if let Some((cat, ctl)) = &f.implements {
        q = q.filter(
            Col::Id.in_subquery(
                sea_orm::sea_query::Query::select()
                    .column(applied_control_ref::Column::AppliedControlId)
                    .from(applied_control_ref::Entity)
                    .and_where(applied_control_ref::Column::OrgId.eq(org_id))
                    .and_where(applied_control_ref::Column::Catalog.eq(cat.clone()))
                    .and_where(applied_control_ref::Column::Control.eq(ctl.clone()))
                    .to_owned(),
            ),
        );
    }
    if let Some(text) = f.q.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        q = q.filter(
            Condition::any()
                .add(Col::Number.contains(text))
                .add(Col::Name.contains(text))
                .add(Col::Description.contains(text)),
        );
    }
    Ok(q.order_by_asc(Col::Number).all(conn).await?)
}

pub async fn applied_by_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<applied_control::Model>> {
    let mut rows = crate::by_ids_in_org::<applied_control::Entity, _>(conn, org_id, ids).await?;
    rows.sort_by(|a, b| a.number.cmp(&b.number));
    Ok(rows)
}

pub async fn get_applied<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<applied_control::Model>> {
    crate::get_in_org::<applied_control::Entity, _>(conn, org_id, id).await
}

pub async fn applied_by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<applied_control::Model>> {
    Ok(applied_control::Entity::find()
        .filter(applied_control::Column::OrgId.eq(org_id))
        .filter(applied_control::Column::Number.eq(number))
        .one(conn)
        .await?)
}

pub async fn max_applied_seq<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i64> {
    let n: Option<Option<i64>> = applied_control::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(applied_control::Column::NumberSeq)))
        .filter(applied_control::Column::OrgId.eq(org_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.flatten().unwrap_or(0))
}

pub async fn insert_applied<C: ConnectionTrait>(
    conn: &C,
    ms: Vec<applied_control::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, ms).await
}

pub async fn update_applied<C: ConnectionTrait>(
    conn: &C,
    m: applied_control::Model,
) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    crate::update_in_org(conn, m, id, org_id).await
}

/// The catalog controls each applied control implements.
pub async fn refs<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, Vec<(String, String)>>> {
    let rows = crate::in_chunks(ids, |chunk| {
        applied_control_ref::Entity::find()
            .filter(applied_control_ref::Column::OrgId.eq(org_id))
            .filter(applied_control_ref::Column::AppliedControlId.is_in(chunk))
            .order_by_asc(applied_control_ref::Column::Catalog)
            .order_by_asc(applied_control_ref::Column::Control)
            .all(conn)
    })
    .await?;
    let mut out: HashMap<Uuid, Vec<(String, String)>> = HashMap::new();
    for r in rows {
        out.entry(r.applied_control_id)
            .or_default()
            .push((r.catalog, r.control));
    }
    Ok(out)
}

/// Every (catalog control → applied control) reference of one catalog: the SoA's
/// implementation column.
pub async fn refs_of_catalog<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    catalog: &str,
) -> Result<Vec<(String, Uuid)>> {
    Ok(applied_control_ref::Entity::find()
        .select_only()
        .column(applied_control_ref::Column::Control)
        .column(applied_control_ref::Column::AppliedControlId)
        .filter(applied_control_ref::Column::OrgId.eq(org_id))
        .filter(applied_control_ref::Column::Catalog.eq(catalog))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Replaces what an applied control implements, protects and treats.
pub async fn set_links<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    control_id: Uuid,
    refs: Vec<applied_control_ref::Model>,
    assets: Vec<applied_control_asset::Model>,
    risks: Vec<risk_control::Model>,
) -> Result<()> {
    applied_control_ref::Entity::delete_many()
        .filter(applied_control_ref::Column::OrgId.eq(org_id))
        .filter(applied_control_ref::Column::AppliedControlId.eq(control_id))
        .exec(conn)
        .await?;
    applied_control_asset::Entity::delete_many()
        .filter(applied_control_asset::Column::OrgId.eq(org_id))
        .filter(applied_control_asset::Column::AppliedControlId.eq(control_id))
        .exec(conn)
        .await?;
    risk_control::Entity::delete_many()
        .filter(risk_control::Column::OrgId.eq(org_id))
        .filter(risk_control::Column::AppliedControlId.eq(control_id))
        .exec(conn)
        .await?;
    crate::bulk::insert_rows(conn, refs).await?;
    crate::bulk::insert_rows(conn, assets).await?;
    crate::bulk::insert_rows(conn, risks).await
}

pub async fn insert_refs<C: ConnectionTrait>(
    conn: &C,
    refs: Vec<applied_control_ref::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, refs).await
}

pub async fn insert_risk_links<C: ConnectionTrait>(
    conn: &C,
    links: Vec<risk_control::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, links).await
}

/// The assets an applied control protects.
pub async fn asset_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    control_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(applied_control_asset::Entity::find()
        .select_only()
        .column(applied_control_asset::Column::AssetId)
        .filter(applied_control_asset::Column::OrgId.eq(org_id))
        .filter(applied_control_asset::Column::AppliedControlId.eq(control_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The applied controls protecting each of the assets named, as (asset, control) pairs.
pub async fn protecting<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    asset_ids: &[Uuid],
) -> Result<Vec<(Uuid, Uuid)>> {
    crate::in_chunks(asset_ids, |chunk| async move {
        applied_control_asset::Entity::find()
            .select_only()
            .column(applied_control_asset::Column::AssetId)
            .column(applied_control_asset::Column::AppliedControlId)
            .filter(applied_control_asset::Column::OrgId.eq(org_id))
            .filter(applied_control_asset::Column::AssetId.is_in(chunk))
            .into_tuple()
            .all(conn)
            .await
    })
    .await
}

/// The risks an applied control treats.
pub async fn risk_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    control_id: Uuid,
) -> Result<Vec<Uuid>> {
    Ok(risk_control::Entity::find()
        .select_only()
        .column(risk_control::Column::RiskId)
        .filter(risk_control::Column::OrgId.eq(org_id))
        .filter(risk_control::Column::AppliedControlId.eq(control_id))
        .into_tuple()
        .all(conn)
        .await?)
}

// --- evidence --------------------------------------------------------------------------

/// An evidence file without its body.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct EvidenceInfo {
    pub id: Uuid,
    pub applied_control_id: Uuid,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub description: String,
    pub expires_on: Option<NaiveDate>,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// Evidence of these applied controls, newest first, without bodies.
pub async fn evidence_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    control_ids: &[Uuid],
) -> Result<Vec<EvidenceInfo>> {
    use evidence::Column as Col;
    crate::in_chunks(control_ids, |chunk| {
        evidence::Entity::find()
            .select_only()
            .columns([
                Col::Id,
                Col::AppliedControlId,
                Col::FileName,
                Col::FileType,
                Col::Size,
                Col::Sha256,
                Col::Description,
                Col::ExpiresOn,
                Col::UploadedBy,
                Col::UploadedAt,
            ])
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::AppliedControlId.is_in(chunk))
            .order_by_desc(Col::UploadedAt)
            .into_model::<EvidenceInfo>()
            .all(conn)
    })
    .await
}

/// One evidence file with its body.
pub async fn evidence_file<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<evidence::Model>> {
    crate::get_in_org::<evidence::Entity, _>(conn, org_id, id).await
}

pub async fn insert_evidence<C: ConnectionTrait>(conn: &C, m: evidence::Model) -> Result<()> {
    evidence::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn delete_evidence<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<bool> {
    let r = evidence::Entity::delete_many()
        .filter(evidence::Column::Id.eq(id))
        .filter(evidence::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

// --- statement of applicability ---------------------------------------------------------

pub async fn soa_entries<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    catalog: &str,
) -> Result<Vec<soa_entry::Model>> {
    Ok(soa_entry::Entity::find()
        .filter(soa_entry::Column::OrgId.eq(org_id))
        .filter(soa_entry::Column::Catalog.eq(catalog))
        .all(conn)
        .await?)
}

/// Stores the applicability of one control, replacing what was there.
pub async fn save_soa_entry<C: ConnectionTrait>(conn: &C, m: soa_entry::Model) -> Result<()> {
    let old = soa_entry::Entity::find()
        .filter(soa_entry::Column::OrgId.eq(m.org_id))
        .filter(soa_entry::Column::Catalog.eq(m.catalog.clone()))
        .filter(soa_entry::Column::Control.eq(m.control.clone()))
        .one(conn)
        .await?;
    match old {
        Some(old) => {
            let m = soa_entry::Model { id: old.id, ..m };
            crate::update_in_org(conn, m, old.id, old.org_id).await?;
        }
        None => {
            soa_entry::Entity::insert(m.into_active_model())
                .exec_without_returning(conn)
                .await?;
        }
    }
    Ok(())
}

pub async fn soa_versions<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    catalog: &str,
) -> Result<Vec<soa_version::Model>> {
    Ok(soa_version::Entity::find()
        .filter(soa_version::Column::OrgId.eq(org_id))
        .filter(soa_version::Column::Catalog.eq(catalog))
        .order_by_desc(soa_version::Column::Version)
        .all(conn)
        .await?)
}

pub async fn insert_soa_version<C: ConnectionTrait>(conn: &C, m: soa_version::Model) -> Result<()> {
    soa_version::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

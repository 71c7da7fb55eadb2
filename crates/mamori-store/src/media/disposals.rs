//! Disposals, their items and their files (certificates and photos, read whole only to
//! be downloaded; lists read their metadata).

use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::{disposal, disposal_file, disposal_item};
use crate::page::{Page, PageRequest};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use disposal::Column as Col;
    crate::training::next_number::<disposal::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    m: disposal::Model,
    items: Vec<disposal_item::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await?;
    crate::bulk::insert_rows(conn, items).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: disposal::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<disposal::Model>> {
    get_in_org::<disposal::Entity, C>(conn, org_id, id).await
}

/// Which disposals a list shows.
#[derive(Debug, Clone, Default)]
pub struct DisposalFilter {
    /// Only those not completed nor withdrawn.
    pub open: bool,
    /// Only those completed.
    pub done: bool,
    /// Only those completed on or after / before these days (the disposal log).
    pub completed_from: Option<chrono::NaiveDate>,
    pub completed_until: Option<chrono::NaiveDate>,
    pub departments: Vec<Uuid>,
}

fn filtered(org_id: Uuid, f: &DisposalFilter) -> sea_orm::Select<disposal::Entity> {
    use disposal::Column as Col;
    let mut q = disposal::Entity::find().filter(Col::OrgId.eq(org_id));
    if f.open {
        q = q
            .filter(Col::CompletedOn.is_null())
            .filter(Col::Cancelled.eq(false));
    }
    if f.done || f.completed_from.is_some() || f.completed_until.is_some() {
        q = q.filter(Col::CompletedOn.is_not_null());
    }
    if let Some(d) = f.completed_from {
        q = q.filter(Col::CompletedOn.gte(d));
    }
    if let Some(d) = f.completed_until {
        q = q.filter(Col::CompletedOn.lte(d));
    }
    if !f.departments.is_empty() {
        q = q.filter(Col::DepartmentId.is_in(f.departments.clone()));
    }
    q
}

/// A page of disposals, latest first.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &DisposalFilter,
    page: PageRequest,
) -> Result<Page<disposal::Model>> {
    crate::page::fetch(
        conn,
        filtered(org_id, f),
        |q| q.order_by_desc(disposal::Column::Number),
        page,
    )
    .await
}

/// Every disposal of a filter, oldest first (the log and its export).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &DisposalFilter,
) -> Result<Vec<disposal::Model>> {
    Ok(filtered(org_id, f)
        .order_by_asc(disposal::Column::Number)
        .all(conn)
        .await?)
}

/// The items of these disposals.
pub async fn items<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    disposals: &[Uuid],
) -> Result<Vec<disposal_item::Model>> {
    use disposal_item::Column as Col;
    let mut out = Vec::new();
    for chunk in disposals.chunks(1000) {
        out.extend(
            disposal_item::Entity::find()
                .filter(Col::OrgId.eq(org_id))
                .filter(Col::DisposalId.is_in(chunk.to_vec()))
                .order_by_asc(Col::Number)
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

/// The disposals an item is in (at most a few: withdrawn ones and the one that did it).
pub async fn of_item<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    item_id: Uuid,
) -> Result<Vec<Uuid>> {
    use disposal_item::Column as Col;
    Ok(disposal_item::Entity::find()
        .select_only()
        .column(Col::DisposalId)
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::ItemId.eq(item_id))
        .into_tuple()
        .all(conn)
        .await?)
}

pub async fn insert_file<C: ConnectionTrait>(conn: &C, m: disposal_file::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// A file's row without its body.
#[derive(sea_orm::FromQueryResult)]
struct FileMeta {
    id: Uuid,
    kind: String,
    file_name: String,
    file_type: String,
    size: i64,
    sha256: String,
    uploaded_by: String,
    uploaded_at: chrono::DateTime<chrono::Utc>,
}

/// A disposal's files without their bodies, oldest first.
pub async fn files<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    disposal_id: Uuid,
) -> Result<Vec<disposal_file::Model>> {
    use disposal_file::Column as Col;
    let rows = disposal_file::Entity::find()
        .select_only()
        .columns([
            Col::Id,
            Col::Kind,
            Col::FileName,
            Col::FileType,
            Col::Size,
            Col::Sha256,
            Col::UploadedBy,
            Col::UploadedAt,
        ])
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::DisposalId.eq(disposal_id))
        .order_by_asc(Col::UploadedAt)
        .into_model::<FileMeta>()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|f| disposal_file::Model {
            id: f.id,
            org_id,
            disposal_id,
            kind: f.kind,
            file_name: f.file_name,
            file_type: f.file_type,
            size: f.size,
            sha256: f.sha256,
            body: Vec::new(),
            uploaded_by: f.uploaded_by,
            uploaded_at: f.uploaded_at,
        })
        .collect())
}

/// One file with its body.
pub async fn file<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<disposal_file::Model>> {
    get_in_org::<disposal_file::Entity, C>(conn, org_id, id).await
}

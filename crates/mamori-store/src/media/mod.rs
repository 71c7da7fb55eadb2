//! Equipment and media: the register of devices and media (read by page: a large city
//! holds tens of thousands), its inventories ([`inventory`]), the take-outs
//! ([`takeouts`]), the disposals ([`disposals`]) and the organization's rules.

pub mod disposals;
pub mod inventory;
pub mod takeouts;

use sea_orm::sea_query::{Expr, ExprTrait, LikeExpr};
use sea_orm::{
    ColumnTrait, Condition, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::item::{self, Column as Col};
use crate::entity::media_setting;
use crate::page::{Page, PageRequest};
use crate::tenancy::{get_in_org, update_in_org};

/// Which items a list shows.
#[derive(Debug, Clone, Default)]
pub struct ItemFilter {
    pub kinds: Vec<String>,
    /// The departments to show (empty: all).
    pub departments: Vec<Uuid>,
    pub status: Option<String>,
    pub holder: Option<Uuid>,
    pub area: Option<Uuid>,
    pub asset: Option<Uuid>,
    /// A number, name, serial number or asset tag, as a substring.
    pub text: Option<String>,
}

fn filtered(org_id: Uuid, f: &ItemFilter) -> sea_orm::Select<item::Entity> {
    let mut q = item::Entity::find().filter(Col::OrgId.eq(org_id));
    if !f.kinds.is_empty() {
        q = q.filter(Col::Kind.is_in(f.kinds.clone()));
    }
    if !f.departments.is_empty() {
        q = q.filter(Col::DepartmentId.is_in(f.departments.clone()));
    }
    if let Some(s) = &f.status {
        q = q.filter(Col::Status.eq(s.as_str()));
    }
    if let Some(h) = f.holder {
        q = q.filter(Col::HolderStaffId.eq(h));
    }
    if let Some(a) = f.area {
        q = q.filter(Col::AreaId.eq(a));
    }
    if let Some(a) = f.asset {
        q = q.filter(Col::AssetId.eq(a));
    }
    if let Some(t) = f.text.as_deref().filter(|t| !t.is_empty()) {
        let pattern = format!(
            "%{}%",
            t.replace('\\', "\\\\")
                .replace('%', "\\%")
                .replace('_', "\\_")
        );
        let like = |c: Col| Expr::col(c).like(LikeExpr::new(pattern.clone()).escape('\\'));
        q = q.filter(
            Condition::any()
                .add(like(Col::Number))
                .add(like(Col::Name))
                .add(like(Col::Serial))
                .add(like(Col::AssetTag)),
        );
    }
    q
}

/// A page of items, by number.
pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ItemFilter,
    page: PageRequest,
) -> Result<Page<item::Model>> {
    crate::page::fetch(
        conn,
        filtered(org_id, f),
        |q| q.order_by_asc(Col::Number),
        page,
    )
    .await
}

/// Every item of a filter, by number, up to `limit` (exports, inventories).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &ItemFilter,
    limit: u64,
) -> Result<Vec<item::Model>> {
    Ok(filtered(org_id, f)
        .order_by_asc(Col::Number)
        .limit(limit)
        .all(conn)
        .await?)
}

pub async fn by_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<item::Model>> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let mut out = Vec::with_capacity(ids.len());
    for chunk in ids.chunks(1000) {
        out.extend(
            item::Entity::find()
                .filter(Col::OrgId.eq(org_id))
                .filter(Col::Id.is_in(chunk.to_vec()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

pub async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<item::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: item::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<item::Model>> {
    get_in_org::<item::Entity, C>(conn, org_id, id).await
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<item::Model>> {
    Ok(item::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Number.eq(number))
        .one(conn)
        .await?)
}

/// How many items of the organization there are, per status.
pub async fn status_counts<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<(String, i64)>> {
    Ok(item::Entity::find()
        .select_only()
        .column(Col::Status)
        .column_as(Expr::col(Col::Id).count(), "n")
        .filter(Col::OrgId.eq(org_id))
        .group_by(Col::Status)
        .into_tuple()
        .all(conn)
        .await?)
}

/// The organization's take-out rules as stored (JSON), if it ever set them.
pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Option<media_setting::Model>> {
    Ok(media_setting::Entity::find()
        .filter(media_setting::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

/// Stores the organization's take-out rules, replacing what was there.
pub async fn save_settings<C: ConnectionTrait>(conn: &C, m: media_setting::Model) -> Result<()> {
    media_setting::Entity::delete_many()
        .filter(media_setting::Column::OrgId.eq(m.org_id))
        .exec(conn)
        .await?;
    crate::bulk::insert_rows(conn, [m]).await
}

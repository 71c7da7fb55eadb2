//! The information asset register (情報資産台帳) and the relations between assets.

use std::collections::HashMap;

use chrono::NaiveDate;
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func, LikeExpr};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::entity::{asset, asset_relation};
use crate::{Page, PageRequest, Result};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum AssetSort {
    #[default]
    Number,
    Name,
    Department,
    Importance,
    Review,
    Updated,
}

/// Which restricted records (要配慮・特定個人情報) the reader may see.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Visibility {
    /// Everything (CISO, auditors, the command line).
    #[default]
    All,
    /// Unrestricted assets, plus restricted ones of these departments or owned by this
    /// staff member.
    NeedToKnow {
        departments: Vec<Uuid>,
        staff_id: Option<Uuid>,
    },
}

#[derive(Debug, Clone, Default)]
pub struct AssetFilter {
    /// A `mamori_domain::text::search_key` of the query, matched anywhere in the
    /// asset's number, name, description, business process and medium.
    pub search_key: Option<String>,
    pub kind: Option<String>,
    /// Assets of any of these departments (an already expanded subtree).
    pub departments: Option<Vec<Uuid>>,
    pub c_rank: Option<i16>,
    pub i_rank: Option<i16>,
    pub a_rank: Option<i16>,
    pub importance: Option<i16>,
    pub personal_data: Option<String>,
    /// Any personal data at all (個人情報 or more sensitive).
    pub has_personal_data: bool,
    pub network_layer: Option<String>,
    pub status: Option<String>,
    pub scheme_id: Option<Uuid>,
    /// Review date before this day (overdue), for assets in use.
    pub review_before: Option<NaiveDate>,
    /// Required protection above the asset's own in some dimension.
    pub under_protected: bool,
    pub visibility: Visibility,
    pub sort: AssetSort,
    pub descending: bool,
}

fn filtered(org_id: Uuid, f: &AssetFilter) -> sea_orm::Select<asset::Entity> {
    use asset::Column as A;
    let mut q = asset::Entity::find().filter(A::OrgId.eq(org_id));
    if let Some(k) = f.search_key.as_deref().filter(|k| !k.is_empty()) {
        let escaped = k
            .replace('\\', "\\\\")
            .replace('%', "\\%")
            .replace('_', "\\_");
        q = q.filter(
            Expr::col(A::SearchKey).like(LikeExpr::new(format!("%{escaped}%")).escape('\\')),
        );
    }
    if let Some(k) = f.kind.as_deref().filter(|k| !k.is_empty()) {
        q = q.filter(A::Kind.eq(k));
    }
    if let Some(ds) = &f.departments {
        q = q.filter(A::DepartmentId.is_in(ds.iter().copied()));
    }
    for (col, v) in [
        (A::CRank, f.c_rank),
        (A::IRank, f.i_rank),
        (A::ARank, f.a_rank),
        (A::Importance, f.importance),
    ] {
        if let Some(v) = v {
            q = q.filter(col.eq(v));
        }
    }
    if let Some(p) = f.personal_data.as_deref().filter(|p| !p.is_empty()) {
        q = q.filter(A::PersonalData.eq(p));
    }
    if f.has_personal_data {
        // An IN list over the kinds can use the personal-data index; `<> 'none'` cannot.
        q = q.filter(A::PersonalData.is_in(["personal", "sensitive", "my_number"]));
    }
    if let Some(n) = f.network_layer.as_deref().filter(|n| !n.is_empty()) {
        q = q.filter(A::NetworkLayer.eq(n));
    }
    if let Some(s) = f.status.as_deref().filter(|s| !s.is_empty()) {
        q = q.filter(A::Status.eq(s));
    }
    if let Some(id) = f.scheme_id {
        q = q.filter(A::SchemeId.eq(id));
    }
    if let Some(d) = f.review_before {
        q = q.filter(A::ReviewOn.lt(d)).filter(A::Status.eq("in_use"));
    }
    if f.under_protected {
        q = q.filter(
            Condition::any()
                .add(Expr::col(A::ReqC).gt(Expr::col(A::CRank)))
                .add(Expr::col(A::ReqI).gt(Expr::col(A::IRank)))
                .add(Expr::col(A::ReqA).gt(Expr::col(A::ARank))),
        );
    }
    if let Visibility::NeedToKnow {
        departments,
        staff_id,
    } = &f.visibility
    {
        let mut allowed = Condition::any().add(A::Restricted.eq(false));
        if !departments.is_empty() {
            allowed = allowed.add(A::DepartmentId.is_in(departments.iter().copied()));
        }
        if let Some(s) = staff_id {
            allowed = allowed.add(A::OwnerStaffId.eq(*s));
        }
        q = q.filter(allowed);
    }
    q
}

fn ordered(q: sea_orm::Select<asset::Entity>, f: &AssetFilter) -> sea_orm::Select<asset::Entity> {
    use asset::Column as A;
    let order = if f.descending {
        sea_orm::Order::Desc
    } else {
        sea_orm::Order::Asc
    };
    let q = match f.sort {
        AssetSort::Number => q,
        AssetSort::Name => q.order_by(A::Name, order.clone()),
        AssetSort::Department => q.order_by(A::DepartmentId, order.clone()),
        AssetSort::Importance => q.order_by(A::Importance, order.clone()),
        AssetSort::Review => q.order_by(A::ReviewOn, order.clone()),
        AssetSort::Updated => q.order_by(A::UpdatedAt, order.clone()),
    };
    // The number breaks ties, so pages never overlap.
    q.order_by(A::Number, order)
}

pub async fn list<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &AssetFilter,
    page: PageRequest,
) -> Result<Page<asset::Model>> {
    let total = count(conn, org_id, f).await?;
    let items = ordered(filtered(org_id, f), f)
        .offset(page.offset())
        .limit(page.per_page)
        .all(conn)
        .await?;
    Ok(Page {
        items,
        page: page.page,
        per_page: page.per_page,
        total,
    })
}

pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid, f: &AssetFilter) -> Result<u64> {
    let n: Option<i64> = filtered(org_id, f)
        .select_only()
        .expr(Func::count(Expr::col(Asterisk)))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(u64::try_from(n.unwrap_or(0)).unwrap_or(0))
}

/// Every asset matching the filter, in the filter's order (for export).
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    f: &AssetFilter,
) -> Result<Vec<asset::Model>> {
    Ok(ordered(filtered(org_id, f), f).all(conn).await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<asset::Model>> {
    Ok(asset::Entity::find_by_id(id)
        .filter(asset::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: &str,
) -> Result<Option<asset::Model>> {
    Ok(asset::Entity::find()
        .filter(asset::Column::OrgId.eq(org_id))
        .filter(asset::Column::Number.eq(number))
        .one(conn)
        .await?)
}

/// Assets by number, for matching an import against what is stored.
pub async fn by_numbers<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    numbers: &[String],
) -> Result<Vec<asset::Model>> {
    crate::in_chunks(numbers, |chunk| async move {
        asset::Entity::find()
            .filter(asset::Column::OrgId.eq(org_id))
            .filter(asset::Column::Number.is_in(chunk))
            .all(conn)
            .await
    })
    .await
}

pub async fn by_ids<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<asset::Model>> {
    crate::in_chunks(ids, |chunk| async move {
        asset::Entity::find()
            .filter(asset::Column::OrgId.eq(org_id))
            .filter(asset::Column::Id.is_in(chunk))
            .all(conn)
            .await
    })
    .await
}

/// The highest generated sequence number in use (0 when none).
pub async fn max_seq<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i64> {
    let n: Option<Option<i64>> = asset::Entity::find()
        .select_only()
        .expr(Func::max(Expr::col(asset::Column::NumberSeq)))
        .filter(asset::Column::OrgId.eq(org_id))
        .into_tuple()
        .one(conn)
        .await?;
    Ok(n.flatten().unwrap_or(0))
}

pub async fn insert<C: ConnectionTrait>(conn: &C, m: asset::Model) -> Result<()> {
    asset::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn insert_many<C: ConnectionTrait>(conn: &C, ms: Vec<asset::Model>) -> Result<()> {
    // 53 columns × 300 rows = 15,900 bound values, inside SQLite's 32,766.
    crate::insert_chunked(conn, ms, 300).await
}

/// Overwrites the row within its organization; false when it does not exist there.
pub async fn update<C: ConnectionTrait>(conn: &C, m: asset::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    let am = m.into_active_model().reset_all();
    let r = asset::Entity::update_many()
        .set(am)
        .filter(asset::Column::Id.eq(id))
        .filter(asset::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    Ok(r.rows_affected == 1)
}

/// Own and required protection ranks, the input and output of propagation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ranks {
    pub own: [i16; 3],
    pub required: [i16; 3],
}

/// Ranks of the given assets (all of the organization's when `ids` is `None`).
pub async fn ranks<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: Option<&[Uuid]>,
) -> Result<HashMap<Uuid, Ranks>> {
    use asset::Column as A;
    let base = || {
        asset::Entity::find()
            .select_only()
            .columns([
                A::Id,
                A::CRank,
                A::IRank,
                A::ARank,
                A::ReqC,
                A::ReqI,
                A::ReqA,
            ])
            .filter(A::OrgId.eq(org_id))
    };
    type Row = (Uuid, i16, i16, i16, i16, i16, i16);
    let rows: Vec<Row> = match ids {
        None => base().into_tuple().all(conn).await?,
        Some(ids) => {
            crate::in_chunks(ids, |chunk| async move {
                base()
                    .filter(A::Id.is_in(chunk))
                    .into_tuple::<Row>()
                    .all(conn)
                    .await
            })
            .await?
        }
    };
    Ok(rows
        .into_iter()
        .map(|(id, c, i, a, rc, ri, ra)| {
            (
                id,
                Ranks {
                    own: [c, i, a],
                    required: [rc, ri, ra],
                },
            )
        })
        .collect())
}

/// Stores new required ranks, one statement per distinct value rather than per row.
pub async fn set_required<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    values: &HashMap<Uuid, [i16; 3]>,
) -> Result<()> {
    use asset::Column as A;
    let mut by_value: HashMap<[i16; 3], Vec<Uuid>> = HashMap::new();
    for (id, v) in values {
        by_value.entry(*v).or_default().push(*id);
    }
    for (v, ids) in by_value {
        for chunk in ids.chunks(500) {
            asset::Entity::update_many()
                .col_expr(A::ReqC, Expr::value(v[0]))
                .col_expr(A::ReqI, Expr::value(v[1]))
                .col_expr(A::ReqA, Expr::value(v[2]))
                .filter(A::OrgId.eq(org_id))
                .filter(A::Id.is_in(chunk.iter().copied()))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// A count per value of one column, for dashboard tiles.
pub async fn count_by<C, V>(
    conn: &C,
    org_id: Uuid,
    column: asset::Column,
    f: &AssetFilter,
) -> Result<Vec<(V, i64)>>
where
    C: ConnectionTrait,
    V: sea_orm::TryGetable,
{
    Ok(filtered(org_id, f)
        .select_only()
        .column(column)
        .expr(Func::count(Expr::col(Asterisk)))
        .group_by(column)
        .into_tuple::<(V, i64)>()
        .all(conn)
        .await?)
}

// --- relations -------------------------------------------------------------------------

pub async fn insert_relation<C: ConnectionTrait>(conn: &C, r: asset_relation::Model) -> Result<()> {
    asset_relation::Entity::insert(r.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn insert_relations<C: ConnectionTrait>(
    conn: &C,
    rs: Vec<asset_relation::Model>,
) -> Result<()> {
    crate::insert_chunked(conn, rs, 1000).await
}

pub async fn delete_relation<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<asset_relation::Model>> {
    let found = asset_relation::Entity::find_by_id(id)
        .filter(asset_relation::Column::OrgId.eq(org_id))
        .one(conn)
        .await?;
    if let Some(r) = &found {
        r.clone().into_active_model().delete(conn).await?;
    }
    Ok(found)
}

/// Relations touching an asset, in either direction.
pub async fn relations_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    asset_id: Uuid,
) -> Result<Vec<asset_relation::Model>> {
    Ok(asset_relation::Entity::find()
        .filter(asset_relation::Column::OrgId.eq(org_id))
        .filter(
            Condition::any()
                .add(asset_relation::Column::FromId.eq(asset_id))
                .add(asset_relation::Column::ToId.eq(asset_id)),
        )
        .order_by_asc(asset_relation::Column::CreatedAt)
        .all(conn)
        .await?)
}

/// Every edge of the organization as (dependent, supporting).
pub async fn all_edges<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<(Uuid, Uuid)>> {
    Ok(asset_relation::Entity::find()
        .select_only()
        .columns([asset_relation::Column::FromId, asset_relation::Column::ToId])
        .filter(asset_relation::Column::OrgId.eq(org_id))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Edges leaving (`outgoing`) or entering the given assets, as (dependent, supporting).
pub async fn edges_at<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
    outgoing: bool,
) -> Result<Vec<(Uuid, Uuid)>> {
    use asset_relation::Column as R;
    let col = if outgoing { R::FromId } else { R::ToId };
    crate::in_chunks(ids, |chunk| async move {
        asset_relation::Entity::find()
            .select_only()
            .columns([R::FromId, R::ToId])
            .filter(R::OrgId.eq(org_id))
            .filter(col.is_in(chunk))
            .into_tuple::<(Uuid, Uuid)>()
            .all(conn)
            .await
    })
    .await
}

/// Relations leaving the given assets.
pub async fn outgoing_relations<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<Vec<asset_relation::Model>> {
    crate::in_chunks(ids, |chunk| async move {
        asset_relation::Entity::find()
            .filter(asset_relation::Column::OrgId.eq(org_id))
            .filter(asset_relation::Column::FromId.is_in(chunk))
            .all(conn)
            .await
    })
    .await
}

/// Every relation of the organization (for exports).
pub async fn all_relations<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Vec<asset_relation::Model>> {
    Ok(asset_relation::Entity::find()
        .filter(asset_relation::Column::OrgId.eq(org_id))
        .all(conn)
        .await?)
}

/// Asset numbers by id, for naming relation targets.
pub async fn numbers<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = asset::Entity::find()
        .select_only()
        .columns([asset::Column::Id, asset::Column::Number])
        .filter(asset::Column::OrgId.eq(org_id))
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows.into_iter().collect())
}

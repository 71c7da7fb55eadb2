//! The information asset register (情報資産台帳) and the relations between assets.

use std::collections::HashMap;

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, Condition, ConnectionTrait, EntityTrait, FromQueryResult,
    IntoActiveModel, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, QueryTrait, Set,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{asset, asset_relation, asset_rev};

/// The organization's assets, by number; with `scheme`, only those classified under it.
pub async fn all<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    scheme: Option<Uuid>,
) -> Result<Vec<asset::Model>> {
    let mut q = asset::Entity::find().filter(asset::Column::OrgId.eq(org_id));
    if let Some(s) = scheme {
        q = q.filter(asset::Column::SchemeId.eq(s));
    }
    Ok(q.order_by_asc(asset::Column::Number).all(conn).await?)
}

// --- revisions -------------------------------------------------------------------------

/// What the in-memory register index keeps of an asset (see
/// `mamori_domain::asset::register`), as stored.
#[derive(Debug, Clone, FromQueryResult)]
pub struct RegisterRow {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub search_key: String,
    pub kind: String,
    pub status: String,
    pub network_layer: String,
    pub personal_data: String,
    pub restricted: bool,
    pub department_id: Option<Uuid>,
    pub owner_staff_id: Option<Uuid>,
    pub scheme_id: Uuid,
    pub c_rank: i16,
    pub i_rank: i16,
    pub a_rank: i16,
    pub importance: i16,
    pub req_c: i16,
    pub req_i: i16,
    pub req_a: i16,
    pub review_on: Option<NaiveDate>,
    pub updated_at: DateTime<Utc>,
}

/// The organization's register revision: the last value any committed write to its
/// assets or departments took (0 before the first).
pub async fn head_rev<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i64> {
    let rev: Option<i64> = asset_rev::Entity::find_by_id(org_id)
        .select_only()
        .column(asset_rev::Column::Rev)
        .into_tuple()
        .one(conn)
        .await?;
    Ok(rev.unwrap_or(0))
}

/// Takes the organization's next revision for the rows a write is about to stamp.
/// The counter row stays locked until the transaction ends, so revisions commit in
/// order and a reader at revision n misses nothing by reading only rows above n.
pub(crate) async fn next_rev<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i64> {
    asset_rev::Entity::insert(asset_rev::ActiveModel {
        org_id: Set(org_id),
        rev: Set(0),
    })
    .on_conflict(
        sea_orm::sea_query::OnConflict::column(asset_rev::Column::OrgId)
            .do_nothing()
            .to_owned(),
    )
    .exec_without_returning(conn)
    .await?;
    asset_rev::Entity::update_many()
        .col_expr(
            asset_rev::Column::Rev,
            Expr::col(asset_rev::Column::Rev).add(1),
        )
        .filter(asset_rev::Column::OrgId.eq(org_id))
        .exec(conn)
        .await?;
    head_rev(conn, org_id).await
}

/// Assets written after revision `rev` (every asset when 0), by id, at most `limit`
/// of them after the id `after`: a register is read in pages, so that reading one
/// whole never holds every row's values at once.
pub async fn changed_since<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    rev: i64,
    after: Option<Uuid>,
    limit: u64,
) -> Result<Vec<RegisterRow>> {
    use asset::Column as A;
    Ok(asset::Entity::find()
        .select_only()
        .columns([
            A::Id,
            A::Number,
            A::Name,
            A::SearchKey,
            A::Kind,
            A::Status,
            A::NetworkLayer,
            A::PersonalData,
            A::Restricted,
            A::DepartmentId,
            A::OwnerStaffId,
            A::SchemeId,
            A::CRank,
            A::IRank,
            A::ARank,
            A::Importance,
            A::ReqC,
            A::ReqI,
            A::ReqA,
            A::ReviewOn,
            A::UpdatedAt,
        ])
        .filter(A::OrgId.eq(org_id))
        .filter(A::Rev.gt(rev))
        .apply_if(after, |q, id| q.filter(A::Id.gt(id)))
        .order_by_asc(A::Id)
        .limit(limit)
        .into_model::<RegisterRow>()
        .all(conn)
        .await?)
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<asset::Model>> {
    crate::get_in_org::<asset::Entity, _>(conn, org_id, id).await
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
    crate::by_ids_in_org::<asset::Entity, _>(conn, org_id, ids).await
}

/// The assets of one kind in use, by number: the systems a campaign asks about when
/// none are named.
pub async fn in_use_of_kind<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    kind: &str,
) -> Result<Vec<asset::Model>> {
    Ok(asset::Entity::find()
        .filter(asset::Column::OrgId.eq(org_id))
        .filter(asset::Column::Kind.eq(kind))
        .filter(asset::Column::Status.eq("in_use"))
        .order_by_asc(asset::Column::Number)
        .all(conn)
        .await?)
}

/// How many assets the organization holds, in any status: each was classified under
/// one of its schemes.
pub async fn count<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<u64> {
    Ok(asset::Entity::find()
        .filter(asset::Column::OrgId.eq(org_id))
        .count(conn)
        .await?)
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

pub async fn insert<C: ConnectionTrait>(conn: &C, mut m: asset::Model) -> Result<()> {
    m.rev = next_rev(conn, m.org_id).await?;
    asset::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

pub async fn insert_many<C: ConnectionTrait>(conn: &C, mut ms: Vec<asset::Model>) -> Result<()> {
    // One revision per organization for the whole batch.
    let mut revs: HashMap<Uuid, i64> = HashMap::new();
    for m in &mut ms {
        m.rev = match revs.get(&m.org_id) {
            Some(rev) => *rev,
            None => {
                let rev = next_rev(conn, m.org_id).await?;
                revs.insert(m.org_id, rev);
                rev
            }
        };
    }
    crate::bulk::insert_rows(conn, ms).await
}

/// Overwrites the row within its organization; false when it does not exist there.
pub async fn update<C: ConnectionTrait>(conn: &C, mut m: asset::Model) -> Result<bool> {
    let (id, org_id) = (m.id, m.org_id);
    m.rev = next_rev(conn, org_id).await?;
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
    if values.is_empty() {
        return Ok(());
    }
    let rev = next_rev(conn, org_id).await?;
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
                .col_expr(A::Rev, Expr::value(rev))
                .filter(A::OrgId.eq(org_id))
                .filter(A::Id.is_in(chunk.iter().copied()))
                .exec(conn)
                .await?;
        }
    }
    Ok(())
}

/// How many assets classified under `scheme` have each value of `column` (the levels
/// a scheme edit or migration affects).
pub async fn count_by<C, V>(
    conn: &C,
    org_id: Uuid,
    column: asset::Column,
    scheme: Uuid,
) -> Result<Vec<(V, i64)>>
where
    C: ConnectionTrait,
    V: sea_orm::TryGetable,
{
    Ok(asset::Entity::find()
        .filter(asset::Column::OrgId.eq(org_id))
        .filter(asset::Column::SchemeId.eq(scheme))
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

/// Inserts relations as the iterator yields them (an import's hundred thousand are
/// never all held at once).
pub async fn insert_relations<C: ConnectionTrait>(
    conn: &C,
    rs: impl IntoIterator<Item = asset_relation::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, rs).await
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

/// The numbers of the given assets, by id (those of other organizations left out).
pub async fn numbers_of<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    ids: &[Uuid],
) -> Result<HashMap<Uuid, String>> {
    let rows: Vec<(Uuid, String)> = crate::in_chunks(ids, |chunk| async move {
        asset::Entity::find()
            .select_only()
            .columns([asset::Column::Id, asset::Column::Number])
            .filter(asset::Column::OrgId.eq(org_id))
            .filter(asset::Column::Id.is_in(chunk))
            .into_tuple()
            .all(conn)
            .await
    })
    .await?;
    Ok(rows.into_iter().collect())
}

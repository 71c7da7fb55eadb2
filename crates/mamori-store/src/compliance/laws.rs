//! The laws and obligations register (policy §10): laws, the departments each applies
//! to, their obligations and what meets each, amendments and reviews. A register holds
//! tens to a few hundred laws, so the app reads an organization's rows whole and
//! judges review status from them; only the lookups other pages make (the obligations a
//! control meets, the reviews due on a day) are narrowed in SQL.

use chrono::NaiveDate;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{
    law, law_amendment, law_department, law_obligation, law_obligation_link, law_review,
};
use crate::tenancy::{get_in_org, update_in_org};

pub async fn next_number<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<i32> {
    use law::Column as Col;
    crate::training::next_number::<law::Entity, C>(conn, org_id, Col::Number, Col::OrgId).await
}

pub async fn insert<C: ConnectionTrait>(conn: &C, rows: Vec<law::Model>) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: law::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<law::Model>> {
    get_in_org::<law::Entity, C>(conn, org_id, id).await
}

pub async fn by_number<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    number: i32,
) -> Result<Option<law::Model>> {
    use law::Column as Col;
    Ok(law::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Number.eq(number))
        .one(conn)
        .await?)
}

/// Every law of the organization, by number.
pub async fn all<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<law::Model>> {
    use law::Column as Col;
    Ok(law::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// Laws not repealed whose next review falls on one of `days` (for the reminders).
pub async fn review_on<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    days: &[NaiveDate],
) -> Result<Vec<law::Model>> {
    use law::Column as Col;
    Ok(law::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Repealed.eq(false))
        .filter(Col::NextReview.is_in(days.iter().copied()))
        .order_by_asc(Col::Number)
        .all(conn)
        .await?)
}

/// The departments each law applies to, for the laws that do not apply to all: (law,
/// department) pairs.
pub async fn departments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    law_id: Option<Uuid>,
) -> Result<Vec<(Uuid, Uuid)>> {
    use law_department::Column as Col;
    let mut q = law_department::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(l) = law_id {
        q = q.filter(Col::LawId.eq(l));
    }
    Ok(q.all(conn)
        .await?
        .into_iter()
        .map(|r| (r.law_id, r.department_id))
        .collect())
}

/// Replaces the departments a law applies to.
pub async fn set_departments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    law_id: Uuid,
    departments: &[Uuid],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    use law_department::Column as Col;
    law_department::Entity::delete_many()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::LawId.eq(law_id))
        .exec(conn)
        .await?;
    let rows: Vec<law_department::Model> = departments
        .iter()
        .map(|&department_id| law_department::Model {
            id: ids(),
            org_id,
            law_id,
            department_id,
        })
        .collect();
    crate::bulk::insert_rows(conn, rows).await
}

/// Obligations in order: one law's, or (`None`) the organization's.
pub async fn obligations<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    law_id: Option<Uuid>,
) -> Result<Vec<law_obligation::Model>> {
    use law_obligation::Column as Col;
    let mut q = law_obligation::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(l) = law_id {
        q = q.filter(Col::LawId.eq(l));
    }
    Ok(q.order_by_asc(Col::LawId)
        .order_by_asc(Col::Position)
        .all(conn)
        .await?)
}

pub async fn obligation<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<law_obligation::Model>> {
    get_in_org::<law_obligation::Entity, C>(conn, org_id, id).await
}

pub async fn insert_obligations<C: ConnectionTrait>(
    conn: &C,
    rows: Vec<law_obligation::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, rows).await
}

pub async fn update_obligation<C: ConnectionTrait>(
    conn: &C,
    m: law_obligation::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Deletes an obligation with its links.
pub async fn delete_obligation<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<()> {
    use law_obligation::Column as Col;
    law_obligation::Entity::delete_many()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// The links of the given obligations, or (`None`) of all the organization's.
pub async fn links<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    obligations: Option<&[Uuid]>,
) -> Result<Vec<law_obligation_link::Model>> {
    use law_obligation_link::Column as Col;
    let mut q = law_obligation_link::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(o) = obligations {
        q = q.filter(Col::ObligationId.is_in(o.iter().copied()));
    }
    Ok(q.order_by_asc(Col::Rule).all(conn).await?)
}

/// The links that name one of `rules` (canonical), for the pages of what they name.
pub async fn links_to<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    rules: &[String],
) -> Result<Vec<law_obligation_link::Model>> {
    use law_obligation_link::Column as Col;
    Ok(law_obligation_link::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::Rule.is_in(rules.iter().cloned()))
        .all(conn)
        .await?)
}

/// Replaces what meets an obligation: `(rule, kind)` pairs.
pub async fn set_links<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    obligation_id: Uuid,
    rules: &[(String, &'static str)],
    mut ids: impl FnMut() -> Uuid,
) -> Result<()> {
    use law_obligation_link::Column as Col;
    law_obligation_link::Entity::delete_many()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::ObligationId.eq(obligation_id))
        .exec(conn)
        .await?;
    let rows: Vec<law_obligation_link::Model> = rules
        .iter()
        .map(|(rule, kind)| law_obligation_link::Model {
            id: ids(),
            org_id,
            obligation_id,
            rule: rule.clone(),
            rule_kind: (*kind).to_owned(),
        })
        .collect();
    crate::bulk::insert_rows(conn, rows).await
}

/// Amendments, newest first: one law's, or (`None`) the organization's.
pub async fn amendments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    law_id: Option<Uuid>,
) -> Result<Vec<law_amendment::Model>> {
    use law_amendment::Column as Col;
    let mut q = law_amendment::Entity::find().filter(Col::OrgId.eq(org_id));
    if let Some(l) = law_id {
        q = q.filter(Col::LawId.eq(l));
    }
    Ok(q.order_by_desc(Col::PromulgatedOn)
        .order_by_desc(Col::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn insert_amendment<C: ConnectionTrait>(conn: &C, m: law_amendment::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

/// Marks a law's open amendments promulgated on or before `on` as taken in by
/// `review_id` (a review cannot have looked at a later one); returns how many.
pub async fn close_amendments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    law_id: Uuid,
    review_id: Uuid,
    on: NaiveDate,
) -> Result<u64> {
    use law_amendment::Column as Col;
    use sea_orm::sea_query::Expr;
    Ok(law_amendment::Entity::update_many()
        .col_expr(Col::ReviewId, Expr::value(Some(review_id)))
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::LawId.eq(law_id))
        .filter(Col::ReviewId.is_null())
        .filter(Col::PromulgatedOn.lte(on))
        .exec(conn)
        .await?
        .rows_affected)
}

/// A law's reviews, newest first.
pub async fn reviews<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    law_id: Uuid,
) -> Result<Vec<law_review::Model>> {
    use law_review::Column as Col;
    Ok(law_review::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::LawId.eq(law_id))
        .order_by_desc(Col::ReviewedOn)
        .order_by_desc(Col::CreatedAt)
        .all(conn)
        .await?)
}

pub async fn insert_review<C: ConnectionTrait>(conn: &C, m: law_review::Model) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await
}

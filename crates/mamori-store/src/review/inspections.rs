//! Self-inspection campaigns, their checklists, each department's sheet and answers.

use sea_orm::sea_query::Expr;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QueryOrder};
use uuid::Uuid;

use crate::Result;
use crate::entity::{inspection, inspection_answer, inspection_item, inspection_sheet};
use crate::tenancy::{get_in_org, update_in_org};

/// A new campaign with its checklist, its sheets and one blank answer per item each
/// sheet asks.
pub async fn insert<C: ConnectionTrait>(
    conn: &C,
    m: inspection::Model,
    items: Vec<inspection_item::Model>,
    sheets: Vec<inspection_sheet::Model>,
    answers: Vec<inspection_answer::Model>,
) -> Result<()> {
    crate::bulk::insert_rows(conn, [m]).await?;
    crate::bulk::insert_rows(conn, items).await?;
    crate::bulk::insert_rows(conn, sheets).await?;
    crate::bulk::insert_rows(conn, answers).await
}

pub async fn get<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<inspection::Model>> {
    get_in_org::<inspection::Entity, C>(conn, org_id, id).await
}

pub async fn update<C: ConnectionTrait>(conn: &C, m: inspection::Model) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Every campaign, latest year first.
pub async fn list<C: ConnectionTrait>(conn: &C, org_id: Uuid) -> Result<Vec<inspection::Model>> {
    use inspection::Column as Col;
    Ok(inspection::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .order_by_desc(Col::FiscalYear)
        .order_by_desc(Col::OpenedOn)
        .order_by_desc(Col::Id)
        .all(conn)
        .await?)
}

/// A campaign's checklist in its order.
pub async fn items<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    inspection_id: Uuid,
) -> Result<Vec<inspection_item::Model>> {
    use inspection_item::Column as Col;
    Ok(inspection_item::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::InspectionId.eq(inspection_id))
        .order_by_asc(Col::Position)
        .all(conn)
        .await?)
}

/// A campaign's sheets, one per department in scope.
pub async fn sheets<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    inspection_id: Uuid,
) -> Result<Vec<inspection_sheet::Model>> {
    use inspection_sheet::Column as Col;
    Ok(inspection_sheet::Entity::find()
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::InspectionId.eq(inspection_id))
        .all(conn)
        .await?)
}

pub async fn get_sheet<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<inspection_sheet::Model>> {
    get_in_org::<inspection_sheet::Entity, C>(conn, org_id, id).await
}

pub async fn update_sheet<C: ConnectionTrait>(
    conn: &C,
    m: inspection_sheet::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// The answers of the sheets named (a department's, or a whole campaign's).
pub async fn answers<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    sheet_ids: &[Uuid],
) -> Result<Vec<inspection_answer::Model>> {
    use inspection_answer::Column as Col;
    let mut out = Vec::new();
    for chunk in sheet_ids.chunks(500) {
        out.extend(
            inspection_answer::Entity::find()
                .filter(Col::OrgId.eq(org_id))
                .filter(Col::SheetId.is_in(chunk.to_vec()))
                .all(conn)
                .await?,
        );
    }
    Ok(out)
}

pub async fn get_answer<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<inspection_answer::Model>> {
    get_in_org::<inspection_answer::Entity, C>(conn, org_id, id).await
}

pub async fn update_answer<C: ConnectionTrait>(
    conn: &C,
    m: inspection_answer::Model,
) -> Result<bool> {
    let (id, org) = (m.id, m.org_id);
    update_in_org(conn, m, id, org).await
}

/// Marks the answers named as returned to the department with the reviewer's note,
/// and every other answer of the sheet as not returned.
pub async fn set_returned<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    sheet_id: Uuid,
    returned: &[(Uuid, String)],
) -> Result<()> {
    use inspection_answer::Column as Col;
    inspection_answer::Entity::update_many()
        .col_expr(Col::Returned, Expr::value(false))
        .col_expr(Col::ReturnNote, Expr::value(""))
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::SheetId.eq(sheet_id))
        .exec(conn)
        .await?;
    for (id, note) in returned {
        inspection_answer::Entity::update_many()
            .col_expr(Col::Returned, Expr::value(true))
            .col_expr(Col::ReturnNote, Expr::value(note.clone()))
            .filter(Col::OrgId.eq(org_id))
            .filter(Col::SheetId.eq(sheet_id))
            .filter(Col::Id.eq(*id))
            .exec(conn)
            .await?;
    }
    Ok(())
}

//! Versions of policy documents, their sections and attached originals.

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, EntityTrait, FromQueryResult, IntoActiveModel,
    QueryFilter, QueryOrder, QuerySelect,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{policy_attachment, policy_section, policy_version};

/// A version without its text: what lists and the status of a document need.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct VersionHead {
    pub id: Uuid,
    pub document_id: Uuid,
    pub version: i32,
    pub state: String,
    pub title: String,
    pub text_hash: String,
    pub note: String,
    pub meeting: String,
    pub decided_on: Option<NaiveDate>,
    pub decision_no: String,
    pub effective_on: Option<NaiveDate>,
    pub created_by: String,
    pub approved_by: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// The heads of every version of the organization's documents (or of one document),
/// by document and version.
pub async fn version_heads<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    document_id: Option<Uuid>,
) -> Result<Vec<VersionHead>> {
    use policy_version::Column as Col;
    let mut q = policy_version::Entity::find()
        .select_only()
        .columns([
            Col::Id,
            Col::DocumentId,
            Col::Version,
            Col::State,
            Col::Title,
            Col::TextHash,
            Col::Note,
            Col::Meeting,
            Col::DecidedOn,
            Col::DecisionNo,
            Col::EffectiveOn,
            Col::CreatedBy,
            Col::ApprovedBy,
            Col::CreatedAt,
            Col::UpdatedAt,
        ])
        .filter(Col::OrgId.eq(org_id));
    if let Some(d) = document_id {
        q = q.filter(Col::DocumentId.eq(d));
    }
    Ok(q.order_by_asc(Col::DocumentId)
        .order_by_asc(Col::Version)
        .into_model::<VersionHead>()
        .all(conn)
        .await?)
}

/// One version with its text.
pub async fn get_version<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    document_id: Uuid,
    version: i32,
) -> Result<Option<policy_version::Model>> {
    Ok(policy_version::Entity::find()
        .filter(policy_version::Column::OrgId.eq(org_id))
        .filter(policy_version::Column::DocumentId.eq(document_id))
        .filter(policy_version::Column::Version.eq(version))
        .one(conn)
        .await?)
}

/// Adds a version with its sections.
pub async fn insert_version<C: ConnectionTrait>(
    conn: &C,
    m: policy_version::Model,
    sections: Vec<policy_section::Model>,
) -> Result<()> {
    policy_version::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    crate::bulk::insert_rows(conn, sections).await
}

/// Changes a version; with `sections`, its text changed and they replace the old ones.
pub async fn update_version<C: ConnectionTrait>(
    conn: &C,
    m: policy_version::Model,
    sections: Option<Vec<policy_section::Model>>,
) -> Result<()> {
    let id = m.id;
    m.into_active_model().reset_all().update(conn).await?;
    if let Some(sections) = sections {
        policy_section::Entity::delete_many()
            .filter(policy_section::Column::VersionId.eq(id))
            .exec(conn)
            .await?;
        crate::bulk::insert_rows(conn, sections).await?;
    }
    Ok(())
}

/// Removes a draft with its sections and attachments.
pub async fn delete_version<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<()> {
    policy_section::Entity::delete_many()
        .filter(policy_section::Column::VersionId.eq(id))
        .exec(conn)
        .await?;
    policy_attachment::Entity::delete_many()
        .filter(policy_attachment::Column::VersionId.eq(id))
        .exec(conn)
        .await?;
    policy_version::Entity::delete_many()
        .filter(policy_version::Column::OrgId.eq(org_id))
        .filter(policy_version::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

/// A version's sections in order.
pub async fn sections<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    version_id: Uuid,
) -> Result<Vec<policy_section::Model>> {
    Ok(policy_section::Entity::find()
        .filter(policy_section::Column::OrgId.eq(org_id))
        .filter(policy_section::Column::VersionId.eq(version_id))
        .order_by_asc(policy_section::Column::Position)
        .all(conn)
        .await?)
}

/// An attached original without its body.
#[derive(Debug, Clone, PartialEq, Eq, FromQueryResult)]
pub struct AttachmentInfo {
    pub id: Uuid,
    pub version_id: Uuid,
    pub file_name: String,
    pub file_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

pub async fn insert_attachment<C: ConnectionTrait>(
    conn: &C,
    m: policy_attachment::Model,
) -> Result<()> {
    policy_attachment::Entity::insert(m.into_active_model())
        .exec_without_returning(conn)
        .await?;
    Ok(())
}

/// The originals attached to a version, oldest first.
pub async fn attachments<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    version_id: Uuid,
) -> Result<Vec<AttachmentInfo>> {
    use policy_attachment::Column as Col;
    Ok(policy_attachment::Entity::find()
        .select_only()
        .columns([
            Col::Id,
            Col::VersionId,
            Col::FileName,
            Col::FileType,
            Col::Size,
            Col::Sha256,
            Col::UploadedBy,
            Col::UploadedAt,
        ])
        .filter(Col::OrgId.eq(org_id))
        .filter(Col::VersionId.eq(version_id))
        .order_by_asc(Col::UploadedAt)
        .into_model::<AttachmentInfo>()
        .all(conn)
        .await?)
}

/// One attached original with its body.
pub async fn attachment<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
    id: Uuid,
) -> Result<Option<policy_attachment::Model>> {
    Ok(policy_attachment::Entity::find_by_id(id)
        .filter(policy_attachment::Column::OrgId.eq(org_id))
        .one(conn)
        .await?)
}

pub async fn delete_attachment<C: ConnectionTrait>(conn: &C, org_id: Uuid, id: Uuid) -> Result<()> {
    policy_attachment::Entity::delete_many()
        .filter(policy_attachment::Column::OrgId.eq(org_id))
        .filter(policy_attachment::Column::Id.eq(id))
        .exec(conn)
        .await?;
    Ok(())
}

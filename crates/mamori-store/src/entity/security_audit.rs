use sea_orm::entity::prelude::*;

/// An audit of a fiscal year: its plan, stage and summary. `departments` and
/// `chapters` are JSON arrays (department ids, catalog chapter ids).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "security_audits")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: String,
    pub programme_id: Option<Uuid>,
    pub fiscal_year: i32,
    pub kind: String,
    pub title: String,
    pub departments: String,
    pub chapters: String,
    /// The information systems named, with the department keeping each when planned:
    /// JSON `[{"asset": id, "department": id}]`.
    pub systems: String,
    pub criteria: String,
    pub planned_from: Date,
    pub planned_until: Date,
    pub state: String,
    pub external_body: String,
    pub summary: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A finding (指摘事項) of an audit.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_findings")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub audit_id: Uuid,
    pub seq: i32,
    pub grade: String,
    pub department_id: Uuid,
    pub criterion: String,
    pub description: String,
    pub found_on: Date,
    pub recorded_by: String,
    pub response: String,
    pub responded_by: String,
    pub responded_at: Option<DateTimeUtc>,
    pub closed_on: Option<Date>,
    pub closed_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// An auditor of an audit (`lead` or `member`), with the reason recorded when they
/// audit their own department.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "audit_auditors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub audit_id: Uuid,
    pub staff_id: Uuid,
    pub role: String,
    pub own_department_reason: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

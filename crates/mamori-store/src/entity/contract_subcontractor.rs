use sea_orm::entity::prelude::*;

/// A sub-contractor (再委託先) a contract uses, with its approval.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_subcontractors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub contract_id: Uuid,
    /// The sub-contractor, from the register.
    pub contractor_id: Uuid,
    pub scope: String,
    /// When the organization approved it; `None` while unapproved.
    pub approved_on: Option<Date>,
    pub approved_by: String,
    pub approval_ref: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A periodic check made of a contract's work.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contract_checks")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub contract_id: Uuid,
    pub checked_on: Date,
    /// `mamori_domain::contractor::CheckKind` code.
    pub kind: String,
    pub findings: String,
    /// The check found something to correct.
    pub issues: bool,
    pub checked_by: String,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A contract under which a contractor handles the organization's information.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contracts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub contractor_id: Uuid,
    /// Shown as `CON-0001`.
    pub number: i32,
    pub subject: String,
    /// The department that let the contract.
    pub department_id: Option<Uuid>,
    pub starts_on: Date,
    pub ends_on: Date,
    /// Personal data is entrusted.
    pub personal_data: bool,
    /// 特定個人情報 (My Number) is entrusted.
    pub my_number: bool,
    /// The template's clause codes the contract has, comma-separated.
    pub clauses: String,
    pub notes: String,
    /// Folded number and subject, for the register's search.
    pub search_key: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A contractor (委託先): a company that handles the organization's information.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contractors")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// Shown as `CTR-0001`.
    pub number: i32,
    pub name: String,
    pub kana: String,
    /// 法人番号, 13 digits checked; empty when it has none.
    pub corporate_number: String,
    pub address: String,
    pub contact: String,
    pub notes: String,
    /// Folded number, name, kana and 法人番号, for the register's search.
    pub search_key: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

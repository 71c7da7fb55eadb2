use sea_orm::entity::prelude::*;

/// A policy section or control that meets an obligation.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "law_obligation_links")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub obligation_id: Uuid,
    /// Canonical rule reference (`mamori_domain::law::RuleRef`).
    pub rule: String,
    /// `section`, `catalog` or `applied`.
    pub rule_kind: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A certification a contractor holds.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "contractor_certifications")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub contractor_id: Uuid,
    /// `mamori_domain::contractor::CertKind` code.
    pub kind: String,
    pub number: String,
    pub scope: String,
    pub registered_on: Option<Date>,
    pub expires_on: Option<Date>,
    pub created_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// An external service the organization uses (SaaS, cloud, LGWAN-ASP, public web).
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "services")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// The provider, from the contractor register.
    pub contractor_id: Uuid,
    pub number: i32,
    pub name: String,
    pub kind: String,
    pub department_id: Option<Uuid>,
    pub purpose: String,
    pub url: String,
    /// The highest level allowed on each scale (level codes of the organization's
    /// classification scheme).
    pub max_c: String,
    pub max_i: String,
    pub max_a: String,
    /// The most sensitive personal information allowed (`PersonalDataKind` code).
    pub max_personal: String,
    pub listing: String,
    pub listing_number: String,
    pub listed_on: Option<Date>,
    pub listing_expires_on: Option<Date>,
    pub location: String,
    pub location_note: String,
    pub terms_accepted_on: Option<Date>,
    pub terms_ref: String,
    pub starts_on: Option<Date>,
    pub ends_on: Option<Date>,
    /// How the data is deleted at the end of use.
    pub deletion: String,
    /// The day the deletion was confirmed.
    pub deleted_on: Option<Date>,
    pub deletion_ref: String,
    pub notes: String,
    pub search_key: String,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// One person's acknowledgement of a campaign's version.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "acknowledgements")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub campaign_id: Uuid,
    pub staff_id: Uuid,
    pub version_id: Uuid,
    /// The version's fingerprint as it was shown.
    pub text_hash: String,
    /// `online` or `paper`.
    pub method: String,
    /// A paper form: the day it was signed.
    pub signed_on: Option<Date>,
    pub acknowledged_at: DateTimeUtc,
    pub recorded_by: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

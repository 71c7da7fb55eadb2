use sea_orm::entity::prelude::*;

/// A disposal of devices, media or records: what and how, by whom, witnessed by whom,
/// the serial numbers on its certificate, and when it was done.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "disposals")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: i32,
    pub what: String,
    pub data: String,
    pub level: String,
    pub method: String,
    pub paper: bool,
    pub department_id: Option<Uuid>,
    /// `staff` or `contractor`.
    pub performer: String,
    pub contractor_id: Option<Uuid>,
    pub performer_name: String,
    pub witness_staff_id: Option<Uuid>,
    pub planned_on: Date,
    pub requester_staff_id: Option<Uuid>,
    pub requested_by: String,
    pub requested_at: DateTimeUtc,
    pub certificate_serials: String,
    pub completed_on: Option<Date>,
    pub completed_by: String,
    pub completed_at: Option<DateTimeUtc>,
    pub cancelled: bool,
    pub notes: String,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A request to take an item or records out, its decision, and its going and return.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "takeouts")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    pub number: i32,
    pub item_id: Option<Uuid>,
    pub what: String,
    pub data: String,
    pub level: String,
    pub purpose: String,
    pub destination: String,
    pub measures: String,
    pub out_on: Date,
    pub due_on: Date,
    pub department_id: Option<Uuid>,
    pub requester_staff_id: Option<Uuid>,
    pub requested_by: String,
    pub requested_at: DateTimeUtc,
    pub approver_role: String,
    pub decision: String,
    pub decided_by: String,
    pub decided_at: Option<DateTimeUtc>,
    pub decision_note: String,
    pub cancelled: bool,
    pub checked_out_at: Option<DateTimeUtc>,
    pub returned_at: Option<DateTimeUtc>,
    pub return_note: String,
    pub reminded_on: Option<Date>,
    pub escalated_on: Option<Date>,
    pub incident_id: Option<Uuid>,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

use sea_orm::entity::prelude::*;

/// A violation of the policy (§11): restricted to the designated roles.
#[derive(Clone, Debug, PartialEq, Eq, DeriveEntityModel)]
#[sea_orm(table_name = "violations")]
pub struct Model {
    #[sea_orm(primary_key, auto_increment = false)]
    pub id: Uuid,
    pub org_id: Uuid,
    /// Shown as `VIO-0001`.
    pub number: i32,
    /// `mamori_domain::violation::State` code.
    pub state: String,
    pub title: String,
    /// The staff member, when they are in the register.
    pub person_staff_id: Option<Uuid>,
    /// A contractor's person not in the register: name and company.
    pub person_name: String,
    pub person_company: String,
    /// The person's department when it happened.
    pub department_id: Option<Uuid>,
    /// The rule broken, canonical (`mamori_domain::exception::RuleRef`).
    pub rule: String,
    pub what: String,
    pub occurred_on: Option<Date>,
    pub found_on: Date,
    pub found_by: String,
    pub evidence: String,
    pub incident_id: Option<Uuid>,
    /// `mamori_domain::violation::Culpability` code; empty before the assessment.
    pub culpability: String,
    /// `mamori_domain::violation::Impact` code; empty before the assessment.
    pub impact: String,
    pub assessment: String,
    /// JSON array of the measures the guidance recommended.
    pub recommended: String,
    /// Who decided: the role or the committee.
    pub decided_by: String,
    pub meeting: String,
    pub decision_ref: String,
    pub decided_on: Option<Date>,
    pub decision: String,
    /// The person's explanation (弁明).
    pub explanation: String,
    pub explained_on: Option<Date>,
    /// JSON array of the measures done, each with its day and a note.
    pub measures: String,
    pub access_suspended: bool,
    pub closed_on: Option<Date>,
    pub created_by: String,
    pub created_at: DateTimeUtc,
    pub updated_at: DateTimeUtc,
}

#[derive(Copy, Clone, Debug, EnumIter, DeriveRelation)]
pub enum Relation {}

impl ActiveModelBehavior for ActiveModel {}

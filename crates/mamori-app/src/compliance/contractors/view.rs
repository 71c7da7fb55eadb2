//! The contractor register as it is shown: the views lists, pages, the dashboard and
//! the API serve.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::contractor::{CertKind, CertStatus, CheckKind, Standing};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::compliance::exceptions::Linked;

/// A certification and whether it holds today.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CertificationView {
    pub id: Uuid,
    #[schema(value_type = String)]
    pub kind: CertKind,
    pub number: String,
    pub scope: String,
    pub registered_on: Option<NaiveDate>,
    pub expires_on: Option<NaiveDate>,
    /// `valid`, `expiring` (within 60 days), `expired` or `open` (no expiry recorded).
    #[schema(value_type = String)]
    pub status: CertStatus,
}

/// A contractor as the register and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractorView {
    pub id: Uuid,
    /// `CTR-0001`
    pub number: String,
    pub name: String,
    pub kana: String,
    pub corporate_number: String,
    pub address: String,
    pub contact: String,
    pub notes: String,
    pub certifications: Vec<CertificationView>,
    /// Contracts not yet ended.
    pub live_contracts: i64,
    /// A certification has lapsed.
    pub lapsed: bool,
    /// A certification expires within 60 days.
    pub expiring: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A contract as lists and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractView {
    pub id: Uuid,
    /// `CON-0001`
    pub number: String,
    pub contractor_id: Uuid,
    pub contractor: String,
    pub subject: String,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// `upcoming`, `active`, `ending` (within 60 days) or `ended`.
    #[schema(value_type = String)]
    pub standing: Standing,
    pub personal_data: bool,
    pub my_number: bool,
    /// The template's clauses the contract has (codes).
    pub clauses: Vec<String>,
    /// The template's clauses it lacks.
    pub missing_clauses: usize,
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// A clause of the template and whether the contract has it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ClauseTick {
    pub code: String,
    pub ja: String,
    pub en: String,
    pub ticked: bool,
}

/// A sub-contractor of a contract.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct SubcontractorView {
    pub id: Uuid,
    pub contractor_id: Uuid,
    pub contractor: String,
    pub scope: String,
    /// `None` while unapproved.
    pub approved_on: Option<NaiveDate>,
    pub approved_by: String,
    pub approval_ref: String,
}

/// A periodic check of a contract.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct CheckView {
    pub id: Uuid,
    pub checked_on: NaiveDate,
    #[schema(value_type = String)]
    pub kind: CheckKind,
    pub findings: String,
    pub issues: bool,
    pub checked_by: String,
}

/// A contract's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractDetail {
    pub contract: ContractView,
    /// The template's clauses, in order, ticked or not (and any the contract has that
    /// the template no longer lists).
    pub clauses: Vec<ClauseTick>,
    pub assets: Vec<Linked>,
    pub subcontractors: Vec<SubcontractorView>,
    pub checks: Vec<CheckView>,
    /// The reader may change it, record checks and propose sub-contractors.
    pub can_edit: bool,
    /// The reader may approve its sub-contractors.
    pub can_approve: bool,
}

/// A contractor's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractorDetail {
    pub contractor: ContractorView,
    pub contracts: Vec<ContractView>,
    /// Contracts it works on as a sub-contractor.
    pub subcontracting: Vec<ContractView>,
    /// Its people in the staff register (委託事業者).
    pub people: Vec<super::people::ContractorPerson>,
    /// The reader may change it and its certifications.
    pub can_keep: bool,
}

/// The register's figures for the dashboard.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ContractorCounts {
    pub contractors: usize,
    /// Contractors with a lapsed certification.
    pub lapsed: usize,
    /// Contractors with a certification expiring within 60 days.
    pub expiring: usize,
    /// Contracts not yet ended.
    pub live_contracts: u64,
    /// Contracts ending within 60 days.
    pub ending: u64,
    /// Contracts with a sub-contractor not yet approved.
    pub unapproved: u64,
}

//! What a form or the API sends to keep the contractor register, and the contract
//! register's filters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A contractor added or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ContractorInput {
    pub name: String,
    #[serde(default)]
    pub kana: String,
    /// 法人番号: 13 digits with its check digit (hyphens and full width accepted);
    /// empty when the company has none.
    #[serde(default)]
    pub corporate_number: String,
    #[serde(default)]
    pub address: String,
    /// Who to contact: name, telephone, mail.
    #[serde(default)]
    pub contact: String,
    #[serde(default)]
    pub notes: String,
}

/// A certification recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct CertificationInput {
    /// `iso27001`, `privacy_mark`, `ismap`, `ismap_liu`, `iso27017` or `other` (or the
    /// label).
    pub kind: String,
    /// The registration or certificate number.
    pub number: String,
    /// What it covers (a site, a service).
    #[serde(default)]
    pub scope: String,
    /// Registered or certified on (`2025-04-01` or 和暦).
    #[serde(default)]
    pub registered_on: String,
    /// Expires on; not before the registration.
    #[serde(default)]
    pub expires_on: String,
}

/// A contract recorded or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ContractInput {
    /// The contractor (id).
    pub contractor: Option<Uuid>,
    pub subject: String,
    /// The department that lets it (id).
    #[serde(default)]
    pub department: Option<Uuid>,
    /// First day (`2026-04-01` or 和暦).
    pub starts_on: String,
    /// Last day; not before the first.
    pub ends_on: String,
    /// Personal data is entrusted.
    #[serde(default)]
    pub personal_data: bool,
    /// 特定個人情報 (My Number) is entrusted.
    #[serde(default)]
    pub my_number: bool,
    /// Codes of the template's security clauses the contract has.
    #[serde(default)]
    pub clauses: Vec<String>,
    /// Asset numbers (`A-000123`) of the assets and systems it handles.
    #[serde(default)]
    pub assets: Vec<String>,
    #[serde(default)]
    pub notes: String,
}

/// A sub-contractor proposed for a contract.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct SubcontractorInput {
    /// The sub-contractor, from the register (id).
    pub contractor: Option<Uuid>,
    /// What it does.
    pub scope: String,
}

/// The approval of a sub-contractor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct SubcontractApproval {
    /// Approved on (`2026-04-01` or 和暦; not in the future).
    pub approved_on: String,
    /// The approval's document number, if any.
    #[serde(default)]
    pub approval_ref: String,
}

/// A periodic check recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct CheckInput {
    /// Checked on (not in the future).
    pub checked_on: String,
    /// `report`, `onsite`, `questionnaire` or `audit` (or the label).
    pub kind: String,
    /// What was found.
    pub findings: String,
    /// Something must be corrected.
    #[serde(default)]
    pub issues: bool,
}

/// The contract template's clauses.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ClauseSettingsInput {
    /// One clause per line: `code|日本語|English`.
    pub clauses: String,
}

/// The contract register's filters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ContractQuery {
    /// Free text over number and subject (width and kana folded).
    pub q: Option<String>,
    /// A contractor (id).
    pub contractor: Option<Uuid>,
    /// Department id (its subtree is included).
    pub department: Option<Uuid>,
    /// `upcoming`, `active`, `ending` (within 60 days), `ended`, or `live` (not ended).
    pub standing: Option<String>,
    /// Only contracts entrusting personal data or 特定個人情報.
    pub personal_data: Option<bool>,
    /// Only contracts with a sub-contractor not yet approved.
    pub unapproved: Option<bool>,
    /// An asset id: contracts that handle it.
    pub asset: Option<Uuid>,
    /// 1-based page number.
    #[param(minimum = 1, maximum = 1000000)]
    pub page: Option<u64>,
    /// 1–200, default 50.
    #[param(minimum = 1, maximum = 200)]
    pub per_page: Option<u64>,
}

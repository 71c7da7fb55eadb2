//! What a form or the API sends to keep the external service register, and its
//! filters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// An external service added or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ServiceInput {
    pub name: String,
    /// `saas`, `platform` (IaaS/PaaS), `lgwan_asp`, `public_web` or `other` (or the
    /// label).
    pub kind: String,
    /// The provider, from the contractor register (id).
    pub contractor: Option<Uuid>,
    /// The department that keeps it (id).
    #[serde(default)]
    pub department: Option<Uuid>,
    /// What the organization uses it for.
    #[serde(default)]
    pub purpose: String,
    #[serde(default)]
    pub url: String,
    /// The highest confidentiality level allowed on it (a level of the organization's
    /// classification scheme: `2`, `3B` …).
    pub max_c: String,
    /// The highest integrity level allowed.
    pub max_i: String,
    /// The highest availability level allowed.
    pub max_a: String,
    /// The most sensitive personal information allowed: `none`, `personal`,
    /// `sensitive` or `my_number` (or the label).
    #[serde(default)]
    pub max_personal: String,
    /// `none`, `ismap` or `ismap_liu`.
    #[serde(default)]
    pub listing: String,
    /// The ISMAP registration number (required when listed).
    #[serde(default)]
    pub listing_number: String,
    /// Listed on (`2025-04-01` or 和暦).
    #[serde(default)]
    pub listed_on: String,
    /// The listing expires on; not before it was listed.
    #[serde(default)]
    pub listing_expires_on: String,
    /// Where the data is kept: `domestic`, `abroad`, `both` or `unknown`.
    #[serde(default)]
    pub location: String,
    /// Regions, data centres, the governing law.
    #[serde(default)]
    pub location_note: String,
    /// The day its terms (利用規約) were accepted.
    #[serde(default)]
    pub terms_accepted_on: String,
    /// Which terms: their version or date.
    #[serde(default)]
    pub terms_ref: String,
    /// Employee numbers of the staff who administer it.
    #[serde(default)]
    pub admins: Vec<String>,
    /// Asset numbers (`A-000123`) of the information placed on it.
    #[serde(default)]
    pub assets: Vec<String>,
    /// First day of use.
    #[serde(default)]
    pub starts_on: String,
    /// Last day of use, when decided; not before the first.
    #[serde(default)]
    pub ends_on: String,
    /// How the data is deleted when the use ends.
    #[serde(default)]
    pub deletion: String,
    /// The day the deletion was confirmed (after the last day of use).
    #[serde(default)]
    pub deleted_on: String,
    /// The deletion certificate or report.
    #[serde(default)]
    pub deletion_ref: String,
    #[serde(default)]
    pub notes: String,
}

/// The external service register's filters.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, IntoParams)]
#[serde(default)]
#[into_params(parameter_in = Query)]
pub struct ServiceQuery {
    /// Free text over number, name, provider and purpose (width and kana folded).
    pub q: Option<String>,
    /// `saas`, `platform`, `lgwan_asp`, `public_web` or `other`.
    pub kind: Option<String>,
    /// Department id (its subtree is included).
    pub department: Option<Uuid>,
    /// A provider (contractor id).
    pub contractor: Option<Uuid>,
    /// `planned`, `in_use`, `ending`, `deleting` (ended, deletion not confirmed) or
    /// `closed`.
    pub usage: Option<String>,
    /// Only services holding an asset above what they allow.
    pub over: Option<bool>,
    /// Only services with something to see to: an asset above the ceiling, a lapsed or
    /// expiring listing, a cloud service unlisted, or a deletion not confirmed.
    pub flagged: Option<bool>,
}

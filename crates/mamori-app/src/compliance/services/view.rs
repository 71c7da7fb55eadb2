//! The external service register as it is shown: the views lists, pages, the
//! dashboard and the API serve.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::asset::PersonalDataKind;
use mamori_domain::contractor::CertStatus;
use mamori_domain::service::{Excess, Kind, Listing, Location, Usage};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

/// A service as the register and the API show it.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceView {
    pub id: Uuid,
    /// `SVC-0001`
    pub number: String,
    pub name: String,
    /// `saas`, `platform`, `lgwan_asp`, `public_web` or `other`.
    #[schema(value_type = String)]
    pub kind: Kind,
    /// The provider (a contractor of the register).
    pub contractor_id: Uuid,
    pub contractor: String,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub purpose: String,
    pub url: String,
    /// The highest levels allowed (codes of the classification scheme).
    pub max_c: String,
    pub max_i: String,
    pub max_a: String,
    /// The most sensitive personal information allowed.
    #[schema(value_type = String)]
    pub max_personal: PersonalDataKind,
    /// `none`, `ismap` or `ismap_liu`.
    #[schema(value_type = String)]
    pub listing: Listing,
    pub listing_number: String,
    pub listed_on: Option<NaiveDate>,
    pub listing_expires_on: Option<NaiveDate>,
    /// Whether the listing holds today (`valid`, `expiring`, `expired`, `open`); none
    /// when not listed.
    #[schema(value_type = Option<String>)]
    pub listing_status: Option<CertStatus>,
    /// `domestic`, `abroad`, `both` or `unknown`.
    #[schema(value_type = String)]
    pub location: Location,
    pub location_note: String,
    pub terms_accepted_on: Option<NaiveDate>,
    pub terms_ref: String,
    pub starts_on: Option<NaiveDate>,
    pub ends_on: Option<NaiveDate>,
    /// `planned`, `in_use`, `ending`, `deleting` or `closed`.
    #[schema(value_type = String)]
    pub usage: Usage,
    pub deletion: String,
    pub deleted_on: Option<NaiveDate>,
    pub deletion_ref: String,
    pub notes: String,
    /// Names of its administrators.
    pub admins: Vec<String>,
    /// Assets placed on it.
    pub assets: usize,
    /// Of them, those above what it allows.
    pub over: usize,
    /// A cloud service in use allowing more than the lowest confidentiality without an
    /// ISMAP listing.
    pub unlisted_cloud: bool,
    /// Something to see to: an asset above the ceiling; while in use, a lapsed or
    /// expiring listing or a cloud service unlisted; once ended, a deletion not
    /// confirmed.
    pub flagged: bool,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

/// An asset placed on a service, and where it goes beyond what the service allows.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct PlacedAsset {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub c_level: String,
    pub i_level: String,
    pub a_level: String,
    #[schema(value_type = String)]
    pub personal_data: PersonalDataKind,
    /// `{"level": "c"}` … or `"personal"`; empty when it fits.
    #[schema(value_type = Vec<Object>)]
    pub over: Vec<Excess>,
}

/// A service's administrator, from the staff register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceAdmin {
    pub staff_id: Uuid,
    pub employee_number: String,
    pub name: String,
}

/// A service's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ServiceDetail {
    pub service: ServiceView,
    /// The assets on it the reader may see.
    pub assets: Vec<PlacedAsset>,
    /// Restricted assets on it outside the reader's need-to-know: counted, not named.
    pub hidden_assets: usize,
    pub admins: Vec<ServiceAdmin>,
    /// The reader may change it.
    pub can_edit: bool,
}

/// A service an asset is placed on, for the asset's page.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct AssetService {
    pub id: Uuid,
    pub number: String,
    pub name: String,
    #[schema(value_type = String)]
    pub kind: Kind,
    pub contractor: String,
    #[schema(value_type = String)]
    pub usage: Usage,
    /// Where the asset goes beyond what the service allows; empty when it fits.
    #[schema(value_type = Vec<Object>)]
    pub over: Vec<Excess>,
}

/// The register's figures for the dashboard.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct ServiceCounts {
    pub services: usize,
    /// In use (or ending).
    pub in_use: usize,
    /// Services holding an asset above what they allow.
    pub over: usize,
    /// Services not ended whose ISMAP listing has lapsed or expires within 60 days.
    pub listing_lapsed: usize,
    /// Cloud services allowing more than the lowest confidentiality, unlisted.
    pub unlisted_cloud: usize,
    /// Ended, the deletion of the data not yet confirmed.
    pub deleting: usize,
}

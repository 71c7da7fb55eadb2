//! What a form or the API sends to keep the equipment and media register, run an
//! inventory and take things out, and the lists' filters.

use serde::{Deserialize, Serialize};
use utoipa::{IntoParams, ToSchema};
use uuid::Uuid;

/// A device or medium added or changed.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ItemInput {
    /// Letters, digits and hyphens (`USB-0001`), unique in the organization.
    pub number: String,
    /// `pc`, `server`, `network_device`, `disk`, `usb`, `external_disk`, `optical`,
    /// `sd_card`, `paper_ledger` or `other` (or the label).
    pub kind: String,
    /// What it is ("USBメモリ 32GB（暗号化機能付き）").
    #[serde(default)]
    pub name: String,
    /// The number of the asset of the register it belongs to (`A-000123`).
    #[serde(default)]
    pub asset: String,
    #[serde(default)]
    pub serial: String,
    /// The label stuck on it (備品番号).
    #[serde(default)]
    pub asset_tag: String,
    /// "32GB", "4TB", "A4 200 枚" …
    #[serde(default)]
    pub capacity: String,
    #[serde(default)]
    pub encrypted: bool,
    /// The highest confidentiality level of data it may carry (the scheme's code;
    /// empty: no limit).
    #[serde(default)]
    pub max_level: String,
    #[serde(default)]
    pub department: Option<Uuid>,
    /// The employee number of whoever holds it.
    #[serde(default)]
    pub holder: String,
    /// The area it is kept in, by code (`HQ-3F-SR`).
    #[serde(default)]
    pub area: String,
    /// Rack, shelf or cabinet in the area.
    #[serde(default)]
    pub rack: String,
    /// `in_use`, `lost` or `disposed` (default in use).
    #[serde(default)]
    pub status: String,
    #[serde(default)]
    pub notes: String,
}

/// Which items a list shows.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct ItemQuery {
    /// A kind's code; `removable` for every removable medium.
    #[serde(default)]
    pub kind: Option<String>,
    /// A department; its sub-departments count as it.
    #[serde(default)]
    pub department: Option<Uuid>,
    /// `in_use`, `lost` or `disposed`.
    #[serde(default)]
    pub status: Option<String>,
    /// Part of a number, name, serial number or asset tag.
    #[serde(default)]
    pub q: Option<String>,
    /// The place the items are kept in.
    #[serde(default)]
    pub area: Option<Uuid>,
}

/// An inventory to open.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct InventoryInput {
    /// "令和8年度 上期 棚卸".
    pub name: String,
    /// The day departments answer by (default four weeks on).
    #[serde(default)]
    pub due_on: String,
}

/// What a department found when it looked for one item.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct FindingInput {
    /// `present` or `missing`.
    pub finding: String,
    #[serde(default)]
    pub note: String,
}

/// A request to take something out.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct TakeoutInput {
    /// The number of the device or medium (empty for paper records not in the
    /// register; then `what` says what goes).
    #[serde(default)]
    pub item: String,
    /// What goes out, when it is not a registered item, or more about it.
    #[serde(default)]
    pub what: String,
    /// Which information it carries ("住民税課税台帳の抜粋 120 件").
    pub data: String,
    /// The confidentiality level of that information (the scheme's code or label).
    pub level: String,
    pub purpose: String,
    pub destination: String,
    /// The day it goes out.
    pub out_on: String,
    /// The day it is due back.
    pub due_on: String,
    /// `encrypted`, `password`, `locked_case`, `carried_in_person`, `masked`,
    /// separated by commas.
    #[serde(default)]
    pub measures: String,
}

/// An approver's decision.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct TakeoutDecision {
    pub approve: bool,
    /// Conditions or the reason for refusing (a refusal needs one).
    #[serde(default)]
    pub note: String,
}

/// A return recorded.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct ReturnInput {
    #[serde(default)]
    pub note: String,
}

/// Which take-outs a list shows.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct TakeoutQuery {
    /// `open` (not yet finished), `out` (out now), `overdue` (out past its date),
    /// `mine` (the reader's own) or empty for all.
    #[serde(default)]
    pub show: Option<String>,
}

/// Who approves take-outs: a role per confidentiality level code.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct TakeoutRulesInput {
    /// Level code → role code (`section-manager`, `department-officer`,
    /// `deputy-ciso`, `ciso`); a level left out takes the default for its rank.
    pub approvers: std::collections::BTreeMap<String, String>,
}

/// A disposal asked for.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DisposalInput {
    /// The numbers of the devices and media destroyed, one per line or separated by
    /// commas (empty for paper records not in the register; then `what` says what).
    #[serde(default)]
    pub items: String,
    /// What is destroyed, or more about it.
    #[serde(default)]
    pub what: String,
    /// The information it held.
    pub data: String,
    /// The confidentiality level of that information (the scheme's code or label).
    pub level: String,
    /// `physical_destruction`, `degaussing`, `overwrite`, `crypto_erase`, `shredding`
    /// or `dissolving` (or the label).
    pub method: String,
    /// `staff` or `contractor`.
    pub performer: String,
    /// The contractor of the register (`CTR-0007`), when one performs it.
    #[serde(default)]
    pub contractor: String,
    /// Who performs it: the contractor's person, or the staff member's name.
    #[serde(default)]
    pub performer_name: String,
    /// The employee number of the staff member who witnesses it.
    #[serde(default)]
    pub witness: String,
    /// The day it is to be done.
    pub planned_on: String,
    #[serde(default)]
    pub notes: String,
}

/// The serial numbers written on an erasure certificate, one per line.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct CertificateInput {
    pub serials: String,
}

/// A disposal recorded as done.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct CompleteInput {
    /// The day it was done (default today).
    #[serde(default)]
    pub completed_on: String,
    /// The witness's employee number, if not given with the request.
    #[serde(default)]
    pub witness: String,
}

/// Which disposals a list shows.
#[derive(Debug, Clone, Default, Deserialize, Serialize, IntoParams, ToSchema)]
#[into_params(parameter_in = Query)]
pub struct DisposalQuery {
    /// `open` (not yet done) or `done`; empty for all.
    #[serde(default)]
    pub show: Option<String>,
    /// Done on or after this day.
    #[serde(default)]
    pub from: Option<String>,
    /// Done on or before this day.
    #[serde(default)]
    pub until: Option<String>,
}

/// What one confidentiality level's disposals need.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct LevelRuleInput {
    /// The methods allowed, codes separated by commas.
    pub methods: String,
    /// Whether a staff member must witness it.
    #[serde(default)]
    pub witness: bool,
}

/// The disposal rules: per confidentiality level code.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct DisposalRulesInput {
    pub levels: std::collections::BTreeMap<String, LevelRuleInput>,
}

//! Devices, media, inventories and take-outs as they are shown: the views the pages,
//! the dashboard and the API serve.

use chrono::{DateTime, NaiveDate, Utc};
use mamori_domain::Role;
use mamori_domain::media::disposal::Method;
use mamori_domain::media::inventory::{Coverage, Finding};
use mamori_domain::media::takeout::{Measure, State};
use mamori_domain::media::{ItemKind, ItemStatus};
use serde::Serialize;
use utoipa::ToSchema;
use uuid::Uuid;

use crate::physical::Person;

/// Another record named on a view: its id, number or code, and name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Named {
    pub id: Uuid,
    pub code: String,
    pub name: String,
}

/// The take-out an item is out on now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct OutOn {
    pub takeout_id: Uuid,
    pub number: String,
    pub destination: String,
    pub due_on: NaiveDate,
}

/// A device or medium of the register.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemView {
    pub id: Uuid,
    pub number: String,
    #[schema(value_type = String)]
    pub kind: ItemKind,
    pub name: String,
    /// The asset of the register it belongs to, by number only (the asset may be a
    /// restricted record, its name not for every reader).
    pub asset: Option<Named>,
    pub serial: String,
    pub asset_tag: String,
    pub capacity: String,
    pub encrypted: bool,
    /// The highest confidentiality level it may carry (empty: no limit).
    pub max_level: String,
    pub department_id: Option<Uuid>,
    pub department: String,
    pub holder: Option<Person>,
    /// The place it is kept in.
    pub area: Option<Named>,
    pub rack: String,
    #[schema(value_type = String)]
    pub status: ItemStatus,
    pub notes: String,
    /// The take-out it is out on now, if any.
    pub out_on: Option<OutOn>,
}

/// One item with its take-outs and inventory checks: where it is and where it went.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ItemDetail {
    pub item: ItemView,
    pub takeouts: Vec<TakeoutView>,
    pub checks: Vec<InventoryCheckView>,
    /// The disposals that name it, not withdrawn; `name` is the day one was done,
    /// empty while it is under way.
    pub disposals: Vec<Named>,
    pub may_edit: bool,
}

/// A take-out as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TakeoutView {
    pub id: Uuid,
    /// `T-000012`.
    pub number: String,
    /// The registered device or medium that goes out, if any.
    pub item: Option<Named>,
    pub what: String,
    pub data: String,
    pub level: String,
    pub purpose: String,
    pub destination: String,
    #[schema(value_type = Vec<String>)]
    pub measures: Vec<Measure>,
    pub out_on: NaiveDate,
    pub due_on: NaiveDate,
    pub department: String,
    pub requester: Option<Person>,
    pub requested_at: DateTime<Utc>,
    /// The role whose approval it needs (code).
    #[schema(value_type = String)]
    pub approver_role: Role,
    #[schema(value_type = String)]
    pub state: State,
    pub decided_by: String,
    pub decided_at: Option<DateTime<Utc>>,
    pub decision_note: String,
    pub checked_out_at: Option<DateTime<Utc>>,
    pub returned_at: Option<DateTime<Utc>>,
    pub return_note: String,
    /// Days past its return date while out (0 when not late).
    pub days_overdue: i64,
    pub incident_id: Option<Uuid>,
    /// What the reader may do with it now.
    pub may_decide: bool,
    pub may_handle: bool,
}

/// An inventory with its coverage over the whole organization.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InventoryView {
    pub id: Uuid,
    pub name: String,
    pub opened_on: NaiveDate,
    pub due_on: NaiveDate,
    pub closed_on: Option<NaiveDate>,
    pub opened_by: String,
    #[schema(value_type = Object)]
    pub coverage: Coverage,
}

/// One department's part of an inventory.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DeptCoverage {
    pub department_id: Option<Uuid>,
    pub department: String,
    #[schema(value_type = Object)]
    pub coverage: Coverage,
    /// Whether the reader may record its findings.
    pub may_check: bool,
}

/// An item an inventory asks about.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InventoryCheckView {
    pub id: Uuid,
    pub inventory_id: Uuid,
    pub inventory: String,
    pub item_id: Uuid,
    pub item_number: String,
    #[schema(value_type = String)]
    pub item_kind: ItemKind,
    pub item_name: String,
    pub holder: Option<Person>,
    /// `present`, `missing`, or none while not checked.
    #[schema(value_type = Option<String>)]
    pub finding: Option<Finding>,
    pub checked_by: String,
    pub checked_at: Option<DateTime<Utc>>,
    pub note: String,
    pub incident_id: Option<Uuid>,
}

/// An inventory with each department's coverage and, for one department, its items.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct InventoryDetail {
    pub inventory: InventoryView,
    pub departments: Vec<DeptCoverage>,
    /// The department shown below the table, and its checks.
    pub department_id: Option<Uuid>,
    pub checks: Vec<InventoryCheckView>,
    pub may_check: bool,
    pub may_close: bool,
}

/// Figures for the dashboard and the register's heading.
#[derive(Debug, Clone, Default, Serialize, ToSchema)]
pub struct MediaCounts {
    pub items: u64,
    pub missing: u64,
    /// Take-outs out now, and those of them past their return date.
    pub out: u64,
    pub overdue: u64,
    /// Take-outs waiting for the reader's approval.
    pub to_approve: u64,
    /// Disposals not yet done that still lack a witness, a certificate or matching
    /// serial numbers.
    pub awaiting_proof: u64,
}

/// Who approves take-outs of one confidentiality level.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ApproverLine {
    pub level: String,
    pub label_ja: String,
    pub label_en: String,
    /// The approving role (code).
    #[schema(value_type = String)]
    pub approver: Role,
    /// Set by the organization (else the default for the level's rank).
    pub custom: bool,
}

/// Who approves take-outs, per confidentiality level of the active scheme, highest
/// first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct TakeoutRulesView {
    pub levels: Vec<ApproverLine>,
}

/// An item a disposal destroys, as it was.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisposalItemView {
    pub item_id: Uuid,
    pub number: String,
    pub serial: String,
}

/// A disposal's certificate or photo.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisposalFileView {
    pub id: Uuid,
    /// `certificate` or `photo`.
    pub kind: String,
    pub file_name: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: DateTime<Utc>,
}

/// A disposal as shown.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisposalView {
    pub id: Uuid,
    /// `D-000003`.
    pub number: String,
    pub what: String,
    pub data: String,
    pub level: String,
    #[schema(value_type = String)]
    pub method: Method,
    pub paper: bool,
    pub department: String,
    /// `staff` or `contractor`.
    pub performer: String,
    pub contractor: Option<Named>,
    pub performer_name: String,
    pub witness: Option<Person>,
    pub planned_on: NaiveDate,
    pub requester: Option<Person>,
    pub requested_at: DateTime<Utc>,
    pub items: Vec<DisposalItemView>,
    pub certificate_serials: Vec<String>,
    pub files: Vec<DisposalFileView>,
    pub completed_on: Option<NaiveDate>,
    pub completed_by: String,
    pub cancelled: bool,
    /// What completing it still needs: `witness`, `certificate`, `serials` (the
    /// certificate's numbers do not match the register's).
    pub missing: Vec<String>,
    /// The serial numbers' mismatch in words, when there is one.
    pub mismatch: String,
    pub may_edit: bool,
}

/// How data of one confidentiality level is disposed of.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisposalRuleLine {
    pub level: String,
    pub label_ja: String,
    pub label_en: String,
    #[schema(value_type = Vec<String>)]
    pub methods: Vec<Method>,
    pub witness: bool,
    pub custom: bool,
}

/// The disposal rules of every level of the active scheme, highest first.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct DisposalRulesView {
    pub levels: Vec<DisposalRuleLine>,
}

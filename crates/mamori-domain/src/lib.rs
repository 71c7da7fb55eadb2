//! Mamori's domain: pure types and rules, unit-tested here.
//!
//! Nothing in this crate reads the clock, draws random numbers, touches a file, a
//! database or the network; time and randomness arrive as parameters.

pub mod asset;
pub mod audit;
pub mod catalog;
pub mod classification;
pub mod contractor;
pub mod control;
pub mod department;
pub mod directory;
pub mod error;
pub mod event;
pub mod evidence;
pub mod exception;
pub mod incident;
pub mod invitation;
pub mod japan_time;
mod labelled;
pub mod law;
pub mod media;
mod newtype;
pub mod notify;
pub mod org;
pub mod period;
pub mod physical;
pub mod policy;
pub mod protection;
pub mod review;
pub mod risk;
pub mod role;
pub mod schedule;
pub mod service;
pub mod settings;
pub mod staff;
pub mod text;
pub mod training;
pub mod violation;
pub mod wareki;

pub use asset::{AssetKind, AssetNumber, AssetStatus, NetworkLayer, PersonalDataKind, Retention};
pub use catalog::{ControlCategory, ThreatCategory};
pub use classification::{Dimension, Level, Preset, Scale, Scheme, SchemeMapping};
pub use control::ImplementationStatus;
pub use department::{DepartmentCode, DepartmentKind, DepartmentName};
pub use error::{FieldError, Invalid, Problem};
pub use org::{LocalGovCode, OrgName, Prefecture};
pub use period::Period;
pub use protection::{Protection, RelationKind};
pub use role::Role;
pub use staff::{EmployeeNumber, PersonName, StaffCategory, StaffEmail};
pub use wareki::Era;

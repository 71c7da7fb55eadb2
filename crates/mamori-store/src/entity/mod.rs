//! SeaORM entities, one per table. Field types are the Rust view of the schema in
//! `migrations.rs`; relations are expressed in queries rather than here, to keep each
//! query's joins visible where it is written.

pub mod api_token;
pub mod applied_control;
pub mod applied_control_asset;
pub mod applied_control_ref;
pub mod asset;
pub mod asset_relation;
pub mod asset_rev;
pub mod audit_head;
pub mod audit_log;
pub mod audit_signature;
pub mod campaign;
pub mod campaign_department;
pub mod catalog;
pub mod classification_scheme;
pub mod connection_setting;
pub mod department;
pub mod evidence;
pub mod invitation;
pub mod job;
pub mod login_throttle;
pub mod mail_outbox;
pub mod notification;
pub mod org;
pub mod password_reset;
pub mod pending_import;
pub mod risk;
pub mod risk_asset;
pub mod risk_control;
pub mod risk_setting;
pub mod role_assignment;
pub mod session;
pub mod soa_entry;
pub mod soa_version;
pub mod staff;
pub mod staff_move;
pub mod threat;
pub mod user;
pub mod vulnerability;

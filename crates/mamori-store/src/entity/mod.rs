//! SeaORM entities, one per table. Field types are the Rust view of the schema in
//! `migrations.rs`; relations are expressed in queries rather than here, to keep each
//! query's joins visible where it is written.

pub mod api_token;
pub mod asset;
pub mod asset_relation;
pub mod asset_rev;
pub mod audit_head;
pub mod audit_log;
pub mod audit_signature;
pub mod classification_scheme;
pub mod department;
pub mod login_throttle;
pub mod org;
pub mod password_reset;
pub mod pending_import;
pub mod role_assignment;
pub mod session;
pub mod staff;
pub mod staff_move;
pub mod user;

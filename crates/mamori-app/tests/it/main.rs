//! The application layer's tests, one binary: use cases with a fixed clock on SQLite
//! and PostgreSQL (one throwaway cluster for the binary), and property tests of the
//! tabular readers.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod annual;
mod audits;
mod committee;
mod contractors;
mod directory;
mod directory_signin;
mod directory_sync;
mod due;
mod events;
mod exceptions;
mod incidents;
mod invitations;
mod laws;
mod media;
mod media_disposal;
mod media_import;
mod notify;
mod policies;
mod review;
mod revisions;
mod risks;
mod security;
mod services;
mod settings;
mod systems;
mod tabular_props;
mod training;
mod violations;

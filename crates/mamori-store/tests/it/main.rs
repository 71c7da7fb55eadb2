//! The store's tests, one binary: every test runs on SQLite and on PostgreSQL (a
//! throwaway cluster the test kit starts once for the binary, or `MAMORI_TEST_PG_URL`).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

mod assets;
mod audits;
mod committee;
mod conformance;
mod contractors;
mod events;
mod exceptions;
mod incidents;
mod laws;
mod media;
mod notify;
mod physical;
mod policies;
mod review;
mod risks;
mod services;
mod settings;
mod training;

//! End-to-end tests of the `mamori` binary: HTTP against a real listener, the CLI, and
//! headless Chromium. One test binary, so the binary under test is built once.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod assets;
mod authz;
mod cli;
mod controls;
mod crash;
mod directory;
mod e2e;
mod fuzz;
mod http;
mod risks;
mod settings;

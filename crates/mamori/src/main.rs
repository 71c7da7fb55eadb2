//! `mamori`: the one binary. Commands for running the server, managing the database,
//! administration, import/export, the demo city, the audit log and backups.

mod cli;

use std::process::ExitCode;

/// mimalloc rather than the system allocator: measured on the 100,000-asset import
/// (`mamori-bench assets`), glibc spent a fifth of the time in malloc and kept far
/// more memory than the live data needed.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    cli::main()
}

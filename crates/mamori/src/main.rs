//! `mamori`: the one binary. Commands for running the server, managing the database,
//! administration, import/export, the demo city, the audit log and backups.

mod cli;
mod schemes;

use std::process::ExitCode;

fn main() -> ExitCode {
    cli::main()
}

//! `mamori demo`: the fictional city みどり市, with its accounts printed for a first look.

use std::process::ExitCode;

use anyhow::Result;

use super::shared::{DbArgs, cli_label, explain, open, sign};

pub(crate) async fn run(db: &DbArgs, password: Option<&str>, seed: u64) -> Result<ExitCode> {
    let app = open(db).await?;
    let logins = app
        .load_demo(seed, password, &cli_label())
        .await
        .map_err(explain)?;
    sign(&app).await?;
    println!("みどり市のデモデータを読み込みました / loaded the demo city みどり市");
    println!("{:<12} {:<16} name / roles", "login", "password");
    for l in logins {
        println!(
            "{:<12} {:<16} {} ({})",
            l.login,
            l.password,
            l.name,
            l.roles.join(", ")
        );
    }
    Ok(ExitCode::SUCCESS)
}

//! `mamori mail`: checking the mail settings from the terminal.

use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use super::shared::{DbArgs, MailArgs, explain, open_with, operator};

#[derive(Subcommand)]
pub(crate) enum MailCommand {
    /// Send a test mail at once and print the server's answer (or what failed).
    Test {
        /// Address to send to.
        #[arg(long)]
        to: String,
        #[command(flatten)]
        mail: MailArgs,
    },
}

pub(crate) async fn run(db: &DbArgs, cmd: MailCommand) -> Result<ExitCode> {
    match cmd {
        MailCommand::Test { to, mail } => {
            let app = open_with(db, mamori_app::AppConfig::default(), Some(&mail)).await?;
            let actor = operator(&app, db).await?;
            let answer = app.send_test_mail(&actor, &to).await.map_err(explain)?;
            println!("送信しました / sent: {answer}");
            Ok(ExitCode::SUCCESS)
        }
    }
}

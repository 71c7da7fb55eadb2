//! `mamori users invite`: one-time links for staff without an account, written as a
//! printable sheet of slips (HTML, A4, a QR code per person) or sent by mail.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result, anyhow};
use clap::{Subcommand, ValueEnum};
use mamori_app::invitations::InviteInput;

use super::shared::{DbArgs, MailArgs, explain, open_with, operator};

#[derive(Clone, Copy, ValueEnum)]
pub(crate) enum SheetFormat {
    /// A page to print from any browser (A4 portrait, eight slips a page).
    Html,
    /// A PDF of the same slips, to print or keep as a file.
    Pdf,
}

#[derive(Subcommand)]
pub(crate) enum UsersCommand {
    /// Invite the staff of a department (or everyone) who have no account.
    Invite {
        /// Department code, name or path (sub-departments included); omit for everyone
        /// without an account.
        #[arg(long)]
        department: Option<String>,
        /// Send the links by mail instead of writing a sheet.
        #[arg(long)]
        mail: bool,
        /// The sheet's format.
        #[arg(long, value_enum, default_value_t = SheetFormat::Html)]
        format: SheetFormat,
        /// Where to write the sheet (required unless --mail).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Days the links work [default: 14].
        #[arg(long)]
        days: Option<u32>,
        /// The address people reach Mamori at, for the links.
        #[arg(long, env = "MAMORI_PUBLIC_URL")]
        public_url: String,
        #[command(flatten)]
        mail_settings: MailArgs,
    },
}

pub(crate) async fn run(db: &DbArgs, cmd: UsersCommand) -> Result<ExitCode> {
    match cmd {
        UsersCommand::Invite {
            department,
            mail,
            format,
            output,
            days,
            public_url,
            mail_settings,
        } => {
            if !mail && output.is_none() {
                return Err(anyhow!(
                    "--output FILE が必要です（または --mail） / --output FILE is required (or --mail)"
                ));
            }
            let app = open_with(db, mamori_app::AppConfig::default(), Some(&mail_settings)).await?;
            let actor = operator(&app, db).await?;
            let input = InviteInput {
                department: department.unwrap_or_default(),
                channel: if mail { "mail" } else { "paper" }.into(),
                days: days.map(|d| d.to_string()).unwrap_or_default(),
            };
            let sheet = app
                .invite_staff(&actor, &input, &public_url)
                .await
                .map_err(explain)?;
            if mail {
                println!("招待メール / invitation mails queued: {}", sheet.mailed);
                if !sheet.without_address.is_empty() {
                    println!(
                        "メールアドレスがない職員 / without an address: {}",
                        sheet.without_address.join(", ")
                    );
                }
                return Ok(ExitCode::SUCCESS);
            }
            let lang = mamori_web::i18n::Lang::Ja;
            let bytes = match format {
                SheetFormat::Html => mamori_web::pages::invitations::sheet_file(&sheet, lang, true)
                    .map(String::into_bytes),
                SheetFormat::Pdf => mamori_web::pdf::invitation_sheet(&sheet, lang, true),
            }
            .map_err(|e| anyhow!("{e}"))?;
            let path = output.unwrap_or_default();
            std::fs::write(&path, bytes).with_context(|| format!("writing {}", path.display()))?;
            if !sheet.held_back.is_empty() {
                println!(
                    "役割を持つ職員はシステム管理者が招待します / staff holding a role, left for a system administrator: {}",
                    sheet.held_back.join(", ")
                );
            }
            println!(
                "招待 {} 人分の用紙を書き出しました / wrote a sheet of {} invitations: {}",
                sheet.slips.len(),
                sheet.slips.len(),
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
    }
}

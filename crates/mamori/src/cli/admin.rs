//! `mamori admin …`: the organization and its first CISO, accounts and API tokens.

use std::io::IsTerminal;
use std::process::ExitCode;

use anyhow::{Result, anyhow, bail};
use clap::Subcommand;
use mamori_app::AppError;
use mamori_app::orgs::OrgInput;
use mamori_app::setup::SetupInput;
use mamori_domain::classification::Preset;

use super::shared::{DbArgs, cli_label, explain, open, operator, parse_preset, sign};

#[derive(Subcommand)]
pub(crate) enum AdminCommand {
    /// Create the organization and its first CISO account.
    Init {
        #[arg(long)]
        org_name: String,
        /// 地方公共団体コード, 6 digits including the check digit.
        #[arg(long)]
        org_code: String,
        /// Prefecture (name or code); derived from the code when absent.
        #[arg(long)]
        prefecture: Option<String>,
        #[arg(long)]
        login: String,
        /// The administrator's name.
        #[arg(long)]
        name: String,
        /// Employee number (defaults to the login).
        #[arg(long)]
        employee_number: Option<String>,
        /// Require a second factor (TOTP) of the CISO, deputy CISO and system
        /// administrators; changeable later under 団体設定.
        #[arg(long, default_value_t = true, action = clap::ArgAction::Set)]
        require_mfa: bool,
        /// Classification scheme to start with:
        /// mic2024 — 機密性 3A/3B/3C/2/1, the current MIC guidelines (recommended);
        /// mic2022 — 機密性 3/2/1, as most ledgers kept until 2022;
        /// ipa — 3/2/1 on all three dimensions, as IPA's risk-analysis sheet.
        /// An asset import into an organization with no assets yet also adopts the
        /// scheme its ledger is written in.
        #[arg(long, value_parser = parse_preset, default_value = "mic2024", verbatim_doc_comment)]
        scheme: Preset,
    },
    /// Create a staff member with a sign-in account and an ISMS role.
    CreateUser {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// ciso, deputy-ciso, department-officer, section-manager, system-admin,
        /// system-operator, committee, csirt, auditor, or staff (no ISMS role).
        #[arg(long)]
        role: String,
        /// Department (code, name or path) the role covers.
        #[arg(long)]
        department: Option<String>,
        /// Employee number (defaults to the login).
        #[arg(long)]
        employee_number: Option<String>,
    },
    /// Create an API token for a user and print it (only the token, once).
    CreateToken {
        #[arg(long)]
        login: String,
        /// Token name shown in lists.
        #[arg(long, default_value = "cli")]
        name: String,
        /// Days until the token expires (never when absent).
        #[arg(long)]
        days: Option<i64>,
    },
}

pub(crate) async fn run(db: &DbArgs, cmd: AdminCommand) -> Result<ExitCode> {
    let app = open(db).await?;
    match cmd {
        AdminCommand::Init {
            org_name,
            org_code,
            prefecture,
            login,
            name,
            employee_number,
            require_mfa,
            scheme,
        } => {
            let password = read_password("CISOのパスワード / password: ")?;
            let input = SetupInput {
                org: OrgInput {
                    name: org_name,
                    code: org_code,
                    prefecture: prefecture.unwrap_or_default(),
                },
                login,
                name,
                employee_number: employee_number.unwrap_or_default(),
                password,
                require_mfa_for_admins: Some(require_mfa),
                scheme: scheme.code().to_owned(),
            };
            let done = app
                .initialize(&input, &cli_label(), "cli")
                .await
                .map_err(explain)?;
            println!(
                "created organization {} ({}) and CISO account {}; classification scheme: {}",
                done.org.name,
                done.org.code,
                done.user.login,
                scheme.label_ja()
            );
        }
        AdminCommand::CreateUser {
            login,
            name,
            role,
            department,
            employee_number,
        } => {
            let actor = operator(&app, db).await?;
            let password = read_password("パスワード / password: ")?;
            let u = app
                .create_user_with_role(
                    &actor,
                    &login,
                    &name,
                    employee_number.as_deref(),
                    &role,
                    department.as_deref(),
                    &password,
                )
                .await
                .map_err(explain)?;
            println!("created account {} ({role})", u.login);
        }
        AdminCommand::CreateToken { login, name, days } => {
            let actor = operator(&app, db).await?;
            let user_id = match app.account_id_by_login(&actor, &login).await {
                Err(AppError::NotFound) => return Err(anyhow!("no account {login}")),
                r => r.map_err(explain)?,
            };
            let expires = days.map(|d| app.now() + chrono::Duration::days(d));
            let (_, secret) = app
                .create_token(&actor, user_id, &name, expires)
                .await
                .map_err(explain)?;
            println!("{secret}");
        }
    }
    sign(&app).await?;
    Ok(ExitCode::SUCCESS)
}

/// The password from `MAMORI_PASSWORD` (for scripts), or typed twice at a terminal.
fn read_password(prompt: &str) -> Result<String> {
    if let Ok(p) = std::env::var("MAMORI_PASSWORD") {
        return Ok(p);
    }
    if !std::io::stdin().is_terminal() {
        bail!("set MAMORI_PASSWORD or run in a terminal to type the password");
    }
    let first = rpassword::prompt_password(prompt)?;
    let again = rpassword::prompt_password("確認のためもう一度 / again: ")?;
    if first != again {
        bail!("パスワードが一致しません / the passwords differ");
    }
    Ok(first)
}

//! `mamori directory test`: checks the directory settings from the terminal — reaches
//! a server, binds as the search account, and finds a person — and names exactly what
//! failed (DNS, TLS, bind refused, a filter that matches nobody).

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, anyhow};
use clap::{Args, Subcommand};
use mamori_app::directory::{Directory, DirectorySettings};
use mamori_domain::directory::parse_group_roles;

/// The directory (Active Directory or LDAP) Mamori signs people in with.
#[derive(Args, Clone)]
pub(crate) struct DirectoryArgs {
    /// Server URLs, tried in order: `ldaps://dc1.city.local ldap://dc2.city.local`.
    #[arg(long = "ldap-url", env = "MAMORI_LDAP_URLS", value_delimiter = ' ', num_args = 1..)]
    urls: Vec<String>,
    /// Upgrade `ldap://` with StartTLS.
    #[arg(long = "ldap-starttls", env = "MAMORI_LDAP_STARTTLS")]
    starttls: bool,
    /// Allow plain `ldap://` without StartTLS (passwords cross the network readable).
    #[arg(long = "ldap-allow-plain", env = "MAMORI_LDAP_ALLOW_PLAIN")]
    allow_plain: bool,
    /// CA certificate (PEM) of the directory's servers, beside the system's.
    #[arg(long = "ldap-ca-file", env = "MAMORI_LDAP_CA_FILE")]
    ca_file: Option<PathBuf>,
    /// The search account's DN.
    #[arg(long = "ldap-bind-dn", env = "MAMORI_LDAP_BIND_DN", default_value = "")]
    bind_dn: String,
    /// The search account's password (from the environment; never logged).
    #[arg(
        long = "ldap-bind-password",
        env = "MAMORI_LDAP_BIND_PASSWORD",
        hide_env_values = true,
        default_value = ""
    )]
    bind_password: String,
    /// Where people are searched for.
    #[arg(long = "ldap-base-dn", env = "MAMORI_LDAP_BASE_DN", default_value = "")]
    base_dn: String,
    /// The user filter, with `{login}` for the typed name.
    #[arg(
        long = "ldap-user-filter",
        env = "MAMORI_LDAP_USER_FILTER",
        default_value = "(sAMAccountName={login})"
    )]
    user_filter: String,
    /// The attribute holding the employee number.
    #[arg(
        long = "ldap-employee-attr",
        env = "MAMORI_LDAP_EMPLOYEE_ATTR",
        default_value = "employeeID"
    )]
    employee_attr: String,
    /// The attribute holding the person's name as the register shows it.
    #[arg(
        long = "ldap-name-attr",
        env = "MAMORI_LDAP_NAME_ATTR",
        default_value = "displayName"
    )]
    name_attr: String,
    #[arg(
        long = "ldap-mail-attr",
        env = "MAMORI_LDAP_MAIL_ATTR",
        default_value = "mail"
    )]
    mail_attr: String,
    /// The attribute holding the department's code (empty for none).
    #[arg(
        long = "ldap-department-attr",
        env = "MAMORI_LDAP_DEPARTMENT_ATTR",
        default_value = "departmentNumber"
    )]
    department_attr: String,
    /// Where the department attribute gives none, find the department in the register
    /// by the entry's OU path (`OU=市民課,OU=市民部` → 市民部/市民課).
    #[arg(
        long = "ldap-department-from-ou",
        env = "MAMORI_LDAP_DEPARTMENT_FROM_OU"
    )]
    department_from_ou: bool,
    /// The attribute holding the staff category (`employeeType`; empty for none).
    #[arg(
        long = "ldap-category-attr",
        env = "MAMORI_LDAP_CATEGORY_ATTR",
        default_value = ""
    )]
    category_attr: String,
    /// The attribute holding the name's reading in kana (AD: `msDS-PhoneticDisplayName`).
    #[arg(
        long = "ldap-kana-attr",
        env = "MAMORI_LDAP_KANA_ATTR",
        default_value = ""
    )]
    kana_attr: String,
    /// Who the staff sync reads.
    #[arg(
        long = "ldap-sync-filter",
        env = "MAMORI_LDAP_SYNC_FILTER",
        default_value = "(&(objectCategory=person)(objectClass=user)(employeeID=*))"
    )]
    sync_filter: String,
    /// Failed sign-ins after which Mamori locks a directory login: keep it below the
    /// directory's own lockout threshold.
    #[arg(
        long = "ldap-lock-after",
        env = "MAMORI_LDAP_LOCK_AFTER",
        default_value_t = mamori_app::DIRECTORY_LOCK_AFTER
    )]
    lock_after: i32,
    /// The organization (its code) people sign into; empty for the only one.
    #[arg(long = "ldap-org", env = "MAMORI_LDAP_ORG")]
    org: Option<String>,
    /// Groups whose members hold a role organization-wide: `csirt=CN=CSIRT,OU=…;auditor=CN=…`.
    #[arg(
        long = "ldap-group-roles",
        env = "MAMORI_LDAP_GROUP_ROLES",
        default_value = ""
    )]
    group_roles: String,
}

impl DirectoryArgs {
    /// The app, signing people in through the directory when one is configured.
    pub(crate) fn sign_in_through(&self, app: mamori_app::App) -> Result<mamori_app::App> {
        if self.urls.iter().all(|u| u.trim().is_empty()) {
            return Ok(app);
        }
        let roles = parse_group_roles(&self.group_roles)
            .map_err(|p| anyhow!("MAMORI_LDAP_GROUP_ROLES: {} / {}", p.ja, p.en))?;
        let org = self.org.clone().filter(|o| !o.trim().is_empty());
        let dir = self.directory()?;
        tracing::info!(servers = ?dir.settings().urls, "signing in through the directory");
        Ok(app
            .with_directory(org, dir, roles)
            .with_directory_lockout(self.lock_after))
    }

    pub(crate) fn directory(&self) -> Result<Directory> {
        let mut s = DirectorySettings::active_directory(
            self.urls
                .iter()
                .filter(|u| !u.is_empty())
                .cloned()
                .collect(),
            &self.base_dn,
            &self.bind_dn,
            &self.bind_password,
        );
        s.starttls = self.starttls;
        s.allow_plain = self.allow_plain;
        s.ca_file = self.ca_file.clone();
        s.user_filter = self.user_filter.clone();
        s.employee_attr = self.employee_attr.clone();
        s.name_attr = self.name_attr.clone();
        s.mail_attr = self.mail_attr.clone();
        s.department_attr = Some(self.department_attr.clone()).filter(|a| !a.trim().is_empty());
        s.kana_attr = Some(self.kana_attr.clone()).filter(|a| !a.trim().is_empty());
        s.department_from_ou = self.department_from_ou;
        s.category_attr = Some(self.category_attr.clone()).filter(|a| !a.trim().is_empty());
        s.sync_filter = self.sync_filter.clone();
        Directory::new(s).map_err(|e| anyhow!("{} / {}", e.problem.ja, e.problem.en))
    }
}

#[derive(Subcommand)]
pub(crate) enum DirectoryCommand {
    /// Connect, bind as the search account and (with --login) find a person.
    Test {
        /// A sign-in name to look up.
        #[arg(long)]
        login: Option<String>,
        #[command(flatten)]
        directory: DirectoryArgs,
    },
}

pub(crate) async fn run(cmd: DirectoryCommand) -> Result<ExitCode> {
    match cmd {
        DirectoryCommand::Test { login, directory } => {
            let dir = directory.directory()?;
            let steps = dir
                .test(login.as_deref())
                .await
                .map_err(|e| anyhow!("{} / {}", e.problem.ja, e.problem.en))?;
            for s in steps {
                println!("ok: {s}");
            }
            Ok(ExitCode::SUCCESS)
        }
    }
}

//! For system administrators: the directory settings as the server runs with them
//! (read-only: they come from configuration; the bind password is never shown), a
//! connection test that names what failed, and the staff sync run from the screen —
//! a preview first, then the same sync with its brake on leavers.

use mamori_domain::Problem;

use super::SyncReport;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// The directory settings, as a screen shows them.
#[derive(Debug, Clone)]
pub struct DirectoryOverview {
    pub urls: Vec<String>,
    pub transport: &'static str,
    pub ca_file: Option<String>,
    pub bind_dn: String,
    pub bind_password_set: bool,
    pub base_dn: String,
    pub user_filter: String,
    pub sync_filter: String,
    /// (the register's field, the attribute that fills it): employee number, name,
    /// kana, mail, department.
    pub attributes: Vec<(&'static str, String)>,
    /// Groups and the role each grants.
    pub group_roles: Vec<(mamori_domain::Role, String)>,
    /// The organization people sign into (`None`: the only one).
    pub org_code: Option<String>,
}

/// The OpenID provider settings, as a screen shows them (the secret never).
#[derive(Debug, Clone)]
pub struct OidcOverview {
    pub issuer: String,
    pub client_id: String,
    pub client_secret_set: bool,
    pub redirect_url: String,
    pub employee_claim: String,
    pub mfa_by_provider: bool,
    pub org_code: Option<String>,
}

fn not_configured() -> AppError {
    AppError::Conflict(Problem::new(
        "ディレクトリが設定されていません（MAMORI_LDAP_URLS ほか）。",
        "No directory is configured (MAMORI_LDAP_URLS and the rest).",
    ))
}

impl App {
    /// The directory settings; `None` when none is configured.
    pub async fn directory_overview(&self, actor: &Actor) -> AppResult<Option<DirectoryOverview>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let Some(link) = &self.directory else {
            return Ok(None);
        };
        let s = link.directory.settings();
        let transport = if s.urls.iter().all(|u| u.starts_with("ldaps://")) {
            "LDAPS"
        } else if s.starttls {
            "StartTLS"
        } else {
            "plain"
        };
        Ok(Some(DirectoryOverview {
            urls: s.urls.clone(),
            transport,
            ca_file: s.ca_file.as_ref().map(|p| p.display().to_string()),
            bind_dn: s.bind_dn.clone(),
            bind_password_set: !s.bind_password.is_empty(),
            base_dn: s.base_dn.clone(),
            user_filter: s.user_filter.clone(),
            sync_filter: s.sync_filter.clone(),
            attributes: vec![
                ("employee_number", s.employee_attr.clone()),
                ("name", s.name_attr.clone()),
                ("kana", s.kana_attr.clone().unwrap_or_default()),
                ("email", s.mail_attr.clone()),
                ("department", s.department_attr.clone().unwrap_or_default()),
            ],
            group_roles: link
                .group_roles
                .iter()
                .map(|g| (g.role, g.group_dn.clone()))
                .collect(),
            org_code: link.org_code.clone(),
        }))
    }

    /// The OpenID provider settings; `None` when none is configured.
    pub async fn oidc_overview(&self, actor: &Actor) -> AppResult<Option<OidcOverview>> {
        self.authorize(actor, Capability::OperateServer).await?;
        Ok(self.oidc.as_ref().map(|o| {
            let s = o.settings();
            OidcOverview {
                issuer: s.issuer.clone(),
                client_id: s.client_id.clone(),
                client_secret_set: !s.client_secret.is_empty(),
                redirect_url: s.redirect_url.clone(),
                employee_claim: s.employee_claim.clone(),
                mfa_by_provider: s.mfa_by_provider,
                org_code: s.org_code.clone(),
            }
        }))
    }

    /// Reads the provider's discovery document afresh: what it found, or what failed.
    pub async fn test_oidc(&self, actor: &Actor) -> AppResult<Vec<String>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let oidc = self.oidc.clone().ok_or_else(|| {
            AppError::Conflict(Problem::new(
                "OpenID Connect は設定されていません（MAMORI_OIDC_ISSUER ほか）。",
                "OpenID Connect is not configured (MAMORI_OIDC_ISSUER and the rest).",
            ))
        })?;
        oidc.test().await.map_err(AppError::Unavailable)
    }

    /// Reaches the directory, binds as the search account and, given a sign-in name,
    /// finds that person: each step that worked, or what failed.
    pub async fn test_directory(
        &self,
        actor: &Actor,
        login: Option<&str>,
    ) -> AppResult<Vec<String>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let link = self.directory.clone().ok_or_else(not_configured)?;
        link.directory
            .test(login.filter(|l| !l.trim().is_empty()))
            .await
            .map_err(|e| AppError::Unavailable(e.problem))
    }

    /// The staff sync through the configured directory (see [`App::sync_staff`]).
    pub async fn sync_staff_from_directory(
        &self,
        actor: &Actor,
        dry_run: bool,
        max_retire_percent: u32,
    ) -> AppResult<SyncReport> {
        self.authorize(actor, Capability::ImportStaff).await?;
        let link = self.directory.clone().ok_or_else(not_configured)?;
        self.sync_staff(actor, &link.directory, dry_run, max_retire_percent)
            .await
    }
}

//! For system administrators: a connection test of the directory and the provider in
//! use that names what failed, and the staff sync run from the screen — a preview
//! first, then the same sync with its brake on leavers. (The settings themselves are
//! shown and changed through `settings`.)

use mamori_domain::Problem;

use super::SyncReport;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

fn not_configured() -> AppError {
    AppError::Conflict(Problem::new(
        "ディレクトリが設定されていません（設定画面、または MAMORI_LDAP_URLS ほか）。",
        "No directory is configured (the settings screen, or MAMORI_LDAP_URLS and the rest).",
    ))
}

impl App {
    /// Reads the provider's discovery document afresh: what it found, or what failed.
    pub async fn test_oidc(&self, actor: &Actor) -> AppResult<Vec<String>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let oidc = self.oidc_client().await?.ok_or_else(|| {
            AppError::Conflict(Problem::new(
                "OpenID Connect は設定されていません（設定画面、または MAMORI_OIDC_ISSUER ほか）。",
                "OpenID Connect is not configured (the settings screen, or MAMORI_OIDC_ISSUER and the rest).",
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
        let link = self.directory_link().await?.ok_or_else(not_configured)?;
        link.directory
            .test(login.filter(|l| !l.trim().is_empty()))
            .await
            .map_err(|e| AppError::Unavailable(e.problem))
    }

    /// The staff sync through the directory in use (see [`App::sync_staff`]).
    pub async fn sync_staff_from_directory(
        &self,
        actor: &Actor,
        dry_run: bool,
        max_retire_percent: u32,
    ) -> AppResult<SyncReport> {
        self.authorize(actor, Capability::ImportStaff).await?;
        let link = self.directory_link().await?.ok_or_else(not_configured)?;
        self.sync_staff(actor, &link.directory, dry_run, max_retire_percent)
            .await
    }
}

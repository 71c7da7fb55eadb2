//! The OpenID provider `mamori serve` signs people in through (`MAMORI_OIDC_*`).

use anyhow::{Result, anyhow};
use clap::Args;
use mamori_app::oidc::{Oidc, OidcSettings};

#[derive(Args, Clone)]
pub(crate) struct OidcArgs {
    /// The provider's issuer URL (discovery reads `/.well-known/openid-configuration`).
    #[arg(long = "oidc-issuer", env = "MAMORI_OIDC_ISSUER")]
    oidc_issuer: Option<String>,
    #[arg(
        long = "oidc-client-id",
        env = "MAMORI_OIDC_CLIENT_ID",
        default_value = ""
    )]
    oidc_client_id: String,
    /// The client secret (from the environment; never logged).
    #[arg(
        long = "oidc-client-secret",
        env = "MAMORI_OIDC_CLIENT_SECRET",
        hide_env_values = true,
        default_value = ""
    )]
    oidc_client_secret: String,
    /// The claim holding the employee number.
    #[arg(
        long = "oidc-employee-claim",
        env = "MAMORI_OIDC_EMPLOYEE_CLAIM",
        default_value = "employee_number"
    )]
    oidc_employee_claim: String,
    /// The organization (its code) people sign into; empty for the only one.
    #[arg(long = "oidc-org", env = "MAMORI_OIDC_ORG")]
    oidc_org: Option<String>,
    /// The provider enforces a second factor, and the organization accepts it in place
    /// of Mamori's own.
    #[arg(long = "oidc-mfa-by-provider", env = "MAMORI_OIDC_MFA_BY_PROVIDER")]
    oidc_mfa_by_provider: bool,
    /// CA certificate (PEM) of the provider, beside the system's.
    #[arg(long = "oidc-ca-file", env = "MAMORI_OIDC_CA_FILE")]
    oidc_ca_file: Option<std::path::PathBuf>,
}

impl OidcArgs {
    /// The app, signing people in through the provider when one is configured;
    /// `public_url` is where the provider sends them back.
    pub(crate) fn sign_in_through(
        &self,
        app: mamori_app::App,
        public_url: Option<&str>,
    ) -> Result<mamori_app::App> {
        let Some(issuer) = self.oidc_issuer.clone().filter(|i| !i.trim().is_empty()) else {
            return Ok(app);
        };
        let base = public_url.ok_or_else(|| {
            anyhow!(
                "MAMORI_OIDC_ISSUER には MAMORI_PUBLIC_URL（IdP からの戻り先）が必要です / MAMORI_OIDC_ISSUER needs MAMORI_PUBLIC_URL (where the provider sends people back)"
            )
        })?;
        let oidc = Oidc::new(OidcSettings {
            issuer,
            client_id: self.oidc_client_id.clone(),
            client_secret: self.oidc_client_secret.clone(),
            redirect_url: format!("{}/login/oidc/callback", base.trim_end_matches('/')),
            employee_claim: self.oidc_employee_claim.clone(),
            org_code: self.oidc_org.clone().filter(|o| !o.trim().is_empty()),
            mfa_by_provider: self.oidc_mfa_by_provider,
            ca_file: self.oidc_ca_file.clone(),
        })
        .map_err(|p| anyhow!("{} / {}", p.ja, p.en))?;
        tracing::info!(issuer = %oidc.settings().issuer, "signing in through an OpenID provider");
        Ok(app.with_oidc(oidc))
    }
}

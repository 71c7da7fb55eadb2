//! Signing in through the organization's OpenID provider (Entra ID, Keycloak …): the
//! authorization code flow with PKCE. Mamori sends the browser to the provider with a
//! fresh `state`, `nonce` and PKCE challenge, kept in a short-lived cookie of the same
//! browser; on the way back it checks the `state`, exchanges the code with the PKCE
//! verifier and its client secret, and accepts the ID token only when its signature,
//! issuer, audience, lifetime and `nonce` check out. The person is then found by the
//! employee number in a claim — the same way as through the directory: an account is
//! made at the first sign-in, a local account of the same person is never taken over.

mod flow;

pub use flow::{OidcCallback, OidcStart};

use std::sync::Arc;

use mamori_domain::Problem;
use openidconnect::core::{CoreClient, CoreProviderMetadata};
use openidconnect::{
    ClientId, ClientSecret, EndpointMaybeSet, EndpointNotSet, EndpointSet, IssuerUrl, RedirectUrl,
};

/// What an operator configures (`MAMORI_OIDC_*`).
#[derive(Debug, Clone)]
pub struct OidcSettings {
    /// The issuer; discovery reads `{issuer}/.well-known/openid-configuration`.
    pub issuer: String,
    pub client_id: String,
    pub client_secret: String,
    /// Where the provider sends people back: `{public URL}/login/oidc/callback`.
    pub redirect_url: String,
    /// The claim holding the employee number.
    pub employee_claim: String,
    /// The organization people sign into (`None`: the only one).
    pub org_code: Option<String>,
    /// The provider enforces a second factor, and the organization accepts it in place
    /// of Mamori's own for the roles that require one.
    pub mfa_by_provider: bool,
    /// A CA certificate (PEM) to trust beside the system's, for a provider inside the
    /// city's network.
    pub ca_file: Option<std::path::PathBuf>,
}

/// The client the flow uses: endpoints from discovery.
pub(crate) type Rp = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

/// A configured provider; its discovery document is read at the first sign-in (a
/// provider down when Mamori starts does not stop Mamori) and kept.
pub struct Oidc {
    settings: OidcSettings,
    http: reqwest::Client,
    /// The discovery document and when it was read.
    metadata: tokio::sync::Mutex<Option<(std::time::Instant, CoreProviderMetadata)>>,
}

/// How long a discovery document (with the provider's signing keys) is kept: providers
/// rotate keys, and a sign-in whose token does not verify reads it again at once.
const METADATA_TTL: std::time::Duration = std::time::Duration::from_secs(3600);

impl std::fmt::Debug for Oidc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Oidc")
            .field("issuer", &self.settings.issuer)
            .finish()
    }
}

impl Oidc {
    /// Checks the settings.
    pub fn new(settings: OidcSettings) -> Result<Arc<Self>, Problem> {
        IssuerUrl::new(settings.issuer.clone()).map_err(|e| {
            Problem::new(
                format!("IdP の URL「{}」を読めません: {e}", settings.issuer),
                format!(
                    "The provider URL \"{}\" cannot be read: {e}",
                    settings.issuer
                ),
            )
        })?;
        RedirectUrl::new(settings.redirect_url.clone()).map_err(|e| {
            Problem::new(
                format!("戻り先 URL「{}」を読めません: {e}", settings.redirect_url),
                format!(
                    "The redirect URL \"{}\" cannot be read: {e}",
                    settings.redirect_url
                ),
            )
        })?;
        if settings.client_id.trim().is_empty() {
            return Err(Problem::new(
                "クライアント ID がありません。",
                "No client id is given.",
            ));
        }
        // The provider's answers are never followed elsewhere (a redirect could make
        // Mamori fetch an address of an attacker's choosing).
        let tls =
            crate::directory::tls_config(settings.ca_file.as_deref()).map_err(|e| e.problem)?;
        let http = reqwest::Client::builder()
            .use_preconfigured_tls((*tls).clone())
            .redirect(reqwest::redirect::Policy::none())
            .timeout(std::time::Duration::from_secs(10))
            .build()
            .map_err(|e| {
                Problem::new(
                    format!("HTTP クライアント: {e}"),
                    format!("HTTP client: {e}"),
                )
            })?;
        Ok(Arc::new(Self {
            settings,
            http,
            metadata: tokio::sync::Mutex::new(None),
        }))
    }

    /// The operator's check: reads the discovery document afresh and says what it
    /// found, or exactly what failed.
    pub async fn test(&self) -> Result<Vec<String>, Problem> {
        self.forget_metadata().await;
        self.client().await?;
        let cached = self.metadata.lock().await;
        let Some((_, m)) = cached.as_ref() else {
            return Err(Problem::new(
                "IdP の設定がありません。",
                "No provider configuration.",
            ));
        };
        Ok(vec![
            format!("issuer: {}", m.issuer().as_str()),
            format!(
                "authorization endpoint: {}",
                m.authorization_endpoint().as_str()
            ),
            format!(
                "token endpoint: {}",
                m.token_endpoint().map(|u| u.as_str()).unwrap_or("—")
            ),
            format!("signing keys: {}", m.jwks().keys().len()),
        ])
    }

    /// Forgets the discovery document, so the next sign-in reads the provider's keys
    /// again (after a token that did not verify: the keys may have been rotated).
    pub(crate) async fn forget_metadata(&self) {
        *self.metadata.lock().await = None;
    }

    pub fn settings(&self) -> &OidcSettings {
        &self.settings
    }

    /// The provider's endpoints and keys, discovered once.
    async fn client(&self) -> Result<Rp, Problem> {
        let mut cached = self.metadata.lock().await;
        let fresh = cached
            .as_ref()
            .filter(|(at, _)| at.elapsed() < METADATA_TTL)
            .map(|(_, m)| m.clone());
        let metadata = match fresh {
            Some(m) => m,
            None => {
                let issuer = IssuerUrl::new(self.settings.issuer.clone())
                    .map_err(|e| Problem::new(e.to_string(), e.to_string()))?;
                let m = CoreProviderMetadata::discover_async(issuer, &self.http)
                    .await
                    .map_err(|e| {
                        let detail = crate::error::error_chain(&e);
                        Problem::new(
                            format!(
                                "IdP（{}）の設定を読み込めません: {detail}",
                                self.settings.issuer
                            ),
                            format!(
                                "The provider's configuration ({}) cannot be read: {detail}",
                                self.settings.issuer
                            ),
                        )
                    })?;
                *cached = Some((std::time::Instant::now(), m.clone()));
                m
            }
        };
        let redirect = RedirectUrl::new(self.settings.redirect_url.clone())
            .map_err(|e| Problem::new(e.to_string(), e.to_string()))?;
        Ok(CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.settings.client_id.clone()),
            Some(ClientSecret::new(self.settings.client_secret.clone())),
        )
        .set_redirect_uri(redirect))
    }
}

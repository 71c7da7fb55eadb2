//! The two halves of an OpenID sign-in: sending the browser to the provider, and
//! taking it back.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use mamori_domain::Problem;
use mamori_domain::directory::AuthSource;
use openidconnect::core::{CoreGenderClaim, CoreResponseType};
use openidconnect::{
    AuthenticationFlow, AuthorizationCode, CsrfToken, Nonce, OAuth2TokenResponse,
    PkceCodeChallenge, PkceCodeVerifier, Scope, TokenResponse, UserInfoClaims,
};
use serde::{Deserialize, Serialize};

use crate::auth::{LoginRefused, NewSession};
use crate::authz::Actor;
use crate::directory::Person;
use crate::{App, AppError, AppResult};

/// Where to send the browser, and the cookie to set for the way back.
#[derive(Debug, Clone)]
pub struct OidcStart {
    pub url: String,
    /// For an HttpOnly cookie of at most ten minutes; it carries the `state`, the
    /// `nonce`, the PKCE verifier and where to go after.
    pub cookie: String,
}

/// What the provider sent back in the query.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct OidcCallback {
    #[serde(default)]
    pub code: String,
    #[serde(default)]
    pub state: String,
    #[serde(default)]
    pub error: String,
}

/// Whatever claims a provider adds (the employee number among them).
#[derive(Debug, Clone, Serialize, Deserialize)]
struct AnyClaims {
    #[serde(flatten)]
    other: serde_json::Map<String, serde_json::Value>,
}

impl openidconnect::AdditionalClaims for AnyClaims {}

#[derive(Serialize, Deserialize)]
struct Pending {
    state: String,
    nonce: String,
    verifier: String,
    next: String,
}

fn refused(problem: Problem) -> LoginRefused {
    LoginRefused {
        delay: std::time::Duration::ZERO,
        problem: Some(problem),
    }
}

fn start_again(ja: &str, en: &str) -> Problem {
    Problem::new(
        format!("{ja}もう一度サインインしてください。"),
        format!("{en} Please sign in again."),
    )
}

impl App {
    /// Whether people may sign in through an OpenID provider.
    pub async fn oidc_enabled(&self) -> bool {
        matches!(self.oidc_client().await, Ok(Some(_)))
    }

    /// Begins a sign-in: the provider's address with a fresh `state`, `nonce` and PKCE
    /// challenge, and the cookie that remembers them.
    pub async fn oidc_begin(&self, next: &str) -> AppResult<OidcStart> {
        let oidc = self.oidc_client().await?.ok_or(AppError::NotFound)?;
        let client = oidc.client().await.map_err(AppError::Unavailable)?;
        let verifier = PkceCodeVerifier::new(self.random_token(48));
        let challenge = PkceCodeChallenge::from_code_verifier_sha256(&verifier);
        let state = self.random_token(32);
        let nonce = self.random_token(32);
        let (s, n) = (state.clone(), nonce.clone());
        let (url, _, _) = client
            .authorize_url(
                AuthenticationFlow::<CoreResponseType>::AuthorizationCode,
                move || CsrfToken::new(s),
                move || Nonce::new(n),
            )
            .add_scope(Scope::new("profile".into()))
            .add_scope(Scope::new("email".into()))
            .set_pkce_challenge(challenge)
            .url();
        let pending = Pending {
            state,
            nonce,
            verifier: verifier.secret().clone(),
            next: next.to_owned(),
        };
        let json = serde_json::to_vec(&pending)
            .map_err(|e| AppError::Internal(format!("sign-in cookie: {e}")))?;
        Ok(OidcStart {
            url: url.to_string(),
            cookie: URL_SAFE_NO_PAD.encode(json),
        })
    }

    /// Finishes a sign-in from the provider's answer and the cookie set at the start;
    /// on success, the session and where to go. Every refusal says what to do, and a
    /// wrong `state` or a token that does not check out is recorded in the audit log.
    pub async fn oidc_complete(
        &self,
        back: &OidcCallback,
        cookie: Option<&str>,
        source: &str,
    ) -> AppResult<Result<(NewSession, String), LoginRefused>> {
        let oidc = self.oidc_client().await?.ok_or(AppError::NotFound)?;
        let org = self
            .cli_actor(oidc.settings().org_code.as_deref(), "oidc")
            .await?
            .org_id;
        let anonymous = Actor::anonymous(org, "oidc", source);
        let pending: Option<Pending> = cookie
            .and_then(|c| URL_SAFE_NO_PAD.decode(c).ok())
            .and_then(|b| serde_json::from_slice(&b).ok());
        if !back.error.is_empty() {
            // The provider's words stay in the log: a crafted link must not put text of
            // its choosing on Mamori's sign-in page.
            let said: String = back.error.chars().take(200).collect();
            tracing::info!(error = %said, "the provider returned an error");
            return Ok(Err(refused(start_again(
                "IdP でサインインが完了しませんでした。",
                "The provider did not complete the sign-in.",
            ))));
        }
        let Some(pending) = pending.filter(|p| {
            !back.state.is_empty() && constant_time_eq(p.state.as_bytes(), back.state.as_bytes())
        }) else {
            self.record_oidc_refusal(&anonymous, "state").await?;
            return Ok(Err(refused(start_again(
                "サインインの手続きを確かめられませんでした（時間切れか、別の画面から開かれました）。",
                "The sign-in could not be matched to this browser (it took too long, or came from elsewhere).",
            ))));
        };
        let client = oidc.client().await.map_err(AppError::Unavailable)?;
        let exchanged = match client.exchange_code(AuthorizationCode::new(back.code.clone())) {
            Ok(req) => {
                req.set_pkce_verifier(PkceCodeVerifier::new(pending.verifier.clone()))
                    .request_async(&oidc.http)
                    .await
            }
            Err(e) => return Err(AppError::Internal(format!("token endpoint: {e}"))),
        };
        let tokens = match exchanged {
            Ok(t) => t,
            Err(e) => {
                tracing::warn!(error = %crate::error::error_chain(&e), "OpenID code exchange refused");
                self.record_oidc_refusal(&anonymous, "code").await?;
                return Ok(Err(refused(start_again(
                    "IdP がサインインを受け付けませんでした（コードの期限切れなど）。",
                    "The provider refused the sign-in (an expired code, for instance).",
                ))));
            }
        };
        let verified = tokens.id_token().map(|t| {
            t.claims(
                &client.id_token_verifier(),
                &Nonce::new(pending.nonce.clone()),
            )
            .map(|_| t.to_string())
        });
        let raw = match verified {
            Some(Ok(raw)) => raw,
            other => {
                let why = match other {
                    Some(Err(e)) => e.to_string(),
                    _ => "no ID token".into(),
                };
                tracing::warn!(error = %why, "OpenID ID token refused");
                oidc.forget_metadata().await;
                self.record_oidc_refusal(&anonymous, "id_token").await?;
                return Ok(Err(refused(start_again(
                    "IdP からの本人確認を検証できませんでした。",
                    "The provider's proof of identity did not check out.",
                ))));
            }
        };
        let mut claims = payload(&raw).unwrap_or_default();
        // Providers that keep profile claims out of the ID token (as the standard has
        // it) give them at the userinfo endpoint.
        if !claims.contains_key(&oidc.settings().employee_claim) {
            claims.extend(self.user_info(&oidc, &client, tokens.access_token()).await);
        }
        let claim = |name: &str| {
            claims
                .get(name)
                .map(|v| match v {
                    serde_json::Value::String(s) => s.trim().to_owned(),
                    other => other.to_string(),
                })
                .filter(|s| !s.is_empty())
        };
        let employee_claim = &oidc.settings().employee_claim;
        let Some(number) = claim(employee_claim) else {
            return Ok(Err(refused(Problem::new(
                format!(
                    "IdP の本人情報に職員番号（{employee_claim}）がありません。情報システム担当にお知らせください。"
                ),
                format!(
                    "The provider gave no employee number ({employee_claim}). Please tell the IT staff."
                ),
            ))));
        };
        let person = Person {
            name: claim("name").unwrap_or_else(|| number.clone()),
            mail: claim("email"),
            department: None,
            ou_path: Vec::new(),
            category: None,
            employee_number: number.clone(),
        };
        let wanted = claim("preferred_username")
            .or_else(|| claim("email"))
            .unwrap_or_else(|| format!("oidc-{number}"))
            .to_lowercase();
        let login = self.free_login(org, &wanted, &number).await?;
        let actor = Actor::identity_provider(org);
        let account = match self
            .vouched_account(&actor, &login, (&person, AuthSource::Oidc), None)
            .await?
        {
            Ok(u) => u,
            Err((u, problem)) => {
                if let Some(u) = &u {
                    let who = Actor::anonymous(org, &u.login, source);
                    self.record_oidc_refusal(&who, "account").await?;
                }
                return Ok(Err(refused(problem)));
            }
        };
        // The account stays with the provider's person it was first signed into by,
        // whatever the claims say later (a claim may be editable at the provider).
        let subject = claim("sub").map(|sub| format!("{}#{sub}", oidc.settings().issuer));
        let account = match (&account.external_subject, subject) {
            (Some(bound), Some(now)) if *bound == now => account,
            (None, Some(now)) => self.bind_subject(&actor, account, now).await?,
            _ => {
                let who = Actor::anonymous(org, &account.login, source);
                self.record_oidc_refusal(&who, "subject").await?;
                return Ok(Err(refused(Problem::new(
                    "このアカウントは IdP の別の利用者に結び付いています。情報システム担当にお知らせください。",
                    "This account belongs to another person at the provider. Please tell the IT staff.",
                ))));
            }
        };
        let pending_mfa = account.totp_secret.is_some() && !oidc.settings().mfa_by_provider;
        let tx = self.store.begin_write().await?;
        let session = self
            .open_session(&*tx, &account, source, pending_mfa)
            .await?;
        tx.commit().await?;
        Ok(Ok((session, pending.next)))
    }

    /// The claims of the userinfo endpoint, or none (logged) when it cannot be read.
    async fn user_info(
        &self,
        oidc: &super::Oidc,
        client: &super::Rp,
        token: &openidconnect::AccessToken,
    ) -> serde_json::Map<String, serde_json::Value> {
        let Ok(request) = client.user_info(token.clone(), None) else {
            return Default::default();
        };
        let info: Result<UserInfoClaims<AnyClaims, CoreGenderClaim>, _> =
            request.request_async(&oidc.http).await;
        match info.map(serde_json::to_value) {
            Ok(Ok(serde_json::Value::Object(m))) => m,
            Ok(_) => Default::default(),
            Err(e) => {
                tracing::warn!(error = %crate::error::error_chain(&e), "OpenID userinfo not read");
                Default::default()
            }
        }
    }

    /// Ties an account to the provider's person at its first sign-in through it.
    async fn bind_subject(
        &self,
        actor: &Actor,
        u: mamori_store::entity::user::Model,
        subject: String,
    ) -> AppResult<mamori_store::entity::user::Model> {
        let after = mamori_store::entity::user::Model {
            external_subject: Some(subject.clone()),
            updated_at: self.now(),
            ..u
        };
        let tx = self.store.begin_write().await?;
        mamori_store::users::update(&*tx, after.clone()).await?;
        let change = mamori_domain::audit::Change {
            field: "external_subject".into(),
            before: None,
            after: Some(serde_json::json!(subject)),
        };
        self.audit(
            &*tx,
            actor,
            "user.link_provider",
            "user",
            &after.id.to_string(),
            vec![change],
        )
        .await?;
        tx.commit().await?;
        Ok(after)
    }

    async fn record_oidc_refusal(&self, actor: &Actor, reason: &str) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        let detail = serde_json::json!({ "reason": reason });
        let entry = self.entry(
            actor,
            "auth.oidc_refused",
            "session",
            "oidc",
            &mamori_domain::audit::diff(None, Some(&detail)),
        );
        mamori_store::audit::append_many(&*tx, actor.org_id, vec![entry]).await?;
        tx.commit().await?;
        Ok(())
    }
}

/// The claims of a JWT already verified: its middle part, decoded.
fn payload(jwt: &str) -> Option<serde_json::Map<String, serde_json::Value>> {
    let part = jwt.split('.').nth(1)?;
    let bytes = URL_SAFE_NO_PAD.decode(part.trim_end_matches('=')).ok()?;
    serde_json::from_slice(&bytes).ok()
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

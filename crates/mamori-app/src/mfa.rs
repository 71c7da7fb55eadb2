//! The second factor: TOTP (RFC 6238, 30-second steps, 6 digits) with one-time recovery
//! codes. Required for the CISO, deputy CISO and system administrators when the
//! organization says so; optional for everyone else.
//!
//! A code is accepted once: the time step it belongs to is stored, and codes of that
//! step or earlier are refused afterwards. Recovery codes are stored as SHA-256 and
//! removed when used.

use mamori_domain::Role;
use mamori_domain::audit::Change;
use mamori_store::entity::user;
use sha2::{Digest, Sha256};
use totp_rs::{Algorithm, TOTP};

use crate::auth::{LoginRefused, NewSession, sha256_hex};
use crate::authz::Actor;
use crate::orgs::OrgSettings;
use crate::{App, AppError, AppResult, passwords};

const STEP: u64 = 30;
const RECOVERY_CODES: usize = 10;
/// Wrong second-factor codes tolerated per pending sign-in before it is dropped.
const MAX_MFA_FAILURES: i32 = 5;

/// What the enrollment page shows.
#[derive(Debug, Clone)]
pub struct TotpEnrollment {
    /// Base32, for typing into an authenticator app.
    pub secret: String,
    pub otpauth_url: String,
    /// An SVG QR code of the URL, generated here (no external service).
    pub qr_svg: String,
}

fn totp(secret_b32: &str) -> AppResult<TOTP> {
    let bytes = totp_rs::Secret::Encoded(secret_b32.to_owned())
        .to_bytes()
        .map_err(|_| AppError::Internal("stored TOTP secret is not base32".into()))?;
    TOTP::new(Algorithm::SHA1, 6, 1, STEP, bytes)
        .map_err(|e| AppError::Internal(format!("TOTP: {e}")))
}

/// The time step a code belongs to (current ±1 for clock drift), if it is valid.
pub fn matching_step(secret_b32: &str, code: &str, unix: u64) -> AppResult<Option<i64>> {
    let t = totp(secret_b32)?;
    let code: String = mamori_domain::text::fold_width(code)
        .chars()
        .filter(char::is_ascii_digit)
        .collect();
    if code.len() != 6 {
        return Ok(None);
    }
    let now_step = unix / STEP;
    for step in [now_step, now_step.saturating_sub(1), now_step + 1] {
        if t.generate(step * STEP) == code {
            return Ok(i64::try_from(step).ok());
        }
    }
    Ok(None)
}

/// The code an authenticator shows at `unix` (tests and the enrollment check use it).
pub fn code_at(secret_b32: &str, unix: u64) -> AppResult<String> {
    Ok(totp(secret_b32)?.generate(unix))
}

fn normalize_recovery(code: &str) -> String {
    mamori_domain::text::fold_width(code)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric())
        .flat_map(|c| c.to_lowercase())
        .collect()
}

fn hash_recovery(code: &str) -> String {
    hex::encode(Sha256::digest(normalize_recovery(code).as_bytes()))
}

impl App {
    fn unix_now(&self) -> u64 {
        u64::try_from(self.now().timestamp()).unwrap_or(0)
    }

    /// Whether the organization requires a second factor of this actor.
    pub async fn mfa_required(&self, actor: &Actor) -> AppResult<bool> {
        let admin = actor.has_role(Role::Ciso)
            || actor.has_role(Role::DeputyCiso)
            || actor.has_role(Role::SystemAdmin);
        if !admin {
            return Ok(false);
        }
        let org = mamori_store::orgs::get(self.store.conn(), actor.org_id).await?;
        Ok(org.is_some_and(|o| OrgSettings::parse(&o.settings).require_mfa_for_admins))
    }

    /// A fresh secret to show on the enrollment page; nothing is stored until confirmed.
    pub fn totp_enrollment(&self, org_name: &str, login: &str) -> AppResult<TotpEnrollment> {
        let mut raw = [0u8; 20];
        self.random.fill(&mut raw);
        let secret = totp_rs::Secret::Raw(raw.to_vec()).to_encoded().to_string();
        self.totp_enrollment_for_secret(org_name, login, &secret)
    }

    /// The enrollment view of a given secret (to show the same one again after a typo).
    pub fn totp_enrollment_for_secret(
        &self,
        org_name: &str,
        login: &str,
        secret: &str,
    ) -> AppResult<TotpEnrollment> {
        totp(secret)?;
        let secret = secret.to_owned();
        let label: String = form_label(&format!("Mamori ({org_name}):{login}"));
        let otpauth_url = format!(
            "otpauth://totp/{label}?secret={secret}&issuer=Mamori&algorithm=SHA1&digits=6&period=30"
        );
        let qr_svg = qr_svg(&otpauth_url, 220)?;
        Ok(TotpEnrollment {
            secret,
            otpauth_url,
            qr_svg,
        })
    }

    /// Turns TOTP on once the user proves their app shows the right code; returns the
    /// recovery codes, shown once.
    pub async fn confirm_totp(
        &self,
        actor: &Actor,
        secret: &str,
        code: &str,
    ) -> AppResult<Vec<String>> {
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let u = mamori_store::users::get(self.store.conn(), actor.org_id, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if secret.len() < 32
            || totp_rs::Secret::Encoded(secret.to_owned())
                .to_bytes()
                .is_err()
        {
            return Err(AppError::field(
                "code",
                "登録をやり直してください。",
                "Please start the setup again.",
            ));
        }
        let Some(step) = matching_step(secret, code, self.unix_now())? else {
            return Err(AppError::field(
                "code",
                "確認コードが正しくありません。認証アプリに表示されている6桁の数字を入力してください。",
                "The code is not correct. Enter the 6 digits your authenticator app shows.",
            ));
        };
        let codes = self.new_recovery_codes();
        let after = user::Model {
            totp_secret: Some(secret.to_owned()),
            totp_last_step: Some(step),
            recovery_codes: Some(
                serde_json::to_string(&codes.iter().map(|c| hash_recovery(c)).collect::<Vec<_>>())
                    .unwrap_or_default(),
            ),
            updated_at: self.now(),
            ..u
        };
        self.save_mfa_change(actor, &after, true).await?;
        Ok(codes)
    }

    fn new_recovery_codes(&self) -> Vec<String> {
        const ALPHABET: &[u8] = b"abcdefghjkmnpqrstuvwxyz23456789";
        (0..RECOVERY_CODES)
            .map(|_| {
                let mut b = [0u8; 10];
                self.random.fill(&mut b);
                let s: String = b
                    .iter()
                    .map(|x| ALPHABET[usize::from(*x) % ALPHABET.len()] as char)
                    .collect();
                format!("{}-{}", &s[..5], &s[5..])
            })
            .collect()
    }

    /// Turns the second factor off (password required); refused when the organization
    /// requires it for this user's role.
    pub async fn disable_totp(&self, actor: &Actor, password: &str) -> AppResult<()> {
        let user_id = actor.user_id.ok_or(AppError::Forbidden)?;
        let u = mamori_store::users::get(self.store.conn(), actor.org_id, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if !passwords::verify(password, &u.password_hash) {
            return Err(AppError::field(
                "password",
                "パスワードが正しくありません。",
                "The password is not correct.",
            ));
        }
        if self.mfa_required(actor).await? {
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "あなたの役割では二要素認証が必須のため、無効にできません。",
                "Your role requires a second factor; it cannot be turned off.",
            )));
        }
        let after = user::Model {
            totp_secret: None,
            totp_last_step: None,
            recovery_codes: None,
            updated_at: self.now(),
            ..u
        };
        self.save_mfa_change(actor, &after, false).await?;
        Ok(())
    }

    /// Stores a user whose second factor was turned on or off, and audits it.
    async fn save_mfa_change(
        &self,
        actor: &Actor,
        after: &user::Model,
        enabled: bool,
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        mamori_store::users::update(&*tx, after.clone()).await?;
        let action = if enabled {
            "user.mfa_enable"
        } else {
            "user.mfa_disable"
        };
        let change = Change {
            field: "totp".into(),
            before: Some((!enabled).into()),
            after: Some(enabled.into()),
        };
        self.audit(
            &*tx,
            actor,
            action,
            "user",
            &after.id.to_string(),
            vec![change],
        )
        .await?;
        if !enabled {
            let notice = mamori_domain::notify::Notice::SecondFactorDisabled;
            self.notify(&*tx, actor.org_id, &[after.staff_id], &notice)
                .await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// Unused recovery codes left.
    pub(crate) fn recovery_codes_left(u: &user::Model) -> usize {
        u.recovery_codes
            .as_deref()
            .and_then(|j| serde_json::from_str::<Vec<String>>(j).ok())
            .map(|v| v.len())
            .unwrap_or(0)
    }

    /// Finishes a sign-in whose password was right: checks a TOTP code or a recovery
    /// code, then replaces the pending session with a full one (a new id).
    pub async fn complete_mfa(
        &self,
        cookie: &str,
        code: &str,
        source: &str,
    ) -> AppResult<Result<NewSession, LoginRefused>> {
        let conn = self.store.conn();
        let id_hash = sha256_hex(cookie);
        let now = self.now();
        let s = mamori_store::sessions::get(conn, &id_hash)
            .await?
            .filter(|s| s.mfa_pending && now - s.created_at < chrono::Duration::minutes(10))
            .ok_or(AppError::Unauthenticated)?;
        let u = mamori_store::users::get(conn, s.org_id, s.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(AppError::Unauthenticated)?;
        let Some(secret) = u.totp_secret.clone() else {
            return Err(AppError::Unauthenticated);
        };
        let throttle_key = format!("mfa:{}", u.id);
        let tx = self.store.begin_write().await?;
        let step = matching_step(&secret, code, self.unix_now())?
            .filter(|st| u.totp_last_step.is_none_or(|last| *st > last));
        let mut after = u.clone();
        let mut used = None;
        if let Some(st) = step {
            after.totp_last_step = Some(st);
            used = Some("totp");
        } else if !normalize_recovery(code).is_empty() {
            let mut left: Vec<String> = u
                .recovery_codes
                .as_deref()
                .and_then(|j| serde_json::from_str(j).ok())
                .unwrap_or_default();
            let h = hash_recovery(code);
            if let Some(i) = left.iter().position(|x| *x == h) {
                left.remove(i);
                after.recovery_codes = Some(serde_json::to_string(&left).unwrap_or_default());
                used = Some("recovery_code");
            }
        }
        let actor = self
            .user_actor(
                &u,
                crate::authz::ActorKind::User,
                format!("user:{}", u.login),
                source,
            )
            .await?;
        let Some(method) = used else {
            let state = mamori_store::throttle::get(&*tx, &throttle_key).await?;
            let failures = state.as_ref().map(|s| s.failures).unwrap_or(0) + 1;
            mamori_store::throttle::put(&*tx, &throttle_key, failures, now, None).await?;
            if failures >= MAX_MFA_FAILURES {
                // Too many wrong codes: the password step must be done again.
                mamori_store::sessions::delete(&*tx, &id_hash).await?;
                mamori_store::throttle::clear(&*tx, &throttle_key).await?;
            }
            self.audit(
                &*tx,
                &actor,
                "auth.mfa_failed",
                "user",
                &u.id.to_string(),
                vec![],
            )
            .await?;
            tx.commit().await?;
            return Ok(Err(LoginRefused {
                delay: std::time::Duration::from_millis(500),
                problem: None,
            }));
        };
        mamori_store::throttle::clear(&*tx, &throttle_key).await?;
        mamori_store::sessions::delete(&*tx, &id_hash).await?;
        after.updated_at = now;
        mamori_store::users::update(&*tx, after.clone()).await?;
        let session = self.open_session(&*tx, &after, source, false).await?;
        if method == "recovery_code" {
            self.audit(
                &*tx,
                &actor,
                "auth.recovery_code_used",
                "user",
                &u.id.to_string(),
                vec![Change {
                    field: "recovery_codes_left".into(),
                    before: None,
                    after: Some(Self::recovery_codes_left(&after).into()),
                }],
            )
            .await?;
        }
        tx.commit().await?;
        Ok(Ok(session))
    }
}

/// Percent-encodes an otpauth label.
fn form_label(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' | b':' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// `data` as a QR code in SVG, at least `px` square, for a page to show inline.
pub(crate) fn qr_svg(data: &str, px: u32) -> AppResult<String> {
    qrcode::QrCode::new(data.as_bytes())
        .map(|q| {
            q.render::<qrcode::render::svg::Color>()
                .min_dimensions(px, px)
                .build()
        })
        .map_err(|e| AppError::Internal(format!("QR code: {e}")))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    /// RFC 6238 appendix B, SHA-1 vectors (8 digits there; the last 6 here).
    #[test]
    fn rfc6238_vectors() {
        let secret = totp_rs::Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        assert_eq!(code_at(&secret, 59).unwrap(), "287082");
        assert_eq!(code_at(&secret, 1111111109).unwrap(), "081804");
        assert_eq!(code_at(&secret, 2000000000).unwrap(), "279037");
    }

    #[test]
    fn drift_of_one_step_is_accepted_but_not_two() {
        let secret = totp_rs::Secret::Raw(b"12345678901234567890".to_vec())
            .to_encoded()
            .to_string();
        let t = 1_800_000_000u64;
        let code = code_at(&secret, t).unwrap();
        assert_eq!(
            matching_step(&secret, &code, t).unwrap(),
            Some((t / 30) as i64)
        );
        assert!(matching_step(&secret, &code, t + 30).unwrap().is_some());
        assert!(matching_step(&secret, &code, t + 60).unwrap().is_none());
        assert!(matching_step(&secret, "12345", t).unwrap().is_none());
        let wide: String = code
            .chars()
            .map(|c| char::from_u32(c as u32 + 0xFEE0).unwrap())
            .collect();
        assert!(
            matching_step(&secret, &wide, t).unwrap().is_some(),
            "full-width digits are accepted"
        );
    }

    #[test]
    fn recovery_codes_compare_loosely() {
        assert_eq!(hash_recovery("abcde-fghjk"), hash_recovery(" ABCDE FGHJK "));
        assert_ne!(hash_recovery("abcde-fghjk"), hash_recovery("abcde-fghjm"));
    }
}

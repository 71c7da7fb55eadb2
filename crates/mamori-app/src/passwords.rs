//! Password hashing (argon2id) and the password policy.
//!
//! Parameters are argon2's defaults, which match OWASP's recommendation for argon2id
//! (19 MiB memory, 2 iterations, 1 lane): about 20–40 ms per hash on a municipal
//! server, slow enough against offline guessing, fast enough for sign-in.

use argon2::Argon2;
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use mamori_domain::Problem;

use crate::{AppError, AppResult, Random};

pub const MIN_LENGTH: usize = 12;
pub const MAX_LENGTH: usize = 256;

/// Common passwords that are long enough to pass the length rule; compared
/// case-insensitively after removing spaces.
const COMMON: &str = include_str!("common_passwords.txt");

/// Checks a new password against the policy.
pub fn check_policy(password: &str, login: &str) -> Result<(), Problem> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(Problem::new(
            format!("パスワードは{MIN_LENGTH}文字以上にしてください（現在{n}文字）。"),
            format!("The password must be at least {MIN_LENGTH} characters long (it has {n})."),
        ));
    }
    if n > MAX_LENGTH {
        return Err(Problem::new(
            format!("パスワードは{MAX_LENGTH}文字以内にしてください。"),
            format!("The password must be at most {MAX_LENGTH} characters long."),
        ));
    }
    let folded: String = password
        .chars()
        .filter(|c| !c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    if !login.is_empty() && folded.contains(&login.to_lowercase()) {
        return Err(Problem::new(
            "パスワードにログインIDを含めないでください。",
            "The password must not contain the login name.",
        ));
    }
    let first = folded.chars().next();
    if first.is_some() && folded.chars().all(|c| Some(c) == first) {
        return Err(Problem::new(
            "同じ文字の繰り返しはパスワードに使えません。",
            "A repetition of one character cannot be used as a password.",
        ));
    }
    if is_common(&folded) {
        return Err(Problem::new(
            "よく使われるパスワードのため使えません。推測されにくい文を使ってください。",
            "This password is too common. Choose a phrase that is hard to guess.",
        ));
    }
    Ok(())
}

fn is_common(folded: &str) -> bool {
    COMMON
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == folded)
}

pub fn hash(password: &str, random: &dyn Random) -> AppResult<String> {
    let mut salt = [0u8; 16];
    random.fill(&mut salt);
    let salt =
        SaltString::encode_b64(&salt).map_err(|e| AppError::Internal(format!("salt: {e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| AppError::Internal(format!("password hash: {e}")))
}

pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => Argon2::default()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// A hash of a random password, verified against when the login does not exist so
/// that an unknown login costs the same time as a wrong password.
pub fn decoy_hash() -> &'static str {
    "$argon2id$v=19$m=19456,t=2,p=1$AAAAAAAAAAAAAAAAAAAAAA$3Ix5Wf3cRDmRs3QObJzCqTgHj0IV0oPEkIG8GuOu+qk"
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::clock::SeededRandom;

    #[test]
    fn hash_and_verify() {
        let h = hash("correct horse battery", &SeededRandom::new(1)).unwrap();
        assert!(h.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"));
        assert!(verify("correct horse battery", &h));
        assert!(!verify("correct horse batterx", &h));
        assert!(!verify("anything", "not a hash"));
    }

    #[test]
    fn decoy_hash_parses() {
        assert!(PasswordHash::new(decoy_hash()).is_ok());
        assert!(!verify("whatever", decoy_hash()));
    }

    #[test]
    fn policy() {
        assert!(
            check_policy("short", "ciso")
                .unwrap_err()
                .en
                .contains("at least 12")
        );
        assert!(
            check_policy("password1234", "ciso")
                .unwrap_err()
                .en
                .contains("too common")
        );
        assert!(
            check_policy("Password 1234", "ciso")
                .unwrap_err()
                .en
                .contains("too common")
        );
        assert!(check_policy("aaaaaaaaaaaaaaa", "ciso").is_err());
        assert!(
            check_policy("my-ciso-password-x", "ciso")
                .unwrap_err()
                .en
                .contains("login")
        );
        assert!(check_policy("みどり市の情報を守る2026", "ciso").is_ok());
    }
}

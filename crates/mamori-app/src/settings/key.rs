//! The settings key: seals the secrets of connection settings (the directory's search
//! password, the provider's client secret, the mail password) before they reach the
//! database, so a copy of the database or its backups does not give them away. The
//! key lives in a file beside the audit key; a server without it can still sign
//! people in with settings from its configuration, but cannot use sealed ones.

use std::path::Path;

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use mamori_domain::Problem;
use mamori_domain::settings::ConnectionKind;

use crate::{AppError, AppResult, Random, keyfile};

const WHAT: &str = "settings key";
const NONCE: usize = 24;

pub struct SettingsKey {
    cipher: XChaCha20Poly1305,
}

impl std::fmt::Debug for SettingsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SettingsKey(…)")
    }
}

impl SettingsKey {
    pub fn from_bytes(key: [u8; 32]) -> Self {
        Self {
            cipher: XChaCha20Poly1305::new(&key.into()),
        }
    }

    /// Reads the key file, creating it (readable by the owner only) when absent.
    pub fn load_or_create(path: &Path, random: &dyn Random) -> AppResult<Self> {
        keyfile::load_or_create(WHAT, path, random).map(Self::from_bytes)
    }

    /// Seals a secret for one kind of setting (a sealed value moved to another kind
    /// does not open): hex of a fresh nonce and the ciphertext.
    pub(crate) fn seal(
        &self,
        kind: ConnectionKind,
        secret: &str,
        random: &dyn Random,
    ) -> AppResult<String> {
        self.seal_for(kind.code(), secret, random)
    }

    /// Seals a secret bound to `context` (what it belongs to: a kind of setting, an
    /// event source), so it opens only there.
    pub(crate) fn seal_for(
        &self,
        context: &str,
        secret: &str,
        random: &dyn Random,
    ) -> AppResult<String> {
        let mut nonce = [0u8; NONCE];
        random.fill(&mut nonce);
        let sealed = self
            .cipher
            .encrypt(
                XNonce::from_slice(&nonce),
                Payload {
                    msg: secret.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| AppError::Internal("sealing a secret failed".into()))?;
        let mut out = nonce.to_vec();
        out.extend_from_slice(&sealed);
        Ok(hex::encode(out))
    }

    /// Opens a sealed secret; a problem when it was sealed with another key or altered.
    pub(crate) fn open(&self, kind: ConnectionKind, sealed: &str) -> Result<String, Problem> {
        self.open_for(kind.code(), sealed).ok_or_else(|| {
            Problem::new(
                format!(
                    "保存された{}の秘密情報を復号できません。設定鍵のファイルが保存時と異なります。秘密情報を入力し直してください。",
                    kind.label_ja()
                ),
                format!(
                    "The saved secret of the {} cannot be opened: the settings key file differs from the one it was saved with. Enter the secret again.",
                    kind.label_en()
                ),
            )
        })
    }

    /// Opens a secret sealed for `context`; none when the key, the context or the
    /// value differ.
    pub(crate) fn open_for(&self, context: &str, sealed: &str) -> Option<String> {
        let bytes = hex::decode(sealed).ok()?;
        if bytes.len() <= NONCE {
            return None;
        }
        let (nonce, ct) = bytes.split_at(NONCE);
        let plain = self
            .cipher
            .decrypt(
                XNonce::from_slice(nonce),
                Payload {
                    msg: ct,
                    aad: context.as_bytes(),
                },
            )
            .ok()?;
        String::from_utf8(plain).ok()
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use crate::OsRandom;

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_its_kind() {
        let key = SettingsKey::from_bytes([7; 32]);
        let sealed = key
            .seal(ConnectionKind::Directory, "ｐａｓｓ 秘密", &OsRandom)
            .unwrap();
        assert!(!sealed.contains("秘密"));
        assert_eq!(
            key.open(ConnectionKind::Directory, &sealed).unwrap(),
            "ｐａｓｓ 秘密"
        );
        let again = key
            .seal(ConnectionKind::Directory, "ｐａｓｓ 秘密", &OsRandom)
            .unwrap();
        assert_ne!(sealed, again, "a fresh nonce each time");
        assert!(key.open(ConnectionKind::Mail, &sealed).is_err());
        let other = SettingsKey::from_bytes([8; 32]);
        let e = other.open(ConnectionKind::Directory, &sealed).unwrap_err();
        assert!(e.en.contains("settings key"));
        let mut altered = sealed.into_bytes();
        let last = altered.len() - 1;
        altered[last] = if altered[last] == b'0' { b'1' } else { b'0' };
        let altered = String::from_utf8(altered).unwrap();
        assert!(key.open(ConnectionKind::Directory, &altered).is_err());
        assert!(key.open(ConnectionKind::Directory, "zz").is_err());
    }
}

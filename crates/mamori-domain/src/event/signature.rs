//! How a webhook proves it comes from the source it names: the source's secret as a
//! bearer token, or an HMAC-SHA256 of the timestamp and the body under that secret
//! (`X-Mamori-Timestamp`, `X-Mamori-Signature: sha256=<hex>`). A signature also binds
//! the time, so a captured request replayed later than [`MAX_SKEW`] is refused.

use chrono::{DateTime, Duration, Utc};
use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};

use crate::error::Problem;

pub const SIGNATURE_HEADER: &str = "x-mamori-signature";
pub const TIMESTAMP_HEADER: &str = "x-mamori-timestamp";
/// How far a signed request's timestamp may be from the server's clock.
pub const MAX_SKEW: Duration = Duration::minutes(5);

/// What a request offers as proof.
#[derive(Debug, Clone, Copy)]
pub enum Credential<'a> {
    Bearer(&'a str),
    Signed {
        timestamp: &'a str,
        signature: &'a str,
    },
    Missing,
}

/// The signature of `body` sent at `timestamp` (seconds since 1970): what a sender
/// puts in `X-Mamori-Signature`.
pub fn sign(secret: &str, timestamp: i64, body: &[u8]) -> String {
    let mut mac = mac(secret);
    mac.update(timestamp.to_string().as_bytes());
    mac.update(b".");
    mac.update(body);
    format!("sha256={}", hex::encode(mac.finalize().into_bytes()))
}

fn mac(secret: &str) -> Hmac<Sha256> {
    // HMAC takes a key of any length; this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(secret.as_bytes())
        .unwrap_or_else(|_| unreachable!("HMAC accepts keys of any length"))
}

/// Checks the proof against the source's secret at `now`.
pub fn verify(
    secret: &str,
    credential: Credential<'_>,
    body: &[u8],
    now: DateTime<Utc>,
) -> Result<(), Problem> {
    match credential {
        Credential::Missing => Err(Problem::new(
            "認証情報がありません（Authorization: Bearer か X-Mamori-Signature）。",
            "No credentials (Authorization: Bearer or X-Mamori-Signature).",
        )),
        Credential::Bearer(token) => {
            // Compared as digests, so the time taken says nothing about the secret.
            if Sha256::digest(token.as_bytes()) == Sha256::digest(secret.as_bytes()) {
                Ok(())
            } else {
                Err(refused())
            }
        }
        Credential::Signed {
            timestamp,
            signature,
        } => {
            let ts: i64 = timestamp.trim().parse().map_err(|_| {
                Problem::new(
                    "X-Mamori-Timestamp は 1970 年からの秒数で指定してください。",
                    "X-Mamori-Timestamp must be seconds since 1970.",
                )
            })?;
            let sent = DateTime::<Utc>::from_timestamp(ts, 0).ok_or_else(refused)?;
            if (now - sent).abs() > MAX_SKEW {
                return Err(Problem::new(
                    "署名の時刻がサーバーの時刻から 5 分以上ずれています。",
                    "The signature's timestamp is more than 5 minutes from the server's clock.",
                ));
            }
            let given = signature
                .trim()
                .strip_prefix("sha256=")
                .and_then(|h| hex::decode(h).ok())
                .ok_or_else(refused)?;
            let mut m = mac(secret);
            m.update(ts.to_string().as_bytes());
            m.update(b".");
            m.update(body);
            m.verify_slice(&given).map_err(|_| refused())
        }
    }
}

fn refused() -> Problem {
    Problem::new(
        "署名またはトークンが一致しません。",
        "The signature or token does not match.",
    )
}

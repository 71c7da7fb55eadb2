//! A real OpenID provider for tests: the certified `oidc-provider` package from npm,
//! run by Node on a port the test chooses, with one confidential client (`mamori`,
//! PKCE required) and the test's accounts. Its development sign-in pages take any
//! password for a known account, which is what a browser test needs: the flow is the
//! real one (authorization code, PKCE, `state`, `nonce`, signed ID tokens).
//!
//! The package is found in `MAMORI_OIDC_PROVIDER_DIR` (a directory with
//! `node_modules/oidc-provider`, as `.ci/run` installs it). Missing Node or the package
//! skips loudly, or fails with `MAMORI_REQUIRE_OIDC=1` (CI).

use std::io::{BufRead as _, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

use crate::skip_or_fail;

/// The client Mamori is registered as.
pub const CLIENT_ID: &str = "mamori";
pub const CLIENT_SECRET: &str = "mamori-test-client-secret";

const PROVIDER: &str = r#"
import { pathToFileURL } from 'node:url';
const lib = `${process.env.OIDC_MODULES}/node_modules/oidc-provider/lib/index.js`;
const { default: Provider } = await import(pathToFileURL(lib).href);
const port = Number(process.env.OIDC_PORT);
const accounts = JSON.parse(process.env.OIDC_ACCOUNTS);
const provider = new Provider(`http://127.0.0.1:${port}`, {
  clients: [{
    client_id: process.env.OIDC_CLIENT_ID,
    client_secret: process.env.OIDC_CLIENT_SECRET,
    redirect_uris: [process.env.OIDC_REDIRECT],
    response_types: ['code'],
    grant_types: ['authorization_code'],
  }],
  pkce: { required: () => true },
  claims: {
    openid: ['sub'],
    profile: ['name', 'preferred_username', 'employee_number'],
    email: ['email'],
  },
  conformIdTokenClaims: process.env.OIDC_CONFORM === '1',
  findAccount: async (ctx, id) => {
    const a = accounts[id];
    if (!a) return undefined;
    // Conforming: the profile only at the userinfo endpoint, never in the ID token.
    const conform = process.env.OIDC_CONFORM === '1';
    return {
      accountId: id,
      claims: async (use) => (conform && use === 'id_token' ? { sub: id } : { sub: id, ...a }),
    };
  },
  features: { devInteractions: { enabled: true } },
  cookies: { keys: ['mamori-test-cookie-key'] },
  ttl: { AuthorizationCode: Number(process.env.OIDC_CODE_TTL || 60), Session: 600, Interaction: 600, Grant: 600 },
});
const server = provider.listen(port, '127.0.0.1', () => console.log('ready'));
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
"#;

/// An account of the provider: the sign-in name typed on its page, and the claims it
/// gives Mamori.
#[derive(Debug, Clone)]
pub struct OidcAccount {
    pub login: String,
    pub employee_number: String,
    pub name: String,
    pub email: String,
}

/// A running provider; stopped on drop.
#[derive(Debug)]
pub struct OidcProvider {
    child: Child,
    _dir: tempfile::TempDir,
    port: u16,
}

fn modules() -> Option<PathBuf> {
    let dir = PathBuf::from(std::env::var_os("MAMORI_OIDC_PROVIDER_DIR")?);
    dir.join("node_modules/oidc-provider/package.json")
        .exists()
        .then_some(dir)
}

impl OidcProvider {
    /// Starts the provider on `port` for a client redirected to `redirect_uri`, or
    /// reports the skip and returns `None`. The profile claims ride in the ID token.
    #[track_caller]
    pub fn start(port: u16, redirect_uri: &str, accounts: &[OidcAccount]) -> Option<Self> {
        Self::start_as(port, redirect_uri, accounts, false)
    }

    /// [`OidcProvider::start`], with `conform` keeping the profile claims out of the ID
    /// token and only at the userinfo endpoint, as the standard has it.
    #[track_caller]
    pub fn start_as(
        port: u16,
        redirect_uri: &str,
        accounts: &[OidcAccount],
        conform: bool,
    ) -> Option<Self> {
        Self::spawn(port, redirect_uri, accounts, conform, 60)
    }

    /// [`OidcProvider::start`], with authorization codes that expire after `secs`
    /// seconds (the provider's usual is 60).
    #[track_caller]
    pub fn start_with_code_ttl(
        port: u16,
        redirect_uri: &str,
        accounts: &[OidcAccount],
        secs: u32,
    ) -> Option<Self> {
        Self::spawn(port, redirect_uri, accounts, false, secs)
    }

    #[track_caller]
    fn spawn(
        port: u16,
        redirect_uri: &str,
        accounts: &[OidcAccount],
        conform: bool,
        code_ttl: u32,
    ) -> Option<Self> {
        let node_ok = Command::new("node")
            .arg("--version")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        let Some(modules) = modules().filter(|_| node_ok) else {
            skip_or_fail(
                "OpenID provider",
                "no Node or no oidc-provider (npm install --prefix DIR oidc-provider, then MAMORI_OIDC_PROVIDER_DIR=DIR)",
                "MAMORI_REQUIRE_OIDC",
            );
            return None;
        };
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
        let script = dir.path().join("provider.mjs");
        std::fs::write(&script, PROVIDER).unwrap_or_else(|e| panic!("writing the provider: {e}"));
        let claims: serde_json::Map<String, serde_json::Value> = accounts
            .iter()
            .map(|a| {
                (
                    a.login.clone(),
                    serde_json::json!({
                        "employee_number": a.employee_number,
                        "name": a.name,
                        "preferred_username": a.login,
                        "email": a.email,
                    }),
                )
            })
            .collect();
        let mut child = Command::new("node")
            .arg(&script)
            .env("OIDC_MODULES", &modules)
            .env("OIDC_PORT", port.to_string())
            .env("OIDC_REDIRECT", redirect_uri)
            .env("OIDC_CLIENT_ID", CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", CLIENT_SECRET)
            .env(
                "OIDC_ACCOUNTS",
                serde_json::Value::Object(claims).to_string(),
            )
            .env("OIDC_CONFORM", if conform { "1" } else { "0" })
            .env("OIDC_CODE_TTL", code_ttl.to_string())
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run node: {e}"));
        let mut line = String::new();
        if let Some(out) = child.stdout.take() {
            let _ = BufReader::new(out).read_line(&mut line);
        }
        if line.trim() != "ready" {
            let _ = child.kill();
            panic!("the OpenID provider would not start (see its output above)");
        }
        Some(Self {
            child,
            _dir: dir,
            port,
        })
    }

    /// The issuer, as discovery and ID tokens name it.
    pub fn issuer(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

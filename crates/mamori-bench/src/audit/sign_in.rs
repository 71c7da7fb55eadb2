//! Step 3: what a sign-in costs — argon2id hashing and verification alone, then the
//! whole `App::login` on a database of its own.

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use anyhow::{Result, bail, ensure};
use mamori_app::{App, AppConfig, OsRandom, passwords};

use super::db;

/// The administrator's password for the sign-in figures.
pub const PASSWORD: &str = "ベンチマーク用の長いパスワード2026";
const LOGIN: &str = "ciso";
const SOURCE: &str = "127.0.0.1";

/// Sign-in latencies.
#[derive(Debug, Clone)]
pub struct SignInFigures {
    /// The parameters as the stored hash names them (`m=19456,t=2,p=1`).
    pub params: String,
    pub algorithm: String,
    pub runs: usize,
    pub hash: Vec<Duration>,
    pub verify: Vec<Duration>,
    pub login: Vec<Duration>,
}

fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let t = Instant::now();
    let v = f();
    (v, t.elapsed())
}

/// Step 3: `passwords::hash` and `passwords::verify`, then `App::login` on a database
/// of its own.
pub async fn measure_sign_in(dir: &Path, runs: usize) -> Result<SignInFigures> {
    let runs = runs.max(1);

    let stored = passwords::hash(PASSWORD, &OsRandom)?;
    ensure!(
        passwords::verify(PASSWORD, &stored),
        "the password does not verify against its own hash"
    );
    // $argon2id$v=19$m=19456,t=2,p=1$<salt>$<hash>
    let mut fields = stored.split('$').skip(1);
    let algorithm = fields.next().unwrap_or_default().to_owned();
    let params = fields.nth(1).unwrap_or_default().to_owned();

    let mut hash = Vec::with_capacity(runs);
    let mut verify = Vec::with_capacity(runs);
    for _ in 0..runs {
        let (h, d) = timed(|| passwords::hash(PASSWORD, &OsRandom));
        black_box(h?);
        hash.push(d);
        let (ok, d) = timed(|| passwords::verify(PASSWORD, &stored));
        ensure!(ok, "passwords::verify refused the right password");
        verify.push(d);
    }

    let store = db::open(&mamori_store::sqlite_url_for_dir(dir)?).await?;
    let app = App::with_system(store, AppConfig::default());
    crate::data::set_up_city(&app, LOGIN).await?;
    let mut login = Vec::with_capacity(runs);
    // One warm-up sign-in, not timed: the first one fills caches.
    for i in 0..=runs {
        let t = Instant::now();
        let session = app.login(LOGIN, PASSWORD, SOURCE).await?;
        let d = t.elapsed();
        match session {
            Ok(s) if !s.mfa_pending => {}
            Ok(_) => bail!("App::login asked for a second factor; the bench set none"),
            Err(refused) => bail!("App::login refused the right password ({refused:?})"),
        }
        if i > 0 {
            login.push(d);
        }
    }
    app.system().close().await?;
    Ok(SignInFigures {
        params,
        algorithm,
        runs,
        hash,
        verify,
        login,
    })
}

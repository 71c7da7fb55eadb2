//! Sign-in, sessions, API tokens, and turning any of them into an [`Actor`].
//!
//! Session cookies and API tokens are random strings shown to the client once; the
//! database keeps only their SHA-256, so a stolen backup hands out nothing live.
//! Failed sign-ins are counted per login and per source address: from the fourth
//! failure the answer is delayed a little more each time, and from the tenth the key
//! is locked for a while. Every refusal reads the same, whether or not the login exists.

use std::collections::{HashMap, HashSet};

use chrono::{DateTime, Duration, Utc};
use mamori_domain::Role;
use mamori_domain::role::is_active_on;
use mamori_store::entity::{api_token, session, user};
use sha2::{Digest, Sha256};
use uuid::Uuid;

use mamori_domain::directory::AuthSource;

use crate::authz::{Actor, ActorKind, Grant};
use crate::users::AccountView;
use crate::{App, AppError, AppResult, passwords};

/// Failures after which answers are delayed.
const DELAY_AFTER: i32 = 3;
/// Failures after which the key is locked.
const LOCK_AFTER: i32 = 10;
/// A source address is shared by a whole city hall behind its proxy, so it tolerates more.
const ADDR_LOCK_AFTER: i32 = 50;
const LOCK_FOR: Duration = Duration::minutes(15);
/// Failures older than this no longer count.
const FORGET_AFTER: Duration = Duration::hours(1);
/// Sessions and tokens record their last use at most this often, so reads stay reads.
const TOUCH_EVERY: Duration = Duration::seconds(60);

pub fn sha256_hex(s: &str) -> String {
    hex::encode(Sha256::digest(s.as_bytes()))
}

/// A signed-in browser session, as the web layer needs it.
#[derive(Debug, Clone)]
pub struct SessionInfo {
    pub actor: Actor,
    /// The account, as a view: the password hash and second-factor secrets stay in
    /// the database rather than ride along with every request.
    pub user: AccountView,
    pub csrf_token: String,
    /// The organization requires a second factor for this user's role and none is set
    /// up yet: the web layer allows only the enrollment page until it is.
    pub needs_mfa_enrollment: bool,
}

/// An API token as its owner's list shows it: the name and first characters, never
/// the hash.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenView {
    pub id: Uuid,
    pub name: String,
    /// The first characters of the token, so a user can tell tokens apart.
    pub prefix: String,
    pub created_at: DateTime<Utc>,
    pub expires_at: Option<DateTime<Utc>>,
    pub last_used_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl TokenView {
    fn of(t: &api_token::Model) -> Self {
        Self {
            id: t.id,
            name: t.name.clone(),
            prefix: t.prefix.clone(),
            created_at: t.created_at,
            expires_at: t.expires_at,
            last_used_at: t.last_used_at,
            revoked_at: t.revoked_at,
        }
    }
}

/// What a successful sign-in hands the browser.
#[derive(Debug, Clone)]
pub struct NewSession {
    /// Cookie value (shown once; only its hash is stored).
    pub cookie: String,
    pub user: AccountView,
    /// The password was right, and the second factor is still due.
    pub mfa_pending: bool,
}

/// Why a sign-in failed, for the web layer to wait before answering. A wrong login or
/// password reads the same whatever the reason; `problem` is said only where the
/// person has shown they know the password (their directory account is disabled) or
/// where nothing about an account is told (the directory cannot be reached).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LoginRefused {
    pub delay: std::time::Duration,
    pub problem: Option<mamori_domain::Problem>,
}

/// Failed sign-ins so far, per login and per source address.
pub(crate) struct Throttle {
    login_key: String,
    addr_key: String,
    login_state: Option<mamori_store::entity::login_throttle::Model>,
    addr_state: Option<mamori_store::entity::login_throttle::Model>,
    /// The address the attempt came from, for the audit entry.
    source: String,
    /// Failures after which the login is locked.
    pub(crate) lock_after: i32,
}

impl Throttle {
    async fn read<C: mamori_store::Conn>(conn: &C, login: &str, source: &str) -> AppResult<Self> {
        let login_key = format!("login:{}", login.trim().to_lowercase());
        let addr_key = format!("addr:{source}");
        Ok(Self {
            login_state: mamori_store::throttle::get(conn, &login_key).await?,
            addr_state: mamori_store::throttle::get(conn, &addr_key).await?,
            login_key,
            addr_key,
            source: source.to_owned(),
            lock_after: LOCK_AFTER,
        })
    }

    /// Either key is locked now.
    pub(crate) fn locked(&self, now: DateTime<Utc>) -> bool {
        [&self.login_state, &self.addr_state].iter().any(|m| {
            m.as_ref()
                .and_then(|t| t.locked_until)
                .is_some_and(|until| until > now)
        })
    }

    /// The sign-in succeeded: the login's failures are forgotten.
    pub(crate) async fn clear<C: mamori_store::Conn>(&self, conn: &C) -> AppResult<()> {
        Ok(mamori_store::throttle::clear(conn, &self.login_key).await?)
    }
}

impl App {
    /// Checks a login and password and opens a session. With a directory configured, a
    /// login that is not a local account's is checked by the directory.
    pub async fn login(
        &self,
        login: &str,
        password: &str,
        source: &str,
    ) -> AppResult<Result<NewSession, LoginRefused>> {
        let now = self.now();
        let conn = self.store.conn();
        let throttle = Throttle::read(conn, login, source).await?;
        let mut found = mamori_store::users::by_login(conn, login.trim()).await?;
        if let Some(link) = self.directory_link().await? {
            if found.is_none() {
                // Directory accounts are kept in lower case, as Active Directory compares.
                found = mamori_store::users::by_login(conn, &login.trim().to_lowercase()).await?;
            }
            let local = found
                .as_ref()
                .is_some_and(|u| AuthSource::parse(&u.auth_source) == AuthSource::Local);
            if !local {
                return self
                    .directory_login(&link, login, password, source, found, throttle)
                    .await;
            }
        }

        // Verify even when locked or unknown, so timing tells nothing.
        let hash = found
            .as_ref()
            .map(|u| u.password_hash.clone())
            .unwrap_or_else(|| passwords::decoy_hash().to_owned());
        let pw = password.to_owned();
        let ok = tokio::task::spawn_blocking(move || passwords::verify(&pw, &hash))
            .await
            .map_err(|e| AppError::Internal(format!("password check: {e}")))?;

        match found.filter(|u| u.disabled_at.is_none()) {
            Some(u) if ok && !throttle.locked(now) => {
                let tx = self.store.begin_write().await?;
                throttle.clear(&*tx).await?;
                let pending = u.totp_secret.is_some();
                let session = self.open_session(&*tx, &u, source, pending).await?;
                tx.commit().await?;
                Ok(Ok(session))
            }
            other => Ok(Err(self
                .refuse(throttle, other.as_ref(), "auth.login_failed", None)
                .await?)),
        }
    }

    /// Counts a failed sign-in against the login and the address, records it in the
    /// organization's audit chain when the login is an account (unknown logins have no
    /// chain to go to), and says how long to wait before answering.
    pub(crate) async fn refuse(
        &self,
        throttle: Throttle,
        account: Option<&user::Model>,
        action: &str,
        problem: Option<mamori_domain::Problem>,
    ) -> AppResult<LoginRefused> {
        let now = self.now();
        let tx = self.store.begin_write().await?;
        let login_failures = bump(
            &*tx,
            &throttle.login_key,
            throttle.login_state,
            now,
            throttle.lock_after,
        )
        .await?;
        bump(
            &*tx,
            &throttle.addr_key,
            throttle.addr_state,
            now,
            ADDR_LOCK_AFTER,
        )
        .await?;
        if let Some(u) = account {
            let actor = Actor::anonymous(u.org_id, &u.login, &throttle.source);
            self.audit(&*tx, &actor, action, "user", &u.id.to_string(), vec![])
                .await?;
        }
        tx.commit().await?;
        let extra = (login_failures - DELAY_AFTER).clamp(0, 5);
        Ok(LoginRefused {
            delay: std::time::Duration::from_millis(500 * u64::try_from(extra).unwrap_or(0)),
            problem,
        })
    }

    /// Creates a session (a new id every time: no fixation) and audits the sign-in, or
    /// the passed password step when the second factor is still due.
    pub(crate) async fn open_session<C: mamori_store::Conn>(
        &self,
        conn: &C,
        u: &user::Model,
        source: &str,
        mfa_pending: bool,
    ) -> AppResult<NewSession> {
        let now = self.now();
        let mut u2 = u.clone();
        if !mfa_pending {
            u2.last_login_at = Some(now);
            mamori_store::users::update(conn, u2.clone()).await?;
        }
        let cookie = self.random_token(32);
        mamori_store::sessions::insert(
            conn,
            session::Model {
                id_hash: sha256_hex(&cookie),
                org_id: u.org_id,
                user_id: u.id,
                csrf_token: self.random_token(24),
                mfa_pending,
                created_at: now,
                last_seen_at: now,
                source: source.to_owned(),
            },
        )
        .await?;
        let actor = self
            .user_actor(&u2, ActorKind::User, format!("user:{}", u.login), source)
            .await?;
        let action = if mfa_pending {
            "auth.password_verified"
        } else {
            "auth.login"
        };
        self.audit(conn, &actor, action, "user", &u.id.to_string(), vec![])
            .await?;
        Ok(NewSession {
            cookie,
            user: AccountView::of(&u2),
            mfa_pending,
        })
    }

    /// Resolves a session cookie, enforcing idle and absolute timeouts.
    pub async fn session(&self, cookie: &str, source: &str) -> AppResult<SessionInfo> {
        let now = self.now();
        let conn = self.store.conn();
        let id_hash = sha256_hex(cookie);
        let s = mamori_store::sessions::get(conn, &id_hash)
            .await?
            .filter(|s| !s.mfa_pending)
            .ok_or(AppError::Unauthenticated)?;
        if now - s.last_seen_at > self.config.session_idle
            || now - s.created_at > self.config.session_absolute
        {
            mamori_store::sessions::delete(conn, &id_hash).await?;
            return Err(AppError::Unauthenticated);
        }
        let u = mamori_store::users::get(conn, s.org_id, s.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(AppError::Unauthenticated)?;
        if now - s.last_seen_at > TOUCH_EVERY {
            mamori_store::sessions::touch(conn, &id_hash, now).await?;
        }
        let actor = self
            .user_actor(&u, ActorKind::User, format!("user:{}", u.login), source)
            .await?;
        // An organization whose OpenID provider enforces a second factor may accept it
        // for those who sign in through it — only when the provider is the one way in
        // for them: with a directory too, an OpenID account could come in by password.
        let provider_mfa = AuthSource::parse(&u.auth_source) == AuthSource::Oidc
            && self.directory_link().await?.is_none()
            && self
                .oidc_client()
                .await?
                .is_some_and(|o| o.settings().mfa_by_provider);
        let needs_mfa_enrollment =
            u.totp_secret.is_none() && !provider_mfa && self.mfa_required(&actor).await?;
        Ok(SessionInfo {
            actor,
            user: AccountView::of(&u),
            csrf_token: s.csrf_token,
            needs_mfa_enrollment,
        })
    }

    pub async fn logout(&self, info: &SessionInfo, cookie: &str) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        mamori_store::sessions::delete(&*tx, &sha256_hex(cookie)).await?;
        self.audit(
            &*tx,
            &info.actor,
            "auth.logout",
            "user",
            &info.user.id.to_string(),
            vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Ends every session of the signed-in user.
    pub async fn logout_everywhere(&self, info: &SessionInfo) -> AppResult<u64> {
        let tx = self.store.begin_write().await?;
        let n = mamori_store::sessions::delete_for_user(&*tx, info.user.id).await?;
        self.audit(
            &*tx,
            &info.actor,
            "auth.logout_all",
            "user",
            &info.user.id.to_string(),
            vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(n)
    }

    /// Resolves `Authorization: Bearer <token>`.
    pub async fn token_actor(&self, token: &str, source: &str) -> AppResult<Actor> {
        let now = self.now();
        let conn = self.store.conn();
        let t = mamori_store::tokens::by_hash(conn, &sha256_hex(token))
            .await?
            .filter(|t| t.revoked_at.is_none() && t.expires_at.is_none_or(|e| e > now))
            .ok_or(AppError::Unauthenticated)?;
        let u = mamori_store::users::get(conn, t.org_id, t.user_id)
            .await?
            .filter(|u| u.disabled_at.is_none())
            .ok_or(AppError::Unauthenticated)?;
        if t.last_used_at.is_none_or(|l| now - l > TOUCH_EVERY) {
            mamori_store::tokens::mark_used(conn, t.id, now).await?;
        }
        self.user_actor(
            &u,
            ActorKind::Token,
            format!("token:{}@{}", t.name, u.login),
            source,
        )
        .await
    }

    /// Creates an API token for a user; returns the token text, which is never shown again.
    pub async fn create_token(
        &self,
        actor: &Actor,
        user_id: Uuid,
        name: &str,
        expires_at: Option<DateTime<Utc>>,
    ) -> AppResult<(TokenView, String)> {
        if actor.user_id != Some(user_id) {
            self.authorize(actor, crate::authz::Capability::ManageUsers)
                .await?;
        }
        let name = mamori_domain::text::clean(name);
        if name.is_empty() || name.chars().count() > 100 {
            return Err(AppError::field(
                "name",
                "トークン名を100文字以内で入力してください。",
                "Enter a token name of at most 100 characters.",
            ));
        }
        let u = mamori_store::users::get(self.store.conn(), actor.org_id, user_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let secret = format!("mmr_{}", self.random_token(32));
        let m = api_token::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            user_id: u.id,
            name: name.clone(),
            token_hash: sha256_hex(&secret),
            prefix: secret.chars().take(8).collect(),
            created_at: self.now(),
            expires_at,
            last_used_at: None,
            revoked_at: None,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::tokens::insert(&*tx, m.clone()).await?;
        self.audit(
            &*tx,
            actor,
            "token.create",
            "api_token",
            &m.id.to_string(),
            vec![mamori_domain::audit::Change {
                field: "name".into(),
                before: None,
                after: Some(serde_json::json!(format!("{name} ({})", u.login))),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok((TokenView::of(&m), secret))
    }

    pub async fn tokens_of(&self, actor: &Actor, user_id: Uuid) -> AppResult<Vec<TokenView>> {
        if actor.user_id != Some(user_id) {
            self.authorize(actor, crate::authz::Capability::ManageUsers)
                .await?;
        }
        let all = mamori_store::tokens::for_user(self.store.conn(), actor.org_id, user_id).await?;
        Ok(all.iter().map(TokenView::of).collect())
    }

    pub async fn revoke_token(&self, actor: &Actor, token_id: Uuid) -> AppResult<()> {
        let conn = self.store.conn();
        let owner =
            mamori_store::tokens::for_user(conn, actor.org_id, actor.user_id.unwrap_or_default())
                .await?
                .iter()
                .any(|t| t.id == token_id);
        if !owner {
            self.authorize(actor, crate::authz::Capability::ManageUsers)
                .await?;
        }
        let tx = self.store.begin_write().await?;
        if !mamori_store::tokens::revoke(&*tx, actor.org_id, token_id, self.now()).await? {
            return Err(AppError::NotFound);
        }
        self.audit(
            &*tx,
            actor,
            "token.revoke",
            "api_token",
            &token_id.to_string(),
            vec![],
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Builds the actor for a user: the roles their staff member holds today, each
    /// expanded to the department subtree it covers.
    pub async fn user_actor(
        &self,
        u: &user::Model,
        kind: ActorKind,
        label: String,
        source: &str,
    ) -> AppResult<Actor> {
        let conn = self.store.conn();
        let today = self.today();
        let staff = mamori_store::staff::get(conn, u.org_id, u.staff_id).await?;
        let roles = mamori_store::roles::for_staff(conn, u.org_id, u.staff_id).await?;
        let mut grants = Vec::new();
        let mut children: Option<HashMap<Uuid, Vec<Uuid>>> = None;
        for r in roles {
            if !is_active_on(r.term_from, r.term_to, today) {
                continue;
            }
            let Ok(role) = Role::parse(&r.role) else {
                continue;
            };
            let scope = match r.department_id {
                None => None,
                Some(d) => {
                    if children.is_none() {
                        let all = mamori_store::departments::all(conn, u.org_id).await?;
                        children = Some(crate::departments::children_map(&all));
                    }
                    let map = children.as_ref().map(|m| crate::departments::subtree(m, d));
                    Some(map.unwrap_or_else(|| HashSet::from([d])))
                }
            };
            grants.push(Grant { role, scope });
        }
        Ok(Actor {
            org_id: u.org_id,
            kind,
            user_id: Some(u.id),
            staff_id: Some(u.staff_id),
            label,
            source: source.to_owned(),
            grants,
            is_contractor: staff.is_some_and(|s| s.category == "contractor"),
        })
    }
}

/// Counts a failure against a key; returns the new count.
async fn bump<C: mamori_store::Conn>(
    conn: &C,
    key: &str,
    state: Option<mamori_store::entity::login_throttle::Model>,
    now: DateTime<Utc>,
    lock_after: i32,
) -> AppResult<i32> {
    let failures = match &state {
        Some(s) if now - s.last_failure_at < FORGET_AFTER => s.failures + 1,
        _ => 1,
    };
    let locked_until = if failures >= lock_after {
        Some(now + LOCK_FOR)
    } else {
        state.and_then(|s| s.locked_until).filter(|u| *u > now)
    };
    mamori_store::throttle::put(conn, key, failures, now, locked_until).await?;
    Ok(failures)
}

//! Mamori's use cases.
//!
//! Every write follows one shape: authorize the actor (here, never only in a
//! template), validate the input with the domain's rules, then write the change and
//! its audit entry in one transaction. Handlers in `mamori-web` and commands in the
//! binary call these functions and do nothing else of substance.
//!
//! Errors: [`AppError`] is the only error type that leaves this crate. Input problems
//! carry their ja/en messages; store failures keep their detail for the log and are
//! shown to users only as a reference id by the web layer.

pub mod assets;
pub mod audit;
pub mod auth;
pub mod authz;
pub mod clock;
pub mod compliance;
pub mod controls;
pub mod coverage;
pub mod dashboard;
pub mod demo;
pub mod departments;
pub mod directory;
pub mod error;
pub mod events;
pub mod home;
pub mod import;
pub mod incidents;
pub mod invitations;
pub mod jobs;
mod kept;
mod keyfile;
pub mod media;
pub mod mfa;
pub mod notify;
pub mod oidc;
pub mod orgs;
pub mod passwords;
pub mod physical;
pub mod policies;
pub mod review;
pub mod risks;
pub mod roles;
pub mod settings;
pub mod setup;
pub mod signing;
pub mod staff;
pub mod system;
pub mod tabular;
pub mod training;
pub mod users;

use std::sync::Arc;

pub use authz::{Actor, Grant};
pub use clock::{Clock, FixedClock, OsRandom, Random, SystemClock};
pub use error::{AppError, AppResult};
pub use mamori_store::sqlite_url_for_dir;
pub use mamori_store::{Page, PageRequest, Store};

/// Limits and timeouts an operator may tune.
#[derive(Debug, Clone)]
pub struct AppConfig {
    pub session_idle: chrono::Duration,
    pub session_absolute: chrono::Duration,
    /// Largest upload accepted for imports.
    pub max_import_bytes: usize,
    /// The address people use to reach the server, for links in mail.
    pub public_url: Option<String>,
    /// Seconds between signatures of the audit chain heads (the `audit.sign` job).
    pub sign_every_secs: u64,
    /// How long a job run holds its job without renewing: a server that dies mid-run
    /// hands the job to another after at most this long.
    pub job_lease: chrono::Duration,
}

impl Default for AppConfig {
    fn default() -> Self {
        Self {
            session_idle: chrono::Duration::minutes(30),
            session_absolute: chrono::Duration::hours(12),
            max_import_bytes: 32 * 1024 * 1024,
            public_url: None,
            sign_every_secs: 300,
            job_lease: chrono::Duration::seconds(60),
        }
    }
}

/// Applies pending migrations (for `mamori migrate`).
pub async fn migrate(
    store: &Store,
) -> Result<mamori_store::migrations::MigrationReport, mamori_store::StoreError> {
    mamori_store::migrations::migrate(store).await
}

/// The schema version a database is at (0 for none).
pub async fn schema_version(store: &Store) -> Result<i64, mamori_store::StoreError> {
    mamori_store::migrations::current_version(store).await
}

/// Failed directory sign-ins after which Mamori locks the login: below Active
/// Directory's usual lockout thresholds (5 and up), so a stranger guessing through
/// Mamori cannot lock a person out of Windows.
pub const DIRECTORY_LOCK_AFTER: i32 = 4;

/// Everything a use case needs: the store, the clock, randomness and configuration.
#[derive(Clone)]
pub struct App {
    /// Private: the web layer and the command line reach data only through use cases,
    /// which authorize and audit.
    store: Store,
    pub clock: Arc<dyn Clock>,
    pub random: Arc<dyn Random>,
    pub config: Arc<AppConfig>,
    /// Signs audit chain heads; absent in tests that do not sign.
    pub signer: Option<Arc<signing::AuditSigner>>,
    /// In-memory register indexes (lists, counts and filters of the asset register).
    pub(crate) registers: Arc<assets::index::Registers>,
    /// The last training coverage data read, per organization (see `kept`).
    pub(crate) training: Arc<kept::KeptByHead<uuid::Uuid, training::Loaded>>,
    /// The last acknowledgement campaign data read, per campaign (see `kept`).
    pub(crate) campaigns: Arc<kept::KeptByHead<uuid::Uuid, policies::acks::Loaded>>,
    /// This server among several on one database: the holder of the jobs it runs.
    pub(crate) instance: Arc<str>,
    /// The directory, OpenID provider and mail server the configuration sets.
    pub(crate) pinned: settings::Pinned,
    /// Those built from the settings screens, shared by every clone.
    pub(crate) live: Arc<settings::Live>,
    /// Seals the secrets of saved settings; absent, secrets cannot be saved.
    pub(crate) settings_key: Option<Arc<settings::SettingsKey>>,
    pub(crate) events: Arc<events::Runtime>,
}

impl App {
    pub fn new(
        store: Store,
        clock: Arc<dyn Clock>,
        random: Arc<dyn Random>,
        config: AppConfig,
    ) -> Self {
        let mut tag = [0u8; 4];
        random.fill(&mut tag);
        Self {
            store,
            clock,
            config: Arc::new(config),
            signer: None,
            registers: Arc::default(),
            training: Arc::default(),
            campaigns: Arc::default(),
            instance: Arc::from(format!("pid{}-{}", std::process::id(), hex::encode(tag))),
            pinned: settings::Pinned::default(),
            live: Arc::default(),
            settings_key: None,
            events: Arc::default(),
            random,
        }
    }

    /// Sends mail with these settings; refused with a message when they cannot work.
    pub fn with_mail(
        mut self,
        settings: &notify::MailSettings,
    ) -> Result<Self, mamori_domain::Problem> {
        self.pinned.mailer = Some(Arc::new(notify::Mailer::new(settings)?));
        Ok(self)
    }

    /// The mail server the configuration sets, if any.
    pub fn mail_server(&self) -> Option<&str> {
        self.pinned.mailer.as_deref().map(notify::Mailer::server)
    }

    /// Seals and opens the secrets of settings saved on the screens.
    pub fn with_settings_key(mut self, key: settings::SettingsKey) -> Self {
        self.settings_key = Some(Arc::new(key));
        self
    }

    /// Signs people in through this directory, into the organization `org_code` (or
    /// the only one), with the roles its groups grant.
    pub fn with_directory(
        mut self,
        org_code: Option<String>,
        directory: directory::Directory,
        group_roles: Vec<mamori_domain::directory::GroupRole>,
    ) -> Self {
        self.pinned.directory = Some(Arc::new(directory::DirectoryLink {
            org_code,
            directory,
            group_roles,
            lock_after: DIRECTORY_LOCK_AFTER,
        }));
        self
    }

    /// Locks a directory login after `lock_after` failed sign-ins (2–50; default
    /// [`DIRECTORY_LOCK_AFTER`]): set it below the directory's own lockout threshold.
    pub fn with_directory_lockout(mut self, lock_after: i32) -> Self {
        if let Some(link) = &self.pinned.directory {
            let mut link = (**link).clone();
            link.lock_after = lock_after.clamp(2, 50);
            self.pinned.directory = Some(Arc::new(link));
        }
        self
    }

    /// Signs people in through this OpenID provider too.
    pub fn with_oidc(mut self, oidc: Arc<oidc::Oidc>) -> Self {
        self.pinned.oidc = Some(oidc);
        self
    }

    pub fn with_signer(mut self, signer: signing::AuditSigner) -> Self {
        self.signer = Some(Arc::new(signer));
        self
    }

    /// Production wiring: the system clock and the OS random source.
    pub fn with_system(store: Store, config: AppConfig) -> Self {
        Self::new(store, Arc::new(SystemClock), Arc::new(OsRandom), config)
    }

    pub fn now(&self) -> chrono::DateTime<chrono::Utc> {
        self.clock.now()
    }

    pub fn today(&self) -> chrono::NaiveDate {
        self.clock.today()
    }

    /// A new UUIDv7 from the injected clock and randomness.
    pub fn new_id(&self) -> uuid::Uuid {
        let now = self.now();
        let mut rand = [0u8; 10];
        self.random.fill(&mut rand);
        let ms = u64::try_from(now.timestamp_millis()).unwrap_or(0);
        uuid::Builder::from_unix_timestamp_millis(ms, &rand).into_uuid()
    }

    /// `n` random bytes, URL-safe base64 without padding.
    pub fn random_token(&self, n: usize) -> String {
        use base64::Engine;
        let mut buf = vec![0u8; n];
        self.random.fill(&mut buf);
        base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(buf)
    }
}

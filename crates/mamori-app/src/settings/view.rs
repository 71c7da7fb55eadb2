//! What the settings screens show: the connection in use (whatever set it), where it
//! comes from, and for saved settings the form to change them — never a secret, only
//! whether one is saved.

use chrono::{DateTime, Utc};
use mamori_domain::Problem;

/// Where a connection's settings come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// Flags or environment: they win; the screen shows them read-only.
    Configuration,
    /// Saved from the screen.
    Screen,
    /// Not set anywhere.
    Unset,
}

/// A kind of connection's settings as a screen shows them.
#[derive(Debug, Clone)]
pub struct SettingsView<O, F> {
    /// The connection in use, whatever set it.
    pub overview: Option<O>,
    pub source: Source,
    /// When and by whom the screen's settings were last saved.
    pub saved: Option<(DateTime<Utc>, String)>,
    /// Whether a secret is saved (never the secret).
    pub secret_set: bool,
    /// Saved settings that cannot be put to use, and why.
    pub problem: Option<Problem>,
    /// Whether secrets can be saved: the settings key is present.
    pub key_ready: bool,
    /// The form, filled with the saved settings (or the usual defaults).
    pub form: F,
}

impl<O, F> SettingsView<O, F> {
    /// Whether the screen may change these settings.
    pub fn editable(&self) -> bool {
        self.source != Source::Configuration
    }

    /// Whether the screen's saved settings are in force.
    pub fn from_screen(&self) -> bool {
        self.source == Source::Screen
    }
}

/// The directory in use.
#[derive(Debug, Clone)]
pub struct DirectoryOverview {
    pub urls: Vec<String>,
    pub transport: &'static str,
    pub ca_file: Option<String>,
    pub bind_dn: String,
    pub bind_password_set: bool,
    pub base_dn: String,
    pub user_filter: String,
    pub sync_filter: String,
    /// (the register's field, the attribute that fills it): employee number, name,
    /// kana, mail, department.
    pub attributes: Vec<(&'static str, String)>,
    /// Groups and the role each grants.
    pub group_roles: Vec<(mamori_domain::Role, String)>,
    /// Whether the department is also found by the entry's OU path.
    pub department_from_ou: bool,
    /// The organization people sign into (`None`: the only one).
    pub org_code: Option<String>,
    /// Failed sign-ins before a login is locked.
    pub lock_after: i32,
}

/// The OpenID provider in use (the secret never).
#[derive(Debug, Clone)]
pub struct OidcOverview {
    pub issuer: String,
    pub client_id: String,
    pub client_secret_set: bool,
    pub redirect_url: String,
    pub employee_claim: String,
    pub mfa_by_provider: bool,
    pub org_code: Option<String>,
}

/// The mail server in use (without credentials).
#[derive(Debug, Clone)]
pub struct MailOverview {
    pub server: String,
    pub from: String,
}

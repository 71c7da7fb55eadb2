//! The organization's directory (Active Directory or another LDAP server): settings
//! an operator gives, and a client that finds a person by their sign-in name, checks
//! that their account may sign in, and checks their password by binding as them.
//!
//! Transport is LDAPS or StartTLS with the system's CA roots plus an optional CA file;
//! plain LDAP is refused unless the operator allows it in so many words. Several
//! server URLs are tried in order (failover). The service account's password and the
//! user's are never logged or stored.

mod admin;
mod client;
mod signin;
mod sync;

pub(crate) use client::tls_config;
pub use client::{DirUser, Directory, DirectoryError, ErrorKind};
pub use signin::DirectoryLink;
pub(crate) use signin::Person;
pub use sync::{SyncLine, SyncReport};

use std::path::PathBuf;

/// What an operator configures (`MAMORI_LDAP_*`).
#[derive(Debug, Clone)]
pub struct DirectorySettings {
    /// `ldaps://dc1.city.local`, `ldap://dc2.city.local` (with StartTLS) …, tried in order.
    pub urls: Vec<String>,
    /// Upgrade `ldap://` connections with StartTLS.
    pub starttls: bool,
    /// Allow `ldap://` without StartTLS (passwords cross the network readable).
    pub allow_plain: bool,
    /// A CA certificate (PEM) to trust beside the system's.
    pub ca_file: Option<PathBuf>,
    /// The account Mamori searches with.
    pub bind_dn: String,
    pub bind_password: String,
    pub base_dn: String,
    /// With `{login}` where the typed name goes, e.g. `(sAMAccountName={login})`.
    pub user_filter: String,
    /// The attribute holding the employee number (`employeeID`, `employeeNumber` …).
    pub employee_attr: String,
    pub name_attr: String,
    /// The attribute holding the name's reading in kana (optional).
    pub kana_attr: Option<String>,
    pub mail_attr: String,
    /// The attribute naming the department by its code (optional).
    pub department_attr: Option<String>,
    /// Find the department by the entry's OU path (`OU=市民課,OU=市民部`) in the
    /// register, where the attribute gives none.
    pub department_from_ou: bool,
    /// The attribute holding the staff category (`employeeType`; optional).
    pub category_attr: Option<String>,
    /// Who the staff sync reads (Active Directory: people, not computers).
    pub sync_filter: String,
}

impl DirectorySettings {
    /// Settings with Active Directory's usual attributes.
    pub fn active_directory(
        urls: Vec<String>,
        base_dn: &str,
        bind_dn: &str,
        bind_password: &str,
    ) -> Self {
        Self {
            urls,
            starttls: false,
            allow_plain: false,
            ca_file: None,
            bind_dn: bind_dn.into(),
            bind_password: bind_password.into(),
            base_dn: base_dn.into(),
            user_filter: "(sAMAccountName={login})".into(),
            employee_attr: "employeeID".into(),
            name_attr: "displayName".into(),
            kana_attr: None,
            mail_attr: "mail".into(),
            department_attr: Some("departmentNumber".into()),
            department_from_ou: false,
            category_attr: None,
            sync_filter: "(&(objectCategory=person)(objectClass=user)(employeeID=*))".into(),
        }
    }
}

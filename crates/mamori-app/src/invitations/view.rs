//! What invitations look like to the pages and the command line.

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// Whom to invite, as the form or the command line gives it.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct InviteInput {
    /// A department (code, name or path) with its sub-departments; empty for everyone
    /// in the organization without an account.
    #[serde(default)]
    pub department: String,
    /// `paper` (a sheet of slips to print) or `mail`.
    #[serde(default)]
    pub channel: String,
    /// Days the links work; empty for the default.
    #[serde(default)]
    pub days: String,
}

/// One person's slip: their name and the link, as text and as a QR code.
#[derive(Debug, Clone)]
pub struct InvitationSlip {
    pub name: String,
    pub employee_number: String,
    pub department: Option<String>,
    pub link: String,
    pub qr_svg: String,
}

/// What issuing invitations produced. The links are shown once, here: only their
/// hashes are kept.
#[derive(Debug, Clone)]
pub struct InvitationSheet {
    pub org_name: String,
    /// The department invited, by path; `None` for the whole organization.
    pub department: Option<String>,
    pub expires_at: DateTime<Utc>,
    /// Paper: a slip per person. Mail: empty.
    pub slips: Vec<InvitationSlip>,
    /// Mail: how many invitations were queued.
    pub mailed: usize,
    /// Mail: people left out for want of an address, by name.
    pub without_address: Vec<String>,
    /// People left out because they hold a role, which only an administrator's
    /// invitation may pass on, by name.
    pub held_back: Vec<String>,
}

/// An invitation as its activation page shows it.
#[derive(Debug, Clone)]
pub struct InvitationView {
    pub name: String,
    pub org_name: String,
    pub expires_at: DateTime<Utc>,
    /// A login to offer: the mail address's local part when it makes a valid login.
    pub suggested_login: String,
}

/// Whom someone may invite, for the form.
#[derive(Debug, Clone)]
pub struct InviteScope {
    /// Everyone in the organization without an account (system administrators).
    pub everyone: bool,
    /// (code, path) of the departments they may invite, sub-departments included.
    pub departments: Vec<(String, String)>,
}

//! Connection settings kept from the settings screens (the directory, the OpenID
//! provider, the mail server), for installations whose operators would rather not
//! put them in the configuration. The configuration still wins where it sets a kind.
//! Secrets are sealed with the settings key, a file beside the audit key; the live
//! connections are rebuilt on every server when any server saves.

mod input;
mod key;
mod live;
mod reads;
mod row;
mod view;
mod writes;

pub use input::{DirectoryInput, MailInput, OidcInput};
pub use key::SettingsKey;
pub(crate) use live::{Live, Pinned};
pub use mamori_domain::settings::ConnectionKind;
pub use reads::{DirectorySettingsView, MailSettingsView, OidcSettingsView};
pub use view::{DirectoryOverview, MailOverview, OidcOverview, SettingsView, Source};

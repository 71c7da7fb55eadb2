//! The connections a server uses: those its configuration sets (pinned, they win), and
//! those built from the settings saved on the screens. Every clone of the `App` shares
//! the built ones; before using one, a server compares the installation's settings
//! revision with the one it built from — a single-row read — so a change saved on any
//! server takes effect on all of them at their next sign-in or mail run.

use std::sync::{Arc, RwLock};

use mamori_domain::Problem;
use mamori_domain::settings::ConnectionKind;
use mamori_store::entity::connection_setting;

use super::row::{DirectoryFields, MailFields, OidcFields};
use crate::directory::DirectoryLink;
use crate::notify::Mailer;
use crate::oidc::Oidc;
use crate::{App, AppResult};

/// Connections set by the configuration (`MAMORI_LDAP_*`, `MAMORI_OIDC_*`,
/// `MAMORI_SMTP_URL`); a screen shows them read-only.
#[derive(Clone, Default)]
pub(crate) struct Pinned {
    pub directory: Option<Arc<DirectoryLink>>,
    pub oidc: Option<Arc<Oidc>>,
    pub mailer: Option<Arc<Mailer>>,
}

impl Pinned {
    pub(crate) fn has(&self, kind: ConnectionKind) -> bool {
        match kind {
            ConnectionKind::Directory => self.directory.is_some(),
            ConnectionKind::Oidc => self.oidc.is_some(),
            ConnectionKind::Mail => self.mailer.is_some(),
        }
    }
}

/// Connections built from saved settings, and the revision they were built from.
#[derive(Clone, Default)]
pub(crate) struct Built {
    revision: i64,
    pub directory: Option<Arc<DirectoryLink>>,
    pub oidc: Option<Arc<Oidc>>,
    pub mailer: Option<Arc<Mailer>>,
    /// Saved settings that cannot be put to use, and why (shown on the screens).
    pub problems: Vec<(ConnectionKind, Problem)>,
}

impl Built {
    pub(crate) fn problem(&self, kind: ConnectionKind) -> Option<&Problem> {
        self.problems
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, p)| p)
    }
}

#[derive(Default)]
pub(crate) struct Live(RwLock<Built>);

impl Live {
    fn get(&self) -> Built {
        self.0.read().unwrap_or_else(|e| e.into_inner()).clone()
    }
}

impl App {
    /// The directory in use: the configuration's, or the saved one.
    pub(crate) async fn directory_link(&self) -> AppResult<Option<Arc<DirectoryLink>>> {
        if let Some(l) = &self.pinned.directory {
            return Ok(Some(l.clone()));
        }
        Ok(self.built().await?.directory)
    }

    /// The OpenID provider in use.
    pub(crate) async fn oidc_client(&self) -> AppResult<Option<Arc<Oidc>>> {
        if let Some(o) = &self.pinned.oidc {
            return Ok(Some(o.clone()));
        }
        Ok(self.built().await?.oidc)
    }

    /// The mail server in use.
    pub(crate) async fn mailer(&self) -> AppResult<Option<Arc<Mailer>>> {
        if let Some(m) = &self.pinned.mailer {
            return Ok(Some(m.clone()));
        }
        Ok(self.built().await?.mailer)
    }

    /// The connections built from saved settings, rebuilt first when any server saved
    /// a change since.
    pub(crate) async fn built(&self) -> AppResult<Built> {
        let revision = mamori_store::settings::revision(self.store.conn()).await?;
        let current = self.live.get();
        if current.revision == revision {
            return Ok(current);
        }
        let rows = mamori_store::settings::all(self.store.conn()).await?;
        let mut built = Built {
            revision,
            ..Default::default()
        };
        for row in rows {
            let Some(kind) = ConnectionKind::parse(&row.kind) else {
                continue;
            };
            if self.pinned.has(kind) || row.fields == "null" {
                continue;
            }
            if let Err(p) = self.build_one(kind, &row, &mut built).await {
                tracing::warn!(kind = kind.code(), problem = %p.en, "saved connection settings cannot be used");
                built.problems.push((kind, p));
            }
        }
        let mut slot = self.live.0.write().unwrap_or_else(|e| e.into_inner());
        // A slower rebuild from an older revision never replaces a newer one.
        if slot.revision < built.revision {
            *slot = built.clone();
        }
        Ok(slot.clone())
    }

    async fn build_one(
        &self,
        kind: ConnectionKind,
        row: &connection_setting::Model,
        built: &mut Built,
    ) -> Result<(), Problem> {
        let unreadable = |e: serde_json::Error| {
            Problem::new(
                format!("保存された設定を読めません: {e}"),
                format!("The saved settings cannot be read: {e}"),
            )
        };
        let secret = self.open_secret(kind, row.secret.as_deref())?;
        let org_code = || async {
            match mamori_store::orgs::get(self.store.conn(), row.org_id).await {
                Ok(Some(o)) => Ok(o.code),
                _ => Err(Problem::new(
                    "設定した組織が見つかりません。",
                    "The organization the settings were saved for is not found.",
                )),
            }
        };
        match kind {
            ConnectionKind::Directory => {
                let f: DirectoryFields = serde_json::from_str(&row.fields).map_err(unreadable)?;
                let link = f.link(secret.unwrap_or_default(), org_code().await?)?;
                built.directory = Some(Arc::new(link));
            }
            ConnectionKind::Oidc => {
                let f: OidcFields = serde_json::from_str(&row.fields).map_err(unreadable)?;
                let client = f.client(
                    secret.unwrap_or_default(),
                    org_code().await?,
                    self.config.public_url.as_deref(),
                )?;
                built.oidc = Some(client);
            }
            ConnectionKind::Mail => {
                let f: MailFields = serde_json::from_str(&row.fields).map_err(unreadable)?;
                built.mailer = Some(f.mailer(secret)?);
            }
        }
        Ok(())
    }

    /// Opens a saved secret with the settings key.
    pub(crate) fn open_secret(
        &self,
        kind: ConnectionKind,
        sealed: Option<&str>,
    ) -> Result<Option<String>, Problem> {
        let Some(sealed) = sealed else {
            return Ok(None);
        };
        let key = self.settings_key.as_ref().ok_or_else(no_key)?;
        key.open(kind, sealed).map(Some)
    }
}

pub(crate) fn no_key() -> Problem {
    Problem::new(
        "設定鍵（監査鍵と同じ場所の settings.key）がないため、秘密情報を保存・復号できません。",
        "Without the settings key (settings.key beside the audit key) secrets cannot be saved or opened.",
    )
}

//! The plain part of each stored setting (the `fields` JSON), and how a stored setting
//! with its opened secret becomes a working connection.

use std::path::PathBuf;
use std::sync::Arc;

use mamori_domain::Problem;
use mamori_domain::directory::parse_group_roles;
use serde::{Deserialize, Serialize};

use crate::directory::{Directory, DirectoryLink, DirectorySettings};
use crate::notify::{MailSettings, Mailer};
use crate::oidc::{Oidc, OidcSettings};

fn path(p: &Option<String>) -> Option<PathBuf> {
    p.as_deref().filter(|s| !s.is_empty()).map(PathBuf::from)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct DirectoryFields {
    pub urls: Vec<String>,
    pub starttls: bool,
    pub allow_plain: bool,
    pub ca_file: Option<String>,
    pub bind_dn: String,
    pub base_dn: String,
    pub user_filter: String,
    pub sync_filter: String,
    pub employee_attr: String,
    pub name_attr: String,
    pub kana_attr: Option<String>,
    pub mail_attr: String,
    pub department_attr: Option<String>,
    /// Settings saved before these two existed read as off.
    #[serde(default)]
    pub department_from_ou: bool,
    #[serde(default)]
    pub category_attr: Option<String>,
    pub group_roles: String,
    pub lock_after: i32,
}

impl DirectoryFields {
    pub(crate) fn settings(&self, bind_password: String) -> DirectorySettings {
        DirectorySettings {
            urls: self.urls.clone(),
            starttls: self.starttls,
            allow_plain: self.allow_plain,
            ca_file: path(&self.ca_file),
            bind_dn: self.bind_dn.clone(),
            bind_password,
            base_dn: self.base_dn.clone(),
            user_filter: self.user_filter.clone(),
            employee_attr: self.employee_attr.clone(),
            name_attr: self.name_attr.clone(),
            kana_attr: self.kana_attr.clone(),
            mail_attr: self.mail_attr.clone(),
            department_attr: self.department_attr.clone(),
            department_from_ou: self.department_from_ou,
            category_attr: self.category_attr.clone(),
            sync_filter: self.sync_filter.clone(),
        }
    }

    /// The directory people sign in through, into the organization `org_code`.
    pub(crate) fn link(
        &self,
        bind_password: String,
        org_code: String,
    ) -> Result<DirectoryLink, Problem> {
        Ok(DirectoryLink {
            org_code: Some(org_code),
            directory: Directory::new(self.settings(bind_password)).map_err(|e| e.problem)?,
            group_roles: parse_group_roles(&self.group_roles)?,
            lock_after: self.lock_after,
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct OidcFields {
    pub issuer: String,
    pub client_id: String,
    pub employee_claim: String,
    pub mfa_by_provider: bool,
    pub ca_file: Option<String>,
}

impl OidcFields {
    pub(crate) fn client(
        &self,
        client_secret: String,
        org_code: String,
        public_url: Option<&str>,
    ) -> Result<Arc<Oidc>, Problem> {
        let base = public_url.ok_or_else(|| {
            Problem::new(
                "OpenID Connect には公開 URL（MAMORI_PUBLIC_URL: IdP からの戻り先）の設定が必要です。",
                "OpenID Connect needs the public URL (MAMORI_PUBLIC_URL: where the provider sends people back).",
            )
        })?;
        Oidc::new(OidcSettings {
            issuer: self.issuer.clone(),
            client_id: self.client_id.clone(),
            client_secret,
            redirect_url: format!("{}/login/oidc/callback", base.trim_end_matches('/')),
            employee_claim: self.employee_claim.clone(),
            org_code: Some(org_code),
            mfa_by_provider: self.mfa_by_provider,
            ca_file: path(&self.ca_file),
        })
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub(crate) struct MailFields {
    /// Without credentials: `smtp://mail.city.local:587?tls=required`.
    pub url: String,
    pub user: Option<String>,
    pub from: String,
    pub ca_file: Option<String>,
}

impl MailFields {
    pub(crate) fn settings(&self, password: Option<String>) -> Result<MailSettings, Problem> {
        let mut url = url::Url::parse(&self.url).map_err(|e| {
            Problem::new(
                format!("メールサーバーの URL が読み取れません: {e}"),
                format!("The mail server URL cannot be read: {e}"),
            )
        })?;
        if let Some(user) = self.user.as_deref().filter(|u| !u.is_empty()) {
            // The URL form lettre reads carries the credentials, percent-encoded.
            let bad = |_| {
                Problem::new(
                    "利用者名を URL に入れられません。",
                    "The user name cannot go in the URL.",
                )
            };
            url.set_username(user).map_err(bad)?;
            url.set_password(password.as_deref()).map_err(bad)?;
        }
        Ok(MailSettings {
            url: url.to_string(),
            from: self.from.clone(),
            ca_file: path(&self.ca_file),
        })
    }

    pub(crate) fn mailer(&self, password: Option<String>) -> Result<Arc<Mailer>, Problem> {
        Ok(Arc::new(Mailer::new(&self.settings(password)?)?))
    }
}

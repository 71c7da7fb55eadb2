//! The settings screens' reads: for system administrators only.

use mamori_domain::settings::ConnectionKind;
use mamori_store::entity::connection_setting;
use serde::de::DeserializeOwned;

use super::input::{DirectoryInput, MailInput, OidcInput};
use super::live::Built;
use super::row::{DirectoryFields, MailFields, OidcFields};
use super::view::{DirectoryOverview, MailOverview, OidcOverview, SettingsView, Source};
use crate::authz::{Actor, Capability};
use crate::directory::DirectoryLink;
use crate::oidc::Oidc;
use crate::{App, AppResult};

pub type DirectorySettingsView = SettingsView<DirectoryOverview, DirectoryInput>;
pub type OidcSettingsView = SettingsView<OidcOverview, OidcInput>;
pub type MailSettingsView = SettingsView<MailOverview, MailInput>;

impl App {
    pub async fn directory_settings(&self, actor: &Actor) -> AppResult<DirectorySettingsView> {
        self.authorize(actor, Capability::OperateServer).await?;
        let link = self.directory_link().await?;
        self.settings_view(
            ConnectionKind::Directory,
            link.as_deref().map(directory_overview),
            |f: &DirectoryFields| f.into(),
            DirectoryInput::active_directory,
        )
        .await
    }

    pub async fn oidc_settings(&self, actor: &Actor) -> AppResult<OidcSettingsView> {
        self.authorize(actor, Capability::OperateServer).await?;
        let oidc = self.oidc_client().await?;
        self.settings_view(
            ConnectionKind::Oidc,
            oidc.as_deref().map(oidc_overview),
            |f: &OidcFields| f.into(),
            OidcInput::blank,
        )
        .await
    }

    pub async fn mail_settings(&self, actor: &Actor) -> AppResult<MailSettingsView> {
        self.authorize(actor, Capability::OperateServer).await?;
        let mailer = self.mailer().await?;
        self.settings_view(
            ConnectionKind::Mail,
            mailer.as_deref().map(|m| MailOverview {
                server: m.server().to_owned(),
                from: m.sender(),
            }),
            |f: &MailFields| f.into(),
            MailInput::default,
        )
        .await
    }

    /// Whether mail can be sent (configured or saved).
    pub async fn mail_ready(&self) -> bool {
        matches!(self.mailer().await, Ok(Some(_)))
    }

    async fn settings_view<O, T: DeserializeOwned, F>(
        &self,
        kind: ConnectionKind,
        overview: Option<O>,
        to_form: impl Fn(&T) -> F,
        blank: impl Fn() -> F,
    ) -> AppResult<SettingsView<O, F>> {
        let row = self.saved_row(kind).await?;
        let fields = row
            .as_ref()
            .and_then(|r| serde_json::from_str::<T>(&r.fields).ok());
        let built: Built = self.built().await?;
        let source = if self.pinned.has(kind) {
            Source::Configuration
        } else if fields.is_some() {
            Source::Screen
        } else {
            Source::Unset
        };
        Ok(SettingsView {
            overview,
            source,
            saved: row
                .as_ref()
                .filter(|_| fields.is_some())
                .map(|r| (r.updated_at, r.updated_by.clone())),
            secret_set: row.as_ref().is_some_and(|r| r.secret.is_some()),
            problem: built.problem(kind).cloned(),
            key_ready: self.settings_key.is_some(),
            form: fields.as_ref().map(to_form).unwrap_or_else(blank),
        })
    }

    /// The saved row of a kind, cleared ones counted as none.
    pub(crate) async fn saved_row(
        &self,
        kind: ConnectionKind,
    ) -> AppResult<Option<connection_setting::Model>> {
        Ok(mamori_store::settings::get(self.store.conn(), kind.code())
            .await?
            .filter(|r| r.fields != "null"))
    }
}

fn directory_overview(link: &DirectoryLink) -> DirectoryOverview {
    let s = link.directory.settings();
    let transport = if s.urls.iter().all(|u| u.starts_with("ldaps://")) {
        "LDAPS"
    } else if s.starttls {
        "StartTLS"
    } else {
        "plain"
    };
    DirectoryOverview {
        urls: s.urls.clone(),
        transport,
        ca_file: s.ca_file.as_ref().map(|p| p.display().to_string()),
        bind_dn: s.bind_dn.clone(),
        bind_password_set: !s.bind_password.is_empty(),
        base_dn: s.base_dn.clone(),
        user_filter: s.user_filter.clone(),
        sync_filter: s.sync_filter.clone(),
        attributes: vec![
            ("employee_number", s.employee_attr.clone()),
            ("name", s.name_attr.clone()),
            ("kana", s.kana_attr.clone().unwrap_or_default()),
            ("email", s.mail_attr.clone()),
            ("department", s.department_attr.clone().unwrap_or_default()),
            ("category", s.category_attr.clone().unwrap_or_default()),
        ],
        department_from_ou: s.department_from_ou,
        group_roles: link
            .group_roles
            .iter()
            .map(|g| (g.role, g.group_dn.clone()))
            .collect(),
        org_code: link.org_code.clone(),
        lock_after: link.lock_after,
    }
}

fn oidc_overview(o: &Oidc) -> OidcOverview {
    let s = o.settings();
    OidcOverview {
        issuer: s.issuer.clone(),
        client_id: s.client_id.clone(),
        client_secret_set: !s.client_secret.is_empty(),
        redirect_url: s.redirect_url.clone(),
        employee_claim: s.employee_claim.clone(),
        mfa_by_provider: s.mfa_by_provider,
        org_code: s.org_code.clone(),
    }
}

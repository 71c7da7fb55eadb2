//! Saving, clearing and trying connection settings from the screens. A save checks
//! every field, then that the settings can be put together into a working client (CA
//! file readable, group mapping valid …), seals the secret, writes the row and its
//! audit entry in one transaction, and rebuilds the connection at once. Trying a form
//! uses the typed values — the saved secret when none is typed — and changes nothing.

use mamori_domain::settings::ConnectionKind;
use mamori_domain::{Invalid, Problem};
use serde::Serialize;

use super::input::{DirectoryInput, MailInput, OidcInput};
use super::live::no_key;
use crate::authz::{Actor, Capability};
use crate::directory::Directory;
use crate::{App, AppError, AppResult};

/// A save's secret field: what was typed, and whether to drop the saved one.
struct SecretField<'a> {
    field: &'static str,
    typed: &'a str,
    clear: bool,
}

fn unusable(p: Problem) -> AppError {
    AppError::Invalid(Invalid(vec![p.at("settings")]))
}

fn flag(s: &str) -> bool {
    !s.trim().is_empty()
}

impl App {
    pub async fn save_directory_settings(
        &self,
        actor: &Actor,
        input: &DirectoryInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::OperateServer).await?;
        let fields = input.check().map_err(AppError::Invalid)?;
        let secret = SecretField {
            field: "bind_password",
            typed: &input.bind_password,
            clear: flag(&input.clear_secret),
        };
        self.save_settings(actor, ConnectionKind::Directory, &fields, secret, |s| {
            fields.link(s.unwrap_or_default(), String::new()).map(drop)
        })
        .await
    }

    pub async fn save_oidc_settings(&self, actor: &Actor, input: &OidcInput) -> AppResult<()> {
        self.authorize(actor, Capability::OperateServer).await?;
        let fields = input.check().map_err(AppError::Invalid)?;
        let secret = SecretField {
            field: "client_secret",
            typed: &input.client_secret,
            clear: flag(&input.clear_secret),
        };
        let public_url = self.config.public_url.clone();
        self.save_settings(actor, ConnectionKind::Oidc, &fields, secret, |s| {
            fields
                .client(s.unwrap_or_default(), String::new(), public_url.as_deref())
                .map(drop)
        })
        .await
    }

    pub async fn save_mail_settings(&self, actor: &Actor, input: &MailInput) -> AppResult<()> {
        self.authorize(actor, Capability::OperateServer).await?;
        let fields = input.check().map_err(AppError::Invalid)?;
        let secret = SecretField {
            field: "password",
            typed: &input.password,
            clear: flag(&input.clear_secret),
        };
        self.save_settings(actor, ConnectionKind::Mail, &fields, secret, |s| {
            if fields.user.is_some() && s.is_none() {
                return Err(Problem::new(
                    "利用者名を使うときはパスワードも入力してください。",
                    "With a user name, enter its password too.",
                ));
            }
            fields.mailer(s).map(drop)
        })
        .await
    }

    /// Stops using the screen's settings of a kind (configuration's stay in force).
    pub async fn clear_connection_settings(
        &self,
        actor: &Actor,
        kind: ConnectionKind,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::OperateServer).await?;
        let Some(before) = self.owned_row(actor, kind).await? else {
            return Ok(());
        };
        let tx = self.store.begin_write().await?;
        mamori_store::settings::put(
            &*tx,
            mamori_store::settings::Put {
                kind: kind.code(),
                org_id: actor.org_id,
                fields: "null".into(),
                secret: None,
                at: self.now(),
                by: &actor.label,
            },
        )
        .await?;
        let before = audited(&before.fields, saved_state(before.secret.is_some()));
        self.audit_change(
            &*tx,
            actor,
            &format!("settings.{}.cleared", kind.code()),
            ("org", actor.org_id),
            Some(&before),
            None,
        )
        .await?;
        tx.commit().await?;
        self.built().await?;
        Ok(())
    }

    /// Connects with the typed directory settings, binds as the search account and,
    /// given a sign-in name, finds that person: each step that worked, or what failed.
    pub async fn test_directory_settings(
        &self,
        actor: &Actor,
        input: &DirectoryInput,
        login: Option<&str>,
    ) -> AppResult<Vec<String>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let fields = input.check().map_err(AppError::Invalid)?;
        let secret = self
            .typed_or_saved(ConnectionKind::Directory, &input.bind_password)
            .await?;
        let dir = Directory::new(fields.settings(secret.unwrap_or_default()))
            .map_err(|e| unusable(e.problem))?;
        dir.test(login.filter(|l| !l.trim().is_empty()))
            .await
            .map_err(|e| AppError::Unavailable(e.problem))
    }

    /// Reads the typed provider's discovery document: what it found, or what failed.
    pub async fn test_oidc_settings(
        &self,
        actor: &Actor,
        input: &OidcInput,
    ) -> AppResult<Vec<String>> {
        self.authorize(actor, Capability::OperateServer).await?;
        let fields = input.check().map_err(AppError::Invalid)?;
        let secret = self
            .typed_or_saved(ConnectionKind::Oidc, &input.client_secret)
            .await?;
        let client = fields
            .client(
                secret.unwrap_or_default(),
                String::new(),
                self.config.public_url.as_deref(),
            )
            .map_err(unusable)?;
        client.test().await.map_err(AppError::Unavailable)
    }

    /// Sends a test mail through the typed mail server at once: the server's answer.
    pub async fn test_mail_settings(
        &self,
        actor: &Actor,
        input: &MailInput,
        to: &str,
    ) -> AppResult<String> {
        self.authorize(actor, Capability::OperateServer).await?;
        let fields = input.check().map_err(AppError::Invalid)?;
        let secret = self
            .typed_or_saved(ConnectionKind::Mail, &input.password)
            .await?;
        let mailer = fields.mailer(secret).map_err(unusable)?;
        self.send_test_with(actor, &mailer, to).await
    }

    /// The typed secret, or the saved one when none is typed.
    async fn typed_or_saved(&self, kind: ConnectionKind, typed: &str) -> AppResult<Option<String>> {
        if !typed.is_empty() {
            return Ok(Some(typed.to_owned()));
        }
        let row = self.saved_row(kind).await?;
        self.open_secret(kind, row.as_ref().and_then(|r| r.secret.as_deref()))
            .map_err(unusable)
    }

    /// The saved row of a kind, refused when the configuration sets that kind or
    /// another organization saved it.
    async fn owned_row(
        &self,
        actor: &Actor,
        kind: ConnectionKind,
    ) -> AppResult<Option<mamori_store::entity::connection_setting::Model>> {
        if self.pinned.has(kind) {
            return Err(AppError::Conflict(Problem::new(
                format!(
                    "{}は設定ファイル・環境変数で設定されているため、画面からは変更できません。",
                    kind.label_ja()
                ),
                format!(
                    "The {} is set by the server's configuration (flags or environment), so the screen cannot change it.",
                    kind.label_en()
                ),
            )));
        }
        let row = self.saved_row(kind).await?;
        if row.as_ref().is_some_and(|r| r.org_id != actor.org_id) {
            return Err(AppError::Conflict(Problem::new(
                format!("{}は別の組織が設定しています。", kind.label_ja()),
                format!("Another organization set the {}.", kind.label_en()),
            )));
        }
        Ok(row)
    }

    async fn save_settings<T: Serialize>(
        &self,
        actor: &Actor,
        kind: ConnectionKind,
        fields: &T,
        secret: SecretField<'_>,
        probe: impl FnOnce(Option<String>) -> Result<(), Problem>,
    ) -> AppResult<()> {
        let before = self.owned_row(actor, kind).await?;
        let saved = before.as_ref().and_then(|r| r.secret.clone());
        let (sealed, plain) = if !secret.typed.is_empty() {
            let key = self
                .settings_key
                .as_ref()
                .ok_or_else(|| AppError::Invalid(Invalid(vec![no_key().at(secret.field)])))?;
            let sealed = key.seal(kind, secret.typed, self.random.as_ref())?;
            (Some(sealed), Some(secret.typed.to_owned()))
        } else if secret.clear {
            (None, None)
        } else {
            let plain = self
                .open_secret(kind, saved.as_deref())
                .map_err(|p| AppError::Invalid(Invalid(vec![p.at(secret.field)])))?;
            (saved, plain)
        };
        probe(plain).map_err(unusable)?;
        let json = serde_json::to_string(fields)
            .map_err(|e| AppError::Internal(format!("settings to JSON: {e}")))?;
        let after = audited(
            &json,
            match (secret.typed.is_empty(), sealed.is_some()) {
                (false, _) => "new",
                (true, true) => "saved",
                (true, false) => "none",
            },
        );
        let tx = self.store.begin_write().await?;
        mamori_store::settings::put(
            &*tx,
            mamori_store::settings::Put {
                kind: kind.code(),
                org_id: actor.org_id,
                fields: json,
                secret: sealed,
                at: self.now(),
                by: &actor.label,
            },
        )
        .await?;
        let before = before.map(|r| audited(&r.fields, saved_state(r.secret.is_some())));
        self.audit_change(
            &*tx,
            actor,
            &format!("settings.{}", kind.code()),
            ("org", actor.org_id),
            before.as_ref(),
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        self.built().await?;
        Ok(())
    }
}

/// What the audit log keeps of a setting: its plain fields, and of the secret only
/// its state — `saved`, `none`, or `new` when this save replaced it — never its text.
fn audited(fields: &str, secret: &str) -> serde_json::Value {
    let mut v = serde_json::from_str(fields).unwrap_or(serde_json::Value::Null);
    if let serde_json::Value::Object(m) = &mut v {
        m.insert("secret".into(), secret.into());
    }
    v
}

fn saved_state(saved: bool) -> &'static str {
    if saved { "saved" } else { "none" }
}

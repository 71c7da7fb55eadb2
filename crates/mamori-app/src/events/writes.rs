//! Adding and changing sources and rules, and how long events are kept. A webhook's
//! secret is drawn here, shown once, and kept only sealed with the settings key; the
//! audit entries record that a secret was issued, never the secret.

use mamori_domain::event::rule::RuleAction;
use mamori_domain::event::{SourceKind, parse_senders, senders_overlap};
use mamori_store::entity::{event_rule, event_setting, event_source};
use uuid::Uuid;

use super::input::{CheckedRule, EventSettingsInput, RuleInput, SourceInput};
use super::row::{rule_view, source_view};
use super::view::{EventSettingsView, RuleView, SourceCreated, SourceView};
use super::webhook::secret_context;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

fn audited_source(m: &event_source::Model) -> serde_json::Value {
    serde_json::json!({
        "name": m.name,
        "kind": m.kind,
        "senders": m.senders,
        "enabled": m.enabled,
        "secret": if m.secret.is_some() { "sealed" } else { "none" },
    })
}

fn audited_rule(m: &event_rule::Model) -> serde_json::Value {
    serde_json::json!({
        "name": m.name,
        "position": m.position,
        "enabled": m.enabled,
        "source": m.source_id,
        "min_severity": m.min_severity,
        "host": m.host,
        "pattern": m.pattern,
        "action": m.action,
        "category": m.category,
        "severity": m.severity,
        "incident": m.incident_id,
        "window_minutes": m.window_minutes,
    })
}

impl App {
    /// Refuses sender addresses that overlap another organization's syslog source: a
    /// line must belong to one organization, never go to a neighbour on a shared server.
    async fn check_senders(&self, actor: &Actor, senders: &str) -> AppResult<()> {
        let Ok(mine) = parse_senders(senders) else {
            return Ok(());
        };
        let all = mamori_store::events::syslog_sources(self.store.conn(), false).await?;
        let clash = all.iter().filter(|s| s.org_id != actor.org_id).any(|s| {
            parse_senders(&s.senders).is_ok_and(|theirs| {
                mine.iter()
                    .any(|a| theirs.iter().any(|b| senders_overlap(a, b)))
            })
        });
        if clash {
            return Err(AppError::field(
                "senders",
                "この送信元アドレスは、同じサーバーの他の組織の送信元と重なっています。",
                "These sender addresses overlap another organization's source on this server.",
            ));
        }
        Ok(())
    }
}

fn name_taken() -> AppError {
    AppError::field(
        "name",
        "同じ名前の送信元がすでにあります。",
        "A source with this name already exists.",
    )
}

impl App {
    /// Adds a source; a webhook gets its secret, shown in the answer only.
    pub async fn create_event_source(
        &self,
        actor: &Actor,
        input: &SourceInput,
    ) -> AppResult<SourceCreated> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let c = input.check().map_err(AppError::Invalid)?;
        self.check_senders(actor, &c.senders).await?;
        let conn = self.store.conn();
        let existing = mamori_store::events::sources(conn, actor.org_id).await?;
        if existing.iter().any(|s| s.name == c.name) {
            return Err(name_taken());
        }
        let now = self.now();
        let mut m = event_source::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            name: c.name,
            kind: c.kind.code().into(),
            secret: None,
            senders: c.senders,
            enabled: c.enabled,
            last_event_at: None,
            created_at: now,
            updated_at: now,
        };
        let secret = match c.kind {
            SourceKind::Webhook => {
                let (plain, sealed) = self.new_webhook_secret(m.id)?;
                m.secret = Some(sealed);
                Some(plain)
            }
            SourceKind::Syslog => None,
        };
        let tx = self.store.begin_write().await?;
        mamori_store::events::insert_source(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "event_source.create",
            ("event_source", m.id),
            None,
            Some(&audited_source(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(SourceCreated {
            source: source_view(&m, &self.events),
            secret,
        })
    }

    /// A fresh secret and its sealed form; refused when this server has no settings key.
    fn new_webhook_secret(&self, source_id: Uuid) -> AppResult<(String, String)> {
        let key = self.settings_key.as_ref().ok_or_else(|| {
            AppError::field(
                "kind",
                "このサーバーには設定鍵がないため、Webhook の秘密情報を保管できません。",
                "This server has no settings key, so it cannot keep a webhook's secret.",
            )
        })?;
        let mut bytes = [0u8; 32];
        self.random.fill(&mut bytes);
        let plain = format!("mms_{}", hex::encode(bytes));
        let sealed = key.seal_for(&secret_context(source_id), &plain, self.random.as_ref())?;
        Ok((plain, sealed))
    }

    /// Renames a source, changes its senders, enables or disables it (its kind stays).
    pub async fn update_event_source(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &SourceInput,
    ) -> AppResult<SourceView> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let conn = self.store.conn();
        let before = mamori_store::events::get_source(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let typed = SourceInput {
            kind: before.kind.clone(),
            ..input.clone()
        };
        let c = typed.check().map_err(AppError::Invalid)?;
        self.check_senders(actor, &c.senders).await?;
        let others = mamori_store::events::sources(conn, actor.org_id).await?;
        if others.iter().any(|s| s.name == c.name && s.id != id) {
            return Err(name_taken());
        }
        let m = event_source::Model {
            name: c.name,
            senders: c.senders,
            enabled: c.enabled,
            updated_at: self.now(),
            ..before.clone()
        };
        let tx = self.store.begin_write().await?;
        mamori_store::events::update_source(&*tx, m.clone()).await?;
        self.audit_change(
            &*tx,
            actor,
            "event_source.update",
            ("event_source", m.id),
            Some(&audited_source(&before)),
            Some(&audited_source(&m)),
        )
        .await?;
        tx.commit().await?;
        Ok(source_view(&m, &self.events))
    }

    /// Issues a webhook source a new secret; the old one stops working at once.
    pub async fn rotate_event_secret(&self, actor: &Actor, id: Uuid) -> AppResult<SourceCreated> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let before = mamori_store::events::get_source(self.store.conn(), actor.org_id, id)
            .await?
            .filter(|s| s.kind == "webhook")
            .ok_or(AppError::NotFound)?;
        let (plain, sealed) = self.new_webhook_secret(id)?;
        let m = event_source::Model {
            secret: Some(sealed),
            updated_at: self.now(),
            ..before
        };
        let tx = self.store.begin_write().await?;
        mamori_store::events::update_source(&*tx, m.clone()).await?;
        let what = serde_json::json!({ "secret": "renewed" });
        self.audit_change(
            &*tx,
            actor,
            "event_source.rotate_secret",
            ("event_source", m.id),
            None,
            Some(&what),
        )
        .await?;
        tx.commit().await?;
        Ok(SourceCreated {
            source: source_view(&m, &self.events),
            secret: Some(plain),
        })
    }

    pub async fn create_event_rule(&self, actor: &Actor, input: &RuleInput) -> AppResult<RuleView> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let c = input.check().map_err(AppError::Invalid)?;
        let now = self.now();
        let rules = mamori_store::events::rules(self.store.conn(), actor.org_id).await?;
        let last = rules.iter().map(|r| r.position).max().unwrap_or(0);
        let m = event_rule::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            name: String::new(),
            position: 0,
            enabled: true,
            source_id: None,
            min_severity: 0,
            host: String::new(),
            pattern: String::new(),
            action: String::new(),
            category: String::new(),
            severity: None,
            incident_id: None,
            window_minutes: 0,
            created_at: now,
            updated_at: now,
        };
        let (m, incident) = self.rule_from(actor, m, c, last + 10).await?;
        self.write_rule(actor, None, &m).await?;
        self.rule_view_of(actor, &m, incident).await
    }

    pub async fn update_event_rule(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &RuleInput,
    ) -> AppResult<RuleView> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let c = input.check().map_err(AppError::Invalid)?;
        let before = mamori_store::events::get_rule(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let position = before.position;
        let (m, incident) = self.rule_from(actor, before.clone(), c, position).await?;
        let m = event_rule::Model {
            updated_at: self.now(),
            ..m
        };
        self.write_rule(actor, Some(&before), &m).await?;
        self.rule_view_of(actor, &m, incident).await
    }

    pub async fn delete_event_rule(&self, actor: &Actor, id: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let before = mamori_store::events::get_rule(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let tx = self.store.begin_write().await?;
        mamori_store::events::delete_rule(&*tx, actor.org_id, id).await?;
        self.audit_change(
            &*tx,
            actor,
            "event_rule.delete",
            ("event_rule", id),
            Some(&audited_rule(&before)),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A rule's row from what was typed: the source must be the organization's, and an
    /// `attach` rule's incident must exist, be open, and be one the actor may see.
    async fn rule_from(
        &self,
        actor: &Actor,
        base: event_rule::Model,
        c: CheckedRule,
        default_position: i32,
    ) -> AppResult<(event_rule::Model, Option<String>)> {
        let conn = self.store.conn();
        if let Some(s) = c.source_id
            && mamori_store::events::get_source(conn, actor.org_id, s)
                .await?
                .is_none()
        {
            return Err(AppError::field(
                "source",
                "送信元が見つかりません。",
                "No such source.",
            ));
        }
        let mut incident = None;
        let mut incident_id = None;
        if c.action == RuleAction::Attach {
            let number = c.incident.clone().unwrap_or_default();
            let found = mamori_store::incidents::by_number(conn, actor.org_id, &number).await?;
            let reach = self.incident_reach(actor);
            let seen = match &found {
                Some(m) => !mamori_store::incidents::numbers_reached(
                    conn,
                    actor.org_id,
                    vec![m.id],
                    &reach,
                )
                .await?
                .is_empty(),
                None => false,
            };
            let Some(m) = found.filter(|_| seen) else {
                return Err(AppError::field(
                    "incident",
                    format!("インシデント {number} が見つかりません。"),
                    format!("Incident {number} not found."),
                ));
            };
            if !mamori_store::incidents::OPEN_STATES.contains(&m.state.as_str()) {
                return Err(AppError::field(
                    "incident",
                    format!("インシデント {number} はすでに終わっています。"),
                    format!("Incident {number} is no longer open."),
                ));
            }
            incident_id = Some(m.id);
            incident = Some(m.number);
        }
        let m = event_rule::Model {
            name: c.name,
            position: c.position.unwrap_or(default_position),
            enabled: c.enabled,
            source_id: c.source_id,
            min_severity: i32::from(c.min_severity.number()),
            host: c.host,
            pattern: c.pattern,
            action: c.action.code().into(),
            category: c.category.code().into(),
            severity: c.severity.map(|s| s.code().to_owned()),
            incident_id,
            window_minutes: c.window_minutes,
            ..base
        };
        Ok((m, incident))
    }

    async fn write_rule(
        &self,
        actor: &Actor,
        before: Option<&event_rule::Model>,
        m: &event_rule::Model,
    ) -> AppResult<()> {
        let tx = self.store.begin_write().await?;
        let action = if before.is_some() {
            mamori_store::events::update_rule(&*tx, m.clone()).await?;
            "event_rule.update"
        } else {
            mamori_store::events::insert_rule(&*tx, m.clone()).await?;
            "event_rule.create"
        };
        self.audit_change(
            &*tx,
            actor,
            action,
            ("event_rule", m.id),
            before.map(audited_rule).as_ref(),
            Some(&audited_rule(m)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn rule_view_of(
        &self,
        actor: &Actor,
        m: &event_rule::Model,
        incident: Option<String>,
    ) -> AppResult<RuleView> {
        let sources = mamori_store::events::sources(self.store.conn(), actor.org_id).await?;
        Ok(rule_view(m, &sources, incident))
    }

    pub async fn save_event_settings(
        &self,
        actor: &Actor,
        input: &EventSettingsInput,
    ) -> AppResult<EventSettingsView> {
        self.authorize(actor, Capability::ManageEventSources)
            .await?;
        let days = input.check().map_err(AppError::Invalid)?;
        let before = mamori_store::events::settings(self.store.conn(), actor.org_id).await?;
        let m = event_setting::Model {
            org_id: actor.org_id,
            retention_days: days,
            updated_at: self.now(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::events::put_settings(&*tx, m).await?;
        let b = before.map(|b| serde_json::json!({ "retention_days": b.retention_days }));
        let a = serde_json::json!({ "retention_days": days });
        self.audit_change(
            &*tx,
            actor,
            "event_settings.update",
            ("event_settings", actor.org_id),
            b.as_ref(),
            Some(&a),
        )
        .await?;
        tx.commit().await?;
        self.event_settings(actor).await
    }
}

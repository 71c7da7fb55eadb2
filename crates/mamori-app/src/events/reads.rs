//! Reading events, sources, rules and settings. Events show the incident a rule took
//! them to only when the reader may see that incident.

use std::collections::HashMap;

use mamori_store::entity::security_event;
use uuid::Uuid;

use super::DEFAULT_RETENTION_DAYS;
use super::input::EventQuery;
use super::row::{event_view, rule_view, source_view};
use super::view::{EventSettingsView, EventView, RuleView, SourceView};
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult, Page, PageRequest};

impl App {
    /// A page of events, latest first.
    pub async fn events(
        &self,
        actor: &Actor,
        q: &EventQuery,
        page: PageRequest,
    ) -> AppResult<Page<EventView>> {
        self.authorize(actor, Capability::ViewEvents).await?;
        let p =
            mamori_store::events::list(self.store.conn(), actor.org_id, &q.filter(), page).await?;
        let items = self.event_views(actor, p.items).await?;
        Ok(Page {
            items,
            page: p.page,
            per_page: p.per_page,
            total: p.total,
        })
    }

    /// One event with what arrived.
    pub async fn event(&self, actor: &Actor, id: Uuid) -> AppResult<EventView> {
        self.authorize(actor, Capability::ViewEvents).await?;
        let m = mamori_store::events::get(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        self.event_views(actor, vec![m])
            .await?
            .pop()
            .ok_or(AppError::NotFound)
    }

    /// The events a rule took to an incident the actor is reading, latest first, and
    /// how many there are.
    pub(crate) async fn events_of_incident(
        &self,
        actor: &Actor,
        incident_id: Uuid,
    ) -> AppResult<(Vec<EventView>, u64)> {
        let (rows, total) =
            mamori_store::events::of_incident(self.store.conn(), actor.org_id, incident_id, 20)
                .await?;
        Ok((self.event_views(actor, rows).await?, total))
    }

    async fn event_views(
        &self,
        actor: &Actor,
        rows: Vec<security_event::Model>,
    ) -> AppResult<Vec<EventView>> {
        let conn = self.store.conn();
        let sources = mamori_store::events::sources(conn, actor.org_id).await?;
        let rules = mamori_store::events::rules(conn, actor.org_id).await?;
        let mut ids: Vec<Uuid> = rows.iter().filter_map(|r| r.incident_id).collect();
        ids.sort();
        ids.dedup();
        let reach = self.incident_reach(actor);
        let numbers: HashMap<Uuid, String> =
            mamori_store::incidents::numbers_reached(conn, actor.org_id, ids, &reach)
                .await?
                .into_iter()
                .collect();
        Ok(rows
            .into_iter()
            .map(|m| {
                let source = sources
                    .iter()
                    .find(|s| s.id == m.source_id)
                    .map(|s| s.name.clone())
                    .unwrap_or_default();
                let rule = m
                    .rule_id
                    .and_then(|r| rules.iter().find(|x| x.id == r))
                    .map(|r| r.name.clone());
                let number = m.incident_id.and_then(|i| numbers.get(&i).cloned());
                event_view(m, source, rule, number)
            })
            .collect())
    }

    /// The organization's sources, with what this server received from each.
    pub async fn event_sources(&self, actor: &Actor) -> AppResult<Vec<SourceView>> {
        self.authorize(actor, Capability::ViewEvents).await?;
        let rows = mamori_store::events::sources(self.store.conn(), actor.org_id).await?;
        Ok(rows.iter().map(|m| source_view(m, &self.events)).collect())
    }

    pub async fn event_source(&self, actor: &Actor, id: Uuid) -> AppResult<SourceView> {
        self.authorize(actor, Capability::ViewEvents).await?;
        let m = mamori_store::events::get_source(self.store.conn(), actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(source_view(&m, &self.events))
    }

    /// The organization's rules in the order they are tried.
    pub async fn event_rules(&self, actor: &Actor) -> AppResult<Vec<RuleView>> {
        self.authorize(actor, Capability::ViewEvents).await?;
        let conn = self.store.conn();
        let sources = mamori_store::events::sources(conn, actor.org_id).await?;
        let rows = mamori_store::events::rules(conn, actor.org_id).await?;
        let ids: Vec<Uuid> = rows.iter().filter_map(|r| r.incident_id).collect();
        let numbers: HashMap<Uuid, String> = mamori_store::incidents::numbers_reached(
            conn,
            actor.org_id,
            ids,
            &self.incident_reach(actor),
        )
        .await?
        .into_iter()
        .collect();
        Ok(rows
            .iter()
            .map(|r| {
                let n = r.incident_id.and_then(|i| numbers.get(&i).cloned());
                rule_view(r, &sources, n)
            })
            .collect())
    }

    pub async fn event_rule(&self, actor: &Actor, id: Uuid) -> AppResult<RuleView> {
        self.event_rules(actor)
            .await?
            .into_iter()
            .find(|r| r.id == id)
            .ok_or(AppError::NotFound)
    }

    pub async fn event_settings(&self, actor: &Actor) -> AppResult<EventSettingsView> {
        self.authorize(actor, Capability::ViewEvents).await?;
        let days = mamori_store::events::settings(self.store.conn(), actor.org_id)
            .await?
            .map_or(DEFAULT_RETENTION_DAYS, |s| s.retention_days);
        Ok(EventSettingsView {
            retention_days: days,
            unknown_senders: self.events.unknown_senders(),
            dropped: self
                .events
                .dropped
                .load(std::sync::atomic::Ordering::Relaxed),
        })
    }
}

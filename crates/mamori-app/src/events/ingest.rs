//! One batch of events from one source, in one write transaction: identical events
//! are folded (within the batch and onto those stored within the fold window), the
//! organization's rules are tried on the new ones in order, and a matching event
//! drafts an incident, joins the one its rule drafted for that host within the rule's
//! window, or joins the incident the rule names while it is open.

use std::collections::HashMap;

use mamori_domain::event::rule::{RuleAction, draft_title};
use mamori_domain::event::{EventIn, FOLD_WINDOW, cut};
use mamori_store::entity::{event_source, incident, security_event};
use mamori_store::incidents::OPEN_STATES;
use uuid::Uuid;

use super::runtime::CompiledRule;
use super::view::IngestReceipt;
use crate::authz::Actor;
use crate::incidents::{Filing, entry};
use crate::{App, AppResult};

/// A new (not folded) event of the batch and what became of it.
struct Fresh {
    fingerprint: String,
    event: EventIn,
    repeats: i64,
    rule: Option<usize>,
    incident: Option<Uuid>,
}

impl App {
    pub(crate) async fn ingest(
        &self,
        source: &event_source::Model,
        batch: Vec<EventIn>,
    ) -> AppResult<IngestReceipt> {
        let now = self.now();
        let org = source.org_id;
        let mut receipt = IngestReceipt {
            accepted: batch.len() as u64,
            ..Default::default()
        };
        let mut fresh: Vec<Fresh> = Vec::new();
        let mut at: HashMap<String, usize> = HashMap::new();
        for e in batch {
            let fp = e.fingerprint(source.id);
            match at.get(&fp) {
                Some(&i) => fresh[i].repeats += 1,
                None => {
                    at.insert(fp.clone(), fresh.len());
                    fresh.push(Fresh {
                        fingerprint: fp,
                        event: e,
                        repeats: 1,
                        rule: None,
                        incident: None,
                    });
                }
            }
        }
        let rows = mamori_store::events::rules(self.store.conn(), org).await?;
        let compiled = self.events.compiled(org, rows);
        let rules = &compiled.rules;

        let tx = self.store.begin_write().await?;
        let stored = mamori_store::events::recent_by_fingerprint(
            &*tx,
            source.id,
            fresh.iter().map(|f| f.fingerprint.clone()).collect(),
            now - FOLD_WINDOW,
        )
        .await?;
        let mut kept = Vec::with_capacity(fresh.len());
        for f in fresh {
            match stored.iter().find(|s| s.fingerprint == f.fingerprint) {
                Some(s) => {
                    mamori_store::events::add_repeats(&*tx, s.id, f.repeats, now).await?;
                    receipt.folded += f.repeats as u64;
                }
                None => {
                    receipt.folded += (f.repeats - 1) as u64;
                    kept.push(f);
                }
            }
        }
        for f in &mut kept {
            f.rule = rules
                .iter()
                .position(|r| r.matcher.matches(source.id, &f.event));
        }

        // Incidents the matches may join: those the rules drafted lately for the same
        // hosts, and those `attach` rules name; each only while it is open.
        let mut keys: Vec<(Uuid, String)> = kept
            .iter()
            .filter_map(|f| f.rule.map(|r| (&rules[r], f)))
            .filter(|(r, _)| r.action == RuleAction::Draft)
            .map(|(r, f)| (r.id, f.event.host.clone()))
            .collect();
        keys.sort();
        keys.dedup();
        let widest = rules.iter().map(|r| r.window).max().unwrap_or_default();
        let recent = mamori_store::events::recent_drafts(&*tx, &keys, now - widest).await?;
        let mut open: HashMap<Uuid, Option<incident::Model>> = HashMap::new();
        let wanted = recent
            .iter()
            .map(|d| d.incident_id)
            .chain(rules.iter().filter_map(|r| r.incident_id));
        for id in wanted {
            if let std::collections::hash_map::Entry::Vacant(slot) = open.entry(id) {
                let m = mamori_store::incidents::get(&*tx, org, id)
                    .await?
                    .filter(|m| OPEN_STATES.contains(&m.state.as_str()));
                slot.insert(m);
            }
        }
        let mut drafts: HashMap<(Uuid, String), Uuid> = HashMap::new();
        for d in &recent {
            let within = rules
                .iter()
                .find(|r| r.id == d.rule_id)
                .is_some_and(|r| d.last_at >= now - r.window);
            if within && open.get(&d.incident_id).is_some_and(Option::is_some) {
                drafts
                    .entry((d.rule_id, d.host.clone()))
                    .or_insert(d.incident_id);
            }
        }

        let actor = Actor::monitor(org, &source.name);
        let mut drafted_now: Vec<Uuid> = Vec::new();
        for f in &mut kept {
            let Some(r) = f.rule else { continue };
            let rule = &rules[r];
            f.incident = match rule.action {
                RuleAction::Attach => rule
                    .incident_id
                    .filter(|i| open.get(i).is_some_and(Option::is_some)),
                RuleAction::Draft => {
                    let key = (rule.id, f.event.host.clone());
                    match drafts.get(&key) {
                        Some(i) => Some(*i),
                        None => {
                            let m = self
                                .file_incident(&*tx, &actor, filing(source, rule, &f.event, now))
                                .await?;
                            receipt.drafted.push(m.number.clone());
                            drafted_now.push(m.id);
                            drafts.insert(key, m.id);
                            open.insert(m.id, Some(m.clone()));
                            Some(m.id)
                        }
                    }
                }
            };
        }

        // One timeline entry per incident that events joined: how many, by which rule,
        // and the first message (a drafted incident's first event is its report).
        let mut joined: HashMap<Uuid, Vec<&Fresh>> = HashMap::new();
        for f in kept.iter().filter(|f| f.incident.is_some()) {
            if let Some(i) = f.incident {
                joined.entry(i).or_default().push(f);
            }
        }
        for (id, events) in &joined {
            let extra = if drafted_now.contains(id) { 1 } else { 0 };
            if events.len() <= extra {
                continue;
            }
            receipt.attached += (events.len() - extra) as u64;
            let Some(Some(m)) = open.get(id) else {
                continue;
            };
            let first = events[extra];
            let rule = first.rule.map(|r| rules[r].name.as_str()).unwrap_or("");
            let body = format!(
                "監視イベント {} 件を追加（送信元「{}」、ルール「{}」）: {} {}",
                events.len() - extra,
                source.name,
                rule,
                first.event.host,
                cut(&first.event.message, 80)
            );
            let e = entry(
                m,
                self.new_id(),
                (first.event.occurred_at.unwrap_or(now).min(now), now),
                &actor.label,
                ("event", body),
                None,
            );
            mamori_store::incidents::append(&*tx, e).await?;
        }

        receipt.stored = kept.len() as u64;
        let rows: Vec<security_event::Model> = kept
            .into_iter()
            .map(|f| security_event::Model {
                id: self.new_id(),
                org_id: org,
                source_id: source.id,
                fingerprint: f.fingerprint,
                received_at: now,
                last_at: now,
                occurred_at: f.event.occurred_at,
                host: f.event.host,
                app: f.event.app,
                severity: i32::from(f.event.severity.number()),
                message: f.event.message,
                raw: f.event.raw,
                repeats: f.repeats,
                rule_id: f.rule.map(|r| rules[r].id),
                incident_id: f.incident,
            })
            .collect();
        mamori_store::events::insert_events(&*tx, rows).await?;
        mamori_store::events::touch_source(&*tx, source.id, now).await?;
        tx.commit().await?;
        self.events.count(source.id, |c| {
            c.accepted += receipt.accepted;
            c.folded += receipt.folded;
        });
        Ok(receipt)
    }
}

/// The incident a rule drafts from an event.
fn filing(
    source: &event_source::Model,
    rule: &CompiledRule,
    e: &EventIn,
    now: chrono::DateTime<chrono::Utc>,
) -> Filing {
    let description = format!(
        "{}\n\n送信元: {} / ホスト: {} / アプリ: {} / 重大度: {}\nルール: {}",
        e.message,
        source.name,
        if e.host.is_empty() { "-" } else { &e.host },
        if e.app.is_empty() { "-" } else { &e.app },
        e.severity.label_ja(),
        rule.name
    );
    Filing {
        title: draft_title(&rule.name, e),
        category: rule.category,
        description,
        location: e.host.clone(),
        occurred_at: e.occurred_at.filter(|t| *t <= now),
        // Mamori learned of it now: the CSIRT corrects this when a person knew earlier.
        known_at: now,
        reporter_staff_id: None,
        department_id: None,
        personal_data: false,
        persons: None,
        severity: rule.severity,
        assets: Vec::new(),
        asset_numbers: Vec::new(),
    }
}

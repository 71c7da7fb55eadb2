//! One batch of events from one source, in one write transaction: identical events
//! are folded (within the batch and onto those stored within the fold window), the
//! organization's rules are tried on the new ones in order, and a matching event
//! drafts an incident, joins the one its rule drafted for that host within the rule's
//! window, or joins the incident the rule names while it is open.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
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

/// Identical events fold onto a row first received at most this long ago.
const FOLD_LIMIT: chrono::Duration = chrono::Duration::hours(24);
/// New incidents one rule drafts from one batch, at most.
const DRAFTS_PER_BATCH: usize = 10;

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

        // The drafting rules any event of the batch matches, locked first: two batches
        // matching one rule decide its drafts one after the other, and every writer
        // takes rules, then incidents, then the audit head.
        let drafting: Vec<Uuid> = rules
            .iter()
            .filter(|r| r.action == RuleAction::Draft)
            .filter(|r| fresh.iter().any(|f| r.matcher.matches(source.id, &f.event)))
            .map(|r| r.id)
            .collect();
        let tx = self.store.begin_write().await?;
        mamori_store::events::lock_rules(&*tx, drafting).await?;
        let stored = mamori_store::events::recent_by_fingerprint(
            &*tx,
            source.id,
            fresh.iter().map(|f| f.fingerprint.clone()).collect(),
            (now - FOLD_WINDOW, now - FOLD_LIMIT),
        )
        .await?;
        let mut kept = Vec::with_capacity(fresh.len());
        let mut repeats: Vec<(Uuid, i64)> = Vec::new();
        for f in fresh {
            match stored.iter().find(|s| s.fingerprint == f.fingerprint) {
                Some(s) => {
                    repeats.push((s.id, f.repeats));
                    receipt.folded += f.repeats as u64;
                }
                None => {
                    receipt.folded += (f.repeats - 1) as u64;
                    kept.push(f);
                }
            }
        }
        // In the order of the events' ids, so two batches folding onto the same events
        // take their rows in one order.
        repeats.sort_unstable();
        for (id, n) in repeats {
            mamori_store::events::add_repeats(&*tx, id, n, now).await?;
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
            .map(|(r, f)| (r.id, f.event.host.to_lowercase()))
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
                    .entry((d.rule_id, d.host.to_lowercase()))
                    .or_insert(d.incident_id);
            }
        }

        let actor = Actor::monitor(org, &source.name);
        // Events that join incidents already open get their timeline entries first, in
        // the order of the incidents' ids: writers then take incidents' rows before the
        // audit head (as a person's step does) and in one order among themselves.
        for f in &mut kept {
            let Some(r) = f.rule else { continue };
            let rule = &rules[r];
            f.incident = match rule.action {
                RuleAction::Attach => rule
                    .incident_id
                    .filter(|i| open.get(i).is_some_and(Option::is_some)),
                RuleAction::Draft => drafts.get(&(rule.id, f.event.host.to_lowercase())).copied(),
            };
        }
        let joined = |kept: &[Fresh], wanted: &dyn Fn(Uuid) -> bool| {
            let mut by: Vec<(Uuid, Vec<usize>)> = Vec::new();
            for (i, f) in kept.iter().enumerate() {
                let Some(id) = f.incident.filter(|id| wanted(*id)) else {
                    continue;
                };
                match by.iter_mut().find(|(x, _)| *x == id) {
                    Some((_, v)) => v.push(i),
                    None => by.push((id, vec![i])),
                }
            }
            by.sort_by_key(|(id, _)| *id);
            by
        };
        let existing = joined(&kept, &|_| true);
        let ctx = (&actor, source, rules.as_slice(), now);
        receipt.attached += self
            .note_joined(&*tx, ctx, &open, &kept, &existing, 0)
            .await?;

        // Then the drafts, one per rule and host; later events of the batch join them.
        // A batch naming many hosts drafts at most DRAFTS_PER_BATCH per rule; the rest
        // join the rule's last draft, so a spoofed or noisy feed cannot bury the CSIRT.
        let mut drafted_now: Vec<Uuid> = Vec::new();
        let mut per_rule: HashMap<Uuid, (usize, Uuid)> = HashMap::new();
        for f in kept.iter_mut() {
            let Some(r) = f.rule else { continue };
            let rule = &rules[r];
            if rule.action != RuleAction::Draft || f.incident.is_some() {
                continue;
            }
            // Host names compare in any case, as the rules match them.
            let key = (rule.id, f.event.host.to_lowercase());
            let id = match drafts.get(&key) {
                Some(id) => *id,
                None if per_rule
                    .get(&rule.id)
                    .is_some_and(|(n, _)| *n >= DRAFTS_PER_BATCH) =>
                {
                    per_rule[&rule.id].1
                }
                None => {
                    let filed = filing(source, rule, &f.event, now);
                    let m = self.file_incident(&*tx, &actor, filed).await?;
                    receipt.drafted.push(m.number.clone());
                    drafted_now.push(m.id);
                    drafts.insert(key, m.id);
                    open.insert(m.id, Some(m.clone()));
                    let slot = per_rule.entry(rule.id).or_insert((0, m.id));
                    *slot = (slot.0 + 1, m.id);
                    m.id
                }
            };
            f.incident = Some(id);
        }
        let new = joined(&kept, &|id| drafted_now.contains(&id));
        // A draft's first event is its report; the rest are noted on its timeline.
        receipt.attached += self.note_joined(&*tx, ctx, &open, &kept, &new, 1).await?;

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
        tx.commit().await?;
        // When the source last sent, at most once a minute and in a statement of its own:
        // inside the batch it would take the source's row after the audit head, the
        // opposite of a person editing the source.
        if source
            .last_event_at
            .is_none_or(|t| now - t > chrono::Duration::minutes(1))
        {
            let tx = self.store.begin_write().await?;
            mamori_store::events::touch_source(&*tx, source.id, now).await?;
            tx.commit().await?;
        }
        self.events.count(source.id, |c| {
            c.accepted += receipt.accepted;
            c.folded += receipt.folded;
        });
        Ok(receipt)
    }

    /// One timeline entry per incident that events of the batch joined, past the
    /// first `skip` of each: how many, from which source and rule, and the first
    /// message. How many events were noted.
    async fn note_joined<C: mamori_store::Conn>(
        &self,
        tx: &C,
        (actor, source, rules, now): (&Actor, &event_source::Model, &[CompiledRule], DateTime<Utc>),
        open: &HashMap<Uuid, Option<incident::Model>>,
        kept: &[Fresh],
        groups: &[(Uuid, Vec<usize>)],
        skip: usize,
    ) -> AppResult<u64> {
        let mut noted = 0;
        for (id, events) in groups {
            if events.len() <= skip {
                continue;
            }
            let Some(Some(m)) = open.get(id) else {
                continue;
            };
            let first = &kept[events[skip]];
            let rule = first.rule.map(|r| rules[r].name.as_str()).unwrap_or("");
            let body = format!(
                "監視イベント {} 件を追加（送信元「{}」、ルール「{}」）: {} {}",
                events.len() - skip,
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
            mamori_store::incidents::append(tx, e).await?;
            noted += (events.len() - skip) as u64;
        }
        Ok(noted)
    }
}

/// The incident a rule drafts from an event.
fn filing(
    source: &event_source::Model,
    rule: &CompiledRule,
    e: &EventIn,
    now: DateTime<Utc>,
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

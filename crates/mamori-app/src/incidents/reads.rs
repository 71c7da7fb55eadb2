//! The register (each reader's reach) and an incident's page.

use std::collections::HashMap;

use mamori_domain::Role;
use mamori_domain::incident::State;
use mamori_store::entity::incident;
use uuid::Uuid;

use super::query::IncidentQuery;
use super::row::{category, overdue, severity, state, timeline};
use super::view::{AssetMark, IncidentDetail, IncidentRow};
use crate::authz::{Actor, Capability};
use crate::{App, AppResult, Page, PageRequest};

impl App {
    /// A page of the register as the actor reaches it. Someone without the register
    /// gets their own reports only.
    pub async fn incidents(
        &self,
        actor: &Actor,
        q: &IncidentQuery,
        page: PageRequest,
    ) -> AppResult<Page<IncidentRow>> {
        let mut q = q.clone();
        if !actor.can(Capability::ViewIncidents) {
            self.authorize(actor, Capability::ReportIncident).await?;
            q.mine = true;
        }
        let idx = self.dept_tree(actor.org_id).await?;
        let now = self.now();
        let filter = q.filter(&idx, now, actor.staff_id);
        let reach = self.incident_reach(actor);
        let page =
            mamori_store::incidents::list(self.store.conn(), actor.org_id, &filter, &reach, page)
                .await?;
        let names = self
            .names(
                actor.org_id,
                page.items
                    .iter()
                    .filter_map(|m| m.assignee_staff_id)
                    .collect(),
            )
            .await?;
        Ok(page.map(|m| IncidentRow {
            id: m.id,
            overdue: overdue(&m, now),
            category: category(&m),
            state: state(&m),
            severity: severity(&m),
            department: m
                .department_id
                .and_then(|d| idx.get(d))
                .map(|d| d.name.clone()),
            assignee: m.assignee_staff_id.and_then(|a| names.get(&a).cloned()),
            number: m.number,
            title: m.title,
            known_at: m.known_at,
            personal_data: m.personal_data,
            restricted: m.restricted,
        }))
    }

    async fn names(&self, org_id: Uuid, ids: Vec<Uuid>) -> AppResult<HashMap<Uuid, String>> {
        Ok(mamori_store::staff::by_ids(self.store.conn(), org_id, &ids)
            .await?
            .into_iter()
            .map(|s| (s.id, s.name))
            .collect())
    }

    /// An incident's page: facts, assets with their marks, the timeline, and the moves
    /// the reader may make.
    pub async fn incident_detail(&self, actor: &Actor, id: Uuid) -> AppResult<IncidentDetail> {
        let m = self.readable_incident(actor, id).await?;
        let conn = self.store.conn();
        let idx = self.dept_tree(actor.org_id).await?;
        let members = mamori_store::incidents::members_of(conn, actor.org_id, m.id).await?;
        let mut people: Vec<Uuid> = members.clone();
        people.extend(m.assignee_staff_id);
        people.extend(m.reporter_staff_id);
        let names = self.names(actor.org_id, people).await?;
        let asset_ids = mamori_store::incidents::assets_of(conn, actor.org_id, m.id).await?;
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let assets = mamori_store::assets::by_ids(conn, actor.org_id, &asset_ids)
            .await?
            .into_iter()
            .map(|a| AssetMark {
                id: a.id,
                classification: marks(schemes.get(a.scheme_id), [a.req_c, a.req_i, a.req_a]),
                number: a.number,
                name: a.name,
                personal_data: a.personal_data,
            })
            .collect();
        let can_handle = self.may_handle(actor, &m).await?;
        let settings = self.incident_settings(actor.org_id).await?;
        let moves = if can_handle {
            moves_from(&m, actor, settings.closer)
        } else {
            Vec::new()
        };
        let rows = mamori_store::incidents::timeline(conn, actor.org_id, m.id).await?;
        let now = self.now();
        let breach = self.breach_view(&m).await?;
        let prevention = self.prevention_links(m.org_id, m.id).await?;
        let parties = self.party_links(m.org_id, m.id).await?;
        let tasks = self.task_views(m.org_id, m.id).await?;
        let (events, events_total) = self.events_of_incident(actor, m.id).await?;
        Ok(IncidentDetail {
            tasks,
            events,
            events_total,
            breach,
            prevention,
            parties,
            id: m.id,
            overdue: overdue(&m, now),
            category: category(&m),
            state: state(&m),
            severity: severity(&m),
            // A monitoring rule's draft names its source.
            reporter: m
                .reporter_staff_id
                .and_then(|s| names.get(&s).cloned())
                .or_else(|| {
                    m.reporter
                        .strip_prefix("monitor:")
                        .map(|s| format!("監視: {s}"))
                }),
            department: m
                .department_id
                .and_then(|d| idx.get(d))
                .map(|d| d.name.clone()),
            assignee: m.assignee_staff_id.and_then(|a| names.get(&a).cloned()),
            members: members
                .iter()
                .filter_map(|s| names.get(s).cloned())
                .collect(),
            timeline: timeline(rows),
            assets,
            moves,
            can_handle,
            closer: settings.closer.label_ja().to_owned(),
            number: m.number,
            title: m.title,
            description: m.description,
            location: m.location,
            occurred_at: m.occurred_at,
            known_at: m.known_at,
            reported_at: m.reported_at,
            contained_at: m.contained_at,
            personal_data: m.personal_data,
            persons: m.persons,
            restricted: m.restricted,
            first_response_due: m.first_response_due,
            first_response_at: m.first_response_at,
            end_reason: m.end_reason,
            cause_category: m
                .root_cause_category
                .as_deref()
                .and_then(mamori_domain::incident::CauseCategory::from_code),
            root_cause: m.root_cause,
            contributing: m.contributing,
            lessons: m.lessons,
            closed_at: m.closed_at,
            closed_by: m.closed_by,
        })
    }
}

/// The required levels as registers write them: `C:3A I:2 A:2`.
fn marks(scheme: Option<&mamori_domain::Scheme>, ranks: [i16; 3]) -> String {
    use mamori_domain::Dimension;
    [Dimension::C, Dimension::I, Dimension::A]
        .into_iter()
        .zip(ranks)
        .map(|(d, r)| {
            let code = scheme
                .and_then(|s| s.scale(d).by_rank(u8::try_from(r).unwrap_or(0)))
                .map(|l| l.code.clone())
                .unwrap_or_else(|| r.to_string());
            format!("{}:{code}", d.code().to_uppercase())
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The states a handler may move the incident to from where it is: any other state,
/// closing only for the designated role.
fn moves_from(m: &incident::Model, actor: &Actor, closer: Role) -> Vec<State> {
    let from = state(m);
    State::ALL
        .into_iter()
        .filter(|s| *s != from)
        .filter(|s| *s != State::Closed || actor.can(Capability::CloseIncident { closer }))
        .collect()
}

/// The dashboard's incident tile: open incidents by severity, those past their
/// first-response target, and the breach reports coming due with their countdowns.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IncidentSummary {
    pub open: u64,
    /// (severity code, or `untriaged`; how many open).
    pub by_severity: Vec<(&'static str, u64)>,
    pub overdue: u64,
    pub clocks: Vec<BreachClock>,
}

/// A breach report coming due.
#[derive(Debug, Clone, serde::Serialize)]
pub struct BreachClock {
    pub id: Uuid,
    pub number: String,
    /// The 確報 (else the 速報).
    pub final_report: bool,
    pub due: chrono::NaiveDate,
    pub days_left: i64,
}

impl App {
    /// The tile for those with the register; `None` for the rest.
    pub async fn incident_summary(&self, actor: &Actor) -> AppResult<Option<IncidentSummary>> {
        if !actor.can(Capability::ViewIncidents) {
            return Ok(None);
        }
        let conn = self.store.conn();
        let reach = self.incident_reach(actor);
        let org = actor.org_id;
        let now = self.now();
        let count = |f: mamori_store::incidents::IncidentFilter| {
            let reach = &reach;
            async move { mamori_store::incidents::count(conn, org, &f, reach).await }
        };
        let counted = mamori_store::incidents::open_by_severity(conn, org, &reach).await?;
        let of = |code: Option<&str>| -> u64 {
            counted
                .iter()
                .filter(|(s, _)| s.as_deref() == code)
                .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
                .sum()
        };
        let mut by_severity: Vec<(&'static str, u64)> = mamori_domain::incident::Severity::ALL
            .into_iter()
            .rev()
            .map(|s| (s.code(), of(Some(s.code()))))
            .collect();
        let total: u64 = counted
            .iter()
            .map(|(_, n)| u64::try_from(*n).unwrap_or(0))
            .sum();
        by_severity.push(("untriaged", of(None)));
        let overdue = count(mamori_store::incidents::IncidentFilter {
            overdue_at: Some(now),
            ..Default::default()
        })
        .await?;
        let mut clocks = Vec::new();
        for d in mamori_store::incidents::due_reports(conn, Some(org)).await? {
            let Some((due, final_report)) = super::breach::next_report(&d) else {
                continue;
            };
            let Some(m) =
                mamori_store::incidents::get_reached(conn, org, d.breach.incident_id, &reach)
                    .await?
            else {
                continue;
            };
            clocks.push(BreachClock {
                id: m.id,
                number: m.number,
                final_report,
                due,
                days_left: mamori_domain::incident::breach::days_left(due, now),
            });
        }
        clocks.sort_by_key(|c| c.due);
        Ok(Some(IncidentSummary {
            open: total,
            by_severity,
            overdue,
            clocks,
        }))
    }
}

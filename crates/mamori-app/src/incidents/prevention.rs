//! Recurrence prevention: an incident names the risks and applied controls it created
//! or changed, so the register shows what the incident taught — and a risk's page
//! shows the incidents behind it (to those who reach them; the rest see a count).

use mamori_domain::{Invalid, Problem};
use mamori_store::entity::{incident, incident_link};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::row::entry;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A link to add: a risk number (`R-000012`) or an applied control number.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PreventionInput {
    /// The number of a risk or an applied control.
    pub target: String,
    /// What it changes, in a line.
    pub note: String,
}

/// A risk or applied control an incident is linked to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PreventionLink {
    /// `risk` or `control`.
    pub kind: String,
    pub id: Uuid,
    pub number: String,
    pub title: String,
    pub note: String,
}

/// The incidents behind a risk or control, as a reader sees them.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct LinkedIncidents {
    /// (id, number, title) of those the reader reaches.
    pub shown: Vec<(Uuid, String, String)>,
    /// How many others there are (restricted ones are counted, never named).
    pub hidden: usize,
}

impl App {
    pub async fn link_prevention(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &PreventionInput,
    ) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let number = mamori_domain::text::clean(&input.target).to_uppercase();
        let conn = self.store.conn();
        let (kind, target, label) =
            if let Some(r) = mamori_store::risks::by_number(conn, m.org_id, &number).await? {
                ("risk", r.id, format!("{} {}", r.number, r.title))
            } else if let Some(c) =
                mamori_store::controls::applied_by_number(conn, m.org_id, &number).await?
            {
                ("control", c.id, format!("{} {}", c.number, c.name))
            } else {
                return Err(AppError::Invalid(Invalid::from(
                    Problem::new(
                        format!("リスクまたは管理策「{number}」が見つかりません。"),
                        format!("No risk or applied control is numbered \"{number}\"."),
                    )
                    .at("target"),
                )));
            };
        self.add_incident_link(
            actor,
            &m,
            (kind, target, label),
            &input.note,
            ("prevention", "incident.prevention"),
        )
        .await
    }

    /// Links an incident to a record (`kind`, its id and label) with a note, once: the
    /// link, a timeline entry of `entry_kind` and an audit entry as `action`, in one
    /// transaction.
    pub(super) async fn add_incident_link(
        &self,
        actor: &Actor,
        m: &incident::Model,
        (kind, target, label): (&str, Uuid, String),
        note: &str,
        (entry_kind, action): (&str, &str),
    ) -> AppResult<()> {
        let conn = self.store.conn();
        let existing = mamori_store::incidents::links_of(conn, m.org_id, m.id).await?;
        if existing.iter().any(|l| l.target_id == target) {
            let number = label.split_whitespace().next().unwrap_or_default();
            return Err(AppError::field(
                "target",
                format!("「{number}」は既に関連付けられています。"),
                format!("\"{number}\" is already linked."),
            ));
        }
        let now = self.now();
        let note = mamori_domain::text::clean(note);
        let link = incident_link::Model {
            id: self.new_id(),
            org_id: m.org_id,
            incident_id: m.id,
            target_type: kind.into(),
            target_id: target,
            note: note.clone(),
            created_at: now,
        };
        let body = if note.is_empty() {
            label.clone()
        } else {
            format!("{label}: {note}")
        };
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::add_link(&*tx, link).await?;
        let e = entry(
            m,
            self.new_id(),
            (now, now),
            &actor.label,
            (entry_kind, body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            action,
            ("incident", m.id),
            None,
            Some(&serde_json::json!({ "kind": kind, "target": label, "note": note })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    pub(crate) async fn prevention_links(
        &self,
        org_id: Uuid,
        incident_id: Uuid,
    ) -> AppResult<Vec<PreventionLink>> {
        let conn = self.store.conn();
        let mut out = Vec::new();
        for l in mamori_store::incidents::links_of(conn, org_id, incident_id).await? {
            let found = match l.target_type.as_str() {
                "risk" => mamori_store::risks::get(conn, org_id, l.target_id)
                    .await?
                    .map(|r| (r.number, r.title)),
                "control" => mamori_store::controls::get_applied(conn, org_id, l.target_id)
                    .await?
                    .map(|c| (c.number, c.name)),
                // A contractor or a service the incident happened at: see `parties`.
                _ => None,
            };
            if let Some((number, title)) = found {
                out.push(PreventionLink {
                    kind: l.target_type,
                    id: l.target_id,
                    number,
                    title,
                    note: l.note,
                });
            }
        }
        Ok(out)
    }

    /// The incidents behind a risk (`risk`) or an applied control (`control`), or that
    /// happened at a contractor (`contractor`) or a service (`service`): for the readers
    /// of that register.
    pub async fn incidents_behind(
        &self,
        actor: &Actor,
        kind: &str,
        id: Uuid,
    ) -> AppResult<LinkedIncidents> {
        let register = match kind {
            "contractor" | "service" => Capability::ViewContractors,
            _ => Capability::ViewRisks,
        };
        self.authorize(actor, register).await?;
        let conn = self.store.conn();
        let reach = self.incident_reach(actor);
        let mut out = LinkedIncidents::default();
        for l in mamori_store::incidents::links_to(conn, actor.org_id, kind, id).await? {
            match mamori_store::incidents::get_reached(conn, actor.org_id, l.incident_id, &reach)
                .await?
            {
                Some(m) => out.shown.push((m.id, m.number, m.title)),
                None => out.hidden += 1,
            }
        }
        Ok(out)
    }
}

//! A meeting's agenda: the items it takes up, each bringing a record that exists and
//! can be decided, and the items as the reader sees them with their decisions.

use mamori_domain::review::committee::{AgendaKind, MeetingState, Outcome};
use mamori_store::entity::{committee_agenda_item, committee_decision, committee_meeting};
use uuid::Uuid;

use super::input::AgendaInput;
use super::view::{AgendaCandidate, AgendaView, DecisionView};
use crate::authz::{Actor, Capability};
use crate::media::Named;
use crate::{App, AppError, AppResult};

pub(super) fn decision_view(
    d: &committee_decision::Model,
    meeting: Named,
    item: &committee_agenda_item::Model,
) -> DecisionView {
    DecisionView {
        id: d.id,
        number: d.number.clone(),
        outcome: Outcome::from_code(&d.outcome).unwrap_or(Outcome::Noted),
        text: d.text.clone(),
        decided_on: d.decided_on,
        effective_on: d.effective_on,
        expires_on: d.expires_on,
        meeting,
        subject: item.title.clone(),
        kind: AgendaKind::from_code(&item.kind).unwrap_or(AgendaKind::Other),
        recorded_by: d.recorded_by.clone(),
    }
}

impl App {
    /// The records waiting for the committee, for the agenda form.
    pub async fn agenda_candidates(&self, actor: &Actor) -> AppResult<Vec<AgendaCandidate>> {
        self.authorize(actor, Capability::RunCommittee).await?;
        self.candidates(actor).await
    }

    /// Puts an item on a meeting's agenda, after those already there.
    pub async fn add_agenda_item(
        &self,
        actor: &Actor,
        meeting: Uuid,
        input: &AgendaInput,
    ) -> AppResult<Uuid> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let m = self.meeting_row(actor, meeting).await?;
        let kind = AgendaKind::parse(&input.kind).map_err(|p| p.at("kind"))?;
        let name = self
            .agenda_record(actor, kind, input.record, input.version)
            .await?;
        let mut title = mamori_domain::text::clean(&input.title);
        // A violation's number stays with its readers; the agenda names only the kind.
        if title.is_empty() && kind != AgendaKind::Violation {
            title = name;
        } else if title.is_empty() {
            title = kind.label_ja().to_owned();
        }
        if title.is_empty() {
            return Err(AppError::field(
                "title",
                "議題名を入力してください。",
                "Give the item a title.",
            ));
        }
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        let seq = mamori_domain::review::committee::next_seq(
            mamori_store::review::committee::agenda(&*tx, actor.org_id, &[m.id])
                .await?
                .iter()
                .map(|a| a.seq),
        );
        let row = committee_agenda_item::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            meeting_id: m.id,
            seq,
            kind: kind.code().into(),
            record_id: input.record.filter(|_| kind.links_record()),
            record_version: input.version.filter(|_| kind == AgendaKind::PolicyVersion),
            title,
            note: input.note.trim().to_owned(),
        };
        mamori_store::review::committee::insert_agenda_item(&*tx, row.clone()).await?;
        let after = serde_json::json!({
            "seq": row.seq, "kind": row.kind, "record": row.record_id,
            "version": row.record_version, "title": row.title, "note": row.note,
        });
        self.audit_change(
            &*tx,
            actor,
            "committee_agenda.add",
            ("committee_meeting", m.id),
            None,
            Some(&after),
        )
        .await?;
        tx.commit().await?;
        Ok(row.id)
    }

    /// Takes an undecided item off the agenda of a meeting not yet held.
    pub async fn remove_agenda_item(&self, actor: &Actor, item: Uuid) -> AppResult<()> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let conn = self.store.conn();
        let row = mamori_store::review::committee::get_agenda_item(conn, actor.org_id, item)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = self.meeting_row(actor, row.meeting_id).await?;
        if m.state != MeetingState::Scheduled.code() {
            return Err(AppError::field(
                "item",
                "開催済みの会議の議題は取り下げられません。",
                "Items of a meeting already held stay on its agenda.",
            ));
        }
        let tx = self.store.begin_write().await?;
        mamori_store::review::committee::delete_agenda_item(&*tx, actor.org_id, item).await?;
        let before = serde_json::json!({"seq": row.seq, "kind": row.kind, "record": row.record_id, "title": row.title});
        self.audit_change(
            &*tx,
            actor,
            "committee_agenda.remove",
            ("committee_meeting", m.id),
            Some(&before),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// A meeting's agenda as the reader sees it, with each item's decision.
    pub(super) async fn agenda_views(
        &self,
        actor: &Actor,
        m: &committee_meeting::Model,
    ) -> AppResult<Vec<AgendaView>> {
        let conn = self.store.conn();
        let items = mamori_store::review::committee::agenda(conn, actor.org_id, &[m.id]).await?;
        let decisions =
            mamori_store::review::committee::decisions_of(conn, actor.org_id, m.id).await?;
        let links = self.record_links(actor, &items).await?;
        let named = super::meetings::named(m);
        Ok(items
            .iter()
            .zip(links)
            .map(|(i, record)| {
                let kind = AgendaKind::from_code(&i.kind).unwrap_or(AgendaKind::Other);
                AgendaView {
                    id: i.id,
                    seq: i.seq,
                    kind,
                    title: i.title.clone(),
                    note: i.note.clone(),
                    record,
                    version: i.record_version,
                    decision: decisions
                        .iter()
                        .find(|d| d.agenda_item_id == i.id)
                        .map(|d| decision_view(d, named.clone(), i)),
                    outcomes: kind.outcomes().iter().map(|o| o.code().into()).collect(),
                }
            })
            .collect())
    }
}

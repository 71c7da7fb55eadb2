//! A department's sheet as read: every item with its answer, the evidence on record
//! for the controls it asks about (linked or linkable), the department's scores by
//! area, and what the reader may do.

use std::collections::{HashMap, HashSet};

use mamori_domain::control::evidence_stale;
use mamori_domain::review::inspection::SheetState;
use mamori_store::controls::ControlFilter;
use mamori_store::entity::inspection_sheet;
use uuid::Uuid;

use super::answers::linked;
use super::inspections::{inspection_view, sheet_summary};
use super::scores::{Campaign, answer_of, area_scores};
use super::view::{AnswerView, EvidenceLink, SheetDetail};
use crate::authz::{Actor, Capability};
use crate::media::Named;
use crate::{App, AppResult};

impl App {
    /// A department's sheet: every item with its answer and the evidence that may be
    /// linked, the department's scores by area, and what the reader may do.
    pub async fn inspection_sheet(
        &self,
        actor: &Actor,
        id: Uuid,
        sheet: Uuid,
    ) -> AppResult<SheetDetail> {
        self.authorize(actor, Capability::ViewInspections).await?;
        let (c, s) = self.sheet_of(actor, id, sheet).await?;
        let conn = self.store.conn();
        let org = actor.org_id;
        let idx = self.dept_tree(org).await?;
        let scores = c.scores();
        let before = self.campaign_before(org, &c.m).await?;
        let before_scores = before.as_ref().map(Campaign::scores);
        let systems = self.system_names(actor, std::slice::from_ref(&s)).await?;
        let summary = sheet_summary(&s, &idx, &systems, &scores, before_scores.as_ref())?;
        // The controls the sheet is about (the department's own, or those protecting
        // its system), what they implement and their evidence.
        let mut control_ids = self.sheet_controls(org, &s).await?;
        let own: HashSet<Uuid> = control_ids.iter().copied().collect();
        control_ids.extend(
            c.items
                .iter()
                .filter(|i| i.department_id.is_none_or(|d| d == s.department_id))
                .filter_map(|i| i.applied_control_id),
        );
        control_ids.sort();
        control_ids.dedup();
        let controls = mamori_store::controls::applied_by_ids(conn, org, &control_ids).await?;
        let named: HashMap<Uuid, Named> = controls
            .iter()
            .map(|c| {
                let n = Named {
                    id: c.id,
                    code: c.number.clone(),
                    name: c.name.clone(),
                };
                (c.id, n)
            })
            .collect();
        let refs = mamori_store::controls::refs(conn, org, &control_ids).await?;
        let today = self.today();
        let mut evidence: HashMap<Uuid, Vec<EvidenceLink>> = HashMap::new();
        for e in mamori_store::controls::evidence_of(conn, org, &control_ids).await? {
            evidence
                .entry(e.applied_control_id)
                .or_default()
                .push(EvidenceLink {
                    id: e.id,
                    applied_control_id: e.applied_control_id,
                    control: named
                        .get(&e.applied_control_id)
                        .map(|n| format!("{} {}", n.code, n.name))
                        .unwrap_or_default(),
                    file_name: e.file_name,
                    description: e.description,
                    stale: evidence_stale(e.expires_on, today),
                });
        }
        let risk_ids: Vec<Uuid> = c.answers.iter().filter_map(|a| a.risk_id).collect();
        let risks: HashMap<Uuid, Named> = mamori_store::risks::by_ids(conn, org, &risk_ids)
            .await?
            .into_iter()
            .map(|r| {
                let n = Named {
                    id: r.id,
                    code: r.number,
                    name: r.title,
                };
                (n.id, n)
            })
            .collect();
        let finding_ids: Vec<Uuid> = c
            .answers
            .iter()
            .filter(|a| a.sheet_id == s.id)
            .filter_map(|a| a.finding_id)
            .collect();
        let findings = self.finding_names(org, &finding_ids).await?;
        let items: HashMap<Uuid, _> = c.items.iter().map(|i| (i.id, i)).collect();
        let mut answers: Vec<AnswerView> = c
            .answers
            .iter()
            .filter(|a| a.sheet_id == s.id)
            .filter_map(|a| {
                let i = items.get(&a.item_id)?;
                let about: Vec<Uuid> = match i.applied_control_id {
                    Some(ac) => vec![ac],
                    None => refs
                        .iter()
                        .filter(|(id, _)| own.contains(id))
                        .filter(|(_, rs)| {
                            rs.iter()
                                .any(|(cat, ctl)| format!("{cat}:{ctl}") == i.control_ref)
                        })
                        .map(|(id, _)| *id)
                        .collect(),
                };
                let candidates: Vec<EvidenceLink> = about
                    .iter()
                    .flat_map(|c| evidence.get(c).cloned().unwrap_or_default())
                    .collect();
                let chosen = linked(a);
                Some(AnswerView {
                    id: a.id,
                    position: i.position,
                    area_code: i.area_code.clone(),
                    area: i.area.clone(),
                    question: i.question.clone(),
                    guidance: i.guidance.clone(),
                    control_ref: i.control_ref.clone(),
                    applied_control: i.applied_control_id.and_then(|ac| named.get(&ac).cloned()),
                    answer: answer_of(a),
                    comment: a.comment.clone(),
                    evidence: evidence
                        .values()
                        .flatten()
                        .filter(|e| chosen.contains(&e.id))
                        .cloned()
                        .collect(),
                    candidates,
                    controls: about.iter().filter_map(|c| named.get(c).cloned()).collect(),
                    answered_by: a.answered_by.clone(),
                    answered_at: a.answered_at,
                    returned: a.returned,
                    return_note: a.return_note.clone(),
                    risk: a.risk_id.and_then(|r| risks.get(&r).cloned()),
                    finding: a.finding_id.and_then(|f| findings.get(&f).cloned()),
                })
            })
            .collect();
        answers.sort_by_key(|a| a.position);
        // The department's own figures by area.
        let own = Campaign {
            m: c.m.clone(),
            items: c.items.clone(),
            sheets: vec![s.clone()],
            answers: c
                .answers
                .iter()
                .filter(|a| a.sheet_id == s.id)
                .cloned()
                .collect(),
        };
        let open = c.m.closed_on.is_none();
        let state = summary.state;
        let department = s.department_id;
        Ok(SheetDetail {
            inspection: inspection_view(&c, &scores),
            areas: area_scores(&own.scores(), None),
            answers,
            may_answer: open
                && state.may_answer()
                && actor.can(Capability::AnswerInspection { department }),
            may_submit: open
                && state.may_answer()
                && actor.can(Capability::SubmitInspection { department }),
            may_review: open
                && state == SheetState::Submitted
                && actor.can(Capability::RunInspections),
            may_open_risk: actor.can(Capability::CreateRisks)
                && actor.can(Capability::EditRisk {
                    department: Some(department),
                }),
            audits: self.audits_taking_findings(actor, department).await?,
            sheet: summary,
        })
    }

    /// The applied controls a sheet is about: those protecting its system, or the
    /// department's own.
    pub(super) async fn sheet_controls(
        &self,
        org: Uuid,
        s: &inspection_sheet::Model,
    ) -> AppResult<Vec<Uuid>> {
        let conn = self.store.conn();
        Ok(match s.asset_id {
            Some(system) => mamori_store::controls::protecting(conn, org, &[system])
                .await?
                .into_iter()
                .map(|(_, c)| c)
                .collect(),
            None => mamori_store::controls::applied(
                conn,
                org,
                &ControlFilter {
                    departments: Some(vec![s.department_id]),
                    ..ControlFilter::default()
                },
            )
            .await?
            .into_iter()
            .map(|c| c.id)
            .collect(),
        })
    }
}

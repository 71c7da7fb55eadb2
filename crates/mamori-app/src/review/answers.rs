//! Writing a department's sheet: saving answers (all or none), submitting, and the
//! deputy CISO's review (accept, or return items with notes).

use std::collections::{HashMap, HashSet};

use mamori_domain::notify::Notice;
use mamori_domain::review::inspection::{Answer, SheetState, check_submit};
use mamori_domain::{FieldError, Invalid, Role};
use mamori_store::entity::{inspection_answer, inspection_sheet};
use uuid::Uuid;

use super::input::{SheetAnswers, SheetReview};
use super::scores::{Campaign, answer_of};
use super::view::AnswerView;
use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// Evidence ids as stored on an answer.
pub(super) fn linked(a: &inspection_answer::Model) -> Vec<Uuid> {
    serde_json::from_str(&a.evidence).unwrap_or_default()
}

fn closed() -> AppError {
    AppError::field(
        "inspection",
        "この自己点検は終了しています。",
        "This self-inspection is closed.",
    )
}

impl App {
    /// A sheet and the campaign it belongs to.
    pub(super) async fn sheet_of(
        &self,
        actor: &Actor,
        id: Uuid,
        sheet: Uuid,
    ) -> AppResult<(Campaign, inspection_sheet::Model)> {
        let m = self.inspection_row(actor, id).await?;
        let c = self.inspection_campaign(actor.org_id, m).await?;
        let s = c
            .sheets
            .iter()
            .find(|s| s.id == sheet)
            .cloned()
            .ok_or(AppError::NotFound)?;
        Ok((c, s))
    }

    /// The department a sheet is of, and its system's number when it is about one,
    /// as a notice names them (the number only: a name may be withheld).
    async fn sheet_named(&self, org: Uuid, s: &inspection_sheet::Model) -> AppResult<String> {
        let department = self.department_name(org, Some(s.department_id)).await?;
        let Some(system) = s.asset_id else {
            return Ok(department);
        };
        let number = mamori_store::assets::by_ids(self.store.conn(), org, &[system])
            .await?
            .into_iter()
            .next()
            .map(|a| a.number)
            .unwrap_or_default();
        Ok(format!("{department}（{number}）"))
    }

    /// A sheet the actor answers for its department, in a campaign still open, with
    /// where it stands.
    pub(super) async fn sheet_to_answer(
        &self,
        actor: &Actor,
        id: Uuid,
        sheet: Uuid,
    ) -> AppResult<(Campaign, inspection_sheet::Model, SheetState)> {
        let (c, s) = self.sheet_of(actor, id, sheet).await?;
        self.authorize(
            actor,
            Capability::AnswerInspection {
                department: s.department_id,
            },
        )
        .await?;
        if c.m.closed_on.is_some() {
            return Err(closed());
        }
        let state = SheetState::from_code(&s.state).unwrap_or(SheetState::Submitted);
        Ok((c, s, state))
    }

    /// Saves answers to a sheet, all or none: every line names an item of the sheet
    /// and an answer (or none), and links only evidence on record for that item.
    pub async fn answer_inspection(
        &self,
        actor: &Actor,
        id: Uuid,
        sheet: Uuid,
        input: &SheetAnswers,
    ) -> AppResult<usize> {
        let (c, _, state) = self.sheet_to_answer(actor, id, sheet).await?;
        if !state.may_answer() {
            return Err(AppError::field(
                "answers",
                "提出済みの自己点検は変更できません。差し戻された項目だけ回答し直せます。",
                "A submitted sheet cannot change; only returned items are answered again.",
            ));
        }
        let detail = self.inspection_sheet(actor, id, sheet).await?;
        let by_position: HashMap<i32, &AnswerView> =
            detail.answers.iter().map(|a| (a.position, a)).collect();
        let stored: HashMap<Uuid, &inspection_answer::Model> =
            c.answers.iter().map(|a| (a.id, a)).collect();
        let mut inv = Invalid::new();
        let mut seen = HashSet::new();
        let mut changes = Vec::new();
        for (n, line) in input.answers.iter().enumerate() {
            let field = |f: &str| format!("answers[{n}].{f}");
            let Some(view) = by_position.get(&line.item) else {
                inv.push(FieldError::new(
                    field("item"),
                    format!("項目 {} はこの自己点検にありません。", line.item),
                    format!("Item {} is not in this self-inspection.", line.item),
                ));
                continue;
            };
            if !seen.insert(line.item) {
                inv.push(FieldError::new(
                    field("item"),
                    format!("項目 {} が二度あります。", line.item),
                    format!("Item {} is given twice.", line.item),
                ));
                continue;
            }
            let answer = if line.answer.trim().is_empty() {
                None
            } else {
                match Answer::parse(&line.answer) {
                    Ok(a) => Some(a),
                    Err(p) => {
                        inv.push(FieldError::new(
                            format!("answer_{}", line.item),
                            format!("項目 {}: {}", line.item, p.ja),
                            format!("Item {}: {}", line.item, p.en),
                        ));
                        continue;
                    }
                }
            };
            let allowed: HashSet<Uuid> = view
                .candidates
                .iter()
                .chain(&view.evidence)
                .map(|e| e.id)
                .collect();
            if let Some(bad) = line.evidence.iter().find(|e| !allowed.contains(e)) {
                inv.push(FieldError::new(
                    field("evidence"),
                    format!(
                        "項目 {}: 証跡 {bad} はこの項目の管理策の証跡ではありません。",
                        line.item
                    ),
                    format!(
                        "Item {}: evidence {bad} is not on record for this item's controls.",
                        line.item
                    ),
                ));
                continue;
            }
            let Some(before) = stored.get(&view.id) else {
                continue;
            };
            let mut evidence = line.evidence.clone();
            evidence.sort();
            evidence.dedup();
            let after = inspection_answer::Model {
                answer: answer.map(|a| a.code().to_owned()).unwrap_or_default(),
                comment: line.comment.trim().to_owned(),
                evidence: serde_json::to_string(&evidence).unwrap_or_else(|_| "[]".into()),
                ..(*before).clone()
            };
            let changed = after.answer != before.answer
                || after.comment != before.comment
                || linked(&after) != linked(before);
            // A returned sheet is answered again only where the review sent it back.
            if changed && state == SheetState::Returned && !before.returned {
                inv.push(FieldError::new(
                    format!("answer_{}", line.item),
                    format!(
                        "項目 {} は差し戻されていないため変更できません。",
                        line.item
                    ),
                    format!("Item {} was not returned and does not change.", line.item),
                ));
                continue;
            }
            if changed {
                changes.push((line.item, (*before).clone(), after));
            }
        }
        inv.into_result()?;
        let now = self.now();
        let tx = self.store.begin_write().await?;
        for (item, before, mut after) in changes.iter().cloned() {
            after.answered_by = actor.label.clone();
            after.answered_at = Some(now);
            mamori_store::review::inspections::update_answer(&*tx, after.clone()).await?;
            self.audit_change(
                &*tx,
                actor,
                "inspection.answer",
                ("inspection_answer", after.id),
                Some(&serde_json::json!({"answer": before.answer, "comment": before.comment, "evidence": linked(&before)})),
                Some(&serde_json::json!({"item": item, "answer": after.answer, "comment": after.comment, "evidence": linked(&after), "sheet_id": sheet})),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(changes.len())
    }

    /// Submits a sheet for review: every item answered, each gap explained.
    pub async fn submit_inspection(&self, actor: &Actor, id: Uuid, sheet: Uuid) -> AppResult<()> {
        let (c, s) = self.sheet_of(actor, id, sheet).await?;
        self.authorize(
            actor,
            Capability::SubmitInspection {
                department: s.department_id,
            },
        )
        .await?;
        if c.m.closed_on.is_some() {
            return Err(closed());
        }
        if !SheetState::from_code(&s.state).is_some_and(SheetState::may_answer) {
            return Err(AppError::field(
                "sheet",
                "この自己点検は既に提出されています。",
                "This sheet is already submitted.",
            ));
        }
        let positions: HashMap<Uuid, i32> = c.items.iter().map(|i| (i.id, i.position)).collect();
        let mut lines: Vec<(u32, Option<Answer>, &str)> = c
            .answers
            .iter()
            .filter(|a| a.sheet_id == s.id)
            .map(|a| {
                let n = positions.get(&a.item_id).copied().unwrap_or_default();
                (
                    u32::try_from(n).unwrap_or_default(),
                    answer_of(a),
                    a.comment.as_str(),
                )
            })
            .collect();
        lines.sort_by_key(|l| l.0);
        check_submit(&lines)?;
        let after = inspection_sheet::Model {
            state: SheetState::Submitted.code().into(),
            submitted_by: actor.label.clone(),
            submitted_at: Some(self.now()),
            ..s.clone()
        };
        let department = self.sheet_named(actor.org_id, &s).await?;
        let reviewers = self
            .holders_today(actor.org_id, &[Role::DeputyCiso], None)
            .await?;
        let tx = self.store.begin_write().await?;
        mamori_store::review::inspections::update_sheet(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "inspection.submit",
            ("inspection_sheet", sheet),
            Some(&serde_json::json!({"state": s.state})),
            Some(&serde_json::json!({"state": SheetState::Submitted.code(), "inspection_id": id, "department_id": s.department_id})),
        )
        .await?;
        let notice = Notice::InspectionSubmitted {
            name: c.m.name.clone(),
            department,
        };
        self.notify(&*tx, actor.org_id, &reviewers, &notice).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Accepts a submitted sheet, or returns items to the department with notes.
    pub async fn review_inspection(
        &self,
        actor: &Actor,
        id: Uuid,
        sheet: Uuid,
        input: &SheetReview,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::RunInspections).await?;
        let (c, s) = self.sheet_of(actor, id, sheet).await?;
        if c.m.closed_on.is_some() {
            return Err(closed());
        }
        if s.state != SheetState::Submitted.code() {
            return Err(AppError::field(
                "decision",
                "確認できるのは提出済みの自己点検だけです。",
                "Only a submitted sheet is reviewed.",
            ));
        }
        let accept = match input.decision.trim() {
            "accept" | "確認済み" | "承認" => true,
            "return" | "差戻し" | "差し戻し" => false,
            _ => {
                return Err(AppError::field(
                    "decision",
                    "確認済みにするか差し戻すかを選んでください。",
                    "Choose to accept the sheet or return items.",
                ));
            }
        };
        let positions: HashMap<i32, Uuid> = c.items.iter().map(|i| (i.position, i.id)).collect();
        let answers: HashMap<Uuid, Uuid> = c
            .answers
            .iter()
            .filter(|a| a.sheet_id == s.id)
            .map(|a| (a.item_id, a.id))
            .collect();
        let mut inv = Invalid::new();
        let mut returned = Vec::new();
        if !accept {
            for (n, r) in input.items.iter().enumerate() {
                match positions.get(&r.item).and_then(|i| answers.get(i)) {
                    Some(a) => returned.push((*a, mamori_domain::text::clean(&r.note))),
                    None => inv.push(FieldError::new(
                        format!("items[{n}].item"),
                        format!("項目 {} はこの所属の自己点検にありません。", r.item),
                        format!("Item {} is not on this department's sheet.", r.item),
                    )),
                }
            }
            if input.items.is_empty() {
                inv.push(FieldError::new(
                    "items",
                    "差し戻す項目を選んでください。",
                    "Choose the items to return.",
                ));
            }
        }
        inv.into_result()?;
        let state = if accept {
            SheetState::Accepted
        } else {
            SheetState::Returned
        };
        let after = inspection_sheet::Model {
            state: state.code().into(),
            reviewed_by: actor.label.clone(),
            reviewed_at: Some(self.now()),
            review_note: input.note.trim().to_owned(),
            ..s.clone()
        };
        let (department, officers) = if accept {
            (String::new(), Vec::new())
        } else {
            (
                self.sheet_named(actor.org_id, &s).await?,
                self.holders_today(
                    actor.org_id,
                    &[Role::DeptOfficer, Role::SectionManager],
                    Some(s.department_id),
                )
                .await?,
            )
        };
        let tx = self.store.begin_write().await?;
        mamori_store::review::inspections::update_sheet(&*tx, after.clone()).await?;
        mamori_store::review::inspections::set_returned(&*tx, actor.org_id, sheet, &returned)
            .await?;
        let items: Vec<i32> = input.items.iter().map(|r| r.item).collect();
        self.audit_change(
            &*tx,
            actor,
            if accept { "inspection.accept" } else { "inspection.return" },
            ("inspection_sheet", sheet),
            Some(&serde_json::json!({"state": s.state})),
            Some(&serde_json::json!({"state": after.state, "note": after.review_note, "items": if accept { Vec::new() } else { items }})),
        )
        .await?;
        if !accept {
            let notice = Notice::InspectionRequested {
                name: c.m.name.clone(),
                department,
                due: c.m.due_on.to_string(),
                returned: u32::try_from(returned.len()).unwrap_or(u32::MAX),
            };
            self.notify(&*tx, actor.org_id, &officers, &notice).await?;
        }
        tx.commit().await?;
        Ok(())
    }
}

//! A new file attached on a sheet: it becomes evidence of the applied control the
//! item asks about (kept there once, linkable from every later campaign) and is
//! linked on the department's answer, in one transaction.

use mamori_domain::review::inspection::SheetState;
use mamori_store::entity::inspection_answer;
use uuid::Uuid;

use super::answers::linked;
use crate::authz::{Actor, Capability};
use crate::controls::{EvidenceView, NewEvidence};
use crate::{App, AppError, AppResult};

/// A file attached to an item of a sheet.
#[derive(Debug, Clone, Default)]
pub struct SheetEvidence {
    /// The item's number in the campaign.
    pub item: i32,
    /// The applied control it proves: one of those the item asks about; empty when
    /// the item asks about one only.
    pub control: Option<Uuid>,
    pub file: NewEvidence,
}

impl App {
    /// Attaches a new file to an item of a sheet: stored as evidence of the control
    /// chosen (or the only one the item asks about) and linked on the answer, all or
    /// nothing, audited on both.
    pub async fn attach_inspection_evidence(
        &self,
        actor: &Actor,
        id: Uuid,
        sheet: Uuid,
        input: SheetEvidence,
    ) -> AppResult<EvidenceView> {
        let (c, s, state) = self.sheet_to_answer(actor, id, sheet).await?;
        let detail = self.inspection_sheet(actor, id, sheet).await?;
        let Some(view) = detail.answers.iter().find(|a| a.position == input.item) else {
            return Err(AppError::field(
                "item",
                format!("項目 {} はこのシートにありません。", input.item),
                format!("Item {} is not on this sheet.", input.item),
            ));
        };
        let before: inspection_answer::Model = c
            .answers
            .iter()
            .find(|a| a.id == view.id)
            .cloned()
            .ok_or(AppError::NotFound)?;
        may_attach(input.item, state, &before)?;
        let control = match (input.control, view.controls.as_slice()) {
            (_, []) => {
                return Err(AppError::field(
                    "item",
                    format!(
                        "項目 {} が問う適用管理策がないため、証跡を登録できません。管理策を登録してから添付してください。",
                        input.item
                    ),
                    format!(
                        "Item {} asks about no applied control to keep the file on; record the control first.",
                        input.item
                    ),
                ));
            }
            (None, [only]) => only,
            (None, _) => {
                return Err(AppError::field(
                    "control",
                    "証跡を登録する管理策を選んでください。",
                    "Choose the control the file proves.",
                ));
            }
            (Some(chosen), controls) => {
                controls.iter().find(|n| n.id == chosen).ok_or_else(|| {
                    AppError::field(
                        "control",
                        format!(
                            "選んだ管理策は項目 {} が問う管理策ではありません。",
                            input.item
                        ),
                        format!(
                            "The control chosen is not one item {} asks about.",
                            input.item
                        ),
                    )
                })?
            }
        };
        // A control another department keeps takes files from those who edit it.
        let row = mamori_store::controls::get_applied(self.store.conn(), actor.org_id, control.id)
            .await?
            .ok_or(AppError::NotFound)?;
        if row.department_id != Some(s.department_id) {
            self.authorize(
                actor,
                Capability::EditControl {
                    department: row.department_id,
                },
            )
            .await?;
        }
        if input.file.body.is_empty() {
            return Err(AppError::field(
                "file",
                "添付するファイルを選んでください。",
                "Choose a file to attach.",
            ));
        }
        let (m, evidence) = self.evidence_row(actor, control.id, input.file)?;
        let tx = self.store.begin_write().await?;
        // Read again under the write lock: a save or a submission in between must
        // neither be undone nor let a file onto a submitted item.
        let org = actor.org_id;
        let current = &mamori_store::review::inspections::get_sheet(&*tx, org, sheet).await?;
        let before = mamori_store::review::inspections::get_answer(&*tx, org, before.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let now = current
            .as_ref()
            .and_then(|s| SheetState::from_code(&s.state));
        may_attach(input.item, now.unwrap_or(SheetState::Submitted), &before)?;
        let mut ids = linked(&before);
        ids.push(evidence.id);
        let after = inspection_answer::Model {
            evidence: serde_json::to_string(&ids).unwrap_or_else(|_| "[]".into()),
            answered_by: actor.label.clone(),
            answered_at: Some(self.now()),
            ..before.clone()
        };
        self.insert_evidence(&*tx, actor, m, &evidence).await?;
        mamori_store::review::inspections::update_answer(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "inspection.evidence",
            ("inspection_answer", before.id),
            Some(&serde_json::json!({"evidence": linked(&before)})),
            Some(&serde_json::json!({"item": input.item, "evidence": ids, "attached": evidence.id, "sheet_id": sheet})),
        )
        .await?;
        tx.commit().await?;
        Ok(evidence)
    }
}

/// A file goes onto an item only while it may be answered: before the sheet is
/// submitted, or when the review returned that item.
fn may_attach(item: i32, state: SheetState, answer: &inspection_answer::Model) -> AppResult<()> {
    if state.may_answer() && (state != SheetState::Returned || answer.returned) {
        return Ok(());
    }
    Err(AppError::field(
        "item",
        format!(
            "項目 {item} は提出済みのため、証跡を添付できません（差し戻された項目だけ変更できます）。"
        ),
        format!("Item {item} is submitted; evidence is attached only to items returned."),
    ))
}

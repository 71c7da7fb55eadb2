//! An item a department answered 未実施 becomes a risk in one step: the risk's form
//! is filled from it, and the risk is written and linked on the answer in one
//! transaction.

use mamori_domain::review::inspection::Answer;
use mamori_store::entity::inspection_answer;
use uuid::Uuid;

use super::scores::answer_of;
use crate::authz::{Actor, Capability};
use crate::risks::RiskInput;
use crate::{App, AppError, AppResult};

impl App {
    /// The answer a risk may be opened from: an item not done, with no risk yet.
    async fn gap(
        &self,
        actor: &Actor,
        answer: Uuid,
    ) -> AppResult<(inspection_answer::Model, String, Uuid)> {
        self.authorize(actor, Capability::ViewInspections).await?;
        let conn = self.store.conn();
        let a = mamori_store::review::inspections::get_answer(conn, actor.org_id, answer)
            .await?
            .ok_or(AppError::NotFound)?;
        let s = mamori_store::review::inspections::get_sheet(conn, actor.org_id, a.sheet_id)
            .await?
            .ok_or(AppError::NotFound)?;
        if answer_of(&a) != Some(Answer::NotDone) || a.risk_id.is_some() {
            return Err(AppError::field(
                "answer",
                "リスクとして登録できるのは、未実施でまだリスクを登録していない項目だけです。",
                "A risk is opened only from an item not done, once.",
            ));
        }
        let m = self.inspection_row(actor, s.inspection_id).await?;
        let item = mamori_store::review::inspections::items(conn, actor.org_id, m.id)
            .await?
            .into_iter()
            .find(|i| i.id == a.item_id)
            .ok_or(AppError::NotFound)?;
        let about = format!(
            "自己点検「{}」の項目 {}「{}」が未実施と回答されました。\n区分: {}\n{}{}",
            m.name,
            item.position,
            item.question,
            item.area,
            if item.control_ref.is_empty() {
                String::new()
            } else {
                format!("管理策: {}\n", item.control_ref)
            },
            if a.comment.is_empty() {
                String::new()
            } else {
                format!("所属の説明: {}", a.comment)
            },
        );
        Ok((a, about, s.department_id))
    }

    /// A risk's form filled from an item not done: its title, what was answered and
    /// the department. The threat and the ratings are the assessor's to give.
    pub async fn risk_draft_from_answer(
        &self,
        actor: &Actor,
        answer: Uuid,
    ) -> AppResult<RiskInput> {
        let (a, description, department) = self.gap(actor, answer).await?;
        let m = mamori_store::review::inspections::items(
            self.store.conn(),
            actor.org_id,
            self.inspection_of_answer(actor, &a).await?,
        )
        .await?;
        let question = m
            .iter()
            .find(|i| i.id == a.item_id)
            .map(|i| i.question.clone())
            .unwrap_or_default();
        Ok(RiskInput {
            title: format!("未実施: {question}"),
            description,
            department: department.to_string(),
            ..RiskInput::default()
        })
    }

    async fn inspection_of_answer(
        &self,
        actor: &Actor,
        a: &inspection_answer::Model,
    ) -> AppResult<Uuid> {
        Ok(mamori_store::review::inspections::get_sheet(
            self.store.conn(),
            actor.org_id,
            a.sheet_id,
        )
        .await?
        .ok_or(AppError::NotFound)?
        .inspection_id)
    }

    /// Opens a risk from an item not done and links it on the answer, in one
    /// transaction.
    pub async fn risk_from_answer(
        &self,
        actor: &Actor,
        answer: Uuid,
        input: &RiskInput,
    ) -> AppResult<Uuid> {
        let (before, _, _) = self.gap(actor, answer).await?;
        let prepared = self.prepare_risk(actor, input).await?;
        let tx = self.store.begin_write().await?;
        let risk = self.insert_risk(&*tx, actor, input, prepared).await?;
        let after = inspection_answer::Model {
            risk_id: Some(risk),
            ..before
        };
        mamori_store::review::inspections::update_answer(&*tx, after).await?;
        self.audit_change(
            &*tx,
            actor,
            "inspection.risk",
            ("inspection_answer", answer),
            Some(&serde_json::json!({"risk_id": null})),
            Some(&serde_json::json!({"risk_id": risk})),
        )
        .await?;
        tx.commit().await?;
        Ok(risk)
    }
}

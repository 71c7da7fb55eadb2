//! An item a department answered 未実施 becomes a risk or an audit finding in one step.
//! The risk's form is filled from it, and the risk is written and linked on the answer
//! in one transaction; a finding of an audit under way over the department, which the
//! reader conducts, is recorded from it and linked the same way.

use mamori_domain::review::inspection::Answer;
use mamori_store::entity::inspection_answer;
use uuid::Uuid;

use super::audit::NewFinding;
use super::scores::answer_of;
use crate::authz::{Actor, Capability};
use crate::risks::RiskInput;
use crate::{App, AppError, AppResult};

/// An item not done, with what is said about it.
struct Gap {
    answer: inspection_answer::Model,
    question: String,
    /// The catalog control it asks about, or the campaign and item.
    criterion: String,
    /// What the department was asked and said, for the risk or finding it becomes.
    about: String,
    department: Uuid,
    /// The system's asset number, on a sheet about a system (the number only: the
    /// risk or finding may be read by people the system's name is withheld from).
    system: Option<String>,
}

fn taken(what_ja: &str, what_en: &str) -> AppError {
    AppError::field(
        "answer",
        format!("{what_ja}にできるのは、未実施でまだ{what_ja}にしていない項目だけです。"),
        format!("Only an item not done becomes a {what_en}, once."),
    )
}

impl App {
    /// The answer of an item not done, with its item and campaign.
    async fn gap(&self, actor: &Actor, answer: Uuid) -> AppResult<Gap> {
        self.authorize(actor, Capability::ViewInspections).await?;
        let conn = self.store.conn();
        let a = mamori_store::review::inspections::get_answer(conn, actor.org_id, answer)
            .await?
            .ok_or(AppError::NotFound)?;
        let s = mamori_store::review::inspections::get_sheet(conn, actor.org_id, a.sheet_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let m = self.inspection_row(actor, s.inspection_id).await?;
        let item = mamori_store::review::inspections::items(conn, actor.org_id, m.id)
            .await?
            .into_iter()
            .find(|i| i.id == a.item_id)
            .ok_or(AppError::NotFound)?;
        let system = match s.asset_id {
            Some(id) => mamori_store::assets::by_ids(conn, actor.org_id, &[id])
                .await?
                .into_iter()
                .next()
                .map(|a| a.number),
            None => None,
        };
        let about = format!(
            "自己点検「{}」の項目 {}「{}」が未実施と回答されました。\n{}区分: {}\n{}{}",
            m.name,
            item.position,
            item.question,
            system
                .as_ref()
                .map(|n| format!("情報システム: {n}\n"))
                .unwrap_or_default(),
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
        let criterion = if item.control_ref.is_empty() {
            format!("自己点検「{}」項目 {}", m.name, item.position)
        } else {
            item.control_ref.clone()
        };
        Ok(Gap {
            answer: a,
            question: item.question,
            criterion,
            about,
            department: s.department_id,
            system,
        })
    }

    /// The gap, refused unless the item was answered not done and `linked` is empty.
    async fn open_gap(
        &self,
        actor: &Actor,
        answer: Uuid,
        linked: fn(&inspection_answer::Model) -> bool,
        what: (&str, &str),
    ) -> AppResult<Gap> {
        let g = self.gap(actor, answer).await?;
        if answer_of(&g.answer) != Some(Answer::NotDone) || linked(&g.answer) {
            return Err(taken(what.0, what.1));
        }
        Ok(g)
    }

    /// A risk's form filled from an item not done: its title, what was answered and
    /// the department. The threat and the ratings are the assessor's to give.
    pub async fn risk_draft_from_answer(
        &self,
        actor: &Actor,
        answer: Uuid,
    ) -> AppResult<RiskInput> {
        let g = self
            .open_gap(actor, answer, |a| a.risk_id.is_some(), ("リスク", "risk"))
            .await?;
        Ok(RiskInput {
            title: format!("未実施: {}", g.question),
            description: g.about,
            department: g.department.to_string(),
            assets: g.system.into_iter().collect(),
            ..RiskInput::default()
        })
    }

    /// Opens a risk from an item not done and links it on the answer, in one
    /// transaction.
    pub async fn risk_from_answer(
        &self,
        actor: &Actor,
        answer: Uuid,
        input: &RiskInput,
    ) -> AppResult<Uuid> {
        let g = self
            .open_gap(actor, answer, |a| a.risk_id.is_some(), ("リスク", "risk"))
            .await?;
        let prepared = self.prepare_risk(actor, input).await?;
        let tx = self.store.begin_write().await?;
        let risk = self.insert_risk(&*tx, actor, input, prepared).await?;
        self.link_gap(&*tx, actor, g.answer, "risk", risk).await?;
        tx.commit().await?;
        Ok(risk)
    }

    /// Records an item not done as a finding (軽微な不備) of an audit under way over the
    /// department, which the actor conducts, and links it on the answer, in one
    /// transaction; the department is told as of any finding.
    pub async fn finding_from_answer(
        &self,
        actor: &Actor,
        answer: Uuid,
        audit: Uuid,
    ) -> AppResult<Uuid> {
        // The audit's own auditors first: others learn nothing of the answer.
        let m = self.audit_row(actor, audit).await?;
        self.conducting(actor, &m).await?;
        let g = self
            .open_gap(
                actor,
                answer,
                |a| a.finding_id.is_some(),
                ("指摘事項", "finding"),
            )
            .await?;
        let input = NewFinding {
            grade: "minor".into(),
            department: g.department.to_string(),
            criterion: g.criterion,
            description: g.about,
            found_on: String::new(),
        };
        let prepared = self.prepare_finding(actor, audit, &input).await?;
        let tx = self.store.begin_write().await?;
        let finding = self.insert_finding(&*tx, actor, prepared).await?;
        self.link_gap(&*tx, actor, g.answer, "finding", finding)
            .await?;
        tx.commit().await?;
        Ok(finding)
    }

    /// Links what a gap became on its answer, audited.
    async fn link_gap<C: mamori_store::Conn>(
        &self,
        tx: &C,
        actor: &Actor,
        before: inspection_answer::Model,
        what: &str,
        id: Uuid,
    ) -> AppResult<()> {
        let answer = before.id;
        let after = match what {
            "risk" => inspection_answer::Model {
                risk_id: Some(id),
                ..before
            },
            _ => inspection_answer::Model {
                finding_id: Some(id),
                ..before
            },
        };
        mamori_store::review::inspections::update_answer(tx, after).await?;
        let field = format!("{what}_id");
        self.audit_change(
            tx,
            actor,
            &format!("inspection.{what}"),
            ("inspection_answer", answer),
            Some(&serde_json::json!({ field.clone(): null })),
            Some(&serde_json::json!({ field: id })),
        )
        .await?;
        Ok(())
    }
}

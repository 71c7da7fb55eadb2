//! Telling the persons (本人への通知, 法第68条第2項) and publication (公表): how and
//! when they were told and how many, or why not and what was done instead; and when
//! and how the incident was made public.

use mamori_domain::incident::breach::{NoticeException, check_notice};
use mamori_domain::{Invalid, Problem, japan_time};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::row::entry;
use crate::authz::Actor;
use crate::{App, AppError, AppResult};

/// The notice and publication form (also what is stored, as JSON).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct NoticeInput {
    /// Empty when the persons are told; `difficult` or `non_disclosable` when not.
    pub exception: String,
    /// The alternative measure when notice is difficult (publication, an inquiry desk).
    pub alternative: String,
    /// How they were told (letter, phone, mail …).
    pub method: String,
    /// The day they were told.
    pub notified_on: String,
    /// How many were told.
    pub notified: String,
    /// The day it was made public; empty when not.
    pub published_on: String,
    /// How (the city's website, a press release …).
    pub publication: String,
}

impl NoticeInput {
    /// Whether anything is recorded.
    pub fn is_empty(&self) -> bool {
        *self == Self::default()
    }
}

impl App {
    pub async fn record_notice(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &NoticeInput,
    ) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let conn = self.store.conn();
        let Some(mut b) = mamori_store::incidents::breach(conn, m.org_id, m.id).await? else {
            return Err(AppError::field(
                "exception",
                "先に報告の要否を判定してください。",
                "Assess the breach first.",
            ));
        };
        let mut inv = Invalid::default();
        let exception = match input.exception.trim() {
            "" => None,
            e => inv.check("exception", NoticeException::parse(e)),
        };
        let notified = match input.notified.trim() {
            "" => None,
            n => inv.check(
                "notified",
                n.parse::<i64>().map_err(|_| {
                    Problem::new(
                        "人数は数字で入力してください。",
                        "Give the number as digits.",
                    )
                }),
            ),
        };
        let facts: mamori_domain::incident::breach::Facts =
            serde_json::from_str(&b.facts).unwrap_or_default();
        for (field, p) in check_notice(exception, &input.alternative, facts.my_number, notified) {
            inv.check::<()>(field, Err(p));
        }
        let today = japan_time::date(self.now());
        for (field, v) in [
            ("notified_on", &input.notified_on),
            ("published_on", &input.published_on),
        ] {
            if v.trim().is_empty() {
                continue;
            }
            if let Some(d) = inv.check(field, mamori_domain::wareki::parse_date(v))
                && d > today
            {
                inv.check::<()>(
                    field,
                    Err(Problem::new(
                        "未来の日付は記録できません。",
                        "A date in the future cannot be recorded.",
                    )),
                );
            }
        }
        if !inv.is_empty() {
            return Err(AppError::Invalid(inv));
        }
        let clean = NoticeInput {
            exception: exception.map(|e| e.code().to_owned()).unwrap_or_default(),
            alternative: input.alternative.trim().to_owned(),
            method: input.method.trim().to_owned(),
            notified_on: input.notified_on.trim().to_owned(),
            notified: notified.map(|n| n.to_string()).unwrap_or_default(),
            published_on: input.published_on.trim().to_owned(),
            publication: input.publication.trim().to_owned(),
        };
        let before: NoticeInput = serde_json::from_str(&b.notice).unwrap_or_default();
        b.notice = serde_json::to_string(&clean).map_err(|e| AppError::Internal(e.to_string()))?;
        b.publication =
            serde_json::json!({ "published_on": clean.published_on, "how": clean.publication })
                .to_string();
        let now = self.now();
        let body = match exception {
            Some(e) => format!("本人への通知: {}（{}）", e.label_ja(), clean.alternative),
            None => format!(
                "本人への通知: {} {} {}人",
                clean.method, clean.notified_on, clean.notified
            ),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::put_breach(&*tx, b).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("notice", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.notice",
            ("incident", m.id),
            Some(&before),
            Some(&clean),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! The report to the PPC: the items its form asks for (rule art. 44 and the
//! Commission's form: 概要, the items of personal data, the number of persons, the
//! cause, secondary damage, the response to the persons, publication, recurrence
//! prevention, other), drafted from the incident and editable; what was edited is
//! kept and wins over the draft.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::NoticeInput;
use super::row::{category, entry};
use crate::authz::Actor;
use crate::{App, AppError, AppResult};

/// The report's items, as text.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PpcReport {
    /// 概要: when it happened and became known, who found it, what happened.
    pub overview: String,
    /// 漏えい等が発生し、又は発生したおそれがある保有個人情報の項目.
    pub items: String,
    /// 本人の数.
    pub persons: String,
    /// 原因.
    pub cause: String,
    /// 二次被害又はそのおそれの有無及びその内容.
    pub secondary_damage: String,
    /// 本人への対応の実施状況.
    pub response: String,
    /// 公表の実施状況.
    pub publication: String,
    /// 再発防止のための措置.
    pub prevention: String,
    /// その他参考となる事項.
    pub other: String,
}

/// The items' labels as the form writes them, in order.
pub const REPORT_ITEMS: [(&str, &str); 9] = [
    ("overview", "概要"),
    (
        "items",
        "漏えい等が発生し、又は発生したおそれがある保有個人情報の項目",
    ),
    ("persons", "本人の数"),
    ("cause", "原因"),
    (
        "secondary_damage",
        "二次被害又はそのおそれの有無及びその内容",
    ),
    ("response", "本人への対応の実施状況"),
    ("publication", "公表の実施状況"),
    ("prevention", "再発防止のための措置"),
    ("other", "その他参考となる事項"),
];

impl PpcReport {
    /// The items with their labels, in the form's order.
    pub fn rows(&self) -> Vec<(&'static str, String)> {
        let v = [
            &self.overview,
            &self.items,
            &self.persons,
            &self.cause,
            &self.secondary_damage,
            &self.response,
            &self.publication,
            &self.prevention,
            &self.other,
        ];
        REPORT_ITEMS
            .iter()
            .zip(v)
            .map(|((_, label), text)| (*label, text.clone()))
            .collect()
    }
}

/// The report with the incident it belongs to.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReportView {
    pub incident_id: Uuid,
    pub number: String,
    pub title: String,
    pub report: PpcReport,
    /// Whether an edited version is kept (else: the draft).
    pub edited: bool,
    pub can_edit: bool,
}

impl App {
    /// The report: as edited, or drafted from the incident.
    pub async fn ppc_report(&self, actor: &Actor, id: Uuid) -> AppResult<ReportView> {
        let m = self.readable_incident(actor, id).await?;
        let conn = self.store.conn();
        let b = mamori_store::incidents::breach(conn, m.org_id, m.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let kept: Option<PpcReport> = serde_json::from_str::<PpcReport>(&b.report)
            .ok()
            .filter(|r| *r != PpcReport::default());
        let can_edit = self.may_handle(actor, &m).await?;
        let report = match kept.clone() {
            Some(r) => r,
            None => {
                let notice: NoticeInput = serde_json::from_str(&b.notice).unwrap_or_default();
                let links = self.prevention_links(m.org_id, m.id).await?;
                let t = |d: chrono::DateTime<chrono::Utc>| {
                    mamori_domain::japan_time::local(d)
                        .format("%Y年%m月%d日 %H:%M")
                        .to_string()
                };
                let mut prevention = m.lessons.clone();
                for l in &links {
                    prevention.push_str(&format!(
                        "\n・{} {}{}",
                        l.number,
                        l.title,
                        if l.note.is_empty() {
                            String::new()
                        } else {
                            format!("（{}）", l.note)
                        }
                    ));
                }
                PpcReport {
                    overview: format!(
                        "発生日時: {}\n発覚日時: {}\n区分: {}\n{}\n{}",
                        m.occurred_at.map(t).unwrap_or_else(|| "不明".into()),
                        t(m.known_at),
                        category(&m).label_ja(),
                        m.title,
                        m.description
                    )
                    .trim()
                    .to_owned(),
                    items: String::new(),
                    persons: m.persons.map(|n| format!("{n}人")).unwrap_or_default(),
                    cause: format!(
                        "{}\n{}",
                        m.root_cause_category
                            .as_deref()
                            .and_then(mamori_domain::incident::CauseCategory::from_code)
                            .map(|c| c.label_ja())
                            .unwrap_or(""),
                        m.root_cause
                    )
                    .trim()
                    .to_owned(),
                    secondary_damage: String::new(),
                    response: if notice.exception.is_empty() {
                        format!(
                            "{} {} {}",
                            notice.method,
                            notice.notified_on,
                            if notice.notified.is_empty() {
                                String::new()
                            } else {
                                format!("{}人に通知", notice.notified)
                            }
                        )
                        .trim()
                        .to_owned()
                    } else {
                        notice.alternative.clone()
                    },
                    publication: if notice.published_on.is_empty() {
                        "未公表".into()
                    } else {
                        format!("{} {}", notice.published_on, notice.publication)
                    },
                    prevention: prevention.trim().to_owned(),
                    other: String::new(),
                }
            }
        };
        Ok(ReportView {
            incident_id: m.id,
            number: m.number,
            title: m.title,
            report,
            edited: kept.is_some(),
            can_edit,
        })
    }

    /// Keeps the report as edited.
    pub async fn save_ppc_report(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &PpcReport,
    ) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let conn = self.store.conn();
        let mut b = mamori_store::incidents::breach(conn, m.org_id, m.id)
            .await?
            .ok_or(AppError::NotFound)?;
        let tidy = |s: &str| s.trim().replace("\r\n", "\n");
        let clean = PpcReport {
            overview: tidy(&input.overview),
            items: tidy(&input.items),
            persons: tidy(&input.persons),
            cause: tidy(&input.cause),
            secondary_damage: tidy(&input.secondary_damage),
            response: tidy(&input.response),
            publication: tidy(&input.publication),
            prevention: tidy(&input.prevention),
            other: tidy(&input.other),
        };
        if clean.rows().iter().any(|(_, t)| t.chars().count() > 20_000) {
            return Err(AppError::field(
                "overview",
                "各項目は20,000文字以内です。",
                "Each item is at most 20,000 characters.",
            ));
        }
        let before: PpcReport = serde_json::from_str(&b.report).unwrap_or_default();
        b.report = serde_json::to_string(&clean).map_err(|e| AppError::Internal(e.to_string()))?;
        let now = self.now();
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::put_breach(&*tx, b).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("report_edit", "報告書の内容を編集".into()),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.ppc_report",
            ("incident", m.id),
            Some(&before),
            Some(&clean),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }
}

//! The personal-data breach assessment on an incident: the facts the CSIRT records,
//! the domain's answer (report required or not, with its reasons), the 速報 and 確報
//! dates from the time the body knew, and each report filed with the PPC.

use chrono::NaiveDate;
use mamori_domain::incident::breach::{Facts, Outcome, assess, check_facts, days_left, deadlines};
use mamori_domain::staff::parse_bool_flag;
use mamori_domain::{Invalid, Problem, japan_time};
use mamori_store::entity::{breach_submission, incident, incident_breach};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::row::entry;
use crate::authz::Actor;
use crate::{App, AppError, AppResult};

/// The assessment form: ticks and the number of persons.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BreachInput {
    /// `"1"`: personal data the body holds is (or may be) leaked, lost or damaged.
    pub personal_data: String,
    pub sensitive: String,
    pub financial: String,
    pub wrongful_purpose: String,
    pub ordinance_sensitive: String,
    /// How many persons (empty when not yet known).
    pub persons: String,
    /// Protected by strong encryption or an equivalent measure.
    pub protected: String,
    pub my_number: String,
    pub my_number_system: String,
    pub my_number_public: String,
}

impl BreachInput {
    fn facts(&self) -> Result<Facts, Invalid> {
        let mut inv = Invalid::default();
        let mut flag = |field: &str, v: &str| inv.check(field, parse_bool_flag(v)).unwrap_or(false);
        let mut f = Facts {
            personal_data: flag("personal_data", &self.personal_data),
            sensitive: flag("sensitive", &self.sensitive),
            financial: flag("financial", &self.financial),
            wrongful_purpose: flag("wrongful_purpose", &self.wrongful_purpose),
            ordinance_sensitive: flag("ordinance_sensitive", &self.ordinance_sensitive),
            protected: flag("protected", &self.protected),
            my_number: flag("my_number", &self.my_number),
            my_number_system: flag("my_number_system", &self.my_number_system),
            my_number_public: flag("my_number_public", &self.my_number_public),
            persons: None,
        };
        f.persons = inv
            .check(
                "persons",
                mamori_domain::incident::parse_persons(&self.persons),
            )
            .flatten();
        for (field, p) in check_facts(&f) {
            inv.check::<()>(field, Err(p));
        }
        if inv.is_empty() { Ok(f) } else { Err(inv) }
    }

    fn of(f: &Facts) -> Self {
        let on = |b: bool| if b { "1".to_owned() } else { String::new() };
        Self {
            personal_data: on(f.personal_data),
            sensitive: on(f.sensitive),
            financial: on(f.financial),
            wrongful_purpose: on(f.wrongful_purpose),
            ordinance_sensitive: on(f.ordinance_sensitive),
            persons: f.persons.map(|n| n.to_string()).unwrap_or_default(),
            protected: on(f.protected),
            my_number: on(f.my_number),
            my_number_system: on(f.my_number_system),
            my_number_public: on(f.my_number_public),
        }
    }
}

/// A report filed with the PPC.
#[derive(Debug, Clone, Default, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct SubmissionInput {
    /// `preliminary` (速報), `final` (確報) or `additional` (追加報告).
    pub kind: String,
    /// `"1"` when filed under the My Number rule.
    pub my_number: String,
    /// The day it was filed (`2026-12-06`).
    pub submitted_on: String,
    pub note: String,
}

pub(crate) const SUBMISSION_KINDS: [&str; 3] = ["preliminary", "final", "additional"];

/// The breach box of an incident's page.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BreachView {
    /// The assessment form as recorded.
    pub input: BreachInput,
    pub required: bool,
    /// The answer with its reasons (Japanese).
    pub reasons_ja: String,
    pub reasons_en: String,
    pub preliminary_due: Option<NaiveDate>,
    pub final_due: Option<NaiveDate>,
    /// Days left to the 確報 (negative: overdue); `None` once filed or not required.
    pub final_days_left: Option<i64>,
    pub preliminary_days_left: Option<i64>,
    pub submissions: Vec<Submission>,
    pub assessed_by: String,
    /// The notice to the persons and the publication, as recorded.
    pub notice: super::NoticeInput,
}

/// A report filed.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Submission {
    pub kind: String,
    pub my_number: bool,
    pub submitted_on: Option<NaiveDate>,
    pub note: String,
    pub recorded_by: String,
}

impl App {
    /// Records (or records again) the breach assessment of an incident.
    pub async fn assess_breach(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &BreachInput,
    ) -> AppResult<()> {
        let mut m = self.handled_incident(actor, id).await?;
        let facts = input.facts().map_err(AppError::Invalid)?;
        let outcome = assess(&facts);
        let settings = self.incident_settings(actor.org_id).await?;
        let due = outcome.is_required().then(|| {
            deadlines(
                m.known_at,
                facts.wrongful_purpose,
                settings.preliminary_days,
            )
        });
        let now = self.now();
        let before = mamori_store::incidents::breach(self.store.conn(), actor.org_id, m.id).await?;
        let row = incident_breach::Model {
            incident_id: m.id,
            org_id: m.org_id,
            facts: to_json(&facts)?,
            outcome: to_json(&outcome)?,
            preliminary_due: due.map(|d| d.preliminary),
            final_due: due.map(|d| d.final_report),
            assessed_at: now,
            assessed_by: actor.label.clone(),
            notice: before.as_ref().map_or("{}".into(), |b| b.notice.clone()),
            publication: before
                .as_ref()
                .map_or("{}".into(), |b| b.publication.clone()),
            report: before.as_ref().map_or("{}".into(), |b| b.report.clone()),
        };
        // The incident follows: personal data makes it restricted for good.
        m.personal_data = facts.personal_data || facts.my_number;
        m.persons = facts.persons.or(m.persons);
        m.restricted = m.restricted || m.personal_data;
        m.updated_at = now;
        let reasons = outcome.reasons();
        let body = match due {
            Some(d) => format!(
                "{}\n速報の目標: {} / 確報の期限: {}",
                reasons.ja, d.preliminary, d.final_report
            ),
            None => reasons.ja.clone(),
        };
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::update(&*tx, m.clone()).await?;
        mamori_store::incidents::put_breach(&*tx, row.clone()).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("assessment", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.breach_assessment",
            ("incident", m.id),
            before.as_ref().map(assessed).as_ref(),
            Some(&assessed(&row)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Records a report filed with the PPC (速報, 確報 or 追加報告).
    pub async fn record_submission(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &SubmissionInput,
    ) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let mut inv = Invalid::default();
        let kind = input.kind.trim();
        if !SUBMISSION_KINDS.contains(&kind) {
            inv.check::<()>(
                "kind",
                Err(Problem::new(
                    "報告の種類を選んでください。",
                    "Choose the kind of report.",
                )),
            );
        }
        let on = inv.check(
            "submitted_on",
            mamori_domain::wareki::parse_date(&input.submitted_on),
        );
        let today = japan_time::date(self.now());
        if let Some(d) = on {
            if d > today {
                inv.check::<()>(
                    "submitted_on",
                    Err(Problem::new(
                        "未来の日付は記録できません。",
                        "A date in the future cannot be recorded.",
                    )),
                );
            } else if d < japan_time::date(m.known_at) {
                inv.check::<()>(
                    "submitted_on",
                    Err(Problem::new(
                        "知った日より前には報告できません。",
                        "A report cannot precede the day it became known.",
                    )),
                );
            }
        }
        let breach = mamori_store::incidents::breach(self.store.conn(), actor.org_id, m.id).await?;
        if breach.as_ref().is_none_or(|b| b.final_due.is_none()) {
            inv.check::<()>(
                "kind",
                Err(Problem::new(
                    "報告が必要という判定がまだ記録されていません。先に判定を記録してください。",
                    "No assessment saying a report is required is recorded yet: assess first.",
                )),
            );
        }
        let Some(on) = on.filter(|_| inv.is_empty()) else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        let my_number = parse_bool_flag(&input.my_number).unwrap_or(false);
        let row = breach_submission::Model {
            id: self.new_id(),
            org_id: m.org_id,
            incident_id: m.id,
            kind: kind.to_owned(),
            my_number,
            submitted_on: Some(on),
            note: input.note.trim().to_owned(),
            recorded_at: now,
            recorded_by: actor.label.clone(),
        };
        let label = match kind {
            "preliminary" => "速報",
            "final" => "確報",
            _ => "追加報告",
        };
        let body = format!(
            "個人情報保護委員会へ{label}を提出（{on}）{}",
            if my_number {
                "（特定個人情報）"
            } else {
                ""
            }
        );
        let tx = self.store.begin_write().await?;
        mamori_store::incidents::add_submission(&*tx, row.clone()).await?;
        let e = entry(
            &m,
            self.new_id(),
            (now, now),
            &actor.label,
            ("submission", body),
            None,
        );
        mamori_store::incidents::append(&*tx, e).await?;
        self.audit_change(
            &*tx,
            actor,
            "incident.breach_submission",
            ("incident", m.id),
            None,
            Some(&serde_json::json!({ "kind": kind, "my_number": my_number, "submitted_on": on, "note": row.note })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The breach box, if an assessment is recorded.
    pub(crate) async fn breach_view(&self, m: &incident::Model) -> AppResult<Option<BreachView>> {
        let conn = self.store.conn();
        let Some(b) = mamori_store::incidents::breach(conn, m.org_id, m.id).await? else {
            return Ok(None);
        };
        let facts: Facts = serde_json::from_str(&b.facts).unwrap_or_default();
        let outcome: Outcome = serde_json::from_str(&b.outcome).unwrap_or(Outcome::NoGround);
        let subs = mamori_store::incidents::submissions(conn, m.org_id, m.id).await?;
        let filed = |kind: &str| subs.iter().any(|s| s.kind == kind);
        let now = self.now();
        let left =
            |due: Option<NaiveDate>, done: bool| due.filter(|_| !done).map(|d| days_left(d, now));
        let reasons = outcome.reasons();
        Ok(Some(BreachView {
            input: BreachInput::of(&facts),
            required: outcome.is_required(),
            reasons_ja: reasons.ja,
            reasons_en: reasons.en,
            preliminary_due: b.preliminary_due,
            final_due: b.final_due,
            final_days_left: left(b.final_due, filed("final")),
            preliminary_days_left: left(b.preliminary_due, filed("preliminary") || filed("final")),
            submissions: subs
                .into_iter()
                .map(|s| Submission {
                    kind: s.kind,
                    my_number: s.my_number,
                    submitted_on: s.submitted_on,
                    note: s.note,
                    recorded_by: s.recorded_by,
                })
                .collect(),
            notice: serde_json::from_str(&b.notice).unwrap_or_default(),
            assessed_by: b.assessed_by,
        }))
    }
}

/// What the audit log keeps of an assessment.
fn assessed(b: &incident_breach::Model) -> serde_json::Value {
    serde_json::json!({
        "facts": serde_json::from_str::<serde_json::Value>(&b.facts).unwrap_or_default(),
        "outcome": serde_json::from_str::<serde_json::Value>(&b.outcome).unwrap_or_default(),
        "preliminary_due": b.preliminary_due,
        "final_due": b.final_due,
    })
}

fn to_json<T: Serialize>(v: &T) -> AppResult<String> {
    serde_json::to_string(v)
        .map_err(|e| AppError::Internal(format!("breach assessment to JSON: {e}")))
}

/// The report a due assessment waits for next: the 速報 while it is not filed, then the
/// 確報 — its due date, and whether it is the final one.
pub(crate) fn next_report(d: &mamori_store::incidents::DueReport) -> Option<(NaiveDate, bool)> {
    match (d.breach.preliminary_due, d.preliminary_filed) {
        (Some(p), false) => Some((p, false)),
        _ => d.breach.final_due.map(|f| (f, true)),
    }
}

//! One incident's handling in the demo, step by step, each step at its own moment;
//! and the moments written as the forms take them.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use mamori_domain::japan_time;
use uuid::Uuid;

use crate::AppResult;
use crate::authz::Actor;
use crate::demo::diary::Diary;
use crate::incidents::{AnalysisInput, EntryInput, MoveInput, SubmissionInput, TriageInput};

/// An instant `days` before `today` at `hh:mm` JST.
pub(super) fn jst(today: NaiveDate, days: i64, hh: u32, mm: u32) -> DateTime<Utc> {
    let d = today - Duration::days(days);
    japan_time::instant(d.and_hms_opt(hh, mm, 0).unwrap_or_default())
}

/// As a form would show a time.
pub(super) fn typed(t: DateTime<Utc>) -> String {
    japan_time::local(t).format("%Y-%m-%d %H:%M").to_string()
}

pub(super) fn day(t: DateTime<Utc>) -> String {
    japan_time::date(t).to_string()
}

/// The steps of one incident's handling, each at its own moment.
pub(super) struct Case<'a> {
    pub diary: &'a Diary,
    pub csirt: &'a Actor,
    pub id: Uuid,
}

impl Case<'_> {
    pub(super) async fn go(&self, at: DateTime<Utc>, to: &str, reason: &str) -> AppResult<()> {
        let m = MoveInput {
            to: to.into(),
            reason: reason.into(),
        };
        self.diary
            .at(at)
            .move_incident(self.csirt, self.id, &m)
            .await
    }

    pub(super) async fn note(&self, at: DateTime<Utc>, kind: &str, body: &str) -> AppResult<()> {
        let e = EntryInput {
            happened_at: typed(at),
            kind: kind.into(),
            body: body.into(),
            corrects: String::new(),
        };
        self.diary
            .at(at + Duration::minutes(5))
            .add_incident_entry(self.csirt, self.id, &e)
            .await?;
        Ok(())
    }

    pub(super) async fn triage(&self, at: DateTime<Utc>, severity: &str) -> AppResult<()> {
        let t = TriageInput {
            severity: severity.into(),
            ..TriageInput::default()
        };
        self.diary
            .at(at)
            .triage_incident(self.csirt, self.id, &t)
            .await
    }

    pub(super) async fn analyse(&self, at: DateTime<Utc>, a: [&str; 4]) -> AppResult<()> {
        let input = AnalysisInput {
            cause_category: a[0].into(),
            root_cause: a[1].into(),
            contributing: a[2].into(),
            lessons: a[3].into(),
        };
        self.diary
            .at(at)
            .record_incident_analysis(self.csirt, self.id, &input)
            .await
    }

    pub(super) async fn file(&self, at: DateTime<Utc>, kind: &str, note: &str) -> AppResult<()> {
        let s = SubmissionInput {
            kind: kind.into(),
            submitted_on: day(at),
            note: note.into(),
            ..SubmissionInput::default()
        };
        self.diary
            .at(at)
            .record_submission(self.csirt, self.id, &s)
            .await
    }

    /// Through the working states to root-cause analysis, contained at `contained`.
    pub(super) async fn contain(
        &self,
        start: DateTime<Utc>,
        contained: DateTime<Utc>,
    ) -> AppResult<()> {
        self.go(start, "initial_response", "").await?;
        self.go(start + Duration::minutes(30), "investigating", "")
            .await?;
        self.go(start + Duration::minutes(60), "containment", "")
            .await?;
        self.go(contained, "root_cause", "").await
    }
}

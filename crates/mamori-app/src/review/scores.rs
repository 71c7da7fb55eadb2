//! A campaign's answers counted: per sheet, per area and for the city, the items most
//! often not done, and the same figures of the campaign of the year before.

use std::collections::{BTreeMap, HashMap};

use mamori_domain::review::inspection::{Answer, Tally, change_text};
use mamori_store::entity::{inspection, inspection_answer, inspection_item, inspection_sheet};
use uuid::Uuid;

use super::view::{AreaScore, FrequentGap};
use crate::{App, AppResult};

/// How many of the items most often not done a campaign's page lists.
const GAPS_SHOWN: usize = 10;

/// A campaign's rows, read once.
pub(super) struct Campaign {
    pub m: inspection::Model,
    pub items: Vec<inspection_item::Model>,
    pub sheets: Vec<inspection_sheet::Model>,
    pub answers: Vec<inspection_answer::Model>,
}

/// A stored answer; an unreadable code counts as unanswered rather than failing a
/// whole page of figures.
pub(super) fn answer_of(a: &inspection_answer::Model) -> Option<Answer> {
    Answer::from_code(&a.answer)
}

/// What a sheet is about, to find the same sheet in another year's campaign: the
/// department, and the system when the campaign asks by system.
pub(super) type Subject = (Uuid, Option<Uuid>);

pub(super) fn subject_of(s: &inspection_sheet::Model) -> Subject {
    (s.department_id, s.asset_id)
}

/// The figures of one campaign.
#[derive(Default)]
pub(super) struct Scores {
    pub city: Tally,
    pub by_sheet: HashMap<Uuid, Tally>,
    /// By department and system, for comparing with another year.
    pub by_subject: HashMap<Subject, Tally>,
    /// Area code → (area as shown, first position, tally).
    pub by_area: BTreeMap<String, (String, i32, Tally)>,
    pub gaps: Vec<FrequentGap>,
}

impl Campaign {
    pub(super) fn scores(&self) -> Scores {
        let items: HashMap<Uuid, &inspection_item::Model> =
            self.items.iter().map(|i| (i.id, i)).collect();
        let subjects: HashMap<Uuid, Subject> =
            self.sheets.iter().map(|s| (s.id, subject_of(s))).collect();
        let mut s = Scores::default();
        let mut per_item: HashMap<Uuid, (u32, u32)> = HashMap::new();
        for a in &self.answers {
            let answer = answer_of(a);
            s.city.add(answer);
            s.by_sheet.entry(a.sheet_id).or_default().add(answer);
            if let Some(d) = subjects.get(&a.sheet_id) {
                s.by_subject.entry(*d).or_default().add(answer);
            }
            let Some(item) = items.get(&a.item_id) else {
                continue;
            };
            s.by_area
                .entry(item.area_code.clone())
                .or_insert_with(|| (item.area.clone(), item.position, Tally::default()))
                .2
                .add(answer);
            let counts = per_item.entry(item.id).or_default();
            if matches!(
                answer,
                Some(Answer::Done | Answer::Partial | Answer::NotDone)
            ) {
                counts.1 += 1;
            }
            if answer == Some(Answer::NotDone) {
                counts.0 += 1;
            }
        }
        let mut gaps: Vec<FrequentGap> = per_item
            .into_iter()
            .filter(|(_, (not_done, _))| *not_done > 0)
            .filter_map(|(id, (not_done, applicable))| {
                let i = items.get(&id)?;
                Some(FrequentGap {
                    position: i.position,
                    area: i.area.clone(),
                    question: i.question.clone(),
                    not_done,
                    applicable,
                })
            })
            .collect();
        gaps.sort_by(|a, b| {
            b.not_done
                .cmp(&a.not_done)
                .then(a.position.cmp(&b.position))
        });
        gaps.truncate(GAPS_SHOWN);
        s.gaps = gaps;
        s
    }
}

/// Areas in checklist order, each beside the same area of the year before.
pub(super) fn area_scores(now: &Scores, before: Option<&Scores>) -> Vec<AreaScore> {
    let mut out: Vec<(i32, AreaScore)> = now
        .by_area
        .iter()
        .map(|(code, (area, first, tally))| {
            let previous_score = before
                .and_then(|b| b.by_area.get(code))
                .and_then(|(_, _, t)| t.score());
            (
                *first,
                AreaScore {
                    area_code: code.clone(),
                    area: area.clone(),
                    tally: *tally,
                    score: tally.score(),
                    previous_score,
                    change: change_text(tally.score(), previous_score),
                },
            )
        })
        .collect();
    out.sort_by_key(|(first, _)| *first);
    out.into_iter().map(|(_, a)| a).collect()
}

impl App {
    /// A campaign with its checklist, sheets and answers.
    pub(super) async fn inspection_campaign(
        &self,
        org_id: Uuid,
        m: inspection::Model,
    ) -> AppResult<Campaign> {
        let conn = self.store.conn();
        let items = mamori_store::review::inspections::items(conn, org_id, m.id).await?;
        let sheets = mamori_store::review::inspections::sheets(conn, org_id, m.id).await?;
        let ids: Vec<Uuid> = sheets.iter().map(|s| s.id).collect();
        let answers = mamori_store::review::inspections::answers(conn, org_id, &ids).await?;
        Ok(Campaign {
            m,
            items,
            sheets,
            answers,
        })
    }

    /// The latest campaign of a fiscal year before this one's and of the same scope
    /// (departments or systems), to compare with.
    pub(super) async fn campaign_before(
        &self,
        org_id: Uuid,
        this: &inspection::Model,
    ) -> AppResult<Option<Campaign>> {
        let earlier = mamori_store::review::inspections::list(self.store.conn(), org_id)
            .await?
            .into_iter()
            .find(|c| c.fiscal_year < this.fiscal_year && c.scope == this.scope);
        match earlier {
            Some(m) => Ok(Some(self.inspection_campaign(org_id, m).await?)),
            None => Ok(None),
        }
    }
}

//! The campaigns of the demo year, step by step: opening a yearly campaign, drafting
//! and assessing its risks, the CISO's acceptances, and closing risks and departments
//! in February. Each step runs on the [`Diary`] at the day it would have happened, and
//! draws from the loader's seed in a fixed order, so the same seed gives the same year.

use std::collections::{BTreeSet, HashMap};

use chrono::{Days, NaiveDate};
use mamori_domain::AssetKind;
use mamori_domain::risk::Treatment;
use mamori_store::entity::risk;
use mamori_store::risks::RiskFilter;
use uuid::Uuid;

use super::judgement::{ACCEPTANCE_REASONS, WEAKNESSES, judge, notes};
use super::world::{AssetInfo, World};
use super::{Diary, reiwa};
use crate::authz::Actor;
use crate::demo::assets::{iso, ymd};
use crate::demo::city::SplitMix64;
use crate::risks::campaigns::CampaignInput;
use crate::risks::{RiskInput, RiskView, StageInput};
use crate::{App, AppResult};

/// A risk as assessed, with the treatment the assessor settled on.
pub(super) type Assessed = (RiskView, Treatment);

/// Dates an assessment sets: when the treatment is due and when to look again.
pub(super) struct Dates {
    pub(super) due: NaiveDate,
    pub(super) review: NaiveDate,
    /// A review date already passed, for the few risks that show 要見直し.
    pub(super) review_lapsed: NaiveDate,
}

/// Context of one assessment round, and of the steps of the year that work with it:
/// what the loader read, the diary, who acts, and what the assessments set and link.
pub(super) struct Round<'a> {
    pub(super) world: &'a World,
    pub(super) diary: &'a Diary,
    pub(super) actor: &'a Actor,
    pub(super) dates: Dates,
    /// Applied control numbers per threat code, linked when assessing.
    pub(super) controls: HashMap<String, Vec<String>>,
}

impl Round<'_> {
    /// Assesses one drafted risk on `day`: the three evaluations, a treatment, an
    /// owner of the department and the dates.
    async fn assess(
        &self,
        rng: &mut SplitMix64,
        m: &risk::Model,
        day: NaiveDate,
        minutes: u32,
    ) -> AppResult<(RiskView, Treatment)> {
        let w = self.world;
        let conn = self.diary.app.store.conn();
        let (code, threat, kinds) = m
            .threat_id
            .and_then(|t| w.threats.get(&t))
            .cloned()
            .unwrap_or_default();
        let asset_ids = mamori_store::risks::asset_ids(conn, m.org_id, m.id).await?;
        let assets: Vec<&AssetInfo> = asset_ids.iter().filter_map(|a| w.assets.get(a)).collect();
        let kind = assets
            .first()
            .map(|a| a.kind.clone())
            .or_else(|| kinds.first().cloned())
            .unwrap_or_default();
        let importance = m
            .inherent_f1
            .and_then(|v| u8::try_from(v).ok())
            .unwrap_or(2);
        let likelihood = m
            .inherent_f2
            .and_then(|v| u8::try_from(v).ok())
            .unwrap_or(2);
        let j = judge(rng, importance, likelihood);
        let weak: Vec<&str> = WEAKNESSES
            .iter()
            .find(|(t, _)| *t == code)
            .map(|(_, v)| v.to_vec())
            .unwrap_or_default()
            .into_iter()
            .filter(|v| w.vulnerabilities.contains(*v))
            .collect();
        let vulnerability = rng.pick(&weak).map(|v| (*v).to_owned()).unwrap_or_default();
        let dept = w
            .department(m.department_id)
            .map(|d| d.name.clone())
            .unwrap_or_default();
        let kind_ja = AssetKind::parse(&kind).map_or("情報資産", |k| k.label_ja());
        let description = format!(
            "{dept}が管理する{kind_ja}（{}件、重要度{importance}）について、「{threat}」が起きた場合の影響と起こりやすさを評価した。",
            assets.len()
        );
        let review = if rng.percent(5) {
            self.dates.review_lapsed
        } else {
            self.dates.review
        };
        let input = RiskInput {
            title: m.title.clone(),
            description,
            department: m.department_id.map(|d| d.to_string()).unwrap_or_default(),
            assets: assets.iter().map(|a| a.number.clone()).collect(),
            asset_group: m.asset_group.clone(),
            threat: code.clone(),
            vulnerability,
            inherent: StageInput::of(j.inherent),
            current: StageInput::of(j.current),
            residual: StageInput::of(j.residual),
            treatment: j.treatment.code().to_owned(),
            treatment_note: rng
                .pick(notes(j.treatment))
                .map(|s| (*s).to_owned())
                .unwrap_or_default(),
            owner: w.owner(m.department_id, rng),
            due_on: iso(self.dates.due),
            review_on: iso(review),
            controls: self
                .controls
                .get(&code)
                .map(|c| c.iter().take(2).cloned().collect())
                .unwrap_or_default(),
        };
        let view = self
            .diary
            .on(day, minutes)
            .update_risk(self.actor, m.id, &input)
            .await?;
        Ok((view, j.treatment))
    }

    /// Opens the yearly campaign of fiscal year `fy` on `day` for `departments`.
    pub(super) async fn open_campaign(
        &self,
        day: NaiveDate,
        fy: i32,
        departments: Vec<Uuid>,
    ) -> AppResult<Uuid> {
        self.diary
            .on(day, 0)
            .create_campaign(
                self.actor,
                &CampaignInput {
                    name: format!("令和{}年度 情報セキュリティリスクアセスメント", reiwa(fy)),
                    kind: "yearly".into(),
                    fiscal_year: Some(fy),
                    departments,
                },
            )
            .await
    }

    /// Last fiscal year's campaign (`last`) for `departments`: opened in June, its
    /// risks drafted the same morning, and each department assessing all of its
    /// drafts in a month of its own, July onwards.
    pub(super) async fn last_year(
        &self,
        rng: &mut SplitMix64,
        last: i32,
        departments: &[Uuid],
    ) -> AppResult<(Uuid, Vec<Assessed>)> {
        let org_id = self.actor.org_id;
        let started = ymd(last, 6, 2);
        let campaign = self
            .open_campaign(started, last, departments.to_vec())
            .await?;
        for (i, d) in departments.iter().enumerate() {
            let minutes = 10 + u32::try_from(i).unwrap_or(0) * 5;
            self.diary
                .on(started, minutes)
                .draft_campaign_risks(self.actor, campaign, *d)
                .await?;
        }
        let mut assessed = Vec::new();
        for (i, d) in departments.iter().enumerate() {
            let month = 7 + u32::try_from(i).unwrap_or(0).min(4);
            let drafts = drafts_of(&self.diary.app, org_id, campaign, *d).await?;
            for (j, m) in drafts.iter().enumerate() {
                let j = u32::try_from(j).unwrap_or(0);
                let day = ymd(last, month, 1 + j % 27);
                assessed.push(self.assess(rng, m, day, 30 + j * 7).await?);
            }
        }
        Ok((campaign, assessed))
    }

    /// The CISO accepts residual risks above the tolerance: those treated by
    /// acceptance, and a few whose reduction falls short. Two were accepted early,
    /// until the end of last fiscal year, and now stand for review. Returns the ids of
    /// the accepted risks.
    pub(super) async fn accept(
        &self,
        rng: &mut SplitMix64,
        ciso: &Actor,
        assessed: &[Assessed],
        fy: i32,
    ) -> AppResult<BTreeSet<Uuid>> {
        let last = fy - 1;
        let mut above: Vec<&Assessed> = assessed
            .iter()
            .filter(|(v, _)| v.residual.as_ref().is_some_and(|s| s.above_tolerance))
            .collect();
        above.sort_by_key(|(v, t)| (*t != Treatment::Accept, v.number.clone()));
        let mut accepted = BTreeSet::new();
        let mut reduce_accepted = 0;
        for (n, (v, t)) in above.iter().enumerate() {
            if *t != Treatment::Accept {
                if reduce_accepted >= 3 {
                    continue;
                }
                reduce_accepted += 1;
            }
            if accepted.len() >= 12 {
                break;
            }
            let early = n < 2;
            let (day, expires) = if early {
                (ymd(last, 11, 28), ymd(fy, 3, 31))
            } else {
                (ymd(fy, 1, 20), ymd(fy + 1, 3, 31))
            };
            let reason = rng
                .pick(ACCEPTANCE_REASONS)
                .copied()
                .unwrap_or("業務上やむを得ないため受容する。");
            let minutes = u32::try_from(n).unwrap_or(0) * 3;
            self.diary
                .on(day, minutes)
                .accept_risk(ciso, v.id, reason, &iso(expires))
                .await?;
            accepted.insert(v.id);
        }
        Ok(accepted)
    }

    /// February: most risks closed, those still being treated left open; then each
    /// department of the campaign completes its part.
    pub(super) async fn close_risks(
        &self,
        rng: &mut SplitMix64,
        campaign: Uuid,
        departments: &[Uuid],
        assessed: &[Assessed],
        accepted: &BTreeSet<Uuid>,
        fy: i32,
    ) -> AppResult<()> {
        for (n, (v, _)) in assessed.iter().enumerate() {
            let above = v.residual.as_ref().is_some_and(|s| s.above_tolerance);
            if (above && !accepted.contains(&v.id)) || rng.percent(10) {
                continue;
            }
            let n = u32::try_from(n).unwrap_or(0);
            let day = ymd(fy, 2, 2 + n % 24);
            self.diary
                .on(day, n % 400)
                .close_risk(self.actor, v.id)
                .await?;
        }
        for (i, d) in departments.iter().enumerate() {
            let minutes = u32::try_from(i).unwrap_or(0) * 20;
            self.diary
                .on(ymd(fy, 2, 27), minutes)
                .complete_campaign_department(self.actor, campaign, *d)
                .await?;
        }
        Ok(())
    }

    /// This fiscal year's campaign, under way: opened on `start` for `listed`; the
    /// departments in `begun` have drafted their risks and assessed about three in
    /// five of them.
    pub(super) async fn this_year(
        &self,
        rng: &mut SplitMix64,
        start: NaiveDate,
        fy: i32,
        listed: Vec<Uuid>,
        begun: &[Uuid],
    ) -> AppResult<()> {
        let org_id = self.actor.org_id;
        let campaign = self.open_campaign(start, fy, listed).await?;
        for (i, d) in begun.iter().enumerate() {
            let k = u32::try_from(i).unwrap_or(0);
            self.diary
                .on(start, 10 + k * 5)
                .draft_campaign_risks(self.actor, campaign, *d)
                .await?;
            let drafts = drafts_of(&self.diary.app, org_id, campaign, *d).await?;
            for (j, m) in drafts.iter().take(drafts.len() * 3 / 5).enumerate() {
                let j = u32::try_from(j).unwrap_or(0);
                let day = start + Days::new(u64::from(14 + k * 20 + j / 3));
                self.assess(rng, m, day, 30 + j * 7).await?;
            }
        }
        Ok(())
    }
}

/// The drafts of one department in a campaign, by number.
async fn drafts_of(
    app: &App,
    org_id: Uuid,
    campaign: Uuid,
    department: Uuid,
) -> AppResult<Vec<risk::Model>> {
    let mut f = RiskFilter::new(app.today());
    f.campaign = Some(campaign);
    f.departments = Some(vec![department]);
    let mut rows: Vec<risk::Model> = mamori_store::risks::all(app.store.conn(), org_id, &f)
        .await?
        .into_iter()
        .filter(|r| r.status == "draft")
        .collect();
    rows.sort_by_key(|r| r.number_seq);
    Ok(rows)
}

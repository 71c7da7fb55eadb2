//! A year of risk work for みどり市: last fiscal year's assessment campaign, assessed,
//! treated, partly accepted by the CISO and closed with its snapshot; this year's
//! campaign under way; the controls the city applies, with evidence files; and the
//! Statements of Applicability. The heat map, the trend and the SoA pages then show
//! something real on first start.
//!
//! Everything goes through the use cases, so the audit log holds the year as it would
//! have been recorded. Work done on earlier days runs on a copy of the app whose clock
//! is set to each step's day (the same store, randomness and register caches). The
//! choices are drawn from the demo's seed, never from the operating system.
//!
//! This module holds the loader's outline ([`App::load_demo_risks`], read top to
//! bottom as the year went) and the [`Diary`] it runs on; the parts live beside it:
//!
//! - [`world`]: what the loader reads once, and which departments take part;
//! - [`campaign`]: opening, drafting, assessing, accepting and closing;
//! - [`judgement`]: the evaluations and treatment of one risk, and their wording;
//! - [`controls`], [`control_table`] and [`control_spec`]: the applied controls and
//!   their evidence;
//! - [`pdf`]: the one-page PDF behind the scanned-document evidence;
//! - [`soa`]: the Statements of Applicability.

mod campaign;
mod control_spec;
mod control_table;
mod controls;
mod judgement;
pub(super) mod pdf;
mod soa;
#[cfg(test)]
mod tests;
mod world;

use std::collections::HashMap;

use mamori_domain::wareki::fiscal_year;
use uuid::Uuid;

use self::campaign::{Dates, Round};
use self::world::{Candidate, World, choose};
use crate::authz::{Actor, ActorKind, Capability};
use crate::demo::assets::ymd;
use crate::demo::city::SplitMix64;
use crate::demo::diary::Diary;
use crate::{App, AppResult};

/// Risks drafted for last year's campaign, at most, and across both campaigns. A
/// department gets one draft per threat and (asset kind, importance) group of its
/// assets, 50 to 120 in the demo city, so two departments take part last year and
/// one has begun this year.
const LAST_YEAR_BUDGET: usize = 120;
const TOTAL_BUDGET: usize = 175;

/// 令和 year of a fiscal year (2025 → 7).
fn reiwa(year: i32) -> i32 {
    year - 2018
}

/// Drawing one item of a list, which only the risk loader needs of the demo's
/// generator.
impl SplitMix64 {
    fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }
}

impl App {
    /// The CISO as a signed-in user would act, for the acceptances; the command line
    /// when the demo has no CISO account.
    pub(super) async fn demo_ciso(&self, actor: &Actor) -> AppResult<Actor> {
        let conn = self.store.conn();
        let roles = mamori_store::roles::all(conn, actor.org_id, Some("ciso")).await?;
        for r in roles {
            if let Some(u) = mamori_store::users::by_staff(conn, actor.org_id, r.staff_id).await? {
                let label = format!("user:{}", u.login);
                let ciso = self.user_actor(&u, ActorKind::User, label, "cli").await?;
                let method = self.method_of(actor.org_id).await?;
                if ciso.can(Capability::AcceptRisk {
                    acceptor: method.acceptor,
                }) {
                    return Ok(ciso);
                }
            }
        }
        Ok(actor.clone())
    }

    /// Loads a year of risk work (see the module documentation). Called by
    /// [`App::load_demo`] once the asset register is in.
    pub(super) async fn load_demo_risks(&self, actor: &Actor, seed: u64) -> AppResult<()> {
        let org_id = actor.org_id;
        self.seed_threat_catalog_once(org_id).await?;
        let world = World::load(self, org_id).await?;
        let diary = Diary::new(self);
        let mut rng = SplitMix64(seed ^ 0x6D61_6D6F_7269_5249);
        let today = self.today();
        let fy = fiscal_year(today);
        let last = fy - 1;
        let ciso = self.demo_ciso(actor).await?;

        // Last fiscal year's campaign: the departments with the most assets.
        let candidates = world.candidates();
        let chosen = choose(&candidates, LAST_YEAR_BUDGET, 3);
        let drafted_before: usize = chosen.iter().map(|c| c.drafts).sum();
        let before: Vec<Uuid> = chosen.iter().map(|c| c.id).collect();
        let round = Round {
            world: &world,
            diary: &diary,
            actor,
            dates: Dates {
                due: ymd(fy, 3, 15),
                review: ymd(fy + 1, 3, 31),
                review_lapsed: ymd(fy, 3, 31),
            },
            controls: HashMap::new(),
        };
        let (campaign, assessed) = round.last_year(&mut rng, last, &before).await?;
        let accepted = round.accept(&mut rng, &ciso, &assessed, fy).await?;

        // Applied controls, with their evidence, through December.
        let controls_by_threat = round.apply_controls(&mut rng, &assessed, fy).await?;

        // February: most risks closed; those still being treated stay open.
        round
            .close_risks(&mut rng, campaign, &before, &assessed, &accepted, fy)
            .await?;

        // March: the SoAs, then the committee closes the campaign and approves the
        // basic policy's SoA.
        self.load_demo_soa(&diary, actor, fy).await?;
        diary
            .on(ymd(fy, 3, 18), 0)
            .close_campaign(actor, campaign)
            .await?;
        soa::approve_basic_policy_soa(&diary, actor, fy).await?;

        // This fiscal year's campaign, under way.
        let remaining = TOTAL_BUDGET.saturating_sub(drafted_before);
        let rest: Vec<Candidate> = candidates
            .iter()
            .filter(|c| !before.contains(&c.id))
            .copied()
            .collect();
        let now_depts: Vec<Uuid> = choose(&rest, remaining, 1).iter().map(|c| c.id).collect();
        // Two more departments take part and have not begun.
        let listed: Vec<Uuid> = now_depts
            .iter()
            .copied()
            .chain(
                rest.iter()
                    .map(|c| c.id)
                    .filter(|id| !now_depts.contains(id))
                    .take(2),
            )
            .collect();
        let start = ymd(fy, 5, 15).min(today);
        let round = Round {
            dates: Dates {
                due: ymd(fy + 1, 2, 28),
                review: ymd(fy + 2, 3, 31),
                review_lapsed: ymd(fy + 2, 3, 31),
            },
            controls: controls_by_threat,
            ..round
        };
        round
            .this_year(&mut rng, start, fy, listed, &now_depts)
            .await
    }
}

//! The applied controls step of the demo year: how each control of
//! [`super::control_table`] is recorded in December of last fiscal year, linked to
//! assessed risks and important assets, with its evidence file uploaded.

use std::collections::HashMap;

use chrono::Days;

use super::campaign::{Assessed, Round};
use super::control_table::CONTROLS;
use super::world::AssetInfo;
use crate::AppResult;
use crate::controls::AppliedControlInput;
use crate::demo::assets::{iso, ymd};
use crate::demo::city::SplitMix64;
use crate::risks::RiskView;

impl Round<'_> {
    /// Records [`CONTROLS`], one a day from December 1st of last fiscal year, each
    /// linked to up to two assessed risks per threat it treats and up to three
    /// important assets of the kinds it protects. Returns the control numbers per
    /// threat code, for this year's assessments to link.
    pub(super) async fn apply_controls(
        &self,
        rng: &mut SplitMix64,
        assessed: &[Assessed],
        fy: i32,
    ) -> AppResult<HashMap<String, Vec<String>>> {
        let (world, diary, actor) = (self.world, self.diary, self.actor);
        let last = fy - 1;
        let mut by_threat: HashMap<String, Vec<&RiskView>> = HashMap::new();
        for (v, _) in assessed {
            by_threat.entry(v.threat.clone()).or_default().push(v);
        }
        let threat_names: HashMap<&str, &str> = world
            .threats
            .values()
            .map(|(code, name, _)| (code.as_str(), name.as_str()))
            .collect();
        let mut controls_by_threat: HashMap<String, Vec<String>> = HashMap::new();
        for (i, spec) in CONTROLS.iter().enumerate() {
            let i = u32::try_from(i).unwrap_or(0);
            let day = ymd(last, 12, 1) + Days::new(u64::from(i));
            let dept = world.department_by_code(spec.department);
            let mut risks = Vec::new();
            for t in spec.threats {
                let name = threat_names.get(t).copied().unwrap_or_default();
                let mine = by_threat.get(name).cloned().unwrap_or_default();
                let take = 2.min(mine.len());
                let from = rng.below(mine.len().saturating_sub(take) + 1);
                risks.extend(mine.iter().skip(from).take(take).map(|v| v.number.clone()));
            }
            let mut assets: Vec<&AssetInfo> = world
                .assets
                .values()
                .filter(|a| a.in_use && a.importance == 3 && spec.kinds.contains(&a.kind.as_str()))
                .collect();
            assets.sort_by(|a, b| a.number.cmp(&b.number));
            let from = rng.below(assets.len().saturating_sub(3) + 1);
            let status = spec.status;
            let done = status == "implemented";
            let input = AppliedControlInput {
                name: spec.name.into(),
                description: spec.description.into(),
                category: spec.category.into(),
                status: status.into(),
                department: dept.map(|d| d.id.to_string()).unwrap_or_default(),
                owner: world.owner(dept.map(|d| d.id), rng),
                due_on: if done {
                    String::new()
                } else {
                    iso(*rng
                        .pick(&[ymd(fy, 9, 30), ymd(fy, 12, 25), ymd(fy + 1, 3, 31)])
                        .unwrap_or(&ymd(fy + 1, 3, 31)))
                },
                review_on: if done && i % 7 == 3 {
                    // Its yearly review was due at the end of last fiscal year.
                    iso(ymd(fy, 3, 31))
                } else {
                    iso(ymd(fy + 1, 3, 31))
                },
                implements: spec.implements.iter().map(|s| (*s).to_owned()).collect(),
                assets: assets
                    .iter()
                    .skip(from)
                    .take(3)
                    .map(|a| a.number.clone())
                    .collect(),
                risks,
            };
            let view = diary
                .on(day, 60)
                .save_applied_control(actor, None, &input)
                .await?;
            for t in spec.threats {
                controls_by_threat
                    .entry((*t).to_owned())
                    .or_default()
                    .push(view.number.clone());
            }
            if let Some(e) = spec.evidence {
                let expires = if e.stale {
                    iso(ymd(fy, 3, 31))
                } else if i % 2 == 0 {
                    iso(ymd(fy + 1, 3, 31))
                } else {
                    String::new()
                };
                diary
                    .on(day, 90)
                    .upload_evidence(
                        actor,
                        view.id,
                        e.file_name,
                        e.body.bytes(),
                        e.description,
                        &expires,
                    )
                    .await?;
            }
        }
        Ok(controls_by_threat)
    }
}

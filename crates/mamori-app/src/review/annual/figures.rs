//! Working out the report's figures from the records: the store counts (grouped, in
//! the database), the domain decides what a count means (timeliness, percentages),
//! and this file puts labels on them. Restricted records are counted like the rest
//! and never named: nothing here reads a title, a person or a description.

use std::collections::HashMap;

use mamori_domain::asset::{AssetKind, AssetStatus};
use mamori_domain::control::ImplementationStatus;
use mamori_domain::exception::State as ExceptionState;
use mamori_domain::incident::{Category, Severity};
use mamori_domain::review::annual::{ReportYear, Timeliness, action_on, percent, timeliness};
use mamori_domain::review::audit::{ActionState, AuditState, Grade};
use mamori_domain::review::committee::Outcome;
use mamori_domain::review::inspection::Scope;
use mamori_domain::risk::Stage;
use mamori_store::review::annual::figures::{self as count, Span};
use uuid::Uuid;

use super::view::{
    AreaFigure, AssetFigures, AuditFigures, BreachFigures, CommitteeFigures, ComplianceFigures,
    ControlFigures, Coverage, Figure, IncidentFigures, InspectionFigures, PeopleFigures,
    PhysicalFigures, Posture, PostureCell, RiskFigures,
};
use crate::risks::RiskQuery;
use crate::{App, AppResult};

/// The labelled counts in the order of `labels`, zero where nothing was counted, then
/// any code the labels do not know (kept rather than lost).
pub(super) fn ordered(
    labels: impl IntoIterator<Item = (&'static str, &'static str, &'static str)>,
    counts: &[(String, u64)],
) -> Vec<Figure> {
    let mut by: HashMap<&str, u64> = HashMap::new();
    for (code, n) in counts {
        *by.entry(code.as_str()).or_default() += n;
    }
    let mut out: Vec<Figure> = labels
        .into_iter()
        .map(|(code, ja, en)| Figure {
            code: code.into(),
            label_ja: ja.into(),
            label_en: en.into(),
            count: by.remove(code).unwrap_or(0),
            percent: None,
        })
        .collect();
    let mut rest: Vec<(&str, u64)> = by.into_iter().collect();
    rest.sort();
    out.extend(rest.into_iter().map(|(code, n)| Figure {
        code: code.into(),
        label_ja: code.into(),
        label_en: code.into(),
        count: n,
        percent: None,
    }));
    out
}

/// The same counts with each one's share of their sum.
fn with_shares(mut figures: Vec<Figure>) -> Vec<Figure> {
    let total: u64 = figures.iter().map(|f| f.count).sum();
    for f in &mut figures {
        f.percent = percent(f.count, total);
    }
    figures
}

fn sum_by<K: Clone + Eq + std::hash::Hash + Ord>(
    pairs: impl Iterator<Item = (K, u64)>,
) -> Vec<(K, u64)> {
    let mut m: HashMap<K, u64> = HashMap::new();
    for (k, n) in pairs {
        *m.entry(k).or_default() += n;
    }
    let mut v: Vec<(K, u64)> = m.into_iter().collect();
    v.sort();
    v
}

fn coverage(label: String, required: u32, done: u32) -> Coverage {
    Coverage {
        label,
        required: required.into(),
        done: done.into(),
        percent: percent(done.into(), required.into()),
    }
}

impl App {
    /// The register by kind, importance and status on the as-of day.
    pub(super) async fn asset_figures(&self, org: Uuid, s: &Span) -> AppResult<AssetFigures> {
        let conn = self.store.conn();
        let rows = count::assets(conn, org, s).await?;
        let kinds = sum_by(rows.iter().map(|(k, _, _, n)| (k.clone(), *n)));
        let statuses = sum_by(rows.iter().map(|(_, _, st, n)| (st.clone(), *n)));
        let by_importance = sum_by(rows.iter().map(|(_, i, _, n)| (*i, *n)))
            .into_iter()
            .rev()
            .map(|(i, n)| Figure {
                code: i.to_string(),
                label_ja: format!("重要度 {i}"),
                label_en: format!("Importance {i}"),
                count: n,
                percent: None,
            })
            .collect();
        Ok(AssetFigures {
            total: rows.iter().map(|r| r.3).sum(),
            registered: count::assets_registered(conn, org, s).await?,
            by_kind: with_shares(ordered(
                AssetKind::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &kinds,
            )),
            by_importance: with_shares(by_importance),
            by_status: ordered(
                AssetStatus::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &statuses,
            ),
        })
    }

    /// The heat map of the risks as they stand now (current stage), with the counts
    /// per level and above the organization's appetite.
    pub(super) async fn posture_now(&self, org: Uuid) -> AppResult<Posture> {
        let view = self
            .heatmap_in(org, &RiskQuery::default(), Stage::Current)
            .await?;
        let mut per_level = vec![0u64; view.levels.len()];
        let mut above = 0;
        let rows = view
            .map
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .map(|c| {
                        if let Some(slot) = per_level.get_mut(c.level) {
                            *slot += c.count;
                        }
                        let is_above = c.level > view.tolerance;
                        if is_above {
                            above += c.count;
                        }
                        PostureCell {
                            x: c.x,
                            y: c.y,
                            count: c.count,
                            colour: view
                                .levels
                                .get(c.level)
                                .map(|l| l.colour.clone())
                                .unwrap_or_default(),
                            above: is_above,
                        }
                    })
                    .collect()
            })
            .collect();
        let levels = view
            .levels
            .iter()
            .zip(&per_level)
            .map(|(l, n)| Figure {
                code: l.code.clone(),
                label_ja: l.label_ja.clone(),
                label_en: l.label_en.clone(),
                count: *n,
                percent: None,
            })
            .collect();
        Ok(Posture {
            taken_on: self.today(),
            columns: view.map.columns.clone(),
            rows,
            x_label_ja: view.map.x_label_ja.into(),
            x_label_en: view.map.x_label_en.into(),
            y_label_ja: view.map.y_label_ja.into(),
            y_label_en: view.map.y_label_en.into(),
            levels: with_shares(levels),
            total: per_level.iter().sum(),
            above,
        })
    }

    pub(super) async fn risk_figures(
        &self,
        org: Uuid,
        y: &ReportYear,
        s: &Span,
    ) -> AppResult<RiskFigures> {
        let start = mamori_store::review::annual::posture(self.store.conn(), org, y.year)
            .await?
            .and_then(|p| serde_json::from_str(&p.posture).ok());
        let (accepted, acceptances_in_force) =
            count::acceptances(self.store.conn(), org, s).await?;
        Ok(RiskFigures {
            start,
            end: self.posture_now(org).await?,
            accepted,
            acceptances_in_force,
        })
    }

    pub(super) async fn control_figures(&self, org: Uuid, s: &Span) -> AppResult<ControlFigures> {
        let conn = self.store.conn();
        let by = count::control_statuses(conn, org, s).await?;
        let total: u64 = by.iter().map(|(_, n)| n).sum();
        let implemented = by
            .iter()
            .filter(|(c, _)| c == ImplementationStatus::Implemented.code())
            .map(|(_, n)| n)
            .sum();
        let evidenced = count::controls_evidenced(conn, org, s).await?;
        Ok(ControlFigures {
            total,
            by_status: with_shares(ordered(
                ImplementationStatus::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &by,
            )),
            implemented,
            implemented_percent: percent(implemented, total),
            evidenced,
            evidenced_percent: percent(evidenced, total),
        })
    }

    pub(super) async fn incident_figures(
        &self,
        org: Uuid,
        y: &ReportYear,
        s: &Span,
    ) -> AppResult<IncidentFigures> {
        let conn = self.store.conn();
        let rows = count::incidents(conn, org, s).await?;
        let categories = sum_by(rows.iter().map(|(c, _, _, n)| (c.clone(), *n)));
        let severities = sum_by(
            rows.iter()
                .map(|(_, sv, _, n)| (sv.clone().unwrap_or_default(), *n)),
        );
        let mut breach = BreachFigures::default();
        for b in count::breaches(conn, org, s).await? {
            breach.assessed_reportable += 1;
            let reports = [
                (b.preliminary_due, b.first_filed),
                (b.final_due, b.final_filed),
            ];
            for (due, filed) in reports {
                let Some(due) = due else { continue };
                match timeliness(due, filed, y.as_of) {
                    Timeliness::OnTime => breach.on_time += 1,
                    Timeliness::Late => breach.late += 1,
                    Timeliness::Pending => breach.pending += 1,
                    Timeliness::Overdue => breach.overdue += 1,
                }
            }
        }
        Ok(IncidentFigures {
            total: rows.iter().map(|r| r.3).sum(),
            personal_data: rows.iter().filter(|r| r.2).map(|r| r.3).sum(),
            by_category: with_shares(ordered(
                Category::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &categories,
            )),
            by_severity: ordered(
                Severity::ALL
                    .map(|k| (k.code(), k.label_ja(), k.label_en()))
                    .into_iter()
                    .rev()
                    .chain([("", "未評価", "Not assessed")]),
                &severities,
            ),
            breach,
        })
    }

    pub(super) async fn people_figures(
        &self,
        org: Uuid,
        y: &ReportYear,
    ) -> AppResult<PeopleFigures> {
        let acknowledgements = self
            .ack_totals_between(org, y.from, y.as_of)
            .await?
            .into_iter()
            .map(|(title, version, t)| {
                coverage(format!("{title}（第{version}版）"), t.required, t.done)
            })
            .collect();
        let courses = self.training_totals(org).await?;
        let (required, done) = courses.iter().fold((0u64, 0u64), |(r, d), (_, _, t)| {
            (r + u64::from(t.required), d + u64::from(t.done))
        });
        Ok(PeopleFigures {
            acknowledgements,
            training: courses
                .into_iter()
                .map(|(code, title, t)| coverage(format!("{code} {title}"), t.required, t.done))
                .collect(),
            training_percent: percent(done, required),
        })
    }

    pub(super) async fn physical_figures(&self, org: Uuid, s: &Span) -> AppResult<PhysicalFigures> {
        let conn = self.store.conn();
        let takeouts = count::takeouts(conn, org, s).await?;
        let day = |t: chrono::DateTime<chrono::Utc>| mamori_domain::japan_time::date(t);
        let returned_late = takeouts
            .iter()
            .filter(|(due, _, back)| back.is_some_and(|b| b < s.end_at && day(b) > *due))
            .count();
        let not_returned = takeouts
            .iter()
            .filter(|(_, _, back)| back.is_none_or(|b| b >= s.end_at))
            .count();
        let (area_entries, visitor_entries, flagged_entries) =
            count::area_entries(conn, org, s).await?;
        let (disposals, inventories) = count::disposals_and_inventories(conn, org, s).await?;
        Ok(PhysicalFigures {
            takeouts: takeouts.len() as u64,
            returned_late: returned_late as u64,
            not_returned: not_returned as u64,
            area_entries,
            visitor_entries,
            flagged_entries,
            disposals,
            inventories,
        })
    }

    pub(super) async fn compliance_figures(
        &self,
        org: Uuid,
        s: &Span,
    ) -> AppResult<ComplianceFigures> {
        let conn = self.store.conn();
        let (by_state, exceptions_in_force) = count::exceptions(conn, org, s).await?;
        let (violations_found, violations_decided) = count::violations(conn, org, s).await?;
        Ok(ComplianceFigures {
            exceptions_asked: by_state.iter().map(|(_, n)| n).sum(),
            exceptions_by_state: ordered(
                ExceptionState::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &by_state,
            ),
            exceptions_in_force,
            violations_found,
            violations_decided,
        })
    }

    /// The year's self-inspection campaign: the latest by department (the city's own
    /// inspection), else the latest by system.
    pub(super) async fn inspection_figures(
        &self,
        org: Uuid,
        y: &ReportYear,
    ) -> AppResult<Option<InspectionFigures>> {
        let mut year: Vec<_> = mamori_store::review::inspections::list(self.store.conn(), org)
            .await?
            .into_iter()
            .filter(|c| c.fiscal_year == y.year)
            .collect();
        // Stable: the list is latest first, and departments sort before systems.
        year.sort_by_key(|c| c.scope != Scope::Departments.code());
        let Some(m) = year.into_iter().next() else {
            return Ok(None);
        };
        let c = self.inspection_campaign(org, m).await?;
        let scores = c.scores();
        let before = self.campaign_before(org, &c.m).await?;
        let view = crate::review::inspections::inspection_view(&c, &scores);
        let areas = crate::review::scores::area_scores(
            &scores,
            before.as_ref().map(|b| b.scores()).as_ref(),
        );
        Ok(Some(InspectionFigures {
            name: view.name,
            sheets: view.sheets as u64,
            submitted: view.submitted as u64,
            accepted: view.accepted as u64,
            score: view.score,
            areas: areas
                .into_iter()
                .map(|a| AreaFigure {
                    area: a.area,
                    score: a.score,
                    previous: a.previous_score,
                })
                .collect(),
        }))
    }

    pub(super) async fn audit_figures(
        &self,
        org: Uuid,
        y: &ReportYear,
        s: &Span,
    ) -> AppResult<AuditFigures> {
        let conn = self.store.conn();
        let (states, grades) = count::audits(conn, org, y.year).await?;
        let actions = count::actions(conn, org, s).await?;
        let verified = ActionState::Verified.code();
        let standing: Vec<(bool, bool)> = actions
            .iter()
            .map(|(due, st, done, checked)| {
                let state = ActionState::from_code(st).unwrap_or(ActionState::Planned);
                action_on(*due, state, *done, *checked, y.as_of)
            })
            .collect();
        Ok(AuditFigures {
            audits: states.iter().map(|(_, n)| n).sum(),
            by_state: ordered(
                AuditState::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &states,
            ),
            findings: grades.iter().map(|(_, n)| n).sum(),
            by_grade: ordered(
                Grade::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &grades,
            ),
            actions: actions.len() as u64,
            actions_open: standing.iter().filter(|s| s.0).count() as u64,
            actions_overdue: standing.iter().filter(|s| s.1).count() as u64,
            actions_verified_in_year: actions
                .iter()
                .filter(|(_, st, _, on)| {
                    st == verified && on.is_some_and(|d| d >= y.from && d <= y.as_of)
                })
                .count() as u64,
        })
    }

    pub(super) async fn committee_figures(
        &self,
        org: Uuid,
        s: &Span,
    ) -> AppResult<CommitteeFigures> {
        let (meetings_held, outcomes) = count::committee(self.store.conn(), org, s).await?;
        Ok(CommitteeFigures {
            meetings_held,
            decisions: outcomes.iter().map(|(_, n)| n).sum(),
            by_outcome: ordered(
                Outcome::ALL.map(|k| (k.code(), k.label_ja(), k.label_en())),
                &outcomes,
            ),
        })
    }
}

//! The annual report (年次報告): for a fiscal year and as of a day, every figure the
//! CISO reports to the committee, counted from the records ([`figures`]); the
//! committee's text sections beside them; issuing (確定), which freezes the report
//! as it was heard; and the risk posture taken at the start of each year, since a
//! risk keeps only its latest evaluation.
//!
//! Who may: the committee's readers (members, auditors, the top officers) read it;
//! those who keep the committee's records (the CISO and the deputy) write and issue.

mod figures;
mod view;

use chrono::NaiveDate;
use mamori_domain::audit::Change;
use mamori_domain::review::annual::{self as rules, ReportYear, Sections};
use mamori_store::entity::{annual_report, risk_posture};
use mamori_store::review::annual::figures::Span;
use uuid::Uuid;

pub use view::{
    AnnualReport, AreaFigure, AssetFigures, AuditFigures, BreachFigures, CommitteeFigures,
    ComplianceFigures, ControlFigures, Coverage, Figure, IncidentFigures, InspectionFigures,
    PeopleFigures, PhysicalFigures, Posture, PostureCell, ReportHead, ReportPage, RiskFigures,
};

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

fn span(y: &ReportYear) -> Span {
    let midnight = |d: NaiveDate| {
        mamori_domain::japan_time::instant(d.and_hms_opt(0, 0, 0).unwrap_or_default())
    };
    Span {
        from: y.from,
        as_of: y.as_of,
        from_at: midnight(y.from),
        end_at: midnight(y.end_exclusive()),
    }
}

fn invalid(e: mamori_domain::FieldError) -> AppError {
    AppError::Invalid(mamori_domain::Invalid(vec![e]))
}

impl App {
    /// The report of `year` as of `as_of` (the year's end, or today while it runs).
    /// An issued report is shown as it was issued; a draft is counted afresh. A year
    /// not begun, a day outside it, or a year with no records is refused by field.
    pub async fn annual_report(
        &self,
        actor: &Actor,
        year: i32,
        as_of: Option<NaiveDate>,
    ) -> AppResult<ReportPage> {
        self.authorize(actor, Capability::ViewCommittee).await?;
        let today = self.today();
        let y = ReportYear::new(year, as_of, today).map_err(invalid)?;
        let row =
            mamori_store::review::annual::report(self.store.conn(), actor.org_id, year).await?;
        let frozen = row
            .as_ref()
            .filter(|_| as_of.is_none_or(|d| d == y.until))
            .and_then(|r| r.figures.as_deref())
            .map(serde_json::from_str::<AnnualReport>)
            .transpose()
            .map_err(|e| AppError::Internal(format!("issued report {year}: {e}")))?;
        let report = match frozen {
            Some(r) => r,
            None => self.count_report(actor.org_id, &y, row.as_ref()).await?,
        };
        // Issued is the row's word, whatever day a recount was asked for.
        let issued = row.as_ref().is_some_and(|r| r.issued_on.is_some());
        let may_write = actor.can(Capability::RunCommittee) && !issued;
        Ok(ReportPage {
            may_issue: may_write && rules::check_issue(&y, false, &report.sections, today).is_ok(),
            may_write,
            years: self.report_heads(actor.org_id).await?,
            report,
        })
    }

    async fn report_heads(&self, org: Uuid) -> AppResult<Vec<ReportHead>> {
        Ok(
            mamori_store::review::annual::reports(self.store.conn(), org)
                .await?
                .into_iter()
                .map(|r| ReportHead {
                    fiscal_year: r.fiscal_year,
                    label_ja: mamori_domain::wareki::fiscal_year_label(r.fiscal_year),
                    issued_on: r.issued_on,
                    issued_by: r.issued_by,
                    updated_by: r.updated_by,
                })
                .collect(),
        )
    }

    /// Every figure of the year, counted now.
    async fn count_report(
        &self,
        org: Uuid,
        y: &ReportYear,
        row: Option<&annual_report::Model>,
    ) -> AppResult<AnnualReport> {
        let s = span(y);
        let report = AnnualReport {
            year: *y,
            label_ja: y.label_ja(),
            label_en: format!("FY{}", y.year),
            computed_at: self.now(),
            issued_on: None,
            issued_by: String::new(),
            sections: row.map(sections_of).unwrap_or_default(),
            assets: self.asset_figures(org, &s).await?,
            risks: self.risk_figures(org, y, &s).await?,
            controls: self.control_figures(org, &s).await?,
            incidents: self.incident_figures(org, y, &s).await?,
            people: self.people_figures(org, y).await?,
            physical: self.physical_figures(org, &s).await?,
            compliance: self.compliance_figures(org, &s).await?,
            inspection: self.inspection_figures(org, y).await?,
            audits: self.audit_figures(org, y, &s).await?,
            committee: self.committee_figures(org, &s).await?,
        };
        let records = report.assets.total
            + report.incidents.total
            + report.audits.audits
            + report.committee.meetings_held
            + report.controls.total
            + report.physical.takeouts
            + report.compliance.exceptions_asked
            + report.compliance.violations_found
            + u64::from(report.inspection.is_some());
        rules::check_has_data(y, records).map_err(invalid)?;
        Ok(report)
    }

    /// Writes the committee's sections of a year's report (not once issued).
    pub async fn save_report_sections(
        &self,
        actor: &Actor,
        year: i32,
        sections: Sections,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::RunCommittee).await?;
        ReportYear::new(year, None, self.today()).map_err(invalid)?;
        let sections = sections.checked()?;
        let tx = self.store.begin_write().await?;
        let before = mamori_store::review::annual::report(&*tx, actor.org_id, year).await?;
        if before.as_ref().is_some_and(|r| r.issued_on.is_some()) {
            return Err(invalid(mamori_domain::FieldError::new(
                "year",
                "確定した報告は変更できません。",
                "An issued report cannot be changed.",
            )));
        }
        let mut m = before.clone().unwrap_or_else(|| annual_report::Model {
            id: self.new_id(),
            org_id: actor.org_id,
            fiscal_year: year,
            overview: String::new(),
            evaluation: String::new(),
            next_year: String::new(),
            updated_by: String::new(),
            updated_at: self.now(),
            figures: None,
            issued_on: None,
            issued_by: String::new(),
        });
        m.overview = sections.overview.clone();
        m.evaluation = sections.evaluation.clone();
        m.next_year = sections.next_year.clone();
        m.updated_by = actor.label.clone();
        m.updated_at = self.now();
        if before.is_some() {
            mamori_store::review::annual::update_report(&*tx, m.clone()).await?;
        } else {
            mamori_store::review::annual::insert_report(&*tx, m.clone()).await?;
        }
        self.audit_change(
            &*tx,
            actor,
            "annual_report.sections",
            ("annual_report", m.id),
            before.as_ref().map(sections_of).as_ref(),
            Some(&sections),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Issues (確定) a year's report once the year has ended and its overview is
    /// written: the figures counted now are kept as they are, and shown from then on.
    pub async fn issue_annual_report(&self, actor: &Actor, year: i32) -> AppResult<AnnualReport> {
        self.authorize(actor, Capability::RunCommittee).await?;
        let today = self.today();
        let y = ReportYear::new(year, None, today).map_err(invalid)?;
        let conn = self.store.conn();
        let row = mamori_store::review::annual::report(conn, actor.org_id, year).await?;
        let sections = row.as_ref().map(sections_of).unwrap_or_default();
        let issued = row.as_ref().is_some_and(|r| r.issued_on.is_some());
        rules::check_issue(&y, issued, &sections, today).map_err(invalid)?;
        let mut report = self.count_report(actor.org_id, &y, row.as_ref()).await?;
        report.issued_on = Some(today);
        report.issued_by = actor.label.clone();
        let json = serde_json::to_string(&report).map_err(|e| AppError::Internal(e.to_string()))?;
        let tx = self.store.begin_write().await?;
        let Some(mut m) = mamori_store::review::annual::report(&*tx, actor.org_id, year).await?
        else {
            return Err(AppError::NotFound);
        };
        if m.issued_on.is_some() || sections_of(&m) != sections {
            // Written meanwhile: the caller reads the report again and decides.
            return Err(AppError::Conflict(mamori_domain::Problem::new(
                "報告が同時に変更されました。もう一度確認してから確定してください。",
                "The report changed meanwhile; check it again before issuing.",
            )));
        }
        m.figures = Some(json);
        m.issued_on = Some(today);
        m.issued_by = actor.label.clone();
        mamori_store::review::annual::update_report(&*tx, m.clone()).await?;
        self.audit(
            &*tx,
            actor,
            "annual_report.issue",
            "annual_report",
            &m.id.to_string(),
            vec![Change {
                field: "figures_sha256".into(),
                before: None,
                after: Some(serde_json::json!(mamori_domain::evidence::sha256_hex(
                    m.figures.as_deref().unwrap_or_default().as_bytes()
                ))),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(report)
    }

    /// Takes each organization's risk posture for the fiscal year that has begun, once
    /// (the `risks.posture` job): the start-of-year heat map of the annual report.
    pub(crate) async fn take_risk_postures(&self) -> AppResult<String> {
        let today = self.today();
        let year = ReportYear::year_of(today);
        let mut taken = 0;
        for org in mamori_store::orgs::all(self.store.conn()).await? {
            if self.take_risk_posture(org.id, year, today).await? {
                taken += 1;
            }
        }
        Ok(format!("{taken} postures taken"))
    }

    /// Takes the organization's posture for `year` on `on` unless one was; whether it
    /// did.
    pub(crate) async fn take_risk_posture(
        &self,
        org: Uuid,
        year: i32,
        on: NaiveDate,
    ) -> AppResult<bool> {
        if mamori_store::review::annual::posture(self.store.conn(), org, year)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        let mut posture = self.posture_now(org).await?;
        posture.taken_on = on;
        let json =
            serde_json::to_string(&posture).map_err(|e| AppError::Internal(e.to_string()))?;
        let tx = self.store.begin_write().await?;
        if mamori_store::review::annual::posture(&*tx, org, year)
            .await?
            .is_some()
        {
            return Ok(false);
        }
        let m = risk_posture::Model {
            id: self.new_id(),
            org_id: org,
            fiscal_year: year,
            taken_on: posture.taken_on,
            posture: json,
        };
        mamori_store::review::annual::insert_posture(&*tx, m.clone()).await?;
        self.audit(
            &*tx,
            &Actor::system(org),
            "risk_posture.take",
            "risk_posture",
            &m.id.to_string(),
            vec![Change {
                field: "fiscal_year".into(),
                before: None,
                after: Some(serde_json::json!({ "year": year, "total": posture.total, "above": posture.above })),
            }],
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

fn sections_of(m: &annual_report::Model) -> Sections {
    Sections {
        overview: m.overview.clone(),
        evaluation: m.evaluation.clone(),
        next_year: m.next_year.clone(),
    }
}

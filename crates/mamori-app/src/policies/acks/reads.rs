//! Reading campaigns: a document's campaigns, a campaign's coverage (counts for those
//! who follow it, names only for the departments they answer for), a person's own
//! campaigns, and the page on which they confirm.

use std::sync::Arc;

use mamori_domain::policy::ack::Tally;
use mamori_store::entity::{ack_campaign, acknowledgement, policy_document};
use mamori_store::policies::{Person, VersionHead};
use uuid::Uuid;

use super::row::{Bound, bound, campaign_view, tally};
use super::view::{AckPage, AckedPerson, CampaignView, CoverageView, MyAck, PendingPerson};
use crate::authz::{Actor, Capability};
use crate::coverage::{self, Counted};
use crate::departments::DeptIndex;
use crate::{App, AppError, AppResult};

/// A campaign with everything its coverage is worked out from; kept while nothing is
/// written (see `kept`).
pub(crate) struct Loaded {
    pub(super) campaign: ack_campaign::Model,
    pub(super) document: policy_document::Model,
    pub(super) heads: Vec<VersionHead>,
    pub(super) people: Vec<Person>,
    pub(super) acks: Vec<acknowledgement::Model>,
    pub(super) depts: DeptIndex,
}

impl Loaded {
    /// The campaign's version.
    pub(super) fn head(&self) -> AppResult<&VersionHead> {
        self.heads
            .iter()
            .find(|h| h.id == self.campaign.version_id)
            .ok_or(AppError::NotFound)
    }

    pub(super) fn bound(&self, today: chrono::NaiveDate) -> Vec<Bound<'_>> {
        bound(&self.campaign, &self.people, &self.acks, &self.depts, today)
    }

    pub(super) fn view(&self, total: Tally, today: chrono::NaiveDate) -> CampaignView {
        campaign_view(
            &self.campaign,
            &self.document,
            &self.heads,
            &self.depts,
            total,
            today,
        )
    }
}

impl App {
    /// A campaign of the actor's organization with its document, versions, register
    /// and acknowledgements.
    pub(super) async fn load_campaign(&self, org_id: Uuid, id: Uuid) -> AppResult<Arc<Loaded>> {
        let today = self.today();
        // Read before the data, so what is kept is never older than its key.
        let seq = self.audit_seq(org_id).await?;
        if let Some(l) = self
            .campaigns
            .get(&id, seq, today)
            .filter(|l| l.campaign.org_id == org_id)
        {
            return Ok(l);
        }
        let conn = self.store.conn();
        let campaign = mamori_store::policies::get_campaign(conn, org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        let document = mamori_store::policies::get_document(conn, org_id, campaign.document_id)
            .await?
            .ok_or(AppError::NotFound)?;
        let l = Arc::new(Loaded {
            heads: mamori_store::policies::version_heads(conn, org_id, Some(document.id)).await?,
            people: mamori_store::policies::people(conn, org_id).await?,
            acks: mamori_store::policies::acks_of(conn, org_id, id).await?,
            depts: self.dept_tree(org_id).await?,
            campaign,
            document,
        });
        self.campaigns.keep(id, seq, today, l.clone());
        Ok(l)
    }

    /// A campaign of a document the actor may read; otherwise not found, so a
    /// campaign never shows what its document would not.
    pub(super) async fn load_campaign_for(
        &self,
        actor: &Actor,
        id: Uuid,
    ) -> AppResult<Arc<Loaded>> {
        let l = self.load_campaign(actor.org_id, id).await?;
        if self.policy_reader(actor).await?.may_read(&l.document) {
            Ok(l)
        } else {
            Err(AppError::NotFound)
        }
    }

    /// A document's campaigns, newest first, with their counts.
    pub async fn ack_campaigns(
        &self,
        actor: &Actor,
        document_id: Uuid,
    ) -> AppResult<Vec<CampaignView>> {
        let reader = self.policy_reader(actor).await?;
        let (_, _) = self.readable_document(&reader, document_id).await?;
        let conn = self.store.conn();
        let campaigns =
            mamori_store::policies::campaigns(conn, actor.org_id, Some(document_id)).await?;
        let today = self.today();
        let mut out = Vec::with_capacity(campaigns.len());
        for c in campaigns {
            let l = self.load_campaign(actor.org_id, c.id).await?;
            out.push(l.view(tally(&l.bound(today)), today));
        }
        Ok(out)
    }

    /// How far a campaign has come: counts by department and category for everyone
    /// who follows coverage; with `department`, the names of who has and has not
    /// acknowledged there, for those who answer for it.
    pub async fn ack_coverage(
        &self,
        actor: &Actor,
        id: Uuid,
        department: Option<Uuid>,
        every_name: bool,
    ) -> AppResult<CoverageView> {
        self.authorize(actor, Capability::ViewCoverage).await?;
        let l = self.load_campaign_for(actor, id).await?;
        let today = self.today();
        let all = l.bound(today);
        let counted: Vec<Counted<'_>> = all
            .iter()
            .map(|b| Counted {
                chain: &b.chain,
                category: b.category,
                roles: Vec::new(),
                done: b.ack.is_some(),
                overdue: b.overdue,
            })
            .collect();
        let by_department = coverage::by_department(&counted, department, &l.depts);
        let by_category = coverage::by_category(&counted);
        let names_shown = (department.is_some() || every_name)
            && actor.can(Capability::CoverageNames { department });
        let mut pending = Vec::new();
        let mut acked = Vec::new();
        if names_shown {
            let within = |b: &&Bound<'_>| department.is_none_or(|d| b.chain.contains(&d));
            for b in all.iter().filter(within) {
                let dept = b
                    .person
                    .department_id
                    .map(|x| l.depts.path(x))
                    .unwrap_or_default();
                match b.ack {
                    Some(a) => acked.push(AckedPerson {
                        ack_id: a.id,
                        employee_number: b.person.employee_number.clone(),
                        name: b.person.name.clone(),
                        department: dept,
                        method: a.method.clone(),
                        acknowledged_at: a.acknowledged_at,
                        signed_on: a.signed_on,
                    }),
                    None => pending.push(PendingPerson {
                        staff_id: b.person.id,
                        employee_number: b.person.employee_number.clone(),
                        name: b.person.name.clone(),
                        department: dept,
                        category: b.category,
                        due_on: b.due_on,
                        overdue: b.overdue,
                    }),
                }
            }
        }
        Ok(CoverageView {
            campaign: l.view(tally(&all), today),
            by_department,
            by_category,
            department,
            pending,
            acked,
            names_shown,
            may_manage: actor.can(Capability::ManageAcknowledgements),
            may_record_paper: department.is_some_and(|d| {
                actor.can(Capability::RecordPaperAck {
                    department: Some(d),
                })
            }),
        })
    }

    /// The open campaigns with their counts, for the dashboard of those who follow
    /// coverage; empty for everyone else.
    pub async fn open_ack_campaigns(&self, actor: &Actor) -> AppResult<Vec<CampaignView>> {
        if !actor.can(Capability::ViewCoverage) {
            return Ok(Vec::new());
        }
        let today = self.today();
        let reader = self.policy_reader(actor).await?;
        let mut out = Vec::new();
        for c in mamori_store::policies::campaigns(self.store.conn(), actor.org_id, None).await? {
            if c.closed_at.is_some() {
                continue;
            }
            let l = self.load_campaign(actor.org_id, c.id).await?;
            if !reader.may_read(&l.document) {
                continue;
            }
            let v = l.view(tally(&l.bound(today)), today);
            if v.open {
                out.push(v);
            }
        }
        Ok(out)
    }

    /// The open campaigns that bind the actor, with their own due dates; for the home
    /// page.
    pub async fn my_acks(&self, actor: &Actor) -> AppResult<Vec<MyAck>> {
        let Some(me) = actor.staff_id else {
            return Ok(Vec::new());
        };
        let conn = self.store.conn();
        let today = self.today();
        let reader = self.policy_reader(actor).await?;
        let mut out = Vec::new();
        for c in mamori_store::policies::campaigns(conn, actor.org_id, None).await? {
            if c.closed_at.is_some() {
                continue;
            }
            let l = self.load_campaign(actor.org_id, c.id).await?;
            if !reader.may_read(&l.document) {
                continue;
            }
            let view = l.view(Tally::default(), today);
            if !view.open {
                continue;
            }
            if let Some(b) = l.bound(today).into_iter().find(|b| b.person.id == me) {
                out.push(MyAck {
                    campaign_id: c.id,
                    title: view.title,
                    version: c.version,
                    due_on: b.due_on,
                    overdue: b.overdue,
                    acknowledged_at: b.ack.map(|a| a.acknowledged_at),
                });
            }
        }
        out.sort_by_key(|m| (m.acknowledged_at.is_some(), m.due_on));
        Ok(out)
    }

    /// The page on which the actor reads the version and confirms it; not found for
    /// someone the campaign does not bind.
    pub async fn ack_page(&self, actor: &Actor, id: Uuid) -> AppResult<AckPage> {
        let me = actor.staff_id.ok_or(AppError::NotFound)?;
        let l = self.load_campaign_for(actor, id).await?;
        let today = self.today();
        let all = l.bound(today);
        let mine = all
            .iter()
            .find(|b| b.person.id == me)
            .ok_or(AppError::NotFound)?;
        let (due_on, acknowledged_at, method) = (
            mine.due_on,
            mine.ack.map(|a| a.acknowledged_at),
            mine.ack.map(|a| a.method.clone()),
        );
        let text = self
            .version_view(&l.document, &l.heads, l.campaign.version, &l.depts)
            .await?;
        Ok(AckPage {
            campaign: l.view(tally(&all), today),
            text,
            due_on,
            acknowledged_at,
            method,
        })
    }

    /// The scan of a paper acknowledgement, for those who may see that department's
    /// names.
    pub async fn ack_scan(
        &self,
        actor: &Actor,
        id: Uuid,
        ack_id: Uuid,
    ) -> AppResult<crate::controls::evidence::EvidenceFile> {
        let l = self.load_campaign_for(actor, id).await?;
        let ack = l
            .acks
            .iter()
            .find(|a| a.id == ack_id)
            .ok_or(AppError::NotFound)?;
        let department = l
            .people
            .iter()
            .find(|p| p.id == ack.staff_id)
            .and_then(|p| p.department_id);
        self.authorize(actor, Capability::CoverageNames { department })
            .await?;
        let scan = mamori_store::policies::scan_of(self.store.conn(), actor.org_id, ack_id)
            .await?
            .ok_or(AppError::NotFound)?;
        Ok(crate::controls::evidence::EvidenceFile {
            file_name: scan.file_name,
            file_type: mamori_domain::evidence::EvidenceType::from_code(&scan.file_type)
                .ok_or(AppError::NotFound)?,
            sha256: scan.sha256,
            body: scan.body,
        })
    }
}

impl App {
    /// The campaigns that started between `from` and `as_of` (or were opened then,
    /// without a start day), each as `(document title, version, counts today)`: the
    /// annual report's coverage. Counts only, read without a reader's check.
    pub(crate) async fn ack_totals_between(
        &self,
        org_id: Uuid,
        from: chrono::NaiveDate,
        as_of: chrono::NaiveDate,
    ) -> AppResult<Vec<(String, i32, Tally)>> {
        let today = self.today();
        let mut out = Vec::new();
        let campaigns = mamori_store::policies::campaigns(self.store.conn(), org_id, None).await?;
        for c in campaigns.iter().rev() {
            let started = c
                .starts_on
                .unwrap_or_else(|| mamori_domain::japan_time::date(c.created_at));
            if started < from || started > as_of {
                continue;
            }
            let l = self.load_campaign(org_id, c.id).await?;
            out.push((l.document.title.clone(), c.version, tally(&l.bound(today))));
        }
        Ok(out)
    }
}

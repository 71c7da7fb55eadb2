//! The records an agenda item brings before the committee: checking one exists and can
//! be decided, naming it for the reader (a restricted one only to those who may read
//! it), and offering those waiting for the committee on the agenda form.

use mamori_domain::policy::VersionState;
use mamori_domain::review::committee::AgendaKind;
use mamori_store::PageRequest;
use mamori_store::entity::committee_agenda_item;
use uuid::Uuid;

use super::view::{AgendaCandidate, RecordLink};
use crate::authz::Actor;
use crate::{App, AppError, AppResult};

fn missing(kind: AgendaKind) -> AppError {
    AppError::field(
        "record",
        format!("議題の対象（{}）が見つかりません。", kind.label_ja()),
        format!(
            "The record for the item ({}) does not exist.",
            kind.label_en()
        ),
    )
}

fn not_decidable(ja: &str, en: &str) -> AppError {
    AppError::field("record", ja, en)
}

/// Where a record of this kind is shown.
fn href(kind: AgendaKind, id: Uuid) -> String {
    let path = match kind {
        AgendaKind::PolicyVersion => "policies",
        AgendaKind::RiskAcceptance => "risks",
        AgendaKind::Exception => "exceptions",
        AgendaKind::AuditReport => "audits",
        AgendaKind::Violation => "violations",
        AgendaKind::Incident => "incidents",
        AgendaKind::Other => return String::new(),
    };
    format!("/{path}/{id}")
}

impl App {
    /// Checks the record an item brings: it exists, the actor may read it, and it is
    /// in a state the committee can take up. Returns its name, the item's title when
    /// none is given.
    pub(super) async fn agenda_record(
        &self,
        actor: &Actor,
        kind: AgendaKind,
        record: Option<Uuid>,
        version: Option<i32>,
    ) -> AppResult<String> {
        let conn = self.store.conn();
        let org = actor.org_id;
        if !kind.links_record() {
            return Ok(String::new());
        }
        let Some(id) = record else {
            return Err(AppError::field(
                "record",
                "議題の対象となる記録を選んでください。",
                "Choose the record the item brings.",
            ));
        };
        match kind {
            AgendaKind::PolicyVersion => {
                let d = mamori_store::policies::get_document(conn, org, id)
                    .await?
                    .ok_or_else(|| missing(kind))?;
                let Some(v) = version else {
                    return Err(AppError::field(
                        "version",
                        "審議する版を選んでください。",
                        "Choose the version to decide.",
                    ));
                };
                let row = mamori_store::policies::get_version(conn, org, id, v)
                    .await?
                    .ok_or_else(|| missing(kind))?;
                if row.state != VersionState::Review.code() {
                    return Err(AppError::field(
                        "version",
                        format!("「{}」第{v}版は審議中ではありません。", d.title),
                        format!("Version {v} of “{}” is not in review.", d.title),
                    ));
                }
                Ok(format!("{} 第{v}版", d.title))
            }
            AgendaKind::RiskAcceptance => {
                let r = mamori_store::risks::get(conn, org, id)
                    .await?
                    .ok_or_else(|| missing(kind))?;
                if r.residual_level.is_none() || r.status == "closed" {
                    return Err(not_decidable(
                        "受容を諮るリスクは、残留リスクを評価済みで、終結していないものに限ります。",
                        "A risk brought for acceptance has its residual risk evaluated and is not closed.",
                    ));
                }
                Ok(format!("{} {}", r.number, r.title))
            }
            AgendaKind::Exception => {
                let e = mamori_store::compliance::exceptions::get(conn, org, id)
                    .await?
                    .ok_or_else(|| missing(kind))?;
                Ok(format!(
                    "{} {}",
                    mamori_domain::exception::code(e.number),
                    e.title
                ))
            }
            AgendaKind::AuditReport => {
                let a = mamori_store::review::audits::get(conn, org, id)
                    .await?
                    .ok_or_else(|| missing(kind))?;
                Ok(format!("{} {}", a.number, a.title))
            }
            AgendaKind::Violation => {
                // To anyone but the designated readers the record does not exist.
                self.violation(actor, id).await.map_err(|e| match e {
                    AppError::NotFound => missing(kind),
                    e => e,
                })?;
                let v = mamori_store::compliance::violations::get(conn, org, id)
                    .await?
                    .ok_or_else(|| missing(kind))?;
                Ok(mamori_domain::violation::code(v.number))
            }
            AgendaKind::Incident => {
                let i = self
                    .readable_incident(actor, id)
                    .await
                    .map_err(|e| match e {
                        AppError::NotFound => missing(kind),
                        e => e,
                    })?;
                Ok(format!("{} {}", i.number, i.title))
            }
            AgendaKind::Other => Ok(String::new()),
        }
    }

    /// The records of these items as the reader may see them: a violation named only
    /// to its designated readers, an incident only to those who reach it; to others the
    /// link stays (the record's page answers for itself) without a name.
    pub(super) async fn record_links(
        &self,
        actor: &Actor,
        items: &[committee_agenda_item::Model],
    ) -> AppResult<Vec<Option<RecordLink>>> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let reads_violations = self.may_read_violations(actor).await?;
        let reach = self.incident_reach(actor);
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let kind = AgendaKind::from_code(&item.kind).unwrap_or(AgendaKind::Other);
            let Some(id) = item.record_id else {
                out.push(None);
                continue;
            };
            let label = match kind {
                AgendaKind::PolicyVersion => mamori_store::policies::get_document(conn, org, id)
                    .await?
                    .map(|d| match item.record_version {
                        Some(v) => format!("{} 第{v}版", d.title),
                        None => d.title,
                    }),
                AgendaKind::RiskAcceptance => mamori_store::risks::get(conn, org, id)
                    .await?
                    .map(|r| format!("{} {}", r.number, r.title)),
                AgendaKind::Exception => mamori_store::compliance::exceptions::get(conn, org, id)
                    .await?
                    .map(|e| format!("{} {}", mamori_domain::exception::code(e.number), e.title)),
                AgendaKind::AuditReport => mamori_store::review::audits::get(conn, org, id)
                    .await?
                    .map(|a| format!("{} {}", a.number, a.title)),
                AgendaKind::Violation if reads_violations => {
                    mamori_store::compliance::violations::get(conn, org, id)
                        .await?
                        .map(|v| mamori_domain::violation::code(v.number))
                }
                AgendaKind::Incident => mamori_store::incidents::get_reached(conn, org, id, &reach)
                    .await?
                    .map(|i| format!("{} {}", i.number, i.title)),
                AgendaKind::Violation | AgendaKind::Other => None,
            };
            out.push(Some(RecordLink {
                id,
                label: label.unwrap_or_default(),
                href: href(kind, id),
            }));
        }
        Ok(out)
    }

    /// Records waiting for the committee, for the agenda form: versions in review,
    /// open risks evaluated and not accepted, exceptions waiting for a decision, audits
    /// reported or closed, the latest incidents the actor reaches, and (to their
    /// readers) violations confirmed and waiting for a decision.
    pub(super) async fn candidates(&self, actor: &Actor) -> AppResult<Vec<AgendaCandidate>> {
        let conn = self.store.conn();
        let org = actor.org_id;
        let today = self.today();
        let mut out = Vec::new();
        let heads = mamori_store::policies::version_heads(conn, org, None).await?;
        for h in heads
            .iter()
            .filter(|h| h.state == VersionState::Review.code())
        {
            out.push(AgendaCandidate {
                kind: AgendaKind::PolicyVersion,
                record: h.document_id,
                version: Some(h.version),
                label: format!("{} 第{}版", h.title, h.version),
            });
        }
        let mut f = mamori_store::risks::RiskFilter::new(today);
        f.standing = Some(mamori_store::risks::StandingFilter::Open);
        f.sort = mamori_store::risks::RiskSort::Score;
        let risks =
            mamori_store::risks::list(conn, org, &f, PageRequest::new(Some(1), Some(200))).await?;
        for r in risks.items.into_iter().filter(|r| {
            r.residual_level.is_some() && r.acceptance_expires_on.is_none_or(|e| e < today)
        }) {
            out.push(AgendaCandidate {
                kind: AgendaKind::RiskAcceptance,
                record: r.id,
                version: None,
                label: format!("{} {}", r.number, r.title),
            });
        }
        let mut f = mamori_store::compliance::exceptions::ExceptionFilter::new(today);
        f.standing = Some(mamori_store::compliance::exceptions::StandingFilter::Pending);
        for e in mamori_store::compliance::exceptions::all(conn, org, &f).await? {
            out.push(AgendaCandidate {
                kind: AgendaKind::Exception,
                record: e.id,
                version: None,
                label: format!("{} {}", mamori_domain::exception::code(e.number), e.title),
            });
        }
        for a in mamori_store::review::audits::list(conn, org)
            .await?
            .into_iter()
            .filter(|a| a.state == "reporting" || a.state == "closed")
            .take(20)
        {
            out.push(AgendaCandidate {
                kind: AgendaKind::AuditReport,
                record: a.id,
                version: None,
                label: format!("{} {}", a.number, a.title),
            });
        }
        let reach = self.incident_reach(actor);
        let incidents = mamori_store::incidents::list(
            conn,
            org,
            &Default::default(),
            &reach,
            PageRequest::new(Some(1), Some(30)),
        )
        .await?;
        for i in incidents.items {
            out.push(AgendaCandidate {
                kind: AgendaKind::Incident,
                record: i.id,
                version: None,
                label: format!("{} {}", i.number, i.title),
            });
        }
        if self.may_read_violations(actor).await? {
            let page = PageRequest::new(Some(1), Some(100));
            let confirmed = Some(mamori_domain::violation::State::Confirmed.code());
            for v in mamori_store::compliance::violations::list(conn, org, confirmed, page)
                .await?
                .items
            {
                out.push(AgendaCandidate {
                    kind: AgendaKind::Violation,
                    record: v.id,
                    version: None,
                    label: mamori_domain::violation::code(v.number),
                });
            }
        }
        Ok(out)
    }
}

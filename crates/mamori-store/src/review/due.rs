//! Every date something is due by, read from the tables that keep them: what is still
//! owed up to `until` (however late), and end dates between `from` and `until`. One
//! query per kind, each on an indexed or small table; the calendar's rules (who owes
//! what) are the domain's.

use std::collections::HashMap;

use chrono::NaiveDate;
use mamori_domain::review::due::DueKind;
use sea_orm::sea_query::ExprTrait;
use sea_orm::{ColumnTrait, ConnectionTrait, EntityTrait, QueryFilter, QuerySelect};
use uuid::Uuid;

use crate::Result;
use crate::entity::{
    ack_campaign, applied_control, area_grant, area_review, asset, audit_finding,
    breach_submission, contract, contractor_certification, corrective_action, evidence, exception,
    incident, incident_breach, incident_task, inspection, inspection_sheet, inventory, law, place,
    risk, security_audit, service, takeout,
};

/// A date something is due by, and what it belongs to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DueRow {
    pub kind: DueKind,
    /// The record (risk, action, sheet …).
    pub id: Uuid,
    /// The record it sits in, where its page is (an action's audit, a sheet's
    /// campaign, a task's incident, an evidence's control, a grant's area).
    pub parent: Option<Uuid>,
    pub label: String,
    pub due_on: NaiveDate,
    pub department_id: Option<Uuid>,
    /// The staff member the record names (owner, asker, assignee).
    pub staff_id: Option<Uuid>,
    /// It belongs to a restricted record (an incident with personal data or an
    /// insider's): shown only to those who reach it.
    pub restricted: bool,
}

fn row(kind: DueKind, id: Uuid, label: String, due_on: NaiveDate) -> DueRow {
    DueRow {
        kind,
        id,
        parent: None,
        label,
        due_on,
        department_id: None,
        staff_id: None,
        restricted: false,
    }
}

/// The window read: owed dates up to `until`; end dates from `from`.
#[derive(Debug, Clone, Copy)]
pub struct Window {
    pub from: NaiveDate,
    pub until: NaiveDate,
}

/// Every due date of the organization in the window.
pub async fn due_rows<C: ConnectionTrait>(conn: &C, org: Uuid, w: Window) -> Result<Vec<DueRow>> {
    let mut out = Vec::new();
    risks(conn, org, w, &mut out).await?;
    exceptions(conn, org, w, &mut out).await?;
    controls(conn, org, w, &mut out).await?;
    actions(conn, org, w, &mut out).await?;
    reviews(conn, org, w, &mut out).await?;
    outside(conn, org, w, &mut out).await?;
    places(conn, org, w, &mut out).await?;
    incidents(conn, org, w, &mut out).await?;
    Ok(out)
}

async fn risks<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    use risk::Column as Col;
    let open = risk::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::Status.ne("closed"))
        .filter(Col::ReviewOn.lte(w.until))
        .all(conn)
        .await?;
    for r in open {
        if let Some(d) = r.review_on {
            out.push(DueRow {
                department_id: r.department_id,
                ..row(
                    DueKind::RiskReview,
                    r.id,
                    format!("{} {}", r.number, r.title),
                    d,
                )
            });
        }
    }
    let ending = risk::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::AcceptanceExpiresOn.between(w.from, w.until))
        .all(conn)
        .await?;
    for r in ending {
        if let Some(d) = r.acceptance_expires_on {
            out.push(DueRow {
                department_id: r.department_id,
                ..row(
                    DueKind::RiskAcceptance,
                    r.id,
                    format!("{} {}", r.number, r.title),
                    d,
                )
            });
        }
    }
    Ok(())
}

async fn exceptions<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    use exception::Column as Col;
    let rows = exception::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::State.is_in(["approved", "urgent"]))
        .all(conn)
        .await?;
    for e in rows {
        let label = format!("{} {}", mamori_domain::exception::code(e.number), e.title);
        let (kind, day) = match (e.state.as_str(), e.report_due) {
            ("urgent", Some(d)) if d <= w.until => (DueKind::ExceptionReport, d),
            ("approved", _) if (w.from..=w.until).contains(&e.valid_until) => {
                (DueKind::ExceptionEnd, e.valid_until)
            }
            _ => continue,
        };
        out.push(DueRow {
            department_id: e.department_id,
            staff_id: e.requester_staff_id,
            ..row(kind, e.id, label, day)
        });
    }
    Ok(())
}

async fn controls<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    use applied_control::Column as Col;
    let rows = applied_control::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::Status.ne("not_applicable"))
        .filter(Col::DueOn.lte(w.until).or(Col::ReviewOn.lte(w.until)))
        .all(conn)
        .await?;
    for c in &rows {
        let label = format!("{} {}", c.number, c.name);
        let unfinished = matches!(c.status.as_str(), "not_started" | "in_progress" | "partial");
        let dated = [
            (DueKind::ControlDue, c.due_on.filter(|_| unfinished)),
            (DueKind::ControlReview, c.review_on),
        ];
        for (kind, day) in dated {
            if let Some(d) = day.filter(|d| *d <= w.until) {
                out.push(DueRow {
                    department_id: c.department_id,
                    staff_id: c.owner_staff_id,
                    ..row(kind, c.id, label.clone(), d)
                });
            }
        }
    }
    // Evidence without its file: only what the calendar shows.
    use evidence::Column as E;
    let files: Vec<(Uuid, Uuid, String, Option<NaiveDate>)> = evidence::Entity::find()
        .select_only()
        .columns([E::Id, E::AppliedControlId, E::FileName, E::ExpiresOn])
        .filter(E::OrgId.eq(org))
        .filter(E::ExpiresOn.between(w.from, w.until))
        .into_tuple()
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = files.iter().map(|f| f.1).collect();
    let owners = crate::in_chunks(&ids, |chunk| {
        applied_control::Entity::find()
            .filter(Col::OrgId.eq(org))
            .filter(Col::Id.is_in(chunk))
            .all(conn)
    })
    .await?;
    for (id, control, name, expires) in files {
        let c = owners.iter().find(|c| c.id == control);
        out.push(DueRow {
            parent: Some(control),
            department_id: c.and_then(|c| c.department_id),
            staff_id: c.and_then(|c| c.owner_staff_id),
            ..row(
                DueKind::EvidenceExpiry,
                id,
                name,
                expires.unwrap_or(w.until),
            )
        });
    }
    Ok(())
}

async fn actions<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    use corrective_action::Column as Col;
    let rows = corrective_action::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::State.eq("planned"))
        .filter(Col::DueOn.lte(w.until))
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = rows.iter().map(|a| a.finding_id).collect();
    let findings = crate::in_chunks(&ids, |chunk| {
        audit_finding::Entity::find()
            .filter(audit_finding::Column::OrgId.eq(org))
            .filter(audit_finding::Column::Id.is_in(chunk))
            .all(conn)
    })
    .await?;
    for a in rows {
        let f = findings.iter().find(|f| f.id == a.finding_id);
        out.push(DueRow {
            parent: f.map(|f| f.audit_id),
            department_id: f.map(|f| f.department_id),
            staff_id: a.owner_staff_id,
            ..row(DueKind::CorrectiveAction, a.id, a.action, a.due_on)
        });
    }
    let audits = security_audit::Entity::find()
        .filter(security_audit::Column::OrgId.eq(org))
        .filter(security_audit::Column::State.ne("closed"))
        .filter(security_audit::Column::PlannedUntil.lte(w.until))
        .all(conn)
        .await?;
    for a in audits {
        let label = format!("{} {}", a.number, a.title);
        out.push(row(DueKind::AuditEnd, a.id, label, a.planned_until));
    }
    Ok(())
}

async fn reviews<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    let open = inspection::Entity::find()
        .filter(inspection::Column::OrgId.eq(org))
        .filter(inspection::Column::ClosedOn.is_null())
        .filter(inspection::Column::DueOn.lte(w.until))
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = open.iter().map(|i| i.id).collect();
    let sheets = crate::in_chunks(&ids, |chunk| {
        inspection_sheet::Entity::find()
            .filter(inspection_sheet::Column::OrgId.eq(org))
            .filter(inspection_sheet::Column::InspectionId.is_in(chunk))
            .filter(inspection_sheet::Column::State.is_in(["answering", "returned"]))
            .all(conn)
    })
    .await?;
    // A sheet about a system says which, by number (a name may be withheld).
    let systems: Vec<Uuid> = sheets.iter().filter_map(|s| s.asset_id).collect();
    let numbers: HashMap<Uuid, String> = crate::in_chunks(&systems, |chunk| {
        asset::Entity::find()
            .select_only()
            .column(asset::Column::Id)
            .column(asset::Column::Number)
            .filter(asset::Column::OrgId.eq(org))
            .filter(asset::Column::Id.is_in(chunk))
            .into_tuple()
            .all(conn)
    })
    .await?
    .into_iter()
    .collect();
    for s in sheets {
        let Some(i) = open.iter().find(|i| i.id == s.inspection_id) else {
            continue;
        };
        let label = match s.asset_id.and_then(|a| numbers.get(&a)) {
            Some(n) => format!("{}（{n}）", i.name),
            None => i.name.clone(),
        };
        out.push(DueRow {
            parent: Some(i.id),
            department_id: Some(s.department_id),
            ..row(DueKind::InspectionDue, s.id, label, i.due_on)
        });
    }
    let campaigns = ack_campaign::Entity::find()
        .filter(ack_campaign::Column::OrgId.eq(org))
        .filter(ack_campaign::Column::ClosedAt.is_null())
        .filter(ack_campaign::Column::DueOn.lte(w.until))
        .all(conn)
        .await?;
    for c in campaigns {
        if let Some(d) = c.due_on {
            out.push(DueRow {
                parent: Some(c.document_id),
                ..row(DueKind::AckDue, c.id, format!("第{}版", c.version), d)
            });
        }
    }
    let laws = law::Entity::find()
        .filter(law::Column::OrgId.eq(org))
        .filter(law::Column::Repealed.eq(false))
        .filter(law::Column::NextReview.lte(w.until))
        .all(conn)
        .await?;
    for l in laws {
        if let Some(d) = l.next_review {
            out.push(DueRow {
                department_id: l.owner_department_id,
                ..row(DueKind::LawReview, l.id, l.title, d)
            });
        }
    }
    Ok(())
}

async fn outside<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    let out_now = takeout::Entity::find()
        .filter(takeout::Column::OrgId.eq(org))
        .filter(takeout::Column::CheckedOutAt.is_not_null())
        .filter(takeout::Column::ReturnedAt.is_null())
        .filter(takeout::Column::Cancelled.eq(false))
        .filter(takeout::Column::DueOn.lte(w.until))
        .all(conn)
        .await?;
    for t in out_now {
        out.push(DueRow {
            department_id: t.department_id,
            staff_id: t.requester_staff_id,
            ..row(DueKind::TakeoutReturn, t.id, t.what, t.due_on)
        });
    }
    let contracts = contract::Entity::find()
        .filter(contract::Column::OrgId.eq(org))
        .filter(contract::Column::EndsOn.between(w.from, w.until))
        .all(conn)
        .await?;
    for c in contracts {
        out.push(DueRow {
            department_id: c.department_id,
            ..row(DueKind::ContractEnd, c.id, c.subject, c.ends_on)
        });
    }
    let certs = contractor_certification::Entity::find()
        .filter(contractor_certification::Column::OrgId.eq(org))
        .filter(contractor_certification::Column::ExpiresOn.between(w.from, w.until))
        .all(conn)
        .await?;
    for c in certs {
        if let Some(d) = c.expires_on {
            out.push(DueRow {
                parent: Some(c.contractor_id),
                ..row(
                    DueKind::CertificationEnd,
                    c.id,
                    format!("{} {}", c.kind, c.number),
                    d,
                )
            });
        }
    }
    let services = service::Entity::find()
        .filter(service::Column::OrgId.eq(org))
        .filter(service::Column::DeletedOn.is_null())
        .filter(service::Column::EndsOn.between(w.from, w.until))
        .all(conn)
        .await?;
    for s in services {
        if let Some(d) = s.ends_on {
            out.push(DueRow {
                department_id: s.department_id,
                ..row(DueKind::ServiceEnd, s.id, s.name, d)
            });
        }
    }
    Ok(())
}

async fn places<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    let grants = area_grant::Entity::find()
        .filter(area_grant::Column::OrgId.eq(org))
        .filter(area_grant::Column::RemovedOn.is_null())
        .filter(area_grant::Column::ValidTo.between(w.from, w.until))
        .all(conn)
        .await?;
    let reviews = area_review::Entity::find()
        .filter(area_review::Column::OrgId.eq(org))
        .filter(area_review::Column::ClosedOn.is_null())
        .filter(area_review::Column::DueOn.lte(w.until))
        .all(conn)
        .await?;
    let areas: Vec<Uuid> = grants
        .iter()
        .map(|g| g.area_id)
        .chain(reviews.iter().map(|r| r.area_id))
        .collect();
    let names = crate::in_chunks(&areas, |chunk| {
        place::Entity::find()
            .filter(place::Column::OrgId.eq(org))
            .filter(place::Column::Id.is_in(chunk))
            .all(conn)
    })
    .await?;
    let area = |id: Uuid| names.iter().find(|p| p.id == id);
    for g in grants {
        let a = area(g.area_id);
        out.push(DueRow {
            parent: Some(g.area_id),
            department_id: a.and_then(|a| a.department_id),
            staff_id: g.staff_id,
            ..row(
                DueKind::GrantEnd,
                g.id,
                a.map(|a| a.name.clone()).unwrap_or_default(),
                g.valid_to,
            )
        });
    }
    for r in reviews {
        let a = area(r.area_id);
        out.push(DueRow {
            parent: Some(r.area_id),
            department_id: a.and_then(|a| a.department_id),
            staff_id: a.and_then(|a| a.manager_staff_id),
            ..row(
                DueKind::AreaReview,
                r.id,
                a.map(|a| a.name.clone()).unwrap_or_default(),
                r.due_on,
            )
        });
    }
    let counts = inventory::Entity::find()
        .filter(inventory::Column::OrgId.eq(org))
        .filter(inventory::Column::ClosedOn.is_null())
        .filter(inventory::Column::DueOn.lte(w.until))
        .all(conn)
        .await?;
    for i in counts {
        out.push(row(DueKind::InventoryDue, i.id, i.name, i.due_on));
    }
    Ok(())
}

/// Breach reports not yet made and incident tasks not done. The incidents' numbers
/// and departments are read for them; who may see them is the application's call.
async fn incidents<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    w: Window,
    out: &mut Vec<DueRow>,
) -> Result<()> {
    let breaches = incident_breach::Entity::find()
        .filter(incident_breach::Column::OrgId.eq(org))
        .filter(
            incident_breach::Column::PreliminaryDue
                .lte(w.until)
                .or(incident_breach::Column::FinalDue.lte(w.until)),
        )
        .all(conn)
        .await?;
    let tasks = incident_task::Entity::find()
        .filter(incident_task::Column::OrgId.eq(org))
        .filter(incident_task::Column::DoneAt.is_null())
        .filter(incident_task::Column::DueOn.lte(w.until))
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = breaches
        .iter()
        .map(|b| b.incident_id)
        .chain(tasks.iter().map(|t| t.incident_id))
        .collect();
    let incidents = crate::in_chunks(&ids, |chunk| {
        incident::Entity::find()
            .filter(incident::Column::OrgId.eq(org))
            .filter(incident::Column::Id.is_in(chunk))
            .all(conn)
    })
    .await?;
    let filed = crate::in_chunks(&ids, |chunk| {
        breach_submission::Entity::find()
            .filter(breach_submission::Column::OrgId.eq(org))
            .filter(breach_submission::Column::IncidentId.is_in(chunk))
            .filter(breach_submission::Column::SubmittedOn.is_not_null())
            .all(conn)
    })
    .await?;
    let of = |id: Uuid| incidents.iter().find(|i| i.id == id);
    for b in breaches {
        let Some(i) = of(b.incident_id) else { continue };
        for (kind, due) in [("preliminary", b.preliminary_due), ("final", b.final_due)] {
            let done = filed
                .iter()
                .any(|s| s.incident_id == b.incident_id && s.kind == kind);
            if let Some(d) = due.filter(|d| *d <= w.until && !done) {
                out.push(DueRow {
                    parent: Some(i.id),
                    department_id: i.department_id,
                    restricted: i.restricted,
                    ..row(
                        DueKind::BreachReport,
                        i.id,
                        format!("{} ({kind})", i.number),
                        d,
                    )
                });
            }
        }
    }
    for t in tasks {
        let Some(i) = of(t.incident_id) else { continue };
        if let Some(d) = t.due_on {
            out.push(DueRow {
                parent: Some(i.id),
                department_id: i.department_id,
                staff_id: t.owner_staff_id,
                restricted: i.restricted,
                ..row(
                    DueKind::IncidentTask,
                    t.id,
                    format!("{} {}", i.number, t.title),
                    d,
                )
            });
        }
    }
    Ok(())
}

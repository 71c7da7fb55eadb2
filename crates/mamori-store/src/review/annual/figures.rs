//! The annual report's figures, each counted in the database over a fiscal year's
//! span (grouped counts, never whole registers: a city has 100,000 assets). Dated
//! records count when their date falls in `[from, end)`; the day and instant bounds
//! are the caller's (JST days, as every page shows them).

use chrono::{DateTime, NaiveDate, Utc};
use sea_orm::sea_query::{Asterisk, Expr, ExprTrait, Func, Query};
use sea_orm::{
    ColumnTrait, ConnectionTrait, EntityTrait, PaginatorTrait, QueryFilter, QuerySelect, Select,
    TryGetable,
};
use uuid::Uuid;

use crate::Result;
use crate::entity::{
    applied_control, area_entry, asset, audit_finding, breach_submission, committee_decision,
    committee_meeting, corrective_action, disposal, evidence, exception, incident, incident_breach,
    inventory, security_audit, takeout, violation,
};

/// The span a report reads: days for dated columns, instants for timestamps.
#[derive(Debug, Clone, Copy)]
pub struct Span {
    pub from: NaiveDate,
    /// The as-of day; records dated up to and including it count.
    pub as_of: NaiveDate,
    pub from_at: DateTime<Utc>,
    /// The first instant after the as-of day.
    pub end_at: DateTime<Utc>,
}

/// `(key, count)` for each value of `col` among the rows of `q`.
async fn count_by<E, C, K>(conn: &C, q: Select<E>, col: E::Column) -> Result<Vec<(K, u64)>>
where
    E: EntityTrait,
    C: ConnectionTrait,
    K: TryGetable,
{
    let rows: Vec<(K, i64)> = q
        .select_only()
        .column(col)
        .expr(Func::count(Expr::col(Asterisk)))
        .group_by(col)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(k, n)| (k, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// The register by the end of the span, as `(kind, importance, status, count)`.
pub async fn assets<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<Vec<(String, i16, String, u64)>> {
    use asset::Column as Col;
    let rows: Vec<(String, i16, String, i64)> = asset::Entity::find()
        .select_only()
        .column(Col::Kind)
        .column(Col::Importance)
        .column(Col::Status)
        .expr(Func::count(Expr::col(Asterisk)))
        .filter(Col::OrgId.eq(org))
        .filter(registered_by(s.as_of, s.end_at))
        .group_by(Col::Kind)
        .group_by(Col::Importance)
        .group_by(Col::Status)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(k, i, st, n)| (k, i, st, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// An asset counts from the day the register says it was registered (a ledger
/// brought in keeps its own dates), else from when it was entered in Mamori.
fn registered_by(day: NaiveDate, end_at: DateTime<Utc>) -> sea_orm::sea_query::SimpleExpr {
    use asset::Column as Col;
    Col::RegisteredOn
        .lte(day)
        .or(Col::RegisteredOn.is_null().and(Col::CreatedAt.lt(end_at)))
}

/// Assets registered during the span.
pub async fn assets_registered<C: ConnectionTrait>(conn: &C, org: Uuid, s: &Span) -> Result<u64> {
    use asset::Column as Col;
    let in_span = Col::RegisteredOn
        .gte(s.from)
        .and(Col::RegisteredOn.lte(s.as_of))
        .or(Col::RegisteredOn
            .is_null()
            .and(Col::CreatedAt.gte(s.from_at))
            .and(Col::CreatedAt.lt(s.end_at)));
    Ok(asset::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(in_span)
        .count(conn)
        .await?)
}

/// Applied controls recorded by the end of the span, by implementation status.
pub async fn control_statuses<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<Vec<(String, u64)>> {
    use applied_control::Column as Col;
    let q = applied_control::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::CreatedAt.lt(s.end_at));
    count_by(conn, q, Col::Status).await
}

/// Applied controls with evidence uploaded by the end of the span and still valid on
/// the as-of day.
pub async fn controls_evidenced<C: ConnectionTrait>(conn: &C, org: Uuid, s: &Span) -> Result<u64> {
    use evidence::Column as Col;
    Ok(applied_control::Entity::find()
        .filter(applied_control::Column::OrgId.eq(org))
        .filter(applied_control::Column::CreatedAt.lt(s.end_at))
        .filter(
            applied_control::Column::Id.in_subquery(
                Query::select()
                    .column(Col::AppliedControlId)
                    .from(evidence::Entity)
                    .and_where(Col::OrgId.eq(org))
                    .and_where(Col::UploadedAt.lt(s.end_at))
                    .and_where(Col::ExpiresOn.is_null().or(Col::ExpiresOn.gte(s.as_of)))
                    .to_owned(),
            ),
        )
        .count(conn)
        .await?)
}

/// Incidents known during the span, as `(category, severity, personal data, count)`;
/// restricted ones are counted like the rest and never named.
pub async fn incidents<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<Vec<(String, Option<String>, bool, u64)>> {
    use incident::Column as Col;
    let rows: Vec<(String, Option<String>, bool, i64)> = incident::Entity::find()
        .select_only()
        .column(Col::Category)
        .column(Col::Severity)
        .column(Col::PersonalData)
        .expr(Func::count(Expr::col(Asterisk)))
        .filter(Col::OrgId.eq(org))
        .filter(Col::KnownAt.gte(s.from_at))
        .filter(Col::KnownAt.lt(s.end_at))
        .group_by(Col::Category)
        .group_by(Col::Severity)
        .group_by(Col::PersonalData)
        .into_tuple()
        .all(conn)
        .await?;
    Ok(rows
        .into_iter()
        .map(|(c, sv, p, n)| (c, sv, p, u64::try_from(n).unwrap_or(0)))
        .collect())
}

/// A breach assessment of an incident known in the span that called for reports,
/// with the days its reports were filed.
#[derive(Debug, Clone)]
pub struct BreachFact {
    pub preliminary_due: Option<NaiveDate>,
    pub final_due: Option<NaiveDate>,
    /// The first report filed (速報, or a 確報 filed straight away).
    pub first_filed: Option<NaiveDate>,
    pub final_filed: Option<NaiveDate>,
}

pub async fn breaches<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<Vec<BreachFact>> {
    use incident_breach::Column as Col;
    let known = Query::select()
        .column(incident::Column::Id)
        .from(incident::Entity)
        .and_where(incident::Column::OrgId.eq(org))
        .and_where(incident::Column::KnownAt.gte(s.from_at))
        .and_where(incident::Column::KnownAt.lt(s.end_at))
        .to_owned();
    let due: Vec<(Uuid, Option<NaiveDate>, Option<NaiveDate>)> = incident_breach::Entity::find()
        .select_only()
        .column(Col::IncidentId)
        .column(Col::PreliminaryDue)
        .column(Col::FinalDue)
        .filter(Col::OrgId.eq(org))
        .filter(Col::IncidentId.in_subquery(known))
        .filter(
            Col::PreliminaryDue
                .is_not_null()
                .or(Col::FinalDue.is_not_null()),
        )
        .into_tuple()
        .all(conn)
        .await?;
    let ids: Vec<Uuid> = due.iter().map(|d| d.0).collect();
    let filed: Vec<(Uuid, String, Option<NaiveDate>)> = breach_submission::Entity::find()
        .select_only()
        .column(breach_submission::Column::IncidentId)
        .column(breach_submission::Column::Kind)
        .column(breach_submission::Column::SubmittedOn)
        .filter(breach_submission::Column::OrgId.eq(org))
        .filter(breach_submission::Column::IncidentId.is_in(ids))
        .into_tuple()
        .all(conn)
        .await?;
    let first = |id: Uuid, kinds: &[&str]| {
        filed
            .iter()
            .filter(|(i, k, _)| *i == id && kinds.contains(&k.as_str()))
            .filter_map(|(_, _, on)| *on)
            .min()
    };
    Ok(due
        .into_iter()
        .map(|(id, p, f)| BreachFact {
            preliminary_due: p,
            final_due: f,
            first_filed: first(id, &["preliminary", "final"]),
            final_filed: first(id, &["final"]),
        })
        .collect())
}

/// Take-outs that left in the span, as `(due back, checked out, returned)`.
pub async fn takeouts<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<Vec<(NaiveDate, Option<DateTime<Utc>>, Option<DateTime<Utc>>)>> {
    use takeout::Column as Col;
    Ok(takeout::Entity::find()
        .select_only()
        .column(Col::DueOn)
        .column(Col::CheckedOutAt)
        .column(Col::ReturnedAt)
        .filter(Col::OrgId.eq(org))
        .filter(Col::Cancelled.eq(false))
        .filter(Col::CheckedOutAt.gte(s.from_at))
        .filter(Col::CheckedOutAt.lt(s.end_at))
        .into_tuple()
        .all(conn)
        .await?)
}

/// Entries to secured areas in the span: all, by visitors, and flagged.
pub async fn area_entries<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<(u64, u64, u64)> {
    use area_entry::Column as Col;
    let q = || {
        area_entry::Entity::find()
            .filter(Col::OrgId.eq(org))
            .filter(Col::EnteredAt.gte(s.from_at))
            .filter(Col::EnteredAt.lt(s.end_at))
    };
    Ok((
        q().count(conn).await?,
        q().filter(Col::VisitorName.ne("")).count(conn).await?,
        q().filter(Col::Flags.ne(0)).count(conn).await?,
    ))
}

/// Disposals completed and inventories closed in the span.
pub async fn disposals_and_inventories<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<(u64, u64)> {
    let disposals = disposal::Entity::find()
        .filter(disposal::Column::OrgId.eq(org))
        .filter(disposal::Column::Cancelled.eq(false))
        .filter(disposal::Column::CompletedOn.gte(s.from))
        .filter(disposal::Column::CompletedOn.lte(s.as_of))
        .count(conn)
        .await?;
    let inventories = inventory::Entity::find()
        .filter(inventory::Column::OrgId.eq(org))
        .filter(inventory::Column::ClosedOn.gte(s.from))
        .filter(inventory::Column::ClosedOn.lte(s.as_of))
        .count(conn)
        .await?;
    Ok((disposals, inventories))
}

/// Exceptions: asked for in the span by their state now, and those in force on the
/// as-of day.
pub async fn exceptions<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<(Vec<(String, u64)>, u64)> {
    use exception::Column as Col;
    let asked = exception::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::CreatedAt.gte(s.from_at))
        .filter(Col::CreatedAt.lt(s.end_at));
    let by_state = count_by(conn, asked, Col::State).await?;
    let in_force = exception::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::State.is_in(["approved", "urgent"]))
        .filter(Col::ValidFrom.lte(s.as_of))
        .filter(Col::ValidUntil.gte(s.as_of))
        .count(conn)
        .await?;
    Ok((by_state, in_force))
}

/// Violations found in the span and those decided in it: counts only.
pub async fn violations<C: ConnectionTrait>(conn: &C, org: Uuid, s: &Span) -> Result<(u64, u64)> {
    use violation::Column as Col;
    let found = violation::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::FoundOn.gte(s.from))
        .filter(Col::FoundOn.lte(s.as_of))
        .count(conn)
        .await?;
    let decided = violation::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::DecidedOn.gte(s.from))
        .filter(Col::DecidedOn.lte(s.as_of))
        .count(conn)
        .await?;
    Ok((found, decided))
}

/// The year's audits by state, and their findings by grade.
pub async fn audits<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    year: i32,
) -> Result<(Vec<(String, u64)>, Vec<(String, u64)>)> {
    use security_audit::Column as Col;
    let of_year = security_audit::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::FiscalYear.eq(year));
    let states = count_by(conn, of_year, Col::State).await?;
    let findings = audit_finding::Entity::find()
        .filter(audit_finding::Column::OrgId.eq(org))
        .filter(
            audit_finding::Column::AuditId.in_subquery(
                Query::select()
                    .column(Col::Id)
                    .from(security_audit::Entity)
                    .and_where(Col::OrgId.eq(org))
                    .and_where(Col::FiscalYear.eq(year))
                    .to_owned(),
            ),
        );
    let grades = count_by(conn, findings, audit_finding::Column::Grade).await?;
    Ok((states, grades))
}

/// Corrective actions planned by the end of the span, as `(due, state, done, verified)`.
pub async fn actions<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<Vec<(NaiveDate, String, Option<NaiveDate>, Option<NaiveDate>)>> {
    use corrective_action::Column as Col;
    Ok(corrective_action::Entity::find()
        .select_only()
        .column(Col::DueOn)
        .column(Col::State)
        .column(Col::DoneOn)
        .column(Col::VerifiedOn)
        .filter(Col::OrgId.eq(org))
        .filter(Col::CreatedAt.lt(s.end_at))
        .into_tuple()
        .all(conn)
        .await?)
}

/// The committee's meetings held in the span, and its decisions by outcome.
pub async fn committee<C: ConnectionTrait>(
    conn: &C,
    org: Uuid,
    s: &Span,
) -> Result<(u64, Vec<(String, u64)>)> {
    let held = committee_meeting::Entity::find()
        .filter(committee_meeting::Column::OrgId.eq(org))
        .filter(committee_meeting::Column::State.eq("held"))
        .filter(committee_meeting::Column::HeldOn.gte(s.from))
        .filter(committee_meeting::Column::HeldOn.lte(s.as_of))
        .count(conn)
        .await?;
    use committee_decision::Column as Col;
    let decided = committee_decision::Entity::find()
        .filter(Col::OrgId.eq(org))
        .filter(Col::DecidedOn.gte(s.from))
        .filter(Col::DecidedOn.lte(s.as_of));
    Ok((held, count_by(conn, decided, Col::Outcome).await?))
}

/// Risk acceptances made in the span, and those in force on the as-of day.
pub async fn acceptances<C: ConnectionTrait>(conn: &C, org: Uuid, s: &Span) -> Result<(u64, u64)> {
    use crate::entity::risk::Column as Col;
    let q = || crate::entity::risk::Entity::find().filter(Col::OrgId.eq(org));
    let made = q()
        .filter(Col::AcceptedOn.gte(s.from))
        .filter(Col::AcceptedOn.lte(s.as_of))
        .count(conn)
        .await?;
    let in_force = q()
        .filter(Col::AcceptedOn.lte(s.as_of))
        .filter(
            Col::AcceptanceExpiresOn
                .is_null()
                .or(Col::AcceptanceExpiresOn.gte(s.as_of)),
        )
        .count(conn)
        .await?;
    Ok((made, in_force))
}

//! The stored service register ↔ what is shown and audited.

use chrono::NaiveDate;
use mamori_domain::asset::PersonalDataKind;
use mamori_domain::classification::{Dimension, Scheme};
use mamori_domain::contractor::CertStatus;
use mamori_domain::service::{self, Kind, Listing, Location, Marks, Usage, listing_status, usage};
use mamori_store::entity::{asset, service as row};
use serde::Serialize;
use uuid::Uuid;

use super::view::ServiceView;
use crate::AppResult;
use crate::departments::DeptIndex;
use crate::error::stored;

/// The rank of a stored ceiling's level in the active scheme; a level the scheme no
/// longer has counts as its lowest, so what is on the service shows as over until the
/// ceiling is set again.
fn rank(scheme: &Scheme, d: Dimension, code: &str) -> u8 {
    scheme.level(d, code).map_or(1, |l| l.rank)
}

/// What a service allows, in ranks of the active scheme.
pub(super) fn ceiling(m: &row::Model, scheme: &Scheme) -> Marks {
    Marks {
        c: rank(scheme, Dimension::C, &m.max_c),
        i: rank(scheme, Dimension::I, &m.max_i),
        a: rank(scheme, Dimension::A, &m.max_a),
        personal: PersonalDataKind::from_code(&m.max_personal).unwrap_or(PersonalDataKind::None),
    }
}

/// What an asset holds, in ranks.
pub(super) fn asset_marks(a: &asset::Model) -> Marks {
    let r = |v: i16| u8::try_from(v).unwrap_or(u8::MAX);
    Marks {
        c: r(a.c_rank),
        i: r(a.i_rank),
        a: r(a.a_rank),
        // An unreadable mark is taken as the most sensitive: the flag errs on the side
        // of being seen.
        personal: PersonalDataKind::from_code(&a.personal_data)
            .unwrap_or(PersonalDataKind::MyNumber),
    }
}

/// What a service view needs besides the row.
pub(super) struct Shown<'a> {
    pub provider: &'a str,
    pub admins: Vec<String>,
    pub assets: usize,
    pub over: usize,
}

/// A service as shown on `today`.
pub(super) fn service_view(
    m: &row::Model,
    shown: Shown<'_>,
    idx: &DeptIndex,
    scheme: &Scheme,
    today: NaiveDate,
) -> AppResult<ServiceView> {
    let kind = stored("service kind", &m.kind, Kind::from_code(&m.kind))?;
    let listing = stored("listing", &m.listing, Listing::from_code(&m.listing))?;
    let status = listing_status(listing, m.listing_expires_on, today);
    let use_now = usage(m.starts_on, m.ends_on, m.deleted_on, today);
    // Once the use has ended, what matters is the deletion, not the listing.
    let live = !matches!(use_now, Usage::Deleting | Usage::Closed);
    let unlisted_cloud = live
        && kind.is_cloud()
        && listing == Listing::Unlisted
        && ceiling(m, scheme).c > scheme.scale(Dimension::C).lowest().rank;
    let flagged = shown.over > 0
        || unlisted_cloud
        || (live && matches!(status, Some(CertStatus::Expired | CertStatus::Expiring)))
        || use_now == Usage::Deleting;
    Ok(ServiceView {
        id: m.id,
        number: service::code(m.number),
        name: m.name.clone(),
        kind,
        contractor_id: m.contractor_id,
        contractor: shown.provider.to_owned(),
        department_id: m.department_id,
        department: m.department_id.map(|d| idx.path(d)).unwrap_or_default(),
        purpose: m.purpose.clone(),
        url: m.url.clone(),
        max_c: m.max_c.clone(),
        max_i: m.max_i.clone(),
        max_a: m.max_a.clone(),
        max_personal: stored(
            "personal data ceiling",
            &m.max_personal,
            PersonalDataKind::from_code(&m.max_personal),
        )?,
        listing,
        listing_number: m.listing_number.clone(),
        listed_on: m.listed_on,
        listing_expires_on: m.listing_expires_on,
        listing_status: status,
        location: stored("location", &m.location, Location::from_code(&m.location))?,
        location_note: m.location_note.clone(),
        terms_accepted_on: m.terms_accepted_on,
        terms_ref: m.terms_ref.clone(),
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        usage: use_now,
        deletion: m.deletion.clone(),
        deleted_on: m.deleted_on,
        deletion_ref: m.deletion_ref.clone(),
        notes: m.notes.clone(),
        admins: shown.admins,
        assets: shown.assets,
        over: shown.over,
        unlisted_cloud,
        flagged,
        created_at: m.created_at,
        updated_at: m.updated_at,
    })
}

pub(crate) fn service_key(m: &row::Model, provider: &str) -> String {
    mamori_domain::text::search_key_fields(&[
        &service::code(m.number),
        &m.name,
        provider,
        &m.purpose,
    ])
}

/// What the audit log keeps of a service.
#[derive(Serialize)]
pub(super) struct AuditedService<'a> {
    number: String,
    name: &'a str,
    kind: &'a str,
    contractor_id: Uuid,
    department_id: Option<Uuid>,
    ceiling: [&'a str; 4],
    listing: &'a str,
    listing_number: &'a str,
    listing_expires_on: Option<NaiveDate>,
    location: &'a str,
    terms_accepted_on: Option<NaiveDate>,
    starts_on: Option<NaiveDate>,
    ends_on: Option<NaiveDate>,
    deleted_on: Option<NaiveDate>,
    deletion_ref: &'a str,
    admins: &'a [String],
    assets: &'a [String],
}

pub(super) fn audited_service<'a>(
    m: &'a row::Model,
    admins: &'a [String],
    assets: &'a [String],
) -> AuditedService<'a> {
    AuditedService {
        number: service::code(m.number),
        name: &m.name,
        kind: &m.kind,
        contractor_id: m.contractor_id,
        department_id: m.department_id,
        ceiling: [&m.max_c, &m.max_i, &m.max_a, &m.max_personal],
        listing: &m.listing,
        listing_number: &m.listing_number,
        listing_expires_on: m.listing_expires_on,
        location: &m.location,
        terms_accepted_on: m.terms_accepted_on,
        starts_on: m.starts_on,
        ends_on: m.ends_on,
        deleted_on: m.deleted_on,
        deletion_ref: &m.deletion_ref,
        admins,
        assets,
    }
}

//! Adding and changing external services. Each write is checked in full before
//! anything is written and is audited in its own transaction.

use mamori_domain::asset::PersonalDataKind;
use mamori_domain::classification::Dimension;
use mamori_domain::service::{Dates, Kind, Listing, Location, check_service};
use mamori_domain::{FieldError, Invalid};
use mamori_store::entity::service as row;
use uuid::Uuid;

use super::input::ServiceInput;
use super::row::{audited_service, service_key};
use crate::authz::{Actor, Capability};
use crate::departments::optional_date;
use crate::{App, AppError, AppResult};

/// A service checked in full: the row, its assets and administrators (id and number).
struct Checked {
    m: row::Model,
    assets: Vec<(Uuid, String)>,
    admins: Vec<(Uuid, String)>,
}

impl App {
    /// Checks a service as entered: name, kind, provider and department; the ceiling
    /// against the classification scheme; the listing and the dates; and that the
    /// assets and administrators exist.
    async fn checked_service(
        &self,
        actor: &Actor,
        input: &ServiceInput,
        before: Option<&row::Model>,
    ) -> AppResult<Checked> {
        let mut inv = Invalid::new();
        let conn = self.store.conn();
        let kind = inv.check("kind", Kind::parse(&input.kind));
        let provider = match input.contractor {
            Some(c) => mamori_store::compliance::contractors::get(conn, actor.org_id, c).await?,
            None => None,
        };
        if provider.is_none() {
            inv.push(FieldError::new(
                "contractor",
                "提供者を登録済みの委託先から選んでください（未登録なら先に委託先に登録します）。",
                "Choose the provider from the contractor register (add it there first).",
            ));
        }
        let idx = self.dept_tree(actor.org_id).await?;
        match input.department {
            None => inv.push(FieldError::new(
                "department",
                "サービスを所管する所属を選んでください。",
                "Choose the department that keeps the service.",
            )),
            Some(d) if idx.get(d).is_none() => inv.push(FieldError::new(
                "department",
                "選んだ所属はこの団体にありません。",
                "The department chosen is not this organization's.",
            )),
            Some(_) => {}
        }
        let schemes = self.schemes_or_seed(actor.org_id).await?;
        let scheme = schemes.active();
        let mut level = |field: &str, d: Dimension, raw: &str| {
            inv.check(field, scheme.parse_level(d, raw))
                .map(|l| l.code.clone())
        };
        let max_c = level("max_c", Dimension::C, &input.max_c);
        let max_i = level("max_i", Dimension::I, &input.max_i);
        let max_a = level("max_a", Dimension::A, &input.max_a);
        let personal = inv.check("max_personal", PersonalDataKind::parse(&input.max_personal));
        let listing = inv.check("listing", Listing::parse(&input.listing));
        let location = inv.check("location", Location::parse(&input.location));
        let dates = Dates {
            listed_on: optional_date(&mut inv, "listed_on", &input.listed_on),
            listing_expires_on: optional_date(
                &mut inv,
                "listing_expires_on",
                &input.listing_expires_on,
            ),
            starts_on: optional_date(&mut inv, "starts_on", &input.starts_on),
            ends_on: optional_date(&mut inv, "ends_on", &input.ends_on),
            deleted_on: optional_date(&mut inv, "deleted_on", &input.deleted_on),
        };
        let terms_accepted_on =
            optional_date(&mut inv, "terms_accepted_on", &input.terms_accepted_on);
        for (f, p) in check_service(
            &input.name,
            listing.unwrap_or(Listing::Unlisted),
            &input.listing_number,
            dates,
        ) {
            if !inv.0.iter().any(|e| e.field == f) {
                inv.push(p.at(f));
            }
        }
        let assets = self
            .covered_assets(actor.org_id, &input.assets, &mut inv)
            .await?;
        let admins = self
            .named_staff(actor.org_id, &input.admins, &mut inv)
            .await?;
        let (
            Some(kind),
            Some(provider),
            Some(max_c),
            Some(max_i),
            Some(max_a),
            Some(personal),
            Some(listing),
            Some(location),
            true,
        ) = (
            kind,
            provider,
            max_c,
            max_i,
            max_a,
            personal,
            listing,
            location,
            inv.is_empty(),
        )
        else {
            return Err(AppError::Invalid(inv));
        };
        let now = self.now();
        let listed = listing != Listing::Unlisted;
        let mut m = row::Model {
            id: before.map_or_else(|| self.new_id(), |b| b.id),
            org_id: actor.org_id,
            contractor_id: provider.id,
            number: before.map_or(0, |b| b.number),
            name: mamori_domain::text::clean(&input.name),
            kind: kind.code().to_owned(),
            department_id: input.department,
            purpose: input.purpose.trim().to_owned(),
            url: input.url.trim().to_owned(),
            max_c,
            max_i,
            max_a,
            max_personal: personal.code().to_owned(),
            listing: listing.code().to_owned(),
            // A listing's details are kept only while it is listed.
            listing_number: if listed {
                mamori_domain::text::clean(&input.listing_number)
            } else {
                String::new()
            },
            listed_on: dates.listed_on.filter(|_| listed),
            listing_expires_on: dates.listing_expires_on.filter(|_| listed),
            location: location.code().to_owned(),
            location_note: input.location_note.trim().to_owned(),
            terms_accepted_on,
            terms_ref: input.terms_ref.trim().to_owned(),
            starts_on: dates.starts_on,
            ends_on: dates.ends_on,
            deletion: input.deletion.trim().to_owned(),
            deleted_on: dates.deleted_on,
            deletion_ref: input.deletion_ref.trim().to_owned(),
            notes: input.notes.trim().to_owned(),
            search_key: String::new(),
            created_by: before.map_or_else(|| actor.label.clone(), |b| b.created_by.clone()),
            created_at: before.map_or(now, |b| b.created_at),
            updated_at: now,
        };
        m.search_key = service_key(&m, &provider.name);
        Ok(Checked { m, assets, admins })
    }

    /// The staff named by employee number, each unknown one reported under `admins`.
    async fn named_staff(
        &self,
        org_id: Uuid,
        numbers: &[String],
        inv: &mut Invalid,
    ) -> AppResult<Vec<(Uuid, String)>> {
        let mut wanted: Vec<String> = numbers
            .iter()
            .map(|n| mamori_domain::text::fold_width(n).trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        wanted.sort();
        wanted.dedup();
        let found = mamori_store::staff::by_numbers(self.store.conn(), org_id, &wanted).await?;
        for n in wanted
            .iter()
            .filter(|n| !found.iter().any(|s| &s.employee_number == *n))
        {
            inv.push(FieldError::new(
                "admins",
                format!("職員番号「{n}」は職員台帳にありません。"),
                format!("There is no employee number \"{n}\" in the staff register."),
            ));
        }
        Ok(found
            .into_iter()
            .map(|s| (s.id, s.employee_number))
            .collect())
    }

    /// Adds a service to the register.
    pub async fn create_service(&self, actor: &Actor, input: &ServiceInput) -> AppResult<Uuid> {
        self.authorize(actor, Capability::KeepContractors).await?;
        if input.department.is_some() {
            self.authorize(
                actor,
                Capability::EditService {
                    department: input.department,
                },
            )
            .await?;
        }
        let Checked {
            mut m,
            assets,
            admins,
        } = self.checked_service(actor, input, None).await?;
        let tx = self.store.begin_write().await?;
        mamori_store::audit::lock_org_writes(&*tx, actor.org_id).await?;
        m.number = mamori_store::compliance::services::next_number(&*tx, actor.org_id).await?;
        let provider =
            mamori_store::compliance::contractors::get(&*tx, actor.org_id, m.contractor_id)
                .await?
                .map(|c| c.name)
                .unwrap_or_default();
        m.search_key = service_key(&m, &provider);
        mamori_store::compliance::services::insert(&*tx, vec![m.clone()]).await?;
        self.save_service_links(&*tx, actor.org_id, m.id, &assets, &admins)
            .await?;
        let (a, s) = (numbers(&assets), numbers(&admins));
        self.audit_change(
            &*tx,
            actor,
            "service.create",
            ("service", m.id),
            None,
            Some(&audited_service(&m, &s, &a)),
        )
        .await?;
        tx.commit().await?;
        Ok(m.id)
    }

    /// Changes a service (moving it to another department takes the right there too).
    pub async fn update_service(
        &self,
        actor: &Actor,
        id: Uuid,
        input: &ServiceInput,
    ) -> AppResult<()> {
        self.authorize(actor, Capability::ViewContractors).await?;
        let conn = self.store.conn();
        let before = mamori_store::compliance::services::get(conn, actor.org_id, id)
            .await?
            .ok_or(AppError::NotFound)?;
        for department in [before.department_id, input.department] {
            self.authorize(actor, Capability::EditService { department })
                .await?;
        }
        let Checked {
            m,
            mut assets,
            admins,
        } = self.checked_service(actor, input, Some(&before)).await?;
        // Restricted assets on it that this editor may not see were not in the form:
        // they stay.
        let sight = self.visibility(actor);
        let linked: Vec<Uuid> =
            mamori_store::compliance::services::assets(conn, actor.org_id, Some(id))
                .await?
                .into_iter()
                .map(|l| l.asset_id)
                .collect();
        for a in mamori_store::assets::by_ids(conn, actor.org_id, &linked).await? {
            if !sight.shows(a.restricted, a.department_id, a.owner_staff_id)
                && !assets.iter().any(|(id, _)| *id == a.id)
            {
                assets.push((a.id, a.number));
            }
        }
        let tx = self.store.begin_write().await?;
        let old_assets = self.service_link_numbers(&*tx, actor.org_id, id).await?;
        mamori_store::compliance::services::update(&*tx, m.clone()).await?;
        self.save_service_links(&*tx, actor.org_id, id, &assets, &admins)
            .await?;
        let (a, s) = (numbers(&assets), numbers(&admins));
        self.audit_change(
            &*tx,
            actor,
            "service.update",
            ("service", id),
            Some(&audited_service(&before, &old_assets.1, &old_assets.0)),
            Some(&audited_service(&m, &s, &a)),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    async fn save_service_links<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        id: Uuid,
        assets: &[(Uuid, String)],
        admins: &[(Uuid, String)],
    ) -> AppResult<()> {
        let ids = |v: &[(Uuid, String)]| v.iter().map(|(id, _)| *id).collect::<Vec<_>>();
        mamori_store::compliance::services::set_assets(conn, org_id, id, &ids(assets), || {
            self.new_id()
        })
        .await?;
        mamori_store::compliance::services::set_admins(conn, org_id, id, &ids(admins), || {
            self.new_id()
        })
        .await?;
        Ok(())
    }

    /// The asset and administrator numbers a service had, for the audit's "before".
    async fn service_link_numbers<C: mamori_store::Conn>(
        &self,
        conn: &C,
        org_id: Uuid,
        id: Uuid,
    ) -> AppResult<(Vec<String>, Vec<String>)> {
        let asset_ids: Vec<Uuid> =
            mamori_store::compliance::services::assets(conn, org_id, Some(id))
                .await?
                .into_iter()
                .map(|l| l.asset_id)
                .collect();
        let staff_ids: Vec<Uuid> =
            mamori_store::compliance::services::admins(conn, org_id, Some(id))
                .await?
                .into_iter()
                .map(|l| l.staff_id)
                .collect();
        let mut assets: Vec<String> = mamori_store::assets::by_ids(conn, org_id, &asset_ids)
            .await?
            .into_iter()
            .map(|a| a.number)
            .collect();
        let mut staff: Vec<String> = mamori_store::staff::by_ids(conn, org_id, &staff_ids)
            .await?
            .into_iter()
            .map(|s| s.employee_number)
            .collect();
        assets.sort();
        staff.sort();
        Ok((assets, staff))
    }
}

fn numbers(v: &[(Uuid, String)]) -> Vec<String> {
    v.iter().map(|(_, n)| n.clone()).collect()
}

//! The contractors' people: the staff register's 委託事業者 (contractor staff) linked to
//! the company they work for, so a contractor's page lists who of it holds an account
//! or has been trained, and a person's company is known when something happens.

use mamori_domain::FieldError;
use mamori_domain::staff::StaffCategory;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::authz::{Actor, Capability};
use crate::{App, AppError, AppResult};

/// A person to link to a contractor.
#[derive(Debug, Clone, Default, Deserialize, Serialize, PartialEq, Eq, ToSchema)]
pub struct PersonInput {
    /// The employee number of a 委託事業者 in the staff register.
    pub employee_number: String,
}

/// A person of the staff register who works for a contractor.
#[derive(Debug, Clone, Serialize, ToSchema)]
pub struct ContractorPerson {
    pub staff_id: Uuid,
    pub employee_number: String,
    pub name: String,
    /// Where they work in the organization.
    pub department: String,
    /// Left (retired from the register).
    pub retired: bool,
}

impl App {
    /// Links a 委託事業者 of the staff register to this contractor; one linked to
    /// another company moves.
    pub async fn link_contractor_person(
        &self,
        actor: &Actor,
        contractor_id: Uuid,
        input: &PersonInput,
    ) -> AppResult<()> {
        self.kept_contractor(actor, contractor_id).await?;
        let conn = self.store.conn();
        let number = mamori_domain::text::fold_width(input.employee_number.trim());
        let refuse = |ja: String, en: String| {
            AppError::Invalid(FieldError::new("employee_number", ja, en).into())
        };
        let person = mamori_store::staff::by_number(conn, actor.org_id, &number)
            .await?
            .ok_or_else(|| {
                refuse(
                    format!("職員番号「{number}」は職員台帳にありません。"),
                    format!("There is no employee number \"{number}\" in the staff register."),
                )
            })?;
        if StaffCategory::from_code(&person.category) != Some(StaffCategory::Contractor) {
            return Err(refuse(
                format!(
                    "「{number} {}」は職員区分が委託事業者ではありません。",
                    person.name
                ),
                format!(
                    "\"{number} {}\" is not contractor staff in the register.",
                    person.name
                ),
            ));
        }
        let before =
            mamori_store::compliance::services::company_of(conn, actor.org_id, person.id).await?;
        if before == Some(contractor_id) {
            return Ok(());
        }
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::services::set_company(
            &*tx,
            actor.org_id,
            person.id,
            Some((self.new_id(), contractor_id)),
        )
        .await?;
        self.audit_change(
            &*tx,
            actor,
            "contractor.person.link",
            ("contractor", contractor_id),
            before
                .map(|b| serde_json::json!({ "staff": person.employee_number, "company": b }))
                .as_ref(),
            Some(&serde_json::json!({ "staff": person.employee_number, "company": contractor_id })),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Unlinks a person from this contractor.
    pub async fn unlink_contractor_person(
        &self,
        actor: &Actor,
        contractor_id: Uuid,
        staff_id: Uuid,
    ) -> AppResult<()> {
        self.kept_contractor(actor, contractor_id).await?;
        let conn = self.store.conn();
        let linked =
            mamori_store::compliance::services::company_of(conn, actor.org_id, staff_id).await?;
        if linked != Some(contractor_id) {
            return Err(AppError::NotFound);
        }
        let number = mamori_store::staff::get(conn, actor.org_id, staff_id)
            .await?
            .map(|s| s.employee_number)
            .unwrap_or_default();
        let tx = self.store.begin_write().await?;
        mamori_store::compliance::services::set_company(&*tx, actor.org_id, staff_id, None).await?;
        self.audit_change(
            &*tx,
            actor,
            "contractor.person.unlink",
            ("contractor", contractor_id),
            Some(&serde_json::json!({ "staff": number, "company": contractor_id })),
            None,
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// The people of the staff register who work for a contractor, by employee number.
    pub(super) async fn contractor_people(
        &self,
        org_id: Uuid,
        contractor_id: Uuid,
    ) -> AppResult<Vec<ContractorPerson>> {
        let conn = self.store.conn();
        let ids: Vec<Uuid> =
            mamori_store::compliance::services::contractor_staff(conn, org_id, Some(contractor_id))
                .await?
                .into_iter()
                .map(|l| l.staff_id)
                .collect();
        let idx = self.dept_tree(org_id).await?;
        let mut out: Vec<ContractorPerson> = mamori_store::staff::by_ids(conn, org_id, &ids)
            .await?
            .into_iter()
            .map(|s| ContractorPerson {
                staff_id: s.id,
                department: s.department_id.map(|d| idx.path(d)).unwrap_or_default(),
                retired: s.retired,
                employee_number: s.employee_number,
                name: s.name,
            })
            .collect();
        out.sort_by(|a, b| a.employee_number.cmp(&b.employee_number));
        Ok(out)
    }

    /// The contractor a staff member works for (id and name), for those who read the
    /// contractor register.
    pub async fn company_of_staff(
        &self,
        actor: &Actor,
        staff_id: Uuid,
    ) -> AppResult<Option<(Uuid, String)>> {
        if !actor.can(Capability::ViewContractors) {
            return Ok(None);
        }
        let conn = self.store.conn();
        let Some(id) =
            mamori_store::compliance::services::company_of(conn, actor.org_id, staff_id).await?
        else {
            return Ok(None);
        };
        Ok(
            mamori_store::compliance::contractors::get(conn, actor.org_id, id)
                .await?
                .map(|c| {
                    (
                        c.id,
                        format!("{} {}", mamori_domain::contractor::code(c.number), c.name),
                    )
                }),
        )
    }
}

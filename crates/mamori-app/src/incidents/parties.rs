//! Where an incident happened outside the organization: the contractor (`CTR-0001`) or
//! external service (`SVC-0001`) it happened at, so the contractor's or the service's
//! page shows its incidents (to those who reach them; the rest see a count) and the
//! next periodic check of the contractor starts from them.

use mamori_domain::{Invalid, Problem};
use uuid::Uuid;

use crate::authz::Actor;
use crate::{App, AppError, AppResult};

/// The contractor or service to link: its number, and a note.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct PartyInput {
    /// `CTR-0001` or `SVC-0001`.
    pub party: String,
    /// What happened there, in a line.
    pub note: String,
}

/// A contractor or service an incident happened at.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct PartyLink {
    /// `contractor` or `service`.
    pub kind: String,
    pub id: Uuid,
    pub number: String,
    pub name: String,
    pub note: String,
}

impl App {
    /// Records that an incident happened at a contractor or a service, named by its
    /// number (`CTR-0001`, `SVC-0001`).
    pub async fn link_party(&self, actor: &Actor, id: Uuid, input: &PartyInput) -> AppResult<()> {
        let m = self.handled_incident(actor, id).await?;
        let number = mamori_domain::text::fold_width(&mamori_domain::text::clean(&input.party))
            .to_uppercase();
        let conn = self.store.conn();
        let contractors = mamori_store::compliance::contractors::all(conn, m.org_id).await?;
        let services = mamori_store::compliance::services::all(conn, m.org_id).await?;
        let found = contractors
            .iter()
            .find(|c| mamori_domain::contractor::code(c.number) == number)
            .map(|c| ("contractor", c.id, format!("{number} {}", c.name)))
            .or_else(|| {
                services
                    .iter()
                    .find(|s| mamori_domain::service::code(s.number) == number)
                    .map(|s| ("service", s.id, format!("{number} {}", s.name)))
            });
        let Some(link) = found else {
            return Err(AppError::Invalid(Invalid::from(
                Problem::new(
                    format!("委託先または外部サービス「{number}」が見つかりません。"),
                    format!("No contractor or external service is numbered \"{number}\"."),
                )
                .at("party"),
            )));
        };
        self.add_incident_link(actor, &m, link, &input.note, ("party", "incident.party"))
            .await
            .map_err(|e| match e {
                // The duplicate is reported under this form's field.
                AppError::Invalid(mut inv) => {
                    for f in &mut inv.0 {
                        f.field = "party".into();
                    }
                    AppError::Invalid(inv)
                }
                other => other,
            })
    }

    /// The contractors and services an incident happened at.
    pub(crate) async fn party_links(
        &self,
        org_id: Uuid,
        incident_id: Uuid,
    ) -> AppResult<Vec<PartyLink>> {
        let conn = self.store.conn();
        let links = mamori_store::incidents::links_of(conn, org_id, incident_id).await?;
        if !links
            .iter()
            .any(|l| matches!(l.target_type.as_str(), "contractor" | "service"))
        {
            return Ok(Vec::new());
        }
        let contractors = mamori_store::compliance::contractors::all(conn, org_id).await?;
        let services = mamori_store::compliance::services::all(conn, org_id).await?;
        let mut out = Vec::new();
        for l in links {
            let found = match l.target_type.as_str() {
                "contractor" => contractors
                    .iter()
                    .find(|c| c.id == l.target_id)
                    .map(|c| (mamori_domain::contractor::code(c.number), c.name.clone())),
                "service" => services
                    .iter()
                    .find(|s| s.id == l.target_id)
                    .map(|s| (mamori_domain::service::code(s.number), s.name.clone())),
                _ => None,
            };
            if let Some((number, name)) = found {
                out.push(PartyLink {
                    kind: l.target_type,
                    id: l.target_id,
                    number,
                    name,
                    note: l.note,
                });
            }
        }
        Ok(out)
    }
}

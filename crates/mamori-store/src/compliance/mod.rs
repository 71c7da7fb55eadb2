//! The compliance registers (policy §10 and §11, and the MIC guideline's records):
//! exceptions to the standards (`exceptions`), violations of the policy (`violations`),
//! the laws and obligations that bind it (`laws`), the contractors that handle its
//! information (`contractors`) and the services it uses (`services`), and the organization's settings for all of them.

pub mod contractors;
pub mod exceptions;
pub mod laws;
pub mod services;
pub mod violations;

use sea_orm::{ActiveModelTrait, ConnectionTrait, EntityTrait, IntoActiveModel};
use uuid::Uuid;

use crate::Result;
use crate::entity::compliance_setting;

pub async fn settings<C: ConnectionTrait>(
    conn: &C,
    org_id: Uuid,
) -> Result<Option<compliance_setting::Model>> {
    Ok(compliance_setting::Entity::find_by_id(org_id)
        .one(conn)
        .await?)
}

pub async fn save_settings<C: ConnectionTrait>(
    conn: &C,
    m: compliance_setting::Model,
) -> Result<()> {
    let exists = compliance_setting::Entity::find_by_id(m.org_id)
        .one(conn)
        .await?
        .is_some();
    let am = m.into_active_model().reset_all();
    if exists {
        compliance_setting::Entity::update(am).exec(conn).await?;
    } else {
        compliance_setting::Entity::insert(am)
            .exec_without_returning(conn)
            .await?;
    }
    Ok(())
}

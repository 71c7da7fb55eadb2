//! The API of the risk register, threats, vulnerabilities, risk method and campaigns.

use utoipa::OpenApi;

use crate::route_table::route_table;

route_table! {
    pub fn routes, pub const ROUTES = {
    }
}

#[derive(OpenApi)]
#[openapi()]
pub struct RiskDoc;

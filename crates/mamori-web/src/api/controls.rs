//! The API of the control catalogs, applied controls, evidence and the Statement of Applicability.

use utoipa::OpenApi;

use crate::route_table::route_table;

route_table! {
    pub fn routes, pub const ROUTES = {
    }
}

#[derive(OpenApi)]
#[openapi()]
pub struct ControlDoc;

//! Control catalogs, applied controls with evidence, the Statement of Applicability and the risk treatment plan.

use crate::route_table::route_table;

route_table! {
    pub fn routes, pub const ROUTES = {
    }
}

// Evidence uploads get their own body limit (see `crate::router`).
route_table! {
    pub fn upload_routes, pub const UPLOAD_ROUTES = {
    }
}

/// This module's messages (key, 日本語, English), merged into the catalog.
#[rustfmt::skip]
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("nav.controls", "管理策", "Controls"),
];

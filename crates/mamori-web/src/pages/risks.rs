//! The risk register (リスク管理台帳): list with filters, heat maps, the risk page and form, acceptance and closing, threats, vulnerabilities, the risk method and campaigns.

use crate::route_table::route_table;

route_table! {
    pub fn routes, pub const ROUTES = {
    }
}

/// This module's messages (key, 日本語, English), merged into the catalog.
#[rustfmt::skip]
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("nav.risks", "リスク", "Risks"),
];

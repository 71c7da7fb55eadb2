//! Security events from monitoring: the events list and one event as it arrived; the
//! sources that send them (a webhook's secret is shown once, when issued); the rules
//! that draft incidents from them; and how long they are kept.

mod list;
mod rules;
mod sources;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/events" => get(list::page),
        "/events/sources" => get(sources::page).post(sources::create),
        "/events/sources/{id}" => get(sources::edit).post(sources::update),
        "/events/sources/{id}/secret" => post(sources::rotate),
        "/events/rules" => get(rules::page).post(rules::create),
        "/events/rules/{id}" => get(rules::edit).post(rules::update),
        "/events/rules/{id}/delete" => post(rules::delete),
        "/events/settings" => post(rules::save_settings),
        "/events/{id}" => get(list::detail),
    }
}

//! Physical security's screens: the buildings, floors and areas with their forms; an
//! area's page, where its manager keeps the authorized list and its reviews, writes
//! entries at the door, settles flags and signs the month off; the entry log with its
//! filters and exports; and the badges.

mod area;
mod areas;
mod badges;
mod entries;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/areas" => get(areas::list),
        "/areas/new" => get(areas::new_page).post(areas::create),
        "/areas/{id}" => get(area::page),
        "/areas/{id}/edit" => get(areas::edit_page).post(areas::update),
        "/areas/{id}/grants" => post(area::add_grant),
        "/areas/{id}/grants/{gid}/remove" => post(area::remove_grant),
        "/areas/{id}/review" => post(area::open_review),
        "/areas/{id}/review/confirm" => post(area::confirm),
        "/areas/{id}/review/close" => post(area::close_review),
        "/areas/{id}/entries" => post(area::add_entry),
        "/areas/{id}/entries/{eid}/settle" => post(area::settle),
        "/areas/{id}/entries/{eid}/incident" => post(area::open_incident),
        "/areas/{id}/reconcile" => post(area::reconcile),
        "/areas/{id}/signoff" => post(area::sign_off),
        "/entries" => get(entries::list),
        "/entries/export.csv" => get(entries::export_csv),
        "/entries/export.xlsx" => get(entries::export_xlsx),
        "/badges" => get(badges::list).post(badges::add),
        "/badges/{id}/delete" => post(badges::remove),
    }
}

//! Equipment and media's screens: the register of devices and media with its form,
//! filters and exports; one item with where it is and has been; inventories with each
//! department's coverage and its checks; take-outs with their request form, approval,
//! going out and coming back, and the rules of who approves them; disposals with
//! their certificates and photos, the disposal log, and the rules of each level.

mod disposal;
mod disposals;
mod inventories;
mod item;
mod items;
mod takeout;
mod takeouts;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/media" => get(items::list),
        "/media/new" => get(items::new_page).post(items::create),
        "/media/export.csv" => get(items::export_csv),
        "/media/export.xlsx" => get(items::export_xlsx),
        "/media/{id}" => get(item::page),
        "/media/{id}/edit" => get(items::edit_page).post(items::update),
        "/inventories" => get(inventories::list).post(inventories::open),
        "/inventories/{id}" => get(inventories::page),
        "/inventories/{id}/export.csv" => get(inventories::export_csv),
        "/inventories/{id}/export.xlsx" => get(inventories::export_xlsx),
        "/inventories/{id}/checks/{check}" => post(inventories::record),
        "/inventories/{id}/checks/{check}/incident" => post(inventories::incident),
        "/inventories/{id}/confirm" => post(inventories::confirm),
        "/inventories/{id}/close" => post(inventories::close),
        "/takeouts" => get(takeouts::list),
        "/takeouts/new" => get(takeouts::new_page).post(takeouts::create),
        "/takeouts/export.csv" => get(takeouts::export_csv),
        "/takeouts/export.xlsx" => get(takeouts::export_xlsx),
        "/takeouts/rules" => get(takeouts::rules_page).post(takeouts::save_rules),
        "/takeouts/{id}" => get(takeout::page),
        "/takeouts/{id}/decide" => post(takeout::decide),
        "/takeouts/{id}/checkout" => post(takeout::check_out),
        "/takeouts/{id}/return" => post(takeout::give_back),
        "/takeouts/{id}/cancel" => post(takeout::cancel),
        "/takeouts/{id}/incident" => post(takeout::incident),
        "/disposals" => get(disposals::list),
        "/disposals/new" => get(disposals::new_page).post(disposals::create),
        "/disposals/log" => get(disposals::log),
        "/disposals/log.pdf" => get(disposals::log_pdf),
        "/disposals/export.csv" => get(disposals::export_csv),
        "/disposals/export.xlsx" => get(disposals::export_xlsx),
        "/disposals/rules" => get(disposals::rules_page).post(disposals::save_rules),
        "/disposals/{id}" => get(disposal::page),
        "/disposals/{id}/complete" => post(disposal::complete),
        "/disposals/{id}/cancel" => post(disposal::cancel),
        "/disposals/{id}/files/{file}" => get(disposal::file),
    }
}

// Uploads of certificates and photos, which take the evidence body limit.
route_table! {
    pub const UPLOAD_ROUTES = {
        "/disposals/{id}/certificate" => post(disposal::certificate),
        "/disposals/{id}/photos" => post(disposal::photo),
    }
}

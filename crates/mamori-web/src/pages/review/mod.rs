//! Evaluation and review's screens: self-inspection campaigns with the form that
//! opens one, a campaign's page (every department, the city's scores by area against
//! the year before, the items most often not done) and a department's sheet (answer,
//! submit, review).

mod inspections;
mod sheet;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/inspections" => get(inspections::list).post(inspections::open),
        "/inspections/{id}" => get(inspections::page),
        "/inspections/{id}/close" => post(inspections::close),
        "/inspections/{id}/export.csv" => get(inspections::export_csv),
        "/inspections/{id}/export.xlsx" => get(inspections::export_xlsx),
        "/inspections/{id}/sheets/{sheet}" => get(sheet::page).post(sheet::save),
        "/inspections/{id}/sheets/{sheet}/submit" => post(sheet::submit),
        "/inspections/{id}/sheets/{sheet}/review" => post(sheet::review),
    }
}

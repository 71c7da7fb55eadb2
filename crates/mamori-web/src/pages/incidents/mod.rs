//! Incidents: the report form every staff member reaches from every page, the
//! register (or, for those without it, their own reports), and the incident page
//! where the CSIRT triages, moves, records and closes.

mod detail;
mod list;
mod ppc;
mod report;
mod settings;
mod stats;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/incidents" => get(list::page),
        "/incidents/new" => get(report::form).post(report::submit),
        "/incidents/export.csv" => get(list::export_csv),
        "/incidents/export.xlsx" => get(list::export_xlsx),
        "/incidents/{id}" => get(detail::page),
        "/incidents/{id}/triage" => post(detail::triage),
        "/incidents/{id}/move" => post(detail::move_to),
        "/incidents/{id}/entries" => post(detail::entry),
        "/incidents/{id}/analysis" => post(detail::analysis),
        "/incidents/{id}/breach" => post(detail::breach),
        "/incidents/{id}/submissions" => post(detail::submission),
        "/incidents/{id}/notice" => post(detail::notice),
        "/incidents/{id}/ppc-report" => get(ppc::page).post(ppc::save),
        "/incidents/{id}/ppc-report/print" => get(ppc::print),
        "/incidents/{id}/ppc-report.xlsx" => get(ppc::xlsx),
        "/incidents/{id}/prevention" => post(detail::prevention),
        "/incidents/{id}/parties" => post(detail::party),
        "/incidents/{id}/tasks" => post(detail::task),
        "/incidents/{id}/tasks/{task}/done" => post(detail::task_done),
        "/incidents/settings" => get(settings::page).post(settings::save),
        "/incidents/statistics" => get(stats::page),
        "/incidents/{id}/report" => get(stats::committee_report),
    }
}

/// A time as a date-time field shows it: Japan time, `2026-12-06T09:30`.
fn local_input(t: chrono::DateTime<chrono::Utc>) -> String {
    mamori_domain::japan_time::local(t)
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

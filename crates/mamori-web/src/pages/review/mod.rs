//! Evaluation and review's screens: self-inspection campaigns with the form that
//! opens one (by department or by information system), a campaign's page (every
//! sheet, the city's scores by area against the year before, the items most often not
//! done) and a sheet (answer, attach evidence, submit, review); audit programmes and audits, an audit's plan, findings and
//! corrective actions, and its report; the security committee's meetings, agendas,
//! decisions and minutes; the calendar of what is due and its iCalendar feed; the
//! form that opens a revision of the policy from what evaluation found; the annual
//! report with its sections, issuing, and its PDF, Excel and HTML files.

mod annual;
mod audit;
mod audits;
mod committee;
mod due;
mod inspections;
mod revisions;
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
        "/inspections/{id}/sheets/{sheet}/answers/{answer}/finding" => post(sheet::gap_finding),
        "/audits" => get(audits::list),
        "/audits/programmes" => post(audits::create_programme),
        "/audits/new" => get(audits::new_page).post(audits::create),
        "/audits/{id}" => get(audit::page),
        "/audits/{id}/edit" => get(audits::edit_page).post(audits::update),
        "/audits/{id}/report" => get(audit::report),
        "/audits/{id}/report.pdf" => get(audit::report_pdf),
        "/audits/{id}/advance" => post(audit::advance),
        "/audits/{id}/findings" => post(audit::finding),
        "/audit-findings/{id}/response" => post(audit::respond),
        "/audit-findings/{id}/actions" => post(audit::plan_action),
        "/audit-findings/{id}/close" => post(audit::close_finding),
        "/corrective-actions/{id}/done" => post(audit::action_done),
        "/corrective-actions/{id}/verify" => post(audit::verify),
        "/policy-revisions/new" => get(revisions::new_page),
        "/policy-revisions" => post(revisions::create),
        "/due" => get(due::page),
        "/due/feed" => post(due::open_feed),
        "/due/feed/revoke" => post(due::revoke_feed),
        "/calendar/{file}" => get(due::feed),
        "/committee" => get(committee::list).post(committee::schedule),
        "/committee/meetings/{id}" => get(committee::page).post(committee::update),
        "/committee/meetings/{id}/hold" => post(committee::hold),
        "/committee/meetings/{id}/agenda" => post(committee::add_item),
        "/committee/meetings/{id}/agenda/{item}/remove" => post(committee::remove_item),
        "/committee/meetings/{id}/decisions" => post(committee::decide),
        "/committee/meetings/{id}/minutes" => post(committee::minutes),
        "/committee/meetings/{id}/approve-minutes" => post(committee::approve_minutes),
        "/reports/annual" => get(annual::page),
        "/reports/annual/{file}" => get(annual::file),
        "/reports/annual/{year}/sections" => post(annual::save_sections),
        "/reports/annual/{year}/issue" => post(annual::issue),
    }
}

// Files attached on a sheet, under the evidence size limit.
route_table! {
    pub const UPLOAD_ROUTES = {
        "/inspections/{id}/sheets/{sheet}/evidence" => post(sheet::attach),
    }
}

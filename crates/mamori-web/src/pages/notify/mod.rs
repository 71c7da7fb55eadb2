//! Notices: a person's inbox and their choice of what comes by mail; for system
//! administrators, the mail queue (failed mail, resend, a test mail) and the
//! scheduled jobs.

mod admin;
mod inbox;
mod prefs;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/inbox" => get(inbox::page),
        "/inbox/read-all" => post(inbox::read_all),
        "/inbox/{id}/read" => post(inbox::read_one),
        "/account/notifications" => get(prefs::page).post(prefs::save),
        "/account/notifications/test" => post(prefs::test),
        "/admin/mail" => get(admin::mail_page),
        "/admin/mail/test" => post(admin::mail_test),
        "/admin/mail/resend" => post(admin::resend_all),
        "/admin/mail/{id}/resend" => post(admin::resend_one),
        "/admin/jobs" => get(admin::jobs_page),
        "/admin/jobs/{name}/run" => post(admin::run_now),
    }
}

//! Policy documents: the register, a document with its versions and settings, a
//! version's text with the committee's approval, the edit page of a draft, the
//! difference between two versions, the originals; and the public page of what the
//! organization publishes, served without signing in.

mod acks;
mod document;
mod list;
mod public;
mod version;

pub use public::policy_html;

use crate::route_table::route_table;

route_table! {
    pub const ROUTES = {
        "/policies" => get(list::page),
        "/policies/{id}" => get(document::page).post(document::update),
        "/policies/{id}/versions" => post(document::new_draft),
        "/policies/{id}/diff" => get(version::diff),
        "/policies/{id}/attachments/{file}" => get(version::download),
        "/policies/{id}/v/{version}" => get(version::page),
        "/policies/{id}/v/{version}/move" => post(version::move_version),
        "/policies/{id}/v/{version}/approve" => post(version::approve),
        "/policies/{id}/v/{version}/discard" => post(version::discard),
        "/policies/{id}/v/{version}/campaigns" => post(acks::start),
        "/acknowledgements/{id}" => get(acks::coverage),
        "/acknowledgements/{id}/close" => post(acks::close),
        "/acknowledgements/{id}/pending" => get(acks::export),
        "/acknowledgements/{id}/scans/{ack}" => get(acks::scan),
        "/acknowledge/{id}" => get(acks::read).post(acks::confirm),
        "/public/{org}/policy" => get(public::page),
        "/public/{org}/policy/{number}" => get(public::document),
        "/public/{org}/policy/{number}/v/{version}" => get(public::version),
    }
}

// Originals (PDF, Word), and a long document's text sent as a form (Japanese grows
// ninefold when percent-encoded), are larger than the usual form: mounted with the
// evidence limit.
route_table! {
    pub const UPLOAD_ROUTES = {
        "/policies/{id}/v/{version}/attachments" => post(version::upload),
        "/policies/new" => get(list::new_page).post(list::create),
        "/policies/{id}/v/{version}/edit" => get(version::edit).post(version::save),
        "/acknowledgements/{id}/paper" => post(acks::paper),
        "/policies/{id}/v/{version}/import" => post(version::import),
    }
}

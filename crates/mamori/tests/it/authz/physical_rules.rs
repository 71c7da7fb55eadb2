//! The rule table's part for physical security, whose pages and API share their
//! paths: places and their lists (read by the register's readers), the demo's server
//! room (kept by its manager, the system administrator, and the top officers), the
//! entry log and badges (read by the administrators and auditors).

use super::rules::Need;

pub(super) fn rule(method: &str, path: &str, api: bool) -> Option<Need> {
    use Need::*;
    Some(match (method, path, api) {
        ("get", "/areas" | "/areas/{id}", _) => View,
        ("get", "/entries" | "/entries/export.csv" | "/entries/export.xlsx" | "/badges", _) => {
            EntryLog
        }
        // Staging a door log needs sight of the areas; writing it, the area's keeper.
        (_, "/import/entries" | "/import/entries/{id}/commit", false) => View,
        (
            _,
            "/areas"
            | "/areas/new"
            | "/areas/{id}"
            | "/areas/{id}/edit"
            | "/areas/{id}/grants"
            | "/areas/{id}/grants/{gid}/remove"
            | "/areas/{id}/review"
            | "/areas/{id}/review/confirm"
            | "/areas/{id}/review/close"
            | "/areas/{id}/entries"
            | "/areas/{id}/entries/{eid}/settle"
            | "/areas/{id}/entries/{eid}/incident"
            | "/areas/{id}/reconcile"
            | "/areas/{id}/signoff"
            | "/entries"
            | "/badges"
            | "/badges/{id}/delete",
            _,
        ) => Places,
        _ => return None,
    })
}

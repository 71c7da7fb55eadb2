//! The rule table's part for evaluation and review, whose pages and API share their
//! paths: self-inspections are read by the register's readers, opened, closed and
//! reviewed by the top officers; the demo's 市民課 sheet is answered by its section
//! manager and the officer of 市民生活部, and submitted by that officer.

use super::rules::Need;

pub(super) fn rule(method: &str, path: &str, _api: bool) -> Option<Need> {
    use Need::*;
    Some(match (method, path) {
        (
            "get",
            "/inspections"
            | "/inspections/{id}"
            | "/inspections/{id}/export.csv"
            | "/inspections/{id}/export.xlsx"
            | "/inspections/{id}/sheets/{sheet}",
        ) => View,
        (
            "post",
            "/inspections" | "/inspections/{id}/close" | "/inspections/{id}/sheets/{sheet}/review",
        ) => RunInspections,
        (
            "post" | "put",
            "/inspections/{id}/sheets/{sheet}" | "/inspections/{id}/sheets/{sheet}/answers",
        ) => AnswerInspection,
        ("post", "/inspections/{id}/sheets/{sheet}/submit") => SubmitInspection,
        _ => return None,
    })
}

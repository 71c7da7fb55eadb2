//! The rule table's part for evaluation and review, whose pages and API share their
//! paths: self-inspections are read by the register's readers, opened, closed and
//! reviewed by the top officers; the demo's 市民課 sheet is answered by its section
//! manager and the officer of 市民生活部, and submitted by that officer. Audits are
//! planned by the auditors and the top officers and conducted by their own auditor
//! (the demo's); the demo's finding about 市民課 is answered by that department. The
//! committee's records are read by its members and the auditors and kept by the top
//! officers. Everyone signed in has a calendar of what they owe (and its feed); the
//! feed itself is read without signing in, by its secret. The annual report is read
//! like the committee's records and written and issued by the top officers.

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
            "/inspections/{id}/sheets/{sheet}"
            | "/inspections/{id}/sheets/{sheet}/answers"
            | "/inspections/{id}/sheets/{sheet}/evidence",
        ) => AnswerInspection,
        ("post", "/inspections/{id}/sheets/{sheet}/submit") => SubmitInspection,
        ("post", "/inspections/{id}/sheets/{sheet}/answers/{answer}/finding") => ConductAudit,
        (
            "get",
            "/audits"
            | "/audits/{id}"
            | "/audits/{id}/report"
            | "/audits/{id}/report.pdf"
            | "/audit-programmes",
        ) => View,
        ("get", "/audits/new" | "/audits/{id}/edit") => PlanAudits,
        (
            "post" | "put",
            "/audits" | "/audits/new" | "/audits/{id}" | "/audits/{id}/edit" | "/audits/programmes"
            | "/audit-programmes",
        ) => PlanAudits,
        (
            "post",
            "/audits/{id}/advance"
            | "/audits/{id}/findings"
            | "/audit-findings/{id}/close"
            | "/corrective-actions/{id}/verify",
        ) => ConductAudit,
        (
            "post",
            "/audit-findings/{id}/response"
            | "/audit-findings/{id}/actions"
            | "/corrective-actions/{id}/done",
        ) => RespondFinding,
        ("get", "/due") | ("post", "/due/feed" | "/due/feed/revoke") => SignedIn,
        // Anyone may try; the use case checks the document's editors and the record's
        // readers (an empty request is refused by field).
        ("get", "/policy-revisions/new" | "/policy-revisions" | "/policies/{id}/revisions")
        | ("post", "/policy-revisions") => SignedIn,
        ("get", "/calendar/{file}") => Public,
        (
            "get",
            "/committee"
            | "/committee/meetings/{id}"
            | "/committee/members"
            | "/committee/meetings"
            | "/committee/decisions",
        ) => ViewCommittee,
        ("get", "/committee/agenda-candidates") => RunCommittee,
        ("get", "/reports/annual" | "/reports/annual/{file}") => ViewCommittee,
        ("post" | "put", p) if p.starts_with("/reports/annual") => RunCommittee,
        ("post" | "put" | "delete", p) if p.starts_with("/committee") => RunCommittee,
        _ => return None,
    })
}

//! The rule table's part for the compliance registers, whose pages and API share
//! their paths: exceptions, violation records, the laws register, the contractor
//! register and external services.

use super::rules::Need;

pub(super) fn rule(method: &str, path: &str, api: bool) -> Option<Need> {
    use Need::*;
    Some(match (method, path, api) {
        (
            "get",
            "/exceptions"
            | "/exceptions/{id}"
            | "/exceptions/counts"
            | "/exceptions/export.csv"
            | "/exceptions/export.xlsx",
            _,
        ) => View,
        (_, "/exceptions" | "/exceptions/new", _) => CreateRisk,
        (_, "/exceptions/settings" | "/violations/settings", false) => Org,
        ("get", "/violations/counts", true) => View,
        (
            _,
            "/violations"
            | "/violations/new"
            | "/violations/export.csv"
            | "/violations/export.xlsx"
            | "/violations/{id}"
            | "/violations/{id}/assess"
            | "/violations/{id}/assessment"
            | "/violations/{id}/decide"
            | "/violations/{id}/decision"
            | "/violations/{id}/explanation"
            | "/violations/{id}/measure"
            | "/violations/{id}/measures"
            | "/violations/{id}/close",
            _,
        ) => Violations,
        ("post", "/exceptions/{id}/decide" | "/exceptions/{id}/decision", _) => AcceptRisk,
        (
            _,
            "/exceptions/{id}"
            | "/exceptions/{id}/edit"
            | "/exceptions/{id}/review"
            | "/exceptions/{id}/withdraw"
            | "/exceptions/{id}/renew"
            | "/exceptions/{id}/renewal",
            _,
        ) => EditRisk,
        (
            "get",
            "/laws" | "/laws/counts" | "/laws/compliance" | "/laws/export.csv"
            | "/laws/export.xlsx" | "/laws/{id}",
            _,
        ) => View,
        // 環境保全課's law: kept by that department's officers (none in the matrix) and
        // the top officers, who alone also add, seed and repeal laws.
        (
            _,
            "/laws"
            | "/laws/new"
            | "/laws/seed"
            | "/laws/standard"
            | "/laws/{id}"
            | "/laws/{id}/edit"
            | "/laws/{id}/repeal"
            | "/laws/{id}/obligations"
            | "/laws/{id}/obligations/{oid}"
            | "/laws/{id}/obligations/{oid}/edit"
            | "/laws/{id}/obligations/{oid}/delete"
            | "/laws/{id}/amendments"
            | "/laws/{id}/reviews",
            _,
        ) => Org,
        (
            "get",
            "/contractors"
            | "/contractors/counts"
            | "/contractors/{id}"
            | "/contracts"
            | "/contracts/{id}"
            | "/contracts/export.csv"
            | "/contracts/export.xlsx"
            | "/services"
            | "/services/counts"
            | "/services/{id}"
            | "/services/export.csv"
            | "/services/export.xlsx",
            _,
        ) => View,
        ("get", "/assets/{id}/services", true) => View,
        (_, "/contractors/settings", false) => Org,
        // The shared register: those who let contracts.
        (
            _,
            "/contractors"
            | "/contractors/new"
            | "/contractors/{id}"
            | "/contractors/{id}/edit"
            | "/contractors/{id}/certifications"
            | "/contractors/{id}/certifications/{cid}"
            | "/contractors/{id}/certifications/{cid}/delete"
            | "/contractors/{id}/people"
            | "/contractors/{id}/people/{pid}"
            | "/contractors/{id}/people/{pid}/delete"
            | "/contracts"
            | "/contracts/new"
            | "/services"
            | "/services/new",
            _,
        ) => CreateRisk,
        // Approving 環境保全課's sub-contractor: its officer (none in the matrix) and the
        // top officers.
        (
            "post",
            "/contracts/{id}/subcontractors/{sid}/approve"
            | "/contracts/{id}/subcontractors/{sid}/approval",
            _,
        ) => Org,
        // 環境保全課's contract: system administrators and the top officers.
        (
            _,
            "/contracts/{id}"
            | "/contracts/{id}/edit"
            | "/contracts/{id}/subcontractors"
            | "/contracts/{id}/checks"
            | "/services/{id}"
            | "/services/{id}/edit",
            _,
        ) => EditRisk,
        _ => return None,
    })
}

//! The rule table's part for equipment and media, whose pages and API share their
//! paths: the register and inventories (read by the register's readers; the demo's
//! server SV-001 of システム係 kept only by the system administrators and the top
//! officers), the take-outs (asked for by everyone; the demo's pending one, 市民課長's,
//! approved by the officer of 市民生活部 and handled by its asker's line), and who
//! approves take-outs (the top officers); the disposals (the demo's done disposal of
//! システム係's disks, kept by the system administrators and the top officers).

use super::rules::Need;

pub(super) fn rule(method: &str, path: &str, _api: bool) -> Option<Need> {
    use Need::*;
    Some(match (method, path) {
        (
            "get",
            "/media" | "/media/new" | "/media/export.csv" | "/media/export.xlsx" | "/media/{id}"
            | "/inventories" | "/inventories/{id}" | "/takeouts/{id}",
        ) => View,
        ("get", "/inventories/{id}/export.csv" | "/inventories/{id}/export.xlsx") => View,
        (
            "get",
            "/disposals"
            | "/disposals/new"
            | "/disposals/log"
            | "/disposals/log.pdf"
            | "/disposals/export.csv"
            | "/disposals/export.xlsx"
            | "/disposals/rules"
            | "/disposals/{id}"
            | "/disposals/{id}/files/{file}",
        ) => View,
        // Staging a ledger needs sight of the register; each row is then judged by the
        // department it names.
        (_, "/import/media" | "/import/media/{id}/commit") => View,
        // A request is judged by the department of what it destroys; an empty one
        // names the asker's own, which its officers and managers keep.
        ("post", "/disposals" | "/disposals/new") => CreateAsset,
        (
            "get",
            "/takeouts"
            | "/takeouts/new"
            | "/takeouts/rules"
            | "/takeouts/export.csv"
            | "/takeouts/export.xlsx",
        ) => SignedIn,
        ("post", "/takeouts" | "/takeouts/new") => SignedIn,
        (
            _,
            "/media"
            | "/media/new"
            | "/media/{id}"
            | "/media/{id}/edit"
            | "/inventories"
            | "/inventories/{id}/checks/{check}"
            | "/inventories/{id}/checks/{check}/incident"
            | "/inventories/{id}/confirm"
            | "/inventories/{id}/close"
            | "/disposals/{id}/certificate"
            | "/disposals/{id}/photos"
            | "/disposals/{id}/complete"
            | "/disposals/{id}/cancel",
        ) => Media,
        ("post", "/takeouts/rules" | "/disposals/rules") => TakeoutRules,
        ("post", "/takeouts/{id}/decide") => ApproveTakeout,
        (
            "post",
            "/takeouts/{id}/checkout"
            | "/takeouts/{id}/return"
            | "/takeouts/{id}/cancel"
            | "/takeouts/{id}/incident",
        ) => HandleTakeout,
        _ => return None,
    })
}

//! Static files compiled into the binary: no page loads anything from elsewhere.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::route_table::route_table;

/// The stylesheet every page links, also written into exported documents.
pub const STYLESHEET: &str = include_str!("../static/mamori.css");
const FAVICON: &str = include_str!("../static/favicon.svg");
/// The invitation sheet's own style (A4 portrait), also written into the sheets the
/// command line saves, which open from disk.
pub const SLIPS_CSS: &str = include_str!("../static/slips.css");

route_table! {
    pub const ROUTES = {
        "/static/mamori.css" => get(css),
        "/static/favicon.svg" => get(favicon),
        "/static/slips.css" => get(slips),
    }
}

async fn css() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        STYLESHEET,
    )
        .into_response()
}

async fn slips() -> Response {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        SLIPS_CSS,
    )
        .into_response()
}

async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response()
}

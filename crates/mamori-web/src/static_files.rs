//! Static files compiled into the binary: no page loads anything from elsewhere.

use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::route_table::route_table;

const CSS: &str = include_str!("../static/mamori.css");
const FAVICON: &str = include_str!("../static/favicon.svg");

route_table! {
    pub const ROUTES = {
        "/static/mamori.css" => get(css),
        "/static/favicon.svg" => get(favicon),
    }
}

async fn css() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
}

async fn favicon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response()
}

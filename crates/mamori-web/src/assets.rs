//! Static files compiled into the binary: no page loads anything from elsewhere.

use axum::Router;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::get;

use crate::WebState;

const CSS: &str = include_str!("../static/mamori.css");
const FAVICON: &str = include_str!("../static/favicon.svg");

pub fn routes() -> Router<WebState> {
    Router::new()
        .route(
            "/static/mamori.css",
            get(|| async {
                ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], CSS).into_response()
            }),
        )
        .route(
            "/static/favicon.svg",
            get(|| async { ([(header::CONTENT_TYPE, "image/svg+xml")], FAVICON).into_response() }),
        )
}

//! One table per router: the same list builds the axum `Router` and is exported as
//! `(method, path)` pairs. `crate::MOUNTS` lists every table once, and both the server
//! (`crate::router`) and the authorization test (`crate::all_routes`) read that list, so
//! a table cannot be served without the test walking it.

use axum::Router;

use crate::WebState;

/// A router and the `(method, path)` pairs it serves, built from one list.
pub struct RouteTable {
    pub routes: &'static [(&'static str, &'static str)],
    pub build: fn() -> Router<WebState>,
}

/// `route_table!(pub const ROUTES = { "/path" => get(h).post(h2), … })`
macro_rules! route_table {
    ($vis:vis const $const_name:ident = {
        $( $path:literal => $first:ident($h:expr) $(. $more:ident($h2:expr))* ),* $(,)?
    }) => {
        $vis const $const_name: crate::route_table::RouteTable = crate::route_table::RouteTable {
            routes: &[
                $( (stringify!($first), $path) $(, (stringify!($more), $path))* ),*
            ],
            build: || {
                axum::Router::new()
                    $( .route($path, axum::routing::$first($h) $(.$more($h2))*) )*
            },
        };
    };
}

pub(crate) use route_table;

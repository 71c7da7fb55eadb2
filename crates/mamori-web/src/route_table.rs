//! One table per router: the same list builds the axum `Router` and is exported as
//! `(method, path)` pairs, so the authorization test walks exactly the routes that are
//! served and fails when a new one has no rule.

/// `route_table!(pub fn routes, pub const ROUTES = { "/path" => get(h).post(h2), … })`
macro_rules! route_table {
    ($vis:vis fn $fn_name:ident, $cvis:vis const $const_name:ident = {
        $( $path:literal => $first:ident($h:expr) $(. $more:ident($h2:expr))* ),* $(,)?
    }) => {
        /// Every `(method, path)` this router serves.
        $cvis const $const_name: &[(&str, &str)] = &[
            $( (stringify!($first), $path) $(, (stringify!($more), $path))* ),*
        ];

        $vis fn $fn_name() -> axum::Router<crate::WebState> {
            axum::Router::new()
                $( .route($path, axum::routing::$first($h) $(.$more($h2))*) )*
        }
    };
}

pub(crate) use route_table;

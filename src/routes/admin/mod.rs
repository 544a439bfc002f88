//! The admin section, where city staff keep the site true.
//!
//! Every route in [`protected_routes`] sits behind the session check and the CSRF check; the
//! tests read the same list, so a new route cannot be left out of them.

mod account;
mod audit_log;
mod changes;
mod dashboard;
mod edit_recommendation;
pub mod forms;
pub mod login;
mod pages;
mod status;
mod timeline;
mod users;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::http::{HeaderValue, Method, header};
use axum::middleware;
use axum::routing::{MethodRouter, get, post};
use tower_http::set_header::SetResponseHeaderLayer;

use crate::app::AppState;
use crate::auth::{csrf, require_session};

/// One route that needs a signed-in staff member.
pub struct AdminRoute {
    pub method: Method,
    /// The path pattern, such as `/admin/recommendations/{number}/status`.
    pub path: &'static str,
    pub handler: MethodRouter<AppState>,
}

fn route(method: Method, path: &'static str, handler: MethodRouter<AppState>) -> AdminRoute {
    AdminRoute {
        method,
        path,
        handler,
    }
}

/// The table of contents of the admin section, behind sign-in.
pub fn protected_routes() -> Vec<AdminRoute> {
    use Method as M;
    vec![
        route(M::GET, "/admin", get(dashboard::show)),
        route(M::POST, "/admin/logout", post(login::sign_out)),
        route(
            M::GET,
            "/admin/recommendations/{number}/status",
            get(status::show),
        ),
        route(
            M::POST,
            "/admin/recommendations/{number}/status",
            post(status::save),
        ),
        route(
            M::GET,
            "/admin/recommendations/{number}/edit",
            get(edit_recommendation::show),
        ),
        route(
            M::POST,
            "/admin/recommendations/{number}/edit",
            post(edit_recommendation::save),
        ),
        route(M::GET, "/admin/timeline", get(timeline::list)),
        route(M::GET, "/admin/timeline/new", get(timeline::new_form)),
        route(M::POST, "/admin/timeline/new", post(timeline::create)),
        route(
            M::GET,
            "/admin/timeline/{id}/edit",
            get(timeline::edit_form),
        ),
        route(M::POST, "/admin/timeline/{id}/edit", post(timeline::update)),
        route(
            M::GET,
            "/admin/timeline/{id}/delete",
            get(timeline::confirm_delete),
        ),
        route(
            M::POST,
            "/admin/timeline/{id}/delete",
            post(timeline::delete),
        ),
        route(M::GET, "/admin/pages", get(pages::list)),
        route(M::GET, "/admin/pages/{slug}/edit", get(pages::show_page)),
        route(M::POST, "/admin/pages/{slug}/edit", post(pages::save_page)),
        route(
            M::GET,
            "/admin/focus-areas/{slug}/edit",
            get(pages::show_focus_area),
        ),
        route(
            M::POST,
            "/admin/focus-areas/{slug}/edit",
            post(pages::save_focus_area),
        ),
        route(M::GET, "/admin/audit", get(audit_log::show)),
        route(M::GET, "/admin/users", get(users::list)),
        route(M::POST, "/admin/users", post(users::create)),
        route(M::POST, "/admin/users/{id}/disable", post(users::disable)),
        route(M::POST, "/admin/users/{id}/enable", post(users::enable)),
        route(
            M::POST,
            "/admin/users/{id}/password",
            post(users::set_password),
        ),
        route(M::GET, "/admin/account", get(account::show)),
        route(
            M::POST,
            "/admin/account/password",
            post(account::change_password),
        ),
    ]
}

/// The admin section: the sign-in page, and everything else behind the session and CSRF checks.
pub fn router(state: AppState) -> Router<AppState> {
    let protected = protected_routes()
        .into_iter()
        .fold(Router::new(), |router, route| {
            router.route(route.path, route.handler)
        })
        // Layers run outside in: the session is checked first, then the CSRF token.
        .route_layer(middleware::from_fn(csrf::require_token))
        .route_layer(middleware::from_fn_with_state(state, require_session));
    Router::new()
        .merge(login::router())
        .merge(protected)
        .layer(DefaultBodyLimit::max(csrf::MAX_FORM_BYTES))
        // Staff pages hold unpublished drafts and tokens: never cached by a browser or proxy.
        .layer(SetResponseHeaderLayer::overriding(
            header::CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

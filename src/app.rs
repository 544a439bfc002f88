//! The application: shared state, the router with its middleware, and serving it.

use axum::Router;
use axum::http::{HeaderName, HeaderValue, header};
use axum::middleware;
use axum::routing::get;
use sqlx::PgPool;
use tokio::net::TcpListener;
use tower_http::LatencyUnit;
use tower_http::set_header::SetResponseHeaderLayer;
use tower_http::trace::{DefaultMakeSpan, DefaultOnResponse, TraceLayer};
use tracing::Level;

use crate::auth::csrf;
use crate::error::AppError;
use crate::{assets, routes};

/// What every handler can reach. Holds no data of its own: everything shown comes from the
/// database, so any number of instances agree.
#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    /// Mark the session cookie Secure (HTTPS only): `COOKIE_SECURE`.
    pub cookie_secure: bool,
    /// The public address, without a trailing slash: `BASE_URL`.
    pub base_url: std::sync::Arc<str>,
}

/// Pages may load only our own stylesheet and images: no scripts at all, no inline styles.
const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; style-src 'self'; img-src 'self'; \
     form-action 'self'; frame-ancestors 'none'; base-uri 'none'";

/// The whole site. Production and tests build it the same way.
///
/// Table of contents:
/// - `GET /`                          home: counters, focus areas, every recommendation
/// - `GET /recommendations/{number}`  a Recommendation Page
/// - `GET /focus-areas/{slug}`        a focus area and its recommendations
/// - `GET /timeline`                  the milestones, newest first
/// - `GET /about`                     background, focus areas, stage definitions
/// - `GET /recommendations`           the list, with filters and full-text search
/// - `GET /progress`                  counts, matrix, implementation over time, recent changes
/// - `GET /changes?from=&to=`         status changes and milestones in a period
/// - `GET /data`, `/data.json`        data dictionary and DCAT-US catalog
/// - `GET /data/{dataset}.csv|json`   open data (cross-origin allowed, ETag + 304)
/// - `GET /feed.atom`, `/recommendations/{number}/feed.atom`, `/focus-areas/{slug}/feed.atom`
/// - `GET /sitemap.xml`, `/robots.txt`
/// - `GET /healthz`                   200 when the database answers, else 503
/// - `GET /static/{file}`             stylesheets and icons, cached for a year
/// - `/admin/...`                     the staff section: see `routes::admin::protected_routes`
pub fn router(state: AppState) -> Router {
    Router::new()
        .merge(routes::home::router())
        .merge(routes::recommendations::router())
        .merge(routes::focus_areas::router())
        .merge(routes::timeline::router())
        .merge(routes::about::router())
        .merge(routes::health::router())
        .merge(routes::open_data::router())
        .merge(routes::browse::router())
        .merge(routes::progress::router())
        .merge(routes::changes::router())
        .merge(routes::feeds::router())
        .merge(routes::findability::router())
        .merge(routes::admin::router(state.clone()))
        .route("/static/{file}", get(assets::serve))
        .fallback(|| async { AppError::NotFound })
        .with_state(state)
        .layer(middleware::from_fn(csrf::refuse_cross_site))
        .layer(default_header(
            header::CONTENT_SECURITY_POLICY,
            CONTENT_SECURITY_POLICY,
        ))
        .layer(default_header(header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .layer(default_header(
            header::REFERRER_POLICY,
            "strict-origin-when-cross-origin",
        ))
        .layer(default_header(header::X_FRAME_OPTIONS, "DENY"))
        .layer(
            TraceLayer::new_for_http()
                .make_span_with(DefaultMakeSpan::new().level(Level::INFO))
                .on_request(())
                .on_response(
                    DefaultOnResponse::new()
                        .level(Level::INFO)
                        .latency_unit(LatencyUnit::Micros),
                ),
        )
}

/// A header added to every response that does not set its own.
fn default_header(name: HeaderName, value: &'static str) -> SetResponseHeaderLayer<HeaderValue> {
    SetResponseHeaderLayer::if_not_present(name, HeaderValue::from_static(value))
}

/// Serves the site until ctrl-c or SIGTERM, then lets requests in flight finish.
pub async fn serve(listener: TcpListener, state: AppState) -> std::io::Result<()> {
    axum::serve(listener, router(state))
        .with_graceful_shutdown(shutdown_signal())
        .await
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(error) = tokio::signal::ctrl_c().await {
            tracing::error!(%error, "cannot listen for ctrl-c");
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(error) => {
                tracing::error!(%error, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutting down: finishing requests in flight");
}

//! One error type for every handler, turned into a styled error page.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::auth::session::ForbiddenReason;

/// Why a request could not be answered with the page it asked for.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The address names nothing: an unknown path or recommendation number.
    #[error("not found")]
    NotFound,
    /// The database failed or could not be reached.
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    /// A template failed to render.
    #[error("template error: {0}")]
    Render(#[from] askama::Error),
    /// The request may not do this: not signed in, not an administrator, or a failed CSRF check.
    #[error("forbidden: {0:?}")]
    Forbidden(ForbiddenReason),
    /// A form larger than any field allows.
    #[error("request body too large")]
    PayloadTooLarge,
    /// Stored data broke an invariant the code relies on.
    #[error("inconsistent data: {0}")]
    Inconsistent(String),
}

/// What every handler returns.
pub type AppResult<T> = Result<T, AppError>;

#[derive(Template)]
#[template(path = "errors/not_found.html")]
struct NotFoundPage;

#[derive(Template)]
#[template(path = "errors/server_error.html")]
struct ServerErrorPage;

#[derive(Template)]
#[template(path = "errors/forbidden.html")]
struct ForbiddenPage {
    heading: &'static str,
    message: &'static str,
    sign_in_link: bool,
}

impl ForbiddenPage {
    fn new(reason: ForbiddenReason) -> Self {
        match reason {
            ForbiddenReason::AdminsOnly => Self {
                heading: "This page is for administrators",
                message: "Your account can update statuses and edit content, but only an \
                          administrator can open this page.",
                sign_in_link: false,
            },
            ForbiddenReason::NotSignedIn => Self {
                heading: "Please sign in",
                message: "You are not signed in, or your session has ended, so nothing was \
                          saved. Sign in and try again.",
                sign_in_link: true,
            },
            ForbiddenReason::BadCsrfToken => Self {
                heading: "This form has expired",
                message: "The form could not be checked, so nothing was saved. Go back, reload \
                          the page and submit the form again.",
                sign_in_link: false,
            },
            ForbiddenReason::CrossSite => Self {
                heading: "Request refused",
                message: "This request came from another website, so it was refused and nothing \
                          was changed.",
                sign_in_link: false,
            },
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => render_error_page(StatusCode::NOT_FOUND, &NotFoundPage),
            AppError::Forbidden(reason) => {
                render_error_page(StatusCode::FORBIDDEN, &ForbiddenPage::new(reason))
            }
            AppError::PayloadTooLarge => (
                StatusCode::PAYLOAD_TOO_LARGE,
                "The form was too large to be sent. Nothing was saved.",
            )
                .into_response(),
            other => {
                // Logged in full for operators; the visitor only ever sees the generic page.
                tracing::error!(error = %other, "request failed");
                render_error_page(StatusCode::INTERNAL_SERVER_ERROR, &ServerErrorPage)
            }
        }
    }
}

fn render_error_page(status: StatusCode, page: &dyn askama::DynTemplate) -> Response {
    match page.dyn_render() {
        Ok(html) => (status, Html(html)).into_response(),
        Err(error) => {
            tracing::error!(%error, "the error page itself failed to render");
            (
                status,
                "Something went wrong on our side. Please try again later.",
            )
                .into_response()
        }
    }
}

/// Parses a part of the address (a recommendation number, an id): one that does not parse names
/// nothing, so it is a 404 like any unknown address.
pub fn parse_path<T: std::str::FromStr>(raw: &str) -> AppResult<T> {
    raw.parse().map_err(|_| AppError::NotFound)
}

/// Renders a page template, sending a failure through the same error page as any other. The
/// time it takes is logged at debug level (`render_us`), which `bench/pages.sh` reads.
pub fn render(page: &impl Template) -> AppResult<Html<String>> {
    let started = std::time::Instant::now();
    let html = page.render()?;
    tracing::debug!(render_us = started.elapsed().as_micros() as u64, "rendered");
    Ok(Html(html))
}

//! One error type for every handler, turned into a styled error page.

use askama::Template;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

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

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        match self {
            AppError::NotFound => render_error_page(StatusCode::NOT_FOUND, &NotFoundPage),
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

/// Renders a page template, sending a failure through the same error page as any other.
pub fn render(page: &impl Template) -> AppResult<Html<String>> {
    Ok(Html(page.render()?))
}

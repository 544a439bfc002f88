//! The stylesheet, compiled into the binary so that the bytes served are the ones `build.rs` hashed
//! for the cache-busting version in every page's link.

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::AppError;

/// A short hash of everything under static/, changed whenever a file there changes.
pub const VERSION: &str = env!("STATIC_VERSION");

/// One file served under /static/.
struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
}

const ASSETS: &[Asset] = &[
    Asset {
        name: "site.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../static/site.css"),
    },
    Asset {
        name: "print.css",
        content_type: "text/css; charset=utf-8",
        body: include_bytes!("../static/print.css"),
    },
    Asset {
        name: "favicon.svg",
        content_type: "image/svg+xml",
        body: include_bytes!("../static/favicon.svg"),
    },
];

/// `GET /static/{file}`: the file with a year-long, immutable cache lifetime. Pages link to it with
/// `?v=VERSION`, so a changed file gets a new address and no browser keeps a stale copy.
pub async fn serve(Path(name): Path<String>) -> Result<Response, AppError> {
    let asset = ASSETS
        .iter()
        .find(|asset| asset.name == name)
        .ok_or(AppError::NotFound)?;
    Ok((
        StatusCode::OK,
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static(asset.content_type),
            ),
            (
                header::CACHE_CONTROL,
                HeaderValue::from_static("public, max-age=31536000, immutable"),
            ),
        ],
        asset.body,
    )
        .into_response())
}

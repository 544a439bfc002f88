//! Cross-site request forgery: every POST must carry the session's token and must not come from
//! another site.

use axum::body::{Body, to_bytes};
use axum::extract::Request;
use axum::http::{Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use subtle::ConstantTimeEq;

use super::session::{CurrentUser, ForbiddenReason};
use crate::error::AppError;

/// The form field that carries the token.
pub const FIELD: &str = "csrf_token";
/// The largest form body read. Large enough that an oversized note reaches validation and gets a
/// clear message rather than a bare error.
pub const MAX_FORM_BYTES: usize = 16 * 1024 * 1024;

/// Refuses a state-changing request whose Origin (or, without one, Sec-Fetch-Site) shows another
/// site. For every request, signed in or not, so the sign-in form is covered too.
pub async fn refuse_cross_site(request: Request, next: Next) -> Response {
    if !is_safe_method(request.method()) && is_cross_site(&request) {
        return AppError::Forbidden(ForbiddenReason::CrossSite).into_response();
    }
    next.run(request).await
}

fn is_safe_method(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

fn is_cross_site(request: &Request) -> bool {
    let headers = request.headers();
    if let Some(origin) = headers.get(header::ORIGIN) {
        let host = headers
            .get(header::HOST)
            .and_then(|h| h.to_str().ok())
            .unwrap_or("");
        let origin_host = origin
            .to_str()
            .ok()
            .and_then(|origin| url::Url::parse(origin).ok())
            .map(|url| match url.port() {
                Some(port) => format!("{}:{port}", url.host_str().unwrap_or("")),
                None => url.host_str().unwrap_or("").to_owned(),
            });
        return origin_host.as_deref() != Some(host) || host.is_empty();
    }
    headers
        .get("sec-fetch-site")
        .and_then(|value| value.to_str().ok())
        .is_some_and(|site| site == "cross-site")
}

/// For signed-in routes: a POST must carry this session's token in its form. Runs after the
/// session middleware, and before any handler, so no handler can forget it.
pub async fn require_token(request: Request, next: Next) -> Response {
    if is_safe_method(request.method()) {
        return next.run(request).await;
    }
    let Some(user) = request.extensions().get::<CurrentUser>().cloned() else {
        return AppError::Forbidden(ForbiddenReason::NotSignedIn).into_response();
    };
    let (parts, body) = request.into_parts();
    let bytes = match to_bytes(body, MAX_FORM_BYTES).await {
        Ok(bytes) => bytes,
        Err(_) => return AppError::PayloadTooLarge.into_response(),
    };
    let sent = form_urlencoded::parse(&bytes)
        .find(|(name, _)| name == FIELD)
        .map(|(_, value)| value.into_owned())
        .unwrap_or_default();
    let matches: bool = sent.as_bytes().ct_eq(user.csrf_token.as_bytes()).into();
    if sent.is_empty() || !matches {
        return AppError::Forbidden(ForbiddenReason::BadCsrfToken).into_response();
    }
    next.run(Request::from_parts(parts, Body::from(bytes)))
        .await
}
